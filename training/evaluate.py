"""DVC stage `evaluate`: scores the base and every kept fine-tune checkpoint on held-out windows.

`uv run python -m training.evaluate [...select=mel_fad] [...clap_dir=DIR]`

The run itself is `training.evaluation`; this entry point loads it only after Hydra has parsed the
arguments, so `--help` and configuration errors answer at once.
"""

from __future__ import annotations

import sys

import hydra
from omegaconf import DictConfig

from core.checkpoint import BundleError
from core.cli import quiet_third_party


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    from training.evaluation import DataError, MetricError, RunError, evaluate
    from training.plots import METRICS
    from training.scores import ScoresError

    try:
        report = evaluate(cfg)
    except (BundleError, DataError, MetricError, RunError, ScoresError) as err:
        print(f"evaluate: {err}", file=sys.stderr)
        sys.exit(2)
    metric = report["metric"]
    for name, values in report["checkpoints"].items():
        shown = ", ".join(f"{k} {v:.4g}" for k, v in values.items() if k in METRICS)
        print(f"evaluate: {name} (step {values['step']}): {shown}")
    floor = ", ".join(f"{k} {v:.4g}" for k, v in report["autoencoder_floor"].items())
    print(f"evaluate: the held-out windows through the autoencoder (the floor): {floor}")
    print(f"evaluate: best by {metric} ({report['better']} is better): {report['best']}")


if __name__ == "__main__":
    quiet_third_party()
    main()
