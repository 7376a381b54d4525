"""`params.yaml`: the one configuration every DVC stage reads.

`params.yaml` is `conf/pipeline.yaml` composed and resolved, exactly what DVC's Hydra integration
writes on every `dvc exp run`; every stage command reads it back through Hydra
(`--config-dir . --config-name params`). `uv run python -m training.pipeline [overrides]` rewrites
it by hand, after editing `conf/`, for a plain `dvc repro`.
"""

from __future__ import annotations

import sys
from pathlib import Path

PARAMS_FILE = "params.yaml"
CONF_DIR = Path(__file__).resolve().parents[1] / "conf"


def compose_params(out: str | Path = PARAMS_FILE, overrides: list[str] | None = None) -> Path:
    """Write `conf/pipeline.yaml`, composed with `overrides`, as DVC's Hydra integration does."""
    from dvc.utils.hydra import compose_and_dump

    out = Path(out)
    compose_and_dump(out, str(CONF_DIR), None, "pipeline", str(CONF_DIR.parent), overrides or [])
    return out


if __name__ == "__main__":
    print(f"wrote {compose_params(overrides=sys.argv[1:])}")
