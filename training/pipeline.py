"""What the DVC stages share: atomic file writes, content hashes, and `params.yaml`.

`params.yaml` is `conf/pipeline.yaml` composed and resolved, exactly what DVC's Hydra integration
writes on every `dvc exp run`; every stage command reads it back through Hydra
(`--config-dir . --config-name params`). `uv run python -m training.pipeline [overrides]` rewrites
it by hand, after editing `conf/`, for a plain `dvc repro`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

PARAMS_FILE = "params.yaml"
CONF_DIR = Path(__file__).resolve().parents[1] / "conf"


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_bytes_atomic(path: str | Path, data: bytes) -> None:
    """Write next to the target, then rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: str | Path, obj: Any) -> None:
    write_text_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def compose_params(out: str | Path = PARAMS_FILE, overrides: list[str] | None = None) -> Path:
    """Write `conf/pipeline.yaml`, composed with `overrides`, as DVC's Hydra integration does."""
    from dvc.utils.hydra import compose_and_dump

    out = Path(out)
    compose_and_dump(out, str(CONF_DIR), None, "pipeline", str(CONF_DIR.parent), overrides or [])
    return out


if __name__ == "__main__":
    print(f"wrote {compose_params(overrides=sys.argv[1:])}")
