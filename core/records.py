"""The records of an audited folder: what `licences.csv`, sidecars and embedded tags say per file.

Each audio file needs a record: its row in the folder's `licences.csv` (columns `file`, `licence`,
`author`, `source_url`, `prompt`, optional `tempo`, `key`, `genre`, `instrument`, `title`),
overridden key by key by a sidecar `<audio file>.json`; a licence or author that neither gives is
read from the file's embedded tags (Vorbis `LICENSE`/`COPYRIGHT`, ID3 `WCOP`/`TCOP`). Column and
sidecar keys are read trimmed and case-folded, `license` as `licence`. Nothing is "last one wins":
a field given twice in one source with different values (`licence` and `license`, a repeated JSON
key or column, two `LICENSE` tags), a file listed twice, a row with more cells than the header and
a sidecar whose resolved path leaves the folder are problems the audit (`core.audit`) rejects.
"""

from __future__ import annotations

import csv
import io
import json
import os
import posixpath
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.licences import UnknownLicence, normalise_licence

RECORD_FIELDS = (
    "licence", "author", "source_url", "prompt", "tempo", "key", "genre", "instrument", "title",
)  # fmt: skip
FIELD_ALIASES = {"license": "licence"}  # the US spelling is accepted in the CSV and sidecars
Pairs = list[tuple[str, Any]]  # a record's keys and values in the order its source gives them
CsvRows = dict[str, list[tuple[int, Pairs]]]  # file key -> (line number, cells) per row


class AuditError(Exception):
    """Input the audit cannot go on without (an unreadable CSV); names the file and the reason."""


@dataclass
class Record:
    """What the CSV row and the sidecar say about one file, where each value came from, the
    values as given (untrimmed) and the conflicts found."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    given: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def update(self, pairs: Iterable[tuple[str, Any]], source: str, where: str = "") -> None:
        """A later source overrides key by key; within one source (`where` names it in a
        conflict) a key must not disagree."""
        values, conflicts = merge_keys(pairs, where or source)
        self.problems += conflicts
        for key, value in values.items():
            if key in RECORD_FIELDS and _given(value):
                self.values[key] = value.strip() if isinstance(value, str) else value
                self.sources[key] = source
                self.given[key] = value


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def field_key(name: Any) -> str:
    """A column or sidecar key as the audit reads it: trimmed, case-folded, US spelling mapped."""
    key = str(name).strip().casefold()
    return FIELD_ALIASES.get(key, key)


def merge_keys(pairs: Iterable[tuple[str, Any]], source: str) -> tuple[dict[str, Any], list[str]]:
    """The first given value of each field, and a problem for each field given twice with
    different values (`licence` and `license`, a repeated key or column, two tags)."""
    values: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    conflicts: list[str] = []
    for name, value in pairs:
        key = field_key(name)
        if key not in values or not _given(values[key]):
            values[key], spelled[key] = value, str(name)
        elif _given(value) and _comparable(value) != _comparable(values[key]):
            conflicts.append(
                f"conflicting {key} in {source}: {values[key]!r} ({spelled[key].strip()}) and "
                f"{value!r} ({str(name).strip()})"
            )
    return values, conflicts


def _comparable(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else json.dumps(value, sort_keys=True)


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
    """A path from the CSV as a key: relative to data/raw, `/`-separated, `.`, `..` and doubled
    slashes resolved (so `./a.wav` and `b/../a.wav` are `a.wav`), Unicode NFC; case kept."""
    path = text.strip().replace("\\", "/")
    key = posixpath.normpath(path) if path else ""
    if not key or key == "." or path.startswith("/") or key.split("/")[0] == "..":
        raise ValueError(f"{text!r} is not a path relative to data/raw")
    return unicodedata.normalize("NFC", key)


def read_csv(path: Path) -> tuple[CsvRows, list[dict]]:
    """Rows by file key (with their line numbers), and entries for rows that cannot be used."""
    if not path.exists():
        return {}, []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AuditError(
            f"{path}: not UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_rows(path, reader)
    except csv.Error as err:  # e.g. a NUL byte, which no CSV field may hold
        raise AuditError(f"{path} line {reader.line_num}: not a CSV file ({err})") from None


def _read_rows(path: Path, reader: Any) -> tuple[CsvRows, list[dict]]:
    header = next(reader, [])
    missing = [c for c in ("file", "licence") if c not in {field_key(h) for h in header}]
    if missing:
        raise AuditError(f"{path}: missing column(s) {', '.join(missing)} in the header line")
    rows: CsvRows = {}
    bad: list[dict] = []
    for cells in reader:
        if not cells:
            continue
        where = f"licences.csv line {reader.line_num}"
        pairs = list(zip(header, cells, strict=False))
        values, conflicts = merge_keys(pairs, where)
        if extra := [c for c in cells[len(header) :] if c.strip()]:
            why = f"{len(header) + len(extra)} cells, the header has {len(header)} columns"
            bad.append(row_entry(pairs, f"{where}: {why} (quote a field holding a comma)"))
            continue
        try:
            if any(c.startswith("conflicting file") for c in conflicts):
                raise ValueError("; ".join(conflicts))
            key = csv_key(values.get("file") or "")
        except ValueError as err:
            bad.append(row_entry(pairs, f"{where}: {err}"))
            continue
        rows.setdefault(key, []).append((reader.line_num, pairs))
    return rows, bad


def row_entry(pairs: Pairs, reason: str) -> dict:
    """The report entry of a CSV row that names no usable audio file."""
    values = merge_keys(pairs, "")[0]
    given = values.get("licence")
    try:
        licence = normalise_licence(given)
    except UnknownLicence:
        licence = None
    entry = {"file": values.get("file") or "", "sha256": None, "licence": licence}
    return entry | {
        "licence_given": given,
        "author": values.get("author"),
        "source_url": values.get("source_url"),
        "reason": reason,
    }


def read_sidecar(path: Path) -> Pairs | None:
    """The sidecar's top-level keys and values in file order (a repeated key stays visible)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=JsonObject)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ValueError(f"sidecar {path.name} is not valid UTF-8 JSON ({err})") from None
    if not isinstance(data, JsonObject):
        raise ValueError(f"sidecar {path.name} must hold a JSON object")
    return list(data)


class JsonObject(list):
    """A JSON object as its (key, value) pairs: json.loads would keep only a repeated key's last."""


def embedded_tags(path: Path) -> Pairs:
    """Licences and rights holders from the file's own tags (every value, so that two different
    licences conflict); empty when it has none we can read."""
    from tinytag import TinyTag

    try:
        tag = TinyTag.get(path)
    except Exception:  # tinytag raises several types for files it cannot parse; tags are optional
        return []
    authors = tag.other.get("copyright") or ([tag.artist] if tag.artist else [])
    found = [("licence", v) for v in tag.other.get("license") or []]
    return [(key, v) for key, v in found + [("author", v) for v in authors] if _given(v)]


def outside(root: Path, path: Path) -> str | None:
    """Why `path` (symlinks resolved) is not inside `root`, or None when it is."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as err:  # a dangling or looping link
        return f"cannot be resolved ({getattr(err, 'strerror', None) or err})"
    if resolved.is_relative_to(root.resolve()):
        return None
    return f"resolves to {display_name(str(resolved))}, outside the audited folder {root}"


def read_record(root: Path, path: Path, rows: list[tuple[int, Pairs]]) -> tuple[Record, list[str]]:
    """CSV row, then sidecar, then embedded tags for what both leave out; and what is wrong."""
    record, problems = Record(), []
    if len(rows) > 1:
        lines = ", ".join(str(line) for line, _ in rows)
        problems.append(f"listed {len(rows)} times in licences.csv (lines {lines})")
    elif rows:
        record.update(rows[0][1], "csv", f"licences.csv line {rows[0][0]}")
    sidecar_path = path.with_name(path.name + ".json")
    try:
        if sidecar_path.is_symlink() and (why := outside(root, sidecar_path)):
            raise ValueError(f"sidecar {sidecar_path.name} {why}")
        sidecar = read_sidecar(sidecar_path)
    except ValueError as err:
        sidecar = None
        problems.append(str(err))
    if sidecar is not None:
        record.update(sidecar, "sidecar")
    elif not rows:
        problems.append("not listed in licences.csv and no sidecar .json")
    if "licence" not in record.values or "author" not in record.values:
        tags = [(k, v) for k, v in embedded_tags(path) if k not in record.values]
        record.update(tags, "tags")
    return record, problems + record.problems
