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
USAGE = """usage: uv run python -m training.pipeline [KEY=VALUE ...]

Writes params.yaml: conf/pipeline.yaml composed with the overrides (what `dvc exp run -S` does),
for a plain `uv run dvc repro` after editing conf/ by hand. Examples:
  uv run python -m training.pipeline
  uv run python -m training.pipeline experiment=sao_small_gpu training.finetune.lr=3e-5
"""


def compose_params(out: str | Path = PARAMS_FILE, overrides: list[str] | None = None) -> Path:
    """Write `conf/pipeline.yaml`, composed with `overrides`, as DVC's Hydra integration does."""
    from dvc.utils.hydra import compose_and_dump

    out = Path(out)
    compose_and_dump(out, str(CONF_DIR), None, "pipeline", str(CONF_DIR.parent), overrides or [])
    return out


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        print(USAGE, end="")
        return 0
    print(f"wrote {compose_params(overrides=argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
