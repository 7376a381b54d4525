"""The licence audit: proves that every recording in a folder may be used, or says why not.

Used by the DVC stage `training.audit` (the training data in `data/raw`) and by the riff library
(`inference.live.riffs`), with one policy (`conf/licences/`). Each audio file needs a record: its
row in the folder's `licences.csv` (columns `file`, `licence`, `author`, `source_url`, `prompt`,
optional `tempo`, `key`, `genre`, `instrument`), overridden key by key by a sidecar
`<audio file>.json`; a licence or author that neither gives is read from the file's embedded tags
(Vorbis `LICENSE`/`COPYRIGHT`, ID3 `WCOP`/`TCOP`). The licence is normalised and checked against
the policy, and the audio is decoded once to catch corrupt, empty and silent files. `audit`
returns the report: accepted and rejected files with sha256, licence, author, source and the
reason for every rejection.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from core.files import sha256_file
from core.licences import LicencePolicy, UnknownLicence, normalise_licence, requires_attribution
from core.prompt import build_prompt

RECORD_FIELDS = ("licence", "author", "source_url", "prompt", "tempo", "key", "genre", "instrument")
FIELD_ALIASES = {"license": "licence"}  # the US spelling is accepted in the CSV and sidecars


@dataclass(frozen=True)
class AuditChecks:
    """What counts as audio and which files are unusable (conf/dataset `audit`, conf/riffs)."""

    extensions: tuple[str, ...]
    max_file_mb: float
    silence_dbfs: float


class AuditError(Exception):
    """Input the audit cannot go on without (an unreadable CSV); names the file and the reason."""


@dataclass
class Record:
    """What the CSV row and the sidecar say about one file, and where each value came from."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def update(self, values: dict[str, Any], source: str) -> None:
        for key, value in values.items():
            key = FIELD_ALIASES.get(key, key)
            if key in RECORD_FIELDS and _given(value):
                self.values[key] = value.strip() if isinstance(value, str) else value
                self.sources[key] = source


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def display_name(rel: str) -> str:
    """A name safe to print and store as JSON: undecodable bytes and control characters escaped.

    Any other name is returned as it is, so that accepted entries name the real file.
    """
    text = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return "".join(_escape(c) if unicodedata.category(c) == "Cc" else c for c in text)


def _escape(char: str) -> str:
    return char.encode("unicode_escape").decode()


def name_problem(rel: str) -> str | None:
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return "file name is not valid UTF-8 (undecodable bytes shown as \\x escapes): rename it"
    bad = next((c for c in rel if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        return f"file name contains the control character U+{ord(bad):04X}: rename it"
    return None


def csv_key(text: str) -> str:
    """A path from the CSV as a key: relative to data/raw, `/`-separated, Unicode NFC."""
    parts = [p for p in text.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or text.strip().startswith("/") or ".." in parts:
        raise ValueError(f"{text!r} is not a path relative to data/raw")
    return unicodedata.normalize("NFC", "/".join(parts))


def read_csv(path: Path) -> tuple[dict[str, list[tuple[int, dict[str, str]]]], list[dict]]:
    """Rows by file key (with their line numbers), and entries for rows that name no usable path."""
    if not path.exists():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AuditError(
            f"{path}: not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8"
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {FIELD_ALIASES.get(c.strip(), c.strip()) for c in reader.fieldnames or []}
    missing = [c for c in ("file", "licence") if c not in columns]
    if missing:
        raise AuditError(f"{path}: missing column(s) {', '.join(missing)} in the header line")
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    bad: list[dict] = []
    for row in reader:
        row = {FIELD_ALIASES.get(k.strip(), k.strip()): v for k, v in row.items() if k}
        try:
            key = csv_key(row.get("file") or "")
        except ValueError as err:
            bad.append(_row_entry(row, f"licences.csv line {reader.line_num}: {err}"))
            continue
        rows.setdefault(key, []).append((reader.line_num, row))
    return rows, bad


def _row_entry(row: dict[str, str], reason: str) -> dict:
    try:
        licence = normalise_licence(row.get("licence"))
    except UnknownLicence:
        licence = row.get("licence")
    entry = {"file": row.get("file") or "", "sha256": None, "licence": licence}
    return entry | {
        "author": row.get("author"),
        "source_url": row.get("source_url"),
        "reason": reason,
    }


def find_files(raw_dir: Path, extensions: list[str]) -> tuple[list[str], list[dict]]:
    """Audio files under raw_dir (relative paths), and entries for everything else skipped."""
    if not raw_dir.is_dir():
        raise AuditError(f"{raw_dir}: no such directory (dataset.raw_dir)")
    audio, ignored = [], []
    extensions = {e.lower() for e in extensions}
    for root, dirs, files in os.walk(raw_dir):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(root, name), raw_dir).replace(os.sep, "/")
            suffix = os.path.splitext(name)[1].lower()
            if any(part.startswith(".") for part in rel.split("/")):
                ignored.append({"file": display_name(rel), "reason": "hidden file"})
            elif suffix in extensions:
                audio.append(rel)
            elif rel != "licences.csv" and not (
                suffix == ".json" and _is_sidecar(name, extensions)
            ):
                ignored.append(
                    {"file": display_name(rel), "reason": f"not audio ({suffix or 'no extension'})"}
                )
    return audio, ignored


def _is_sidecar(name: str, extensions: set[str]) -> bool:
    return os.path.splitext(name[: -len(".json")])[1].lower() in extensions


def read_sidecar(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"sidecar {path.name} is not valid UTF-8 JSON ({err})") from None
    if not isinstance(data, dict):
        raise ValueError(f"sidecar {path.name} must hold a JSON object")
    return data


def embedded_tags(path: Path) -> dict[str, str]:
    """Licence and rights holder from the file's own tags; empty when it has none we can read."""
    from tinytag import TinyTag

    try:
        tag = TinyTag.get(path)
    except Exception:  # tinytag raises several types for files it cannot parse; tags are optional
        return {}
    found = {"licence": tag.other.get("license"), "author": tag.other.get("copyright")}
    found["author"] = found["author"] or ([tag.artist] if tag.artist else None)
    return {key: values[0] for key, values in found.items() if values and _given(values[0])}


def probe_audio(path: Path, silence_dbfs: float) -> tuple[dict[str, Any], str | None]:
    """Decode the whole file once: its format facts, or why it cannot be trained on."""
    peak, frames = 0.0, 0
    try:
        with sf.SoundFile(path) as f:
            info = {"sample_rate": f.samplerate, "channels": f.channels}
            for block in f.blocks(blocksize=1 << 16, dtype="float32", always_2d=True):
                if not np.isfinite(block).all():
                    return info, "contains NaN or infinite samples"
                frames += len(block)
                peak = max(peak, float(np.abs(block).max(initial=0.0)))
    except Exception as err:  # libsndfile reports corrupt data through several exception types
        return {}, f"cannot decode as audio: {err}"
    if frames == 0:
        return info, "no audio in the file (0 frames)"
    info["seconds"] = round(frames / info["sample_rate"], 6)
    peak_dbfs = 20 * math.log10(peak) if peak > 0 else -math.inf
    if peak_dbfs < silence_dbfs:
        return info, (
            f"all silent: peak {peak_dbfs:.1f} dBFS is below "
            f"dataset.audit.silence_dbfs ({silence_dbfs:g} dBFS)"
        )
    return info, None


def read_record(path: Path, rows: list[tuple[int, dict[str, str]]]) -> tuple[Record, list[str]]:
    """CSV row, then sidecar, then embedded tags for what both leave out; and what is wrong."""
    record, problems = Record(), []
    if len(rows) > 1:
        lines = ", ".join(str(line) for line, _ in rows)
        problems.append(f"listed {len(rows)} times in licences.csv (lines {lines})")
    elif rows:
        record.update(rows[0][1], "csv")
    try:
        sidecar = read_sidecar(path.with_name(path.name + ".json"))
    except ValueError as err:
        sidecar = None
        problems.append(str(err))
    if sidecar is not None:
        record.update(sidecar, "sidecar")
    elif not rows:
        problems.append("not listed in licences.csv and no sidecar .json")
    if "licence" not in record.values or "author" not in record.values:
        tags = {k: v for k, v in embedded_tags(path).items() if k not in record.values}
        record.update(tags, "tags")
    return record, problems


def audit_file(
    raw_dir: Path,
    rel: str,
    rows: list[tuple[int, dict[str, str]]],
    policy: LicencePolicy,
    checks: AuditChecks,
) -> dict[str, Any]:
    """One report entry; it has a `reason` when the file is rejected."""
    path = raw_dir / rel
    entry: dict[str, Any] = {"file": display_name(rel), "sha256": None}
    reasons: list[str] = []
    if problem := name_problem(rel):
        reasons.append(problem)
    try:
        size = path.stat().st_size
        if size > checks.max_file_mb * 1e6:
            reasons.append(
                f"file is {size / 1e6:.1f} MB, over dataset.audit.max_file_mb "
                f"({checks.max_file_mb:g})"
            )
        else:
            entry["sha256"] = sha256_file(path)
        if size == 0:
            reasons.append("file is empty (0 bytes)")
    except OSError as err:
        return entry | {"reason": f"cannot read the file: {err.strerror}"}

    record, record_problems = read_record(path, rows)
    reasons += record_problems
    licence, licence_reason = _check_licence(record, policy)
    if licence_reason and not record_problems:  # without a trusted record it says nothing new
        reasons.append(licence_reason)
    if prompt_reason := _check_prompt(record):
        reasons.append(prompt_reason)
    entry |= {
        "licence": licence,
        "licence_source": record.sources.get("licence"),
        "author": record.values.get("author"),
        "source_url": record.values.get("source_url"),
    }
    entry |= {key: record.values.get(key) for key in RECORD_FIELDS[3:]}
    if not reasons:
        info, problem = probe_audio(path, checks.silence_dbfs)
        entry |= info
        if problem:
            reasons.append(problem)
    if reasons:
        entry["reason"] = "; ".join(reasons)
    return entry


def _check_licence(record: Record, policy: LicencePolicy) -> tuple[str | None, str | None]:
    """The normalised licence (or the raw text when unknown) and the reason it is refused."""
    raw = record.values.get("licence")
    try:
        licence = normalise_licence(None if raw is None else str(raw))
    except UnknownLicence as err:
        return str(raw), str(err)
    if licence is None:
        return None, "no licence: the CSV row, the sidecar and the embedded tags give none"
    if reason := policy.violation(licence):
        return licence, reason
    if requires_attribution(licence) and not record.values.get("author"):
        return licence, f"{licence} requires attribution but no author is given"
    return licence, None


def _check_prompt(record: Record) -> str | None:
    """The structured prompt fields must format as the performer types them (ingest does it)."""
    fields = {k: record.values.get(k) for k in ("tempo", "key", "genre", "instrument")}
    try:
        build_prompt(str(record.values.get("prompt") or ""), **fields)
    except ValueError as err:
        return f"prompt field {err}"
    return None


def audit(
    raw_dir: str | Path, licences_csv: str | Path, policy: LicencePolicy, checks: AuditChecks
) -> dict[str, Any]:
    """The full report for every file and CSV row under raw_dir."""
    raw_dir = Path(raw_dir)
    rows, rejected = read_csv(Path(licences_csv))
    audio, ignored = find_files(raw_dir, list(checks.extensions))
    entries = []
    seen: set[str] = set()
    for rel in audio:
        key = unicodedata.normalize("NFC", rel)
        seen.add(key)
        entries.append(audit_file(raw_dir, rel, rows.get(key, []), policy, checks))
    for key, listed in rows.items():
        if key not in seen:
            exists = (raw_dir / key).exists()
            why = "is not an audio file" if exists else "has no file in data/raw"
            rejected.append(_row_entry(listed[0][1], f"CSV row (line {listed[0][0]}) {why}"))
    rejected += [e for e in entries if "reason" in e]
    accepted = [e for e in entries if "reason" not in e]
    per_licence = Counter(e["licence"] for e in accepted)
    return {
        "policy": policy.as_dict(),
        "summary": {
            "accepted": len(accepted),
            "rejected": len(rejected),
            "ignored": len(ignored),
            "accepted_per_licence": dict(sorted(per_licence.items())),
        },
        "accepted": sorted(accepted, key=lambda e: e["file"]),
        "rejected": sorted(rejected, key=lambda e: e["file"]),
        "ignored": ignored,
    }
