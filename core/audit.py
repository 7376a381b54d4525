"""The licence audit: proves that every recording in a folder may be used, or says why not.

Used by the DVC stage `training.audit` (the training data in `data/raw`) and by the riff library
(`inference.live.riffs`), with one policy (`conf/licences/`). Each audio file's record (its CSV
row, sidecar and embedded tags, `core.records`) must be free of conflicts and name exactly one
recognised licence (`core.licences`) that the policy allows; a file whose resolved path leaves the
folder (a symbolic link or otherwise) is rejected unread; the audio is decoded once to catch
corrupt, empty and silent files. `audit` returns the report: accepted and rejected files with
sha256, the licence as given beside its normalised id, author, source and the reason for every
rejection.
"""

from __future__ import annotations

import math
import os
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from core.files import sha256_file
from core.licences import LicencePolicy, UnknownLicence, requires_attribution
from core.parallel import map_in_order
from core.prompt import build_prompt
from core.records import (
    RECORD_FIELDS,
    AuditError,
    Pairs,
    Record,
    display_name,
    name_problem,
    outside,
    read_csv,
    read_record,
    row_entry,
)

__all__ = ["AuditChecks", "AuditError", "audit", "audit_file", "read_csv"]


@dataclass(frozen=True)
class AuditChecks:
    """What counts as audio and which files are unusable (conf/dataset `audit`, conf/riffs)."""

    extensions: tuple[str, ...]
    max_file_mb: float
    silence_dbfs: float


def find_files(raw_dir: Path, extensions: list[str]) -> tuple[list[str], list[dict]]:
    """Audio files under raw_dir (relative paths), and entries for everything else skipped."""
    if not raw_dir.is_dir():
        raise AuditError(f"{raw_dir}: no such directory (dataset.raw_dir)")
    audio, ignored = [], []
    extensions = {e.lower() for e in extensions}
    for root, dirs, files in os.walk(raw_dir):
        dirs.sort()
        for name in [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = os.path.relpath(os.path.join(root, name), raw_dir).replace(os.sep, "/")
            ignored.append({"file": display_name(rel), "reason": "link to a folder (not followed)"})
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


def audit_file(
    raw_dir: Path,
    rel: str,
    rows: list[tuple[int, Pairs]],
    policy: LicencePolicy,
    checks: AuditChecks,
) -> dict[str, Any]:
    """One report entry; it has a `reason` when the file is rejected."""
    path = raw_dir / rel
    entry: dict[str, Any] = {"file": display_name(rel), "sha256": None}
    if why := outside(raw_dir, path):  # never read what lies outside: not even its hash
        return entry | {"licence": None, "reason": f"the file {why}"}
    reasons: list[str] = []
    if problem := name_problem(rel):
        reasons.append(problem)
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a FIFO or device would block or never end
            return entry | {"licence": None, "reason": "not a regular file (pipe or device)"}
        size = status.st_size
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

    record, record_problems = read_record(raw_dir, path, rows)
    reasons += record_problems
    licence, licence_reason = _check_licence(record, policy)
    if licence_reason and not record_problems:  # without a trusted record it says nothing new
        reasons.append(licence_reason)
    if prompt_reason := _check_prompt(record):
        reasons.append(prompt_reason)
    entry |= {
        "licence": licence,
        "licence_given": record.given.get("licence"),
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
    """The normalised licence (None when there is none) and the reason it is refused."""
    try:
        licence = policy.normalise(record.given.get("licence"))
    except UnknownLicence as err:
        return None, str(err)
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


def audit_job(job: tuple[Path, str, list[tuple[int, Pairs]], LicencePolicy, AuditChecks]) -> dict:
    """`audit_file` in a worker process: whatever goes wrong rejects the one file, never the run."""
    raw_dir, rel, rows, policy, checks = job
    try:
        return audit_file(raw_dir, rel, rows, policy, checks)
    except Exception as err:  # one unreadable file among thousands must not stop the others
        return audit_crashed(job, f"cannot audit: {err!r}")


def audit_crashed(job: tuple[Path, str, Any, Any, Any], why: str) -> dict[str, Any]:
    """The rejection of a file whose audit failed or killed its worker process."""
    return {"file": display_name(job[1]), "sha256": None, "licence": None, "reason": why}


def audit(
    raw_dir: str | Path,
    licences_csv: str | Path,
    policy: LicencePolicy,
    checks: AuditChecks,
    jobs: int,
) -> dict[str, Any]:
    """The full report for every file and CSV row under raw_dir; files are audited over `jobs`
    processes (`core.parallel`), the report is the same for any `jobs`."""
    raw_dir = Path(raw_dir)
    rows, rejected = read_csv(Path(licences_csv))
    audio, ignored = find_files(raw_dir, list(checks.extensions))
    keys = [unicodedata.normalize("NFC", rel) for rel in audio]
    seen = set(keys)
    work = [
        (raw_dir, rel, rows.get(key, []), policy, checks)
        for rel, key in zip(audio, keys, strict=True)
    ]
    entries = list(map_in_order(audit_job, work, jobs, "audit", audit_crashed))
    for key, listed in rows.items():
        if key not in seen:
            exists = (raw_dir / key).exists()
            why = "is not an audio file" if exists else "has no file in data/raw"
            rejected.append(row_entry(listed[0][1], f"CSV row (line {listed[0][0]}) {why}"))
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
