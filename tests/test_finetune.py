"""The `finetune` stage: seeded and repeatable, resumable, and every bad input stops it early."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from hydra.errors import ConfigCompositionException

import training.fit as ft
from core.checkpoint import BundleError
from core.files import sha256_file
from tests.helpers import (
    ENCODE_BATCH_SIZE,
    RATE,
    ROOT,
    compose_config,
    cut_power_at,
    load_tiny,
    write_prepared,
)
from tests.helpers import finetune_config as config
from tests.helpers import finetune_overrides as overrides
from training.callbacks import AtomicCheckpointIO
from training.data import DataError, read_manifest, split_windows
from training.latents import encode_windows

pytestmark = pytest.mark.usefixtures("one_thread")


def losses(metrics_dir: Path) -> list[dict[str, str]]:
    with open(metrics_dir / "loss.csv", newline="") as handle:
        return list(csv.DictReader(handle))


def copy_project(project: Path, dst: Path) -> Path:
    shutil.copytree(project / "data", dst / "data")
    return dst


def test_same_seed_same_losses_and_files(project: Path, tiny_checkpoint: Path, tmp_path: Path):
    first = ft.finetune(config(project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/a",
                               f"paths.metrics_dir={tmp_path}/ma"))  # fmt: skip
    second = ft.finetune(config(project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/b",
                                f"paths.metrics_dir={tmp_path}/mb"))  # fmt: skip
    rows = losses(tmp_path / "ma")
    assert [r["step"] for r in rows] == [str(s) for s in range(1, 7)]
    assert rows == losses(tmp_path / "mb")
    assert first == second and first["final_val_loss"] is not None
    assert float(rows[0]["lr"]) < float(rows[1]["lr"])  # warmup from the configured schedule
    metrics = json.loads((tmp_path / "ma" / "finetune.json").read_text())
    assert metrics["steps"] == 6 and metrics["windows_val"] == 2 and metrics["world_size"] == 1
    ckpts = sorted(p.name for p in (tmp_path / "a" / "checkpoints").iterdir())
    assert "last.ckpt" in ckpts and len(ckpts) == 2 and not any(n.startswith(".") for n in ckpts)
    state = torch.load(tmp_path / "a" / "checkpoints" / "last.ckpt", weights_only=True)
    assert state["global_step"] == 6
    assert not any(k.startswith("diffusion.pretransform.") for k in state["state_dict"])
    ema = [k for k in state["state_dict"] if k.startswith("ema.ema_model.")]
    online = state["state_dict"][ema[-1].replace("ema.ema_model.", "diffusion.model.")]
    assert not torch.equal(state["state_dict"][ema[-1]], online)  # an average, not a copy


def test_last_checkpoint_is_the_final_step_when_the_final_validation_is_not_the_best(
    project: Path, tiny_checkpoint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from training.diffusion import DiffusionFineTuner

    scored = DiffusionFineTuner.on_validation_epoch_end

    def rising_val_loss(self) -> None:  # every validation worse than the one before
        self._val_sum = float(self.global_step) * self._val_count
        scored(self)

    monkeypatch.setattr(DiffusionFineTuner, "on_validation_epoch_end", rising_val_loss)
    ft.finetune(config(project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/a",
                       f"paths.metrics_dir={tmp_path}/ma"))  # fmt: skip
    folder = tmp_path / "a" / "checkpoints"
    kept = {p.name: torch.load(p, weights_only=True)["global_step"] for p in folder.glob("*.ckpt")}
    assert kept["last.ckpt"] == 6  # the run's end, although the best checkpoint is earlier
    assert min(kept.values()) < 6


def test_crashed_run_resumes_with_the_same_losses(
    project: Path, tiny_checkpoint: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    args = [f"paths.finetune_dir={tmp_path}/run", f"paths.metrics_dir={tmp_path}/m"]
    reference = ft.finetune(config(project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/ref",
                                   f"paths.metrics_dir={tmp_path}/mref"))  # fmt: skip

    cut_power_at(monkeypatch, 4)  # after the checkpoint at step 3
    with pytest.raises(RuntimeError, match="power cut"):
        ft.finetune(config(project, tiny_checkpoint, *args))
    assert len(losses(tmp_path / "m")) == 3  # metrics match the last checkpoint
    monkeypatch.undo()

    resumed = ft.finetune(config(project, tiny_checkpoint, *args))
    assert json.loads((tmp_path / "m" / "finetune.json").read_text())["resumed_from_step"] == 3
    assert losses(tmp_path / "m") == losses(tmp_path / "mref")
    assert resumed == reference

    # a rerun of a finished run trains nothing, and rewrites the metrics DVC deleted
    (tmp_path / "m" / "loss.csv").unlink()
    assert ft.finetune(config(project, tiny_checkpoint, *args)) == reference
    assert losses(tmp_path / "m") == losses(tmp_path / "mref")
    assert json.loads((tmp_path / "m" / "finetune.json").read_text())["resumed_from_step"] == 6

    # another learning rate is another run: it starts fresh instead of resuming
    ft.finetune(config(project, tiny_checkpoint, *args, "training.finetune.lr=5e-4"))
    assert json.loads((tmp_path / "m" / "finetune.json").read_text())["resumed_from_step"] is None
    assert losses(tmp_path / "m")[0]["lr"] != losses(tmp_path / "mref")[0]["lr"]


def test_raw_audio_and_accumulation(project: Path, tiny_checkpoint: Path, tmp_path: Path) -> None:
    summary = ft.finetune(config(project, tiny_checkpoint,
                                 "training.finetune.use_latent_cache=false",
                                 "training.finetune.max_steps=2",
                                 "trainer.accumulate_grad_batches=2",
                                 f"paths.finetune_dir={tmp_path}/run",
                                 f"paths.metrics_dir={tmp_path}/m"))  # fmt: skip
    assert summary["steps"] == 2 and summary["first_loss"] > 0
    assert [row["step"] for row in losses(tmp_path / "m")] == ["1", "2"]


def test_split_holds_out_whole_sources() -> None:
    sources = ["a", "a", "b", "b", "b", "c", "d", "d", "e", "e"]
    train, val = split_windows(sources, 0.2)
    assert len(val) >= 2 and sorted(train + val) == list(range(10))
    assert not {sources[i] for i in train} & {sources[i] for i in val}
    assert split_windows(sources, 0.2) == (train, val)  # deterministic
    assert split_windows(["a"] * 4, 0.5)[1] and split_windows(["a"], 0.5) == ([0], [])
    assert split_windows(["a", "b"], 0.9)[0]  # never everything


def test_a_single_window_trains_without_validation(tiny_checkpoint: Path, tmp_path: Path):
    manifest = write_prepared(tmp_path, sources=1, per_source=1)
    windows = read_manifest(manifest, RATE)
    model = load_tiny(tiny_checkpoint).model
    encode_windows(
        model, windows, tmp_path / "data/raw", tmp_path / "data/latents", sha256_file(manifest),
        batch_size=ENCODE_BATCH_SIZE, seed=0,
    )  # fmt: skip
    summary = ft.finetune(config(tmp_path, tiny_checkpoint, "training.finetune.max_steps=2"))
    assert summary["steps"] == 2 and summary["final_val_loss"] is None
    assert (tmp_path / "models/finetune/checkpoints/last.ckpt").is_file()


def test_checkpoints_are_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    io = AtomicCheckpointIO()
    target = tmp_path / "last.ckpt"
    io.save_checkpoint({"step": 1}, target)

    def torn_write(obj, handle, *args, **kwargs):
        handle.write(b"half a checkpoint")
        raise OSError("disk full")

    monkeypatch.setattr(torch, "save", torn_write)
    with pytest.raises(OSError, match="disk full"):
        io.save_checkpoint({"step": 2}, target)
    monkeypatch.undo()
    assert torch.load(target, weights_only=True) == {"step": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["last.ckpt"]


def test_unknown_config_key_fails_at_composition() -> None:
    with pytest.raises(ConfigCompositionException, match="training.finetune.lrr"):
        compose_config("pipeline", ["training.finetune.lrr=1"])


def test_bad_inputs_stop_before_training(project: Path, tiny_checkpoint: Path, tmp_path: Path):
    run_dir = tmp_path / "run"
    broken = tmp_path / "broken"
    shutil.copytree(tiny_checkpoint, broken)
    (broken / "model.safetensors").unlink()
    with pytest.raises(BundleError, match="model.safetensors: missing"):
        ft.finetune(config(project, broken, f"paths.finetune_dir={run_dir}"))

    empty = copy_project(project, tmp_path / "empty")
    (empty / "data/prepared/manifest.jsonl").write_text("")
    with pytest.raises(DataError, match="manifest.jsonl: no training windows"):
        ft.finetune(config(empty, tiny_checkpoint, "training.finetune.use_latent_cache=false",
                           f"paths.finetune_dir={run_dir}"))  # fmt: skip
    # latents from an older manifest are stale
    with pytest.raises(DataError, match="rerun the `encode` stage"):
        ft.finetune(config(empty, tiny_checkpoint, f"paths.finetune_dir={run_dir}"))
    assert not run_dir.exists()


@pytest.mark.slow
def test_killed_process_resumes(project: Path, tiny_checkpoint: Path, tmp_path: Path) -> None:
    """SIGKILL mid-run (no chance to clean up), rerun: it continues from the last checkpoint."""
    args = [f"paths.finetune_dir={tmp_path}/run", f"paths.metrics_dir={tmp_path}/m",
            "training.finetune.max_steps=10", "training.finetune.checkpoint_every=2"]  # fmt: skip
    cmd = [sys.executable, "-m", "training.finetune", *overrides(project, tiny_checkpoint, *args)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # as in this process: same float results
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not (tmp_path / "m" / "loss.csv").exists() or len(losses(tmp_path / "m")) < 6:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    last = tmp_path / "run" / "checkpoints" / "last.ckpt"
    killed_at = torch.load(last, weights_only=True)["global_step"]
    assert 2 <= killed_at < 10

    resumed = ft.finetune(config(project, tiny_checkpoint, *args))
    metrics = json.loads((tmp_path / "m" / "finetune.json").read_text())
    assert metrics["resumed_from_step"] == killed_at and metrics["steps"] == 10
    reference = ft.finetune(config(project, tiny_checkpoint, *args[2:],
                                   f"paths.finetune_dir={tmp_path}/ref",
                                   f"paths.metrics_dir={tmp_path}/mref"))  # fmt: skip
    assert resumed == reference
    assert losses(tmp_path / "m") == losses(tmp_path / "mref")
