"""DVC stage `finetune`: fine-tunes a base checkpoint's diffusion model with PyTorch Lightning.

`uv run python -m training.finetune [training.finetune.lr=3e-4] [trainer=gpu] [experiment=NAME]`

The run itself is `training.fit`; this entry point loads it only after Hydra has parsed the
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
    from training.data import DataError
    from training.diffusion import ConfigError
    from training.fit import finetune

    try:
        finetune(cfg)
    except (BundleError, DataError, ConfigError) as err:
        print(f"finetune: {err}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    quiet_third_party()
    main()
