"""DVC stage `export`: one fine-tuning checkpoint -> a self-contained bundle in `paths.bundle_dir`.

`uv run python -m training.export [training.export.checkpoint=best|last|PATH]`

The bundle is the published Stable Audio Open layout (`core.checkpoint`), so
`core.bundle.load_bundle` (and nothing else) loads it: `model_config.json` (the base's, unchanged),
`model.safetensors` (the base's keys: the EMA weights of the diffusion transformer, the fine-tuned
conditioners, the base's frozen autoencoder), `text_encoder/` (copied from the base) and
`bundle.json` (provenance: the licence report's and manifest's sha256, the composed config, git
commit, steps and losses) and `LICENCES.md` (the base's licence and the data's credits,
`training.licence_card`). A LoRA run exports an adapter bundle instead (`training.adapters`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import hydra
from omegaconf import DictConfig, OmegaConf

from core.checkpoint import (
    PROVENANCE_FILE,
    TEXT_ENCODER_SUBDIR,
    BundleError,
    find_weights,
    read_model_config,
    resolve_text_encoder_dir,
    write_checkpoint,
)
from core.cli import quiet_third_party
from core.files import sha256_file, staged_dir
from training.audit import REPORT_FILE
from training.ingest import MANIFEST_FILE
from training.licence_card import write_licences
from training.runs import RunError, loss_summary, pick_checkpoint
from training.scores import EVAL_FILE, ScoresError, evaluation_summary

if TYPE_CHECKING:
    import torch

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the code that made the bundle


class ExportError(ValueError):
    """No usable checkpoint; the message names the file and the reason."""


def merged_state_dict(checkpoint: dict[str, Any], base: dict[str, torch.Tensor]) -> dict:
    """The base's keys, filled from the checkpoint: EMA transformer, trained conditioners."""
    trained = checkpoint["state_dict"]
    merged = {}
    for key, value in base.items():
        if key.startswith("model."):
            source = "ema.ema_model." + key.removeprefix("model.")
        else:
            source = "diffusion." + key
        tensor = trained.get(source, value if key.startswith("pretransform.") else None)
        if tensor is None:
            raise ExportError(f"checkpoint has no '{source}' for the base's '{key}'")
        if tensor.shape != value.shape:
            raise ExportError(
                f"'{source}' is {tuple(tensor.shape)}, base '{key}' {tuple(value.shape)}"
            )
        merged[key] = tensor.to(value.dtype).contiguous()
    return merged


def git_commit(root: str | Path) -> str | None:
    """HEAD, with `-dirty` when tracked files differ from it (None outside a git checkout)."""
    try:
        run = lambda *a: subprocess.run(  # noqa: E731
            ["git", "-C", str(root), *a], capture_output=True, text=True, check=True
        ).stdout.strip()
        return run("rev-parse", "HEAD") + ("-dirty" if run("status", "--porcelain", "-uno") else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def provenance(cfg: DictConfig, checkpoint_path: Path, checkpoint: dict[str, Any]) -> dict:
    def sha_or_none(path: Path) -> str | None:
        return sha256_file(path) if path.is_file() else None

    report = Path(cfg.paths.audit_dir) / REPORT_FILE
    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    history = checkpoint.get("history", [])
    return {
        "base_checkpoint": str(Path(cfg.training.base.checkpoint).resolve()),
        "base_weights_sha256": sha256_file(find_weights(cfg.training.base.checkpoint)),
        "checkpoint": str(checkpoint_path.resolve()),
        "global_step": checkpoint.get("global_step"),
        "losses": loss_summary(history),
        "evaluation": evaluation_summary(Path(cfg.paths.metrics_dir) / EVAL_FILE, checkpoint_path),
        "licence_report": str(report),
        "licence_report_sha256": sha_or_none(report),
        "manifest": str(manifest),
        "manifest_sha256": sha_or_none(manifest),
        "git_commit": git_commit(PROJECT_ROOT),
        "config": OmegaConf.to_container(cfg, resolve=True),
    }


def export(cfg: DictConfig) -> Path:
    """Write the bundle atomically (built beside `paths.bundle_dir`, then swapped in)."""
    from core.bundle import load_state_dict
    from training.adapters import write_adapter_export

    base = Path(cfg.training.base.checkpoint)
    model_config = read_model_config(base)
    base_state = load_state_dict(find_weights(base))
    encoder_dir = resolve_text_encoder_dir(base, cfg.training.base.text_encoder_dir)
    import torch

    scores = Path(cfg.paths.metrics_dir) / EVAL_FILE
    checkpoint_path = pick_checkpoint(
        cfg.paths.finetune_dir, cfg.training.export.checkpoint, scores
    )
    checkpoint = torch.load(checkpoint_path, map_location="cpu", weights_only=True)
    if "state_dict" not in checkpoint:
        raise ExportError(f"{checkpoint_path}: not a fine-tuning checkpoint (no state_dict)")
    out = Path(cfg.paths.bundle_dir).resolve()
    with staged_dir(out) as staging:
        adapter = None
        if "adapter" in checkpoint:  # LoRA: the adapter alone, or merged (training.export.merge)
            weights, adapter = write_adapter_export(cfg, checkpoint, checkpoint_path, staging)
        else:
            weights = write_checkpoint(
                staging, model_config, merged_state_dict(checkpoint, base_state)
            )
        if adapter is None:
            shutil.copytree(encoder_dir, staging / TEXT_ENCODER_SUBDIR)
        info = provenance(cfg, checkpoint_path, checkpoint)
        info["weights_sha256"] = sha256_file(weights)
        if adapter is not None:
            info["adapter"] = {**adapter, "sha256": info["weights_sha256"]}
        (staging / PROVENANCE_FILE).write_text(json.dumps(info, indent=2) + "\n")
        for problem in write_licences(staging, base, Path(cfg.paths.audit_dir)):
            print(f"export: warning: {problem}; LICENCES.md says so", file=sys.stderr)
    return out


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    try:
        out = export(cfg)
    except (BundleError, ExportError, RunError, ScoresError) as err:
        print(f"export: {err}", file=sys.stderr)
        sys.exit(2)
    info = json.loads((out / PROVENANCE_FILE).read_text())
    print(f"export: {info['checkpoint']} (step {info['global_step']}) -> {out}")


if __name__ == "__main__":
    quiet_third_party()
    main()
