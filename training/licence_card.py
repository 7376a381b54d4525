"""The licence card: `ATTRIBUTION.md` per audited work, and a bundle's `LICENCES.md`.

`ATTRIBUTION.md` (written by the `audit` stage) credits every accepted work: title (the `title`
field, else the file name), author, licence name with a link, source, what was done to it, its
sha256 and the audit date. `LICENCES.md` (written into every bundle by `export`) adds the base
model's licence: the text of the `LICENSE` file of the base checkpoint directory, copied as is,
and the licence name of its model card (`license_name:`, else `license:`, in the front matter of
its `README.md`); nothing about the base is assumed. Every value that comes from a user's file is
escaped, so a title or author prints as written and never becomes a link, HTML or a table cell.
The labels and columns the projector reads back (`core.credits`) are spelled there, once.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from core.checkpoint import LICENCES_FILE
from core.credits import BASE_LICENCE_LABEL, BASE_MODEL_LABEL, WORK_COLUMNS
from core.licences import licence_name, licence_url

ATTRIBUTION_FILE = "ATTRIBUTION.md"
BASE_LICENCE_FILE = "LICENSE"  # the name the bundle gives the base's licence text
LICENCE_FILE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "LICENCE.md")
MODEL_CARD = "README.md"
MODIFICATION = "cut into short windows and used to train a model"
_URL = re.compile(r"https?://[^\s<>\"'`\\|\[\]()]+")


def md_text(value: Any) -> str:
    """One line of Markdown that prints `value` as written: control characters become spaces,
    every character Markdown or HTML could act on is backslash-escaped."""
    text = "".join(
        " " if unicodedata.category(c)[0] in "CZ" and c != " " else c for c in str(value)
    )
    return "".join("\\" + c if c in "\\`*_[]<>|#!~&" else c for c in text).strip()


def md_link(url: Any) -> str:
    """`<url>` for a plain http(s) URL, else the text escaped (never a javascript: link)."""
    if url is None or str(url).strip() == "":
        return "-"
    text = str(url).strip()
    return f"<{text}>" if _URL.fullmatch(text) else md_text(text)


def licence_cell(licence: str) -> str:
    url = licence_url(licence)
    name = f"{licence_name(licence)} ({licence})" if licence_name(licence) != licence else licence
    return f"[{md_text(name)}]({url})" if url else md_text(name)


def attribution_markdown(report: dict[str, Any], audited_on: str, report_name: str) -> str:
    """ATTRIBUTION.md: one row per accepted work, whatever its licence."""
    lines = [
        "# Attribution",
        "",
        f"Works in the training data, audited on {audited_on} by `python -m training.audit`",
        f"(the full audit: `{report_name}`). Each work was {MODIFICATION}; no work is",
        "distributed whole.",
        "",
    ]
    if not report["accepted"]:
        return "\n".join([*lines, "No work was accepted."]) + "\n"
    lines += [
        "| " + " | ".join(WORK_COLUMNS) + " |",
        "|" + " --- |" * len(WORK_COLUMNS),
    ]
    for e in report["accepted"]:
        title = e.get("title") or Path(str(e["file"])).name
        author = md_text(e["author"]) if e.get("author") else "-"
        cells = [md_text(title), author, licence_cell(e["licence"]), md_link(e.get("source_url")),
                 MODIFICATION, f"`{e['sha256']}`" if e.get("sha256") else "-"]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def base_licence_file(base_dir: Path) -> Path | None:
    return next((base_dir / n for n in LICENCE_FILE_NAMES if (base_dir / n).is_file()), None)


def model_card_licence(base_dir: Path) -> str | None:
    """`license_name` (else `license`) of the model card's front matter; None without one."""
    card = base_dir / MODEL_CARD
    try:
        text = card.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", text, re.DOTALL)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    value = meta.get("license_name") or meta.get("license")
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value) if value not in (None, "") else None


def fenced(text: str) -> list[str]:
    """`text` verbatim in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text.rstrip("\n"), fence]


def licences_markdown(base_dir: Path, attribution: str | None) -> tuple[str, list[str]]:
    """LICENCES.md for a bundle fine-tuned from `base_dir`, and what is missing (warnings)."""
    missing = []
    licence_path = base_licence_file(base_dir)
    card = model_card_licence(base_dir)
    lines = ["# Licences", "", "## The base model", ""]
    lines.append(f"{BASE_MODEL_LABEL} `{md_text(base_dir.name)}`.")
    if card:
        lines.append(f"{BASE_LICENCE_LABEL} **{md_text(card)}**.")
    else:
        lines.append(f"{BASE_LICENCE_LABEL} not stated (no `license:` in its `{MODEL_CARD}`).")
        missing.append(f"{base_dir / MODEL_CARD}: no model card with a `license:` field")
    lines.append("")
    if licence_path is not None:
        text = licence_path.read_text(encoding="utf-8", errors="replace")
        lines += [f"The base's `{licence_path.name}`, as distributed with it:", "", *fenced(text)]
    else:
        lines.append(
            "**The base checkpoint has no LICENSE file: its licence is unknown. Find it before "
            "sharing this model or what it generates.**"
        )
        missing.append(f"{base_dir}: no {' / '.join(LICENCE_FILE_NAMES)} file")
    lines += ["", "## The training data", ""]
    if attribution is None:
        lines.append("No licence audit was found for the training data.")
        missing.append(f"no {ATTRIBUTION_FILE} from the licence audit")
    else:  # its headings one level down, under this one
        lines += [
            ("#" + line if line.startswith("#") else line) for line in attribution.splitlines()
        ]
    return "\n".join(lines) + "\n", missing


def write_licences(bundle_dir: Path, base_dir: Path, audit_dir: Path) -> list[str]:
    """LICENCES.md (and the base's licence text as LICENSE) into a bundle being built; returns
    what is missing, for the caller to report."""
    attribution_path = audit_dir / ATTRIBUTION_FILE
    attribution = (
        attribution_path.read_text(encoding="utf-8") if attribution_path.is_file() else None
    )
    text, missing = licences_markdown(base_dir, attribution)
    (bundle_dir / LICENCES_FILE).write_text(text, encoding="utf-8")
    if (licence_path := base_licence_file(base_dir)) is not None:
        shutil.copyfile(licence_path, bundle_dir / BASE_LICENCE_FILE)
    return missing
