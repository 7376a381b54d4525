"""The evaluation report in `paths.metrics_dir`: `eval.json` and `eval.csv`, and the best entry.

`training.evaluation` writes them (the DVC stage `evaluate`); `training.runs.pick_checkpoint`
(`training.export.checkpoint=best_eval`) and `training.export` read them back. Standard library
only, so the export's checkpoint choice loads nothing heavy.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from core.files import write_json_atomic, write_text_atomic

EVAL_FILE = "eval.json"
EVAL_CSV_FILE = "eval.csv"
BASE_NAME = "base"  # the entry of the base checkpoint, the reference every fine-tune is held to
HIGHER_IS_BETTER = ("clap_score",)  # every other metric is a distance: lower is better


class ScoresError(ValueError):
    """A missing or unusable evaluation report; the message names the file and the reason."""


def write_scores(out_dir: str | Path, report: dict[str, Any]) -> Path:
    """`eval.json` (the whole report) and `eval.csv` (one row per checkpoint), atomically."""
    out_dir = Path(out_dir)
    entries = [{"name": name, **values} for name, values in report["checkpoints"].items()]
    columns = list(dict.fromkeys(k for e in entries for k in e))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    for row in sorted(entries, key=lambda e: e["step"]):
        writer.writerow({k: row.get(k, "") for k in columns})
    write_text_atomic(out_dir / EVAL_CSV_FILE, buffer.getvalue())
    write_json_atomic(out_dir / EVAL_FILE, report)
    return out_dir / EVAL_FILE


def read_scores(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise ScoresError(
            f"{path}: missing; run the `evaluate` stage first (dvc repro evaluate), or use "
            "training.export.checkpoint=best|last"
        )
    try:
        report = json.loads(path.read_text())
        report["checkpoints"], report["best"]  # noqa: B018 - the keys a reader relies on
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise ScoresError(f"{path}: not an evaluation report ({err!r})") from err
    return report


def pick_best(checkpoints: dict[str, dict[str, Any]], metric: str) -> str:
    """The name of the fine-tune checkpoint best by `metric`: the lowest distance (or the
    highest CLAP score); a tie goes to the later step."""
    tuned = {name: e for name, e in checkpoints.items() if name != BASE_NAME}
    if not tuned:
        raise ScoresError("no fine-tune checkpoint was evaluated (run the `finetune` stage)")
    missing = sorted(name for name, e in tuned.items() if e.get(metric) is None)
    if missing:
        known = sorted({k for e in tuned.values() for k, v in e.items() if isinstance(v, float)})
        raise ScoresError(
            f"training.evaluate.select: '{metric}' was not measured for {missing} (measured: "
            f"{', '.join(known)})"
        )
    sign = -1 if metric in HIGHER_IS_BETTER else 1
    return min(tuned, key=lambda name: (sign * tuned[name][metric], -tuned[name]["step"]))


def direction(metric: str) -> str:
    return "higher" if metric in HIGHER_IS_BETTER else "lower"


def evaluation_summary(path: Path, checkpoint: Path) -> dict[str, Any] | None:
    """What bundle.json records: the metric, the exported checkpoint's scores and the base's
    (None without a report, or when the exported checkpoint was not evaluated)."""
    if not path.is_file():
        return None
    report = read_scores(path)
    by_file = {Path(e["file"]).name: e for e in report["checkpoints"].values()}
    chosen = by_file.get(checkpoint.name)
    if chosen is None:
        return None
    return {"metric": report["metric"], "better": report["better"], "report": str(path),
            "checkpoint": chosen, "base": report["checkpoints"].get(BASE_NAME)}  # fmt: skip
