"""A fine-tuning run's folder (`paths.finetune_dir`): its checkpoints, its run.json, its losses.

`training.fit` writes it (Lightning's ModelCheckpoint into `checkpoints/`, with `last.ckpt` beside
the best one); `training.export` reads it back. Light on imports: torch loads only to open a
checkpoint.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHECKPOINT_SUBDIR = "checkpoints"
LAST_CHECKPOINT = "last.ckpt"  # Lightning's name for the latest checkpoint (save_last=True)
RUN_FILE = "run.json"  # the fingerprint a rerun must match to resume, and the wandb run id


class RunError(ValueError):
    """No usable checkpoint in a run folder; the message names the file and the reason."""


def checkpoint_dir(run_dir: str | Path) -> Path:
    return Path(run_dir) / CHECKPOINT_SUBDIR


def loss_summary(history: list[dict[str, float]], window: int = 10) -> dict[str, Any]:
    """First/last losses (means over `window` steps: single diffusion losses are noisy)."""
    losses = [row["loss"] for row in history]
    vals = [row["val_loss"] for row in history if "val_loss" in row]
    n = min(window, len(losses))
    return {
        "steps": history[-1]["step"] if history else 0,
        "first_loss": sum(losses[:n]) / n if n else None,
        "final_loss": sum(losses[-n:]) / n if n else None,
        "final_val_loss": vals[-1] if vals else None,
        "best_val_loss": min(vals) if vals else None,
    }


def pick_checkpoint(run_dir: str | Path, choice: str, scores_file: Path | None = None) -> Path:
    """`best_eval` (best by the evaluation metric, as `scores_file`, eval.json, records it),
    `last`, `best` (lowest validation loss, as ModelCheckpoint recorded it) or a path."""
    ckpt_dir = checkpoint_dir(run_dir)
    last = ckpt_dir / LAST_CHECKPOINT
    if choice == "best_eval":
        from training.scores import read_scores

        if scores_file is None:
            raise RunError("training.export.checkpoint=best_eval needs the evaluation report")
        report = read_scores(scores_file)
        path = ckpt_dir / Path(report["checkpoints"][report["best"]]["file"]).name  # by name
        if not path.is_file():
            raise RunError(
                f"{path}: the best checkpoint by {scores_file} is gone; rerun `evaluate`"
            )
        return path
    if choice not in ("best", "last"):
        path = Path(choice)
        if not path.is_file():
            raise RunError(f"{path}: no such checkpoint (training.export.checkpoint)")
        return path
    if not last.is_file():
        raise RunError(f"{last}: missing; run the `finetune` stage first (dvc repro finetune)")
    if choice == "last":
        return last
    import torch

    state = torch.load(last, map_location="cpu", weights_only=True)
    best = next(
        (s.get("best_model_path") for k, s in state.get("callbacks", {}).items()
         if k.startswith("ModelCheckpoint")),
        None,
    )  # fmt: skip
    if not best:
        raise RunError(
            f"{last}: no best checkpoint recorded (the run had no validation windows); "
            "use training.export.checkpoint=last"
        )
    return ckpt_dir / Path(best).name  # by name: the run dir may have moved since
