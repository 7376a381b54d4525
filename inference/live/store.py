"""The fragment store: WAV files, their provenance, and the history, in one folder.

`<fragments dir>/<UTC time>_<id>.wav` (written to a hidden temporary file in the same folder, then
renamed: Max never sees half a file), a sidecar `<same>.json` with the provenance (prompt, seed,
steps, cfg, sampler, bundle hash, post-processing applied, parent id, init audio, ...), and
`index.jsonl`, an append-only history, one fragment per line, that survives restarts. Each line's
fields are checked on read (types and ranges, `Fragment.from_dict`): a line torn by a crash or
holding a bad field is skipped with a warning naming the line and the field, so one bad line never
hides the others; earlier lines are never rewritten, so they are never lost.
Audio files dropped in as init audio are kept under `inputs/`, named by their content.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from core.files import TEMP_PREFIX, write_atomically

log = logging.getLogger(__name__)

INDEX_FILE = "index.jsonl"
INPUTS_DIR = "inputs"
STALE_TEMP_S = 600


ID_PREFIX = "f"  # a letter first: Max would read an all-digit or `12e4...` id as a number


ID_PATTERN = re.compile(rf"{ID_PREFIX}[0-9a-f]{{12}}")  # what new_id makes, and all it makes
_LISTED_ID = re.compile(rf"{ID_PREFIX}?[0-9a-f]{{12}}")  # older histories: 12 hex digits alone


def new_id() -> str:
    """A fresh fragment id: `f` and 12 hex digits (`ID_PATTERN`)."""
    return ID_PREFIX + secrets.token_hex(6)


class StoreError(RuntimeError):
    """The fragments folder cannot be used; the message names the path and the reason."""


@dataclass(frozen=True)
class Fragment:
    """One generated fragment as the UI, the device and the history know it."""

    id: str
    path: Path  # absolute path of the WAV
    created: str  # ISO 8601, UTC
    duration: float  # seconds, after post-processing
    sample_rate: int
    prompt: str
    seed: int
    steps: int
    cfg_scale: float
    sampler: str | None
    bundle_sha256: str
    postprocess: dict = field(default_factory=dict)
    parent_id: str | None = None
    delivery: str = ""  # "sent to 127.0.0.1:7400" or "not sent: <reason>"
    seconds: float | None = None  # the length asked for (before trimming)
    sampler_options: dict = field(default_factory=dict)
    negative_prompt: str | None = None
    init: dict = field(default_factory=dict)  # audio-to-audio source: kind, ref, sha256, strength
    bars: int | None = None  # a loop of this many bars at the prompt's Tempo
    adapters: list = field(default_factory=list)  # the blend: [{name, sha256, strength}, ...]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["path"] = str(self.path)
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Fragment:
        """A fragment from its JSON form, every field checked; ValueError names the first bad
        field and why. Keys it does not know are ignored."""
        if not isinstance(data, dict):
            raise ValueError(f"a JSON {type(data).__name__}, not an object")
        values = {}
        for item in dataclasses.fields(cls):
            if item.name not in data:
                if (
                    item.default is dataclasses.MISSING
                    and item.default_factory is dataclasses.MISSING
                ):
                    raise ValueError(f"{item.name}: missing")
                continue
            value = data[item.name]
            if why := _FIELD_CHECKS[item.name](value):
                raise ValueError(f"{item.name}: {value!r:.80} {why}")
            values[item.name] = value
        values["path"] = Path(values["path"])
        return cls(**values)


def _number(low: float, high: float, integer: bool = False, optional: bool = False):
    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        kinds = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds):
            return "is not an integer" if integer else "is not a number"
        if not (math.isfinite(value) and low <= value <= high):
            return f"is outside {low:g}..{high:g}"
        return None

    return check


def _kind(kind: type, optional: bool = False):
    def check(value: Any) -> str | None:
        if (value is None and optional) or isinstance(value, kind):
            return None
        return f"is not {'null or ' if optional else ''}a {kind.__name__}"

    return check


def _text_matching(pattern: re.Pattern[str], what: str):
    def check(value: Any) -> str | None:
        ok = isinstance(value, str) and pattern.fullmatch(value)
        return None if ok else f"is not {what}"

    return check


def _time(value: Any) -> str | None:
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "is not an ISO 8601 time"
    return None


def _path(value: Any) -> str | None:
    ok = isinstance(value, str) and value and "\x00" not in value
    return None if ok else "is not a path"


def _adapters(value: Any) -> str | None:
    if not isinstance(value, list):
        return "is not a list"
    strength = _number(-1e6, 1e6)
    for item in value:
        ok = isinstance(item, dict) and set(item) == {"name", "sha256", "strength"}
        if not ok or not all(isinstance(item[k], str) for k in ("name", "sha256")):
            return "is not a list of {name, sha256, strength}"
        if why := strength(item["strength"]):
            return f"holds a strength that {why}"
    return None


_FIELD_CHECKS = {
    "id": _text_matching(_LISTED_ID, "a fragment id"),
    "path": _path,
    "created": _time,
    "duration": _number(0.0, 86400.0),
    "sample_rate": _number(1, 1_000_000, integer=True),
    "prompt": _kind(str),
    "seed": _number(0, 2**64, integer=True),
    "steps": _number(1, 100_000, integer=True),
    "cfg_scale": _number(-1e6, 1e6),
    "sampler": _kind(str, optional=True),
    "bundle_sha256": _kind(str),
    "postprocess": _kind(dict),
    "parent_id": _kind(str, optional=True),
    "delivery": _kind(str),
    "seconds": _number(0.0, 86400.0, optional=True),
    "sampler_options": _kind(dict),
    "negative_prompt": _kind(str, optional=True),
    "init": _kind(dict),
    "bars": _number(1, 10_000, integer=True, optional=True),
    "adapters": _adapters,
}


class FragmentStore:
    """Writes fragments and reads the history of one fragments folder."""

    def __init__(self, root: str | Path, subtype: str, fsync: bool) -> None:
        self.root = Path(root).expanduser().absolute()
        if subtype not in sf.available_subtypes("WAV"):
            raise StoreError(f"store.subtype: '{subtype}' is not a WAV sample format")
        self.subtype = subtype
        self.fsync = fsync
        self._warned: set[tuple[int, str]] = set()
        self._swept = False

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_FILE

    def check_writable(self) -> None:
        """Raise StoreError (naming the folder and the reason) unless a fragment can be written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root, prefix=TEMP_PREFIX):
                pass
        except OSError as err:
            reason = err.strerror or str(err)
            raise StoreError(
                f"fragments folder {self.root}: cannot write there ({reason})"
            ) from err
        if not self._swept:
            self._remove_stale_temporaries()
            self._swept = True

    def _remove_stale_temporaries(self) -> None:
        """Temporary files left by a killed writer (never renamed, so never a visible fragment)."""
        cutoff = time.time() - STALE_TEMP_S
        for leftover in self.root.glob(f"{TEMP_PREFIX}*"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                pass

    def new_name(self) -> tuple[str, str, str]:
        """(id, ISO time, file stem) for a new fragment."""
        fragment_id = new_id()
        return fragment_id, *self.name_for(fragment_id)

    def name_for(self, fragment_id: str) -> tuple[str, str]:
        """(ISO time, file stem) of a fragment stored now: `<UTC time>_<id>`. The name always
        comes from here (the bridge too: never from a server)."""
        now = datetime.now(UTC)
        stem = f"{now.strftime('%Y%m%dT%H%M%S')}{now.microsecond // 1000:03d}Z_{fragment_id}"
        return now.isoformat(timespec="milliseconds"), stem

    def write_audio(self, audio: np.ndarray, sample_rate: int, **fields: Any) -> Fragment:
        """Write (channels, samples) audio as a new WAV; its Fragment is not yet in the history."""
        fragment_id, created, stem = self.new_name()
        path = self.root / f"{stem}.wav"
        frames = np.ascontiguousarray(np.asarray(audio, dtype=np.float32).T)
        # Encoded in memory first: libsndfile writing to a full disk reports a bare
        # AssertionError, a plain write reports the OS's reason (No space left on device).
        encoded = io.BytesIO()
        try:
            sf.write(encoded, frames, sample_rate, subtype=self.subtype, format="WAV")
            write_atomically(path, lambda handle: handle.write(encoded.getbuffer()), self.fsync)
        except OSError as err:
            raise StoreError(f"{path}: could not be written ({err.strerror or err})") from err
        return Fragment(
            id=fragment_id,
            path=path,
            created=created,
            duration=frames.shape[0] / sample_rate,
            sample_rate=sample_rate,
            **fields,
        )

    def record(self, fragment: Fragment, provenance: dict[str, Any] | None = None) -> None:
        """Write the sidecar JSON and append the fragment to the history."""
        sidecar = fragment.path.with_suffix(".json")
        document = {**fragment.to_dict(), "provenance": provenance or {}}
        text = json.dumps(document, indent=2, default=str) + "\n"
        line = json.dumps(fragment.to_dict(), default=str) + "\n"
        try:
            write_atomically(sidecar, lambda handle: handle.write(text.encode()), self.fsync)
            self._append(line.encode())
        except OSError as err:
            raise StoreError(
                f"{self.index_path}: could not record {fragment.id} ({err.strerror or err})"
            ) from err

    def _append(self, line: bytes) -> None:
        fd = os.open(self.index_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and _last_byte(self.index_path, size) != b"\n":
                line = b"\n" + line  # a torn last line stays a line of its own, and is skipped
            while line:  # os.write may write part of it (a full disk) and raise only on the rest
                line = line[os.write(fd, line) :]
            if self.fsync:
                os.fsync(fd)
        finally:
            os.close(fd)

    def history(self) -> list[Fragment]:
        """Every fragment in the history, newest first; unreadable lines skipped with a warning."""
        if not self.index_path.is_file():
            return []
        fragments = []
        with open(self.index_path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    fragments.append(Fragment.from_dict(json.loads(line)))
                except ValueError as err:  # JSONDecodeError is one
                    self._warn(number, line, err)
        return fragments[::-1]

    def _warn(self, number: int, line: str, err: Exception) -> None:
        if (number, line) not in self._warned:
            self._warned.add((number, line))
            log.warning(
                "%s line %d skipped (torn or not a fragment: %s)", self.index_path, number, err
            )

    def get(self, fragment_id: str) -> Fragment | None:
        return next((f for f in self.history() if f.id == fragment_id), None)

    def contains(self, path: str | Path) -> bool:
        """Whether `path` (symlinks resolved) lies inside the fragments folder."""
        return Path(path).resolve().is_relative_to(self.root.resolve())

    def import_input(self, source: str | Path) -> tuple[Path, str]:
        """A copy of an init audio file under `inputs/`, named by its sha256 (kept once), so that
        a variation of a dropped file can be regenerated after the drop is gone. (path, sha256)"""
        source = Path(source)
        data = source.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if self.contains(source):
            return source.resolve(), digest
        folder = self.root / INPUTS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{digest[:16]}{source.suffix.lower()}"
        if not (target.is_file() and target.stat().st_size == len(data)):
            write_atomically(target, lambda handle: handle.write(data), self.fsync)
        return target, digest


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(size - 1)
        return handle.read(1)
