"""PNG plots in `paths.metrics_dir` that open with no network (`dvc plots show` embeds images).

DVC's own HTML plots load Vega from a CDN; these images are drawn here with matplotlib (Agg, no
display): `loss.png`, the train and validation losses of `loss.csv` (written by `finetune`), and
`eval.png`, every evaluation metric over the fine-tune steps with the base as a dashed line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from core.files import write_bytes_atomic
from training.callbacks import LOSS_FILE

LOSS_PLOT_FILE = "loss.png"
EVAL_PLOT_FILE = "eval.png"
METRICS = ("latent_fd", "mel_fad", "mel_fad_recon", "clap_fad", "clap_score")


def _figure(rows: int) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, axes = plt.subplots(rows, 1, figsize=(6, 2.4 * rows), squeeze=False)
    return fig, axes[:, 0]


def _save(fig: Any, path: Path) -> None:
    from matplotlib import pyplot as plt

    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    write_bytes_atomic(path, buffer.getvalue())


def plot_losses(loss_csv: Path, out: Path) -> Path | None:
    """Train loss per step and validation loss per checkpoint; None when there is no loss.csv."""
    if not loss_csv.is_file():
        return None
    rows = list(csv.DictReader(loss_csv.read_text().splitlines()))
    fig, (ax,) = _figure(1)
    ax.plot([int(r["step"]) for r in rows], [float(r["loss"]) for r in rows], label="train loss")
    val = [(int(r["step"]), float(r["val_loss"])) for r in rows if r.get("val_loss")]
    if val:
        ax.plot(*zip(*val, strict=True), "o-", label="validation loss")
    ax.set_xlabel("step")
    ax.legend()
    _save(fig, out)
    return out


def plot_evaluation(results: dict[str, dict[str, Any]], base_name: str, out: Path) -> Path:
    """One panel per measured metric: the fine-tune checkpoints over steps, the base dashed."""
    measured = [m for m in METRICS if any(m in e for e in results.values())]
    tuned = sorted((e for n, e in results.items() if n != base_name), key=lambda e: e["step"])
    fig, axes = _figure(len(measured))
    for ax, metric in zip(axes, measured, strict=True):
        ax.plot([e["step"] for e in tuned], [e[metric] for e in tuned], "o-", label="fine-tune")
        if base_name in results:
            ax.axhline(results[base_name][metric], color="grey", linestyle="--", label="base")
        ax.set_ylabel(metric)
        ax.legend()
    axes[-1].set_xlabel("step")
    _save(fig, out)
    return out


def write_plots(metrics_dir: str | Path, results: dict[str, dict[str, Any]]) -> list[Path]:
    from training.scores import BASE_NAME

    metrics_dir = Path(metrics_dir)
    written = [plot_losses(metrics_dir / LOSS_FILE, metrics_dir / LOSS_PLOT_FILE)]
    written.append(plot_evaluation(results, BASE_NAME, metrics_dir / EVAL_PLOT_FILE))
    return [p for p in written if p is not None]
