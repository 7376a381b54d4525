"""`trainer=ddp`: Lightning DDP with two processes on the CPU (gloo), as on a multi-GPU node."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.helpers import RATE, ROOT, finetune_overrides, load_tiny, single_thread


def run_two_processes(module: str, args: list[str]) -> subprocess.CompletedProcess:
    """`python -m module` under trainer=ddp with 2 CPU processes; it must succeed."""
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Initializing distributed: GLOBAL_RANK: 1, MEMBER: 2/2" in done.stdout + done.stderr
    return done


@pytest.mark.slow
def test_two_process_ddp_trains_and_checkpoints(
    project: Path, tiny_checkpoint: Path, tmp_path: Path
) -> None:
    args = finetune_overrides(
        project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/run",
        f"paths.metrics_dir={tmp_path}/m", "training.finetune.max_steps=4",
        "training.finetune.checkpoint_every=2",
        "trainer=ddp", "trainer.accelerator=cpu", "trainer.devices=2", "trainer.precision=32-true",
    )  # fmt: skip
    run_two_processes("training.finetune", args)
    metrics = json.loads((tmp_path / "m" / "finetune.json").read_text())
    assert metrics["world_size"] == 2 and metrics["steps"] == 4
    state = torch.load(tmp_path / "run" / "checkpoints" / "last.ckpt", weights_only=True)
    assert state["global_step"] == 4
    assert all(row["loss"] > 0 for row in state["history"])


@pytest.mark.slow
def test_two_process_encode_gives_the_latents_of_one(project: Path, tiny_checkpoint: Path,
                                                     tmp_path: Path) -> None:  # fmt: skip
    """`encode` under trainer=ddp (2 CPU processes, gloo): byte for byte the one-process cache.

    Batches of 2 over 6 windows: rank 0 encodes batches 0 and 2, rank 1 batch 1."""
    from core.files import sha256_file
    from training.data import read_manifest
    from training.latents import encode_windows

    manifest = project / "data/prepared/manifest.jsonl"
    model = load_tiny(tiny_checkpoint).model
    windows = read_manifest(manifest, RATE)
    with single_thread():  # as each rank runs (OMP_NUM_THREADS=1): threads change float sums
        one = encode_windows(model, windows, project / "data/raw", tmp_path / "one",
                             sha256_file(manifest), batch_size=2, seed=42)  # fmt: skip
    args = [f"paths.root={project}", f"training.base.checkpoint={tiny_checkpoint}",
            f"paths.latents_dir={tmp_path}/two", "training.encode.batch_size=2",
            "training.encode.seed=42", "training.encode.device=cpu", "trainer=ddp",
            "trainer.accelerator=cpu", "trainer.devices=2"]  # fmt: skip
    done = run_two_processes("training.encode", args)
    assert "(2 process(es))" in done.stdout
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes()  # noqa: E731
                          for p in sorted(root.rglob("*")) if p.is_file()}  # fmt: skip
    two = tmp_path / "two"
    assert len(files(one)) == len(windows) + 2 and files(two) == files(one)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # no staging left
