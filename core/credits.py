"""A bundle's `LICENCES.md` read back as credits: the base model and its licence, and each work.

`training.licence_card` writes the file with the labels and columns defined here, so the writer and
this reader share one spelling of the format; the projector (`inference.live.credits`) shows what
`read_credits` finds. The file is untrusted text: at most `MAX_CREDITS_BYTES` are read, fenced
blocks (the base's licence text, copied verbatim) are skipped, Markdown backslash escapes are
undone and nothing else is interpreted; each field is plain text, for callers to escape where they
print it (HTML on the projector).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.checkpoint import LICENCES_FILE

BASE_MODEL_LABEL = "Fine-tuned from"
BASE_LICENCE_LABEL = "Model card licence:"
WORK_COLUMNS = ("Work", "Author", "Licence", "Source", "Changes", "sha256")
# A festival bundle credits hundreds of works in well under this; a bigger file is cut here, so a
# hostile one costs the projector neither memory nor a page too large to send twice a second.
MAX_CREDITS_BYTES = 256 * 1024
MAX_WORKS = 1000  # rows shown at most (a cut file or list says so)
MAX_FIELD_CHARS = 200  # one title, author or licence name: beyond this it is cut with an ellipsis
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")  # CommonMark: a backslash before ASCII punctuation
_LINK = re.compile(r"\[((?:\\.|[^\\\]])*)\]\([^()\s]*\)")
_BREAKS = {"Cc", "Zl", "Zp"}  # not Cf: joiners belong to many names
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Work:
    """One credited work, as the table of the licence audit names it."""

    title: str
    author: str
    licence: str


@dataclass(frozen=True)
class Credits:
    """What one bundle's `LICENCES.md` credits; `found` is False for a bundle without one."""

    bundle: str  # the bundle folder's name
    found: bool
    base_model: str | None = None
    base_licence: str | None = None  # None: the model card states none
    works: tuple[Work, ...] = ()
    truncated: bool = False  # over MAX_CREDITS_BYTES or MAX_WORKS: the list stops where it was cut
    problem: str | None = None  # why the file could not be read


def plain(text: str) -> str:
    """Markdown escapes undone, control characters and line breaks as spaces, at most
    MAX_FIELD_CHARS."""
    text = _ESCAPED.sub(r"\1", text)
    text = "".join(" " if unicodedata.category(c) in _BREAKS else c for c in text).strip()
    return text if len(text) <= MAX_FIELD_CHARS else text[: MAX_FIELD_CHARS - 1] + "…"


def split_row(line: str) -> list[str]:
    """The raw cells of a table row, split on pipes no backslash escapes (as renderers do)."""
    cells, cell, chars = [], [], iter(line.strip())
    for char in chars:
        if char == "\\":
            cell += [char, next(chars, "")]
        elif char == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
    cells.append("".join(cell).strip())
    return cells[1:-1] if len(cells) > 1 and cells[0] == "" and cells[-1] == "" else cells


def licence_text(cell: str) -> str:
    """A licence cell's name: the link text of `[name](url)`, else the cell."""
    match = _LINK.fullmatch(cell)
    return plain(match.group(1) if match else cell)


def unfenced(lines: list[str]) -> list[str]:
    """The lines outside fenced code blocks (the base's licence text may hold anything)."""
    kept, fence = [], None
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None and match and match.group(1)[0] == fence[0]:
            if len(match.group(1)) >= len(fence) and not line[match.end() :].strip():
                fence = None
        elif fence is None:
            kept.append(line)
    return kept


def parse_credits(text: str, bundle: str, truncated: bool = False) -> Credits:
    """The credits of `LICENCES.md` text: the base lines and the rows of the works table."""
    base_model = base_licence = None
    works: list[Work] = []
    in_table = False
    for line in unfenced(text.splitlines()):
        if line.startswith(BASE_MODEL_LABEL) and base_model is None:
            rest = line[len(BASE_MODEL_LABEL) :].strip()
            code = re.fullmatch(r"`(.*)`\.?", rest)
            base_model = plain(code.group(1) if code else rest)
        elif line.startswith(BASE_LICENCE_LABEL) and base_licence is None:
            bold = re.fullmatch(r"\*\*(.*)\*\*\.?", line[len(BASE_LICENCE_LABEL) :].strip())
            base_licence = plain(bold.group(1)) if bold else None
        elif line.startswith("|"):
            cells = split_row(line)
            if tuple(plain(c) for c in cells) == WORK_COLUMNS:
                in_table = True
            elif in_table and len(cells) >= 3 and not set("".join(cells)) <= set("-: "):
                if len(works) == MAX_WORKS:
                    truncated = True
                    break
                works.append(Work(plain(cells[0]), plain(cells[1]), licence_text(cells[2])))
        else:
            in_table = False
    return Credits(bundle, True, base_model, base_licence, tuple(works), truncated)


def read_credits(bundle_dir: str | Path) -> Credits:
    """The credits of a bundle directory's `LICENCES.md` (its first MAX_CREDITS_BYTES); a bundle
    without one is `found=False`, an unreadable one names the problem; never raises OSError."""
    path = Path(bundle_dir) / LICENCES_FILE
    name = Path(bundle_dir).name
    if not path.is_file():
        return Credits(name, False)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CREDITS_BYTES + 1)
    except OSError as err:
        return Credits(name, False, problem=f"{LICENCES_FILE} cannot be read ({err.strerror})")
    truncated = len(data) > MAX_CREDITS_BYTES
    text = data[:MAX_CREDITS_BYTES].decode("utf-8", errors="replace")
    if truncated:  # the last line may be half a row
        text = text[: text.rfind("\n") + 1]
    return parse_credits(text, name, truncated)
