"""The `export` stage: a checkpoint becomes a bundle that the foundation loader alone can load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from stable_audio_tools.inference.generation import generate_diffusion_cond

import training.fit as ft
from core.files import sha256_file
from tests.helpers import finetune_config as config
from tests.helpers import load_tiny
from training.export import ExportError, export
from training.runs import RunError, pick_checkpoint

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def trained(project: Path, tiny_checkpoint: Path, tmp_path_factory) -> tuple[Path, Path]:
    run_dir = tmp_path_factory.mktemp("run")
    ft.finetune(config(project, tiny_checkpoint, f"paths.finetune_dir={run_dir}",
                       f"paths.metrics_dir={run_dir}/metrics"))  # fmt: skip
    return run_dir, tiny_checkpoint


def test_bundle_loads_and_generates(project: Path, trained, tmp_path: Path) -> None:
    run_dir, base = trained
    cfg = config(
        project,
        base,
        f"paths.finetune_dir={run_dir}",
        f"paths.bundle_dir={tmp_path}/b",
        "training.export.checkpoint=best",
    )
    out = export(cfg)
    assert sorted(p.name for p in out.iterdir()) == [
        "LICENCES.md", "LICENSE", "bundle.json", "model.safetensors", "model_config.json",
        "text_encoder",
    ]  # fmt: skip
    # the base's own licence text and model card name travel with the bundle, and the credits
    assert (out / "LICENSE").read_bytes() == (base / "LICENSE").read_bytes()
    licences = (out / "LICENCES.md").read_text(encoding="utf-8")
    assert "Model card licence: **cc0\\-1.0**" in licences or "**cc0-1.0**" in licences
    assert (base / "LICENSE").read_text().strip() in licences
    attribution = project / "data/audit/ATTRIBUTION.md"
    if attribution.is_file():
        assert attribution.read_text(encoding="utf-8").splitlines()[-1] in licences
    else:
        assert "No licence audit was found" in licences
    bundle = load_tiny(out)  # the foundation loader, and nothing else
    audio = generate_diffusion_cond(
        bundle.model, steps=4, cfg_scale=6, sample_size=2048 * 4, seed=1, device="cpu",
        conditioning=[{"prompt": "warm analog pad", "seconds_start": 0, "seconds_total": 1}],
    )  # fmt: skip
    assert audio.shape == (1, 2, 2048 * 4) and torch.isfinite(audio).all() and audio.abs().max() > 0

    weights, base_weights = (
        load_file(out / "model.safetensors"),
        load_file(base / "model.safetensors"),
    )
    assert weights.keys() == base_weights.keys()
    checkpoint = torch.load(bundle.provenance["checkpoint"], weights_only=True)["state_dict"]
    dit = [k for k in weights if k.startswith("model.")]
    assert all(torch.equal(weights[k], checkpoint["ema.ema_model." + k[6:]]) for k in dit)
    assert not all(torch.equal(weights[k], base_weights[k]) for k in dit)  # it was trained
    frozen = [k for k in weights if k.startswith("pretransform.")]
    assert all(torch.equal(weights[k], base_weights[k]) for k in frozen)

    info = bundle.provenance
    data = project / "data"
    assert info["licence_report_sha256"] == sha256_file(data / "audit/licence_report.json")
    assert info["manifest_sha256"] == sha256_file(data / "prepared/manifest.jsonl")
    assert info["global_step"] == 6 and info["losses"]["steps"] == 6
    assert info["losses"]["final_loss"] > 0 and info["config"]["training"]["finetune"]["lr"] == 1e-3
    assert "git_commit" in info and info["weights_sha256"] == bundle.weights_sha256


def test_checkpoint_choice(trained) -> None:
    run_dir, _ = trained
    last = run_dir / "checkpoints" / "last.ckpt"
    assert pick_checkpoint(run_dir, "last") == last
    best = pick_checkpoint(run_dir, "best")
    history = torch.load(last, weights_only=True)["history"]
    scores = [row["val_loss"] for row in history if "val_loss" in row]
    assert len(scores) == 2  # validated at steps 3 and 6
    assert torch.load(best, weights_only=True)["history"][-1]["val_loss"] == min(scores)
    assert pick_checkpoint(run_dir, str(last)) == last
    with pytest.raises(RunError, match="no such checkpoint"):
        pick_checkpoint(run_dir, str(run_dir / "nope.ckpt"))
    with pytest.raises(RunError, match="last.ckpt: missing"):
        pick_checkpoint(run_dir / "elsewhere", "best")


def test_export_refuses_a_checkpoint_of_another_model(project: Path, trained, tmp_path) -> None:
    run_dir, base = trained
    bad = tmp_path / "bad.ckpt"
    state = torch.load(run_dir / "checkpoints" / "last.ckpt", weights_only=True)
    key = next(k for k in state["state_dict"] if k.startswith("ema.ema_model."))
    state["state_dict"][key] = torch.zeros(3)
    torch.save(state, bad)
    cfg = config(project, base, f"training.export.checkpoint={bad}",
                 f"paths.bundle_dir={tmp_path}/b")  # fmt: skip
    with pytest.raises(ExportError, match=key):
        export(cfg)
    assert not (tmp_path / "b").exists()


def test_bundle_json_is_valid_json_with_config(project: Path, trained, tmp_path: Path) -> None:
    run_dir, base = trained
    out = export(
        config(
            project,
            base,
            f"paths.finetune_dir={run_dir}",
            f"paths.bundle_dir={tmp_path}/b",
            "training.export.checkpoint=last",
        )
    )
    info = json.loads((out / "bundle.json").read_text())
    assert info["checkpoint"].endswith("last.ckpt")
    assert info["config"]["trainer"]["_target_"] == "pytorch_lightning.Trainer"
