"""Atomic writes and content hashes: the one copy every stage that writes files uses.

A reader (Max, Live, DVC, a resumed run, the bridge) must never see half a file or half a folder:
files are written to a hidden temporary beside the target and renamed into place; folders are built
beside the target and swapped in. Light on imports on purpose: the audit stage runs without torch.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

TEMP_PREFIX = ".partial-"


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(
    path: str | Path, write: Callable[[IO[bytes]], Any], fsync: bool = False, replace: bool = True
) -> None:
    """Call `write(file)` on a temporary file beside `path`, then rename it into place.

    `replace=False` never replaces an existing `path`: FileExistsError, and the temporary is gone.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        "wb", dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix + ".tmp", delete=False
    )
    try:
        with handle:
            write(handle)
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        if replace:
            os.replace(handle.name, path)
        else:
            _publish_new(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _publish_new(temporary: str, path: Path) -> None:
    """Give `temporary` the name `path` unless that name exists (a hard link fails then)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(17, "File exists", str(path)) from None
        os.rename(temporary, path)
        return
    os.unlink(temporary)


def write_bytes_atomic(path: str | Path, data: bytes, fsync: bool = False) -> None:
    write_atomically(path, lambda handle: handle.write(data), fsync)


def write_text_atomic(path: str | Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: str | Path, obj: Any) -> None:
    write_text_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


def replace_dir(new: Path, target: Path) -> None:
    """Swap a finished directory in for `target` (the old one is removed after the rename)."""
    new.chmod(0o755)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
        target.rename(old / target.name)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Build a folder beside `target`; it replaces `target` only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
