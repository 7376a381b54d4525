"""The licence card: ATTRIBUTION.md per work, a bundle's LICENCES.md from the base's own files,
and every hostile title, author, URL or licence file printing as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.licences import licence_name
from tests.helpers import ROOT, noise_in
from training.licence_card import (
    MODEL_CARD,
    attribution_markdown,
    licences_markdown,
    md_link,
    md_text,
    model_card_licence,
    write_licences,
)

SHA = "ab" * 32


def entry(**values: object) -> dict:
    return {"file": "pads/warm.wav", "licence": "CC-BY-4.0", "author": "Ann", "sha256": SHA,
            "source_url": "https://example.org/1", **values}  # fmt: skip


def rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and SHA in line]


def cells(row: str) -> list[str]:
    """A table row split as a Markdown renderer splits it: on pipes not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]


def test_one_row_per_work_with_everything_a_festival_asks_for() -> None:
    cc0 = entry(file="x/cc0.flac", licence="CC0-1.0", author=None, source_url=None)
    report = {"accepted": [entry(title="Warm Pad"), cc0]}
    card = attribution_markdown(report, "2026-12-03", "licence_report.json")
    assert "audited on 2026-12-03" in card and "cut into short windows" in card
    first, second = (cells(r) for r in rows(card))
    assert first[0] == "Warm Pad" and first[1] == "Ann"
    assert first[2] == (
        "[Creative Commons Attribution 4.0 International (CC-BY-4.0)]"
        "(https://creativecommons.org/licenses/by/4.0/)"
    )
    assert first[3] == "<https://example.org/1>" and first[5] == f"`{SHA}`"
    assert "used to train a model" in first[4]
    # no title: the file name; no author or source: a dash; CC0 is listed too
    assert second[:2] == ["cc0.flac", "-"] and "CC0 1.0 Universal" in second[2] and second[3] == "-"
    empty = attribution_markdown({"accepted": []}, "2026-12-03", "r.json")
    assert "No work was accepted" in empty and "|" not in empty


HOSTILE = [
    "a | b",
    "two\nlines",
    "cr\r\nlf",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](http://evil.example/x.png)",
    "**bold** _it_ `code`",
    "# heading",
    "back\\slash |",
    "&lt;entity&gt;",
    "tab\there",
    "line\u2028sep",
    "zero\u200bwidth",
    "~~strike~~",
    "| --- |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_titles_and_authors_stay_one_cell_of_plain_text(text: str) -> None:
    card = attribution_markdown({"accepted": [entry(title=text, author=text)]}, "d", "r.json")
    (row,) = rows(card)  # one line: no newline got through
    assert len(cells(row)) == 6  # no pipe got through
    for cell in cells(row)[:2]:
        assert not re.search(r"(?<!\\)[<>\[\]`*_#|&!~]", cell), cell  # all escaped
        unescaped = re.sub(r"\\(.)", r"\1", cell)
        assert unescaped == " ".join(re.sub(r"[\s\u200b]", " ", text).split(" ")).strip()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://ok.example/a b", "http://x.example/<script>",
     "data:text/html,x", "https://x.example/a|b", "ftp://x.example/f"],
)  # fmt: skip
def test_a_source_that_is_not_a_plain_web_url_is_never_a_link(url: str) -> None:
    assert not md_link(url).startswith("<")
    assert md_link("https://freesound.org/s/1/") == "<https://freesound.org/s/1/>"


def test_licence_names_come_from_the_id() -> None:
    assert licence_name("CC-BY-3.0") == "Creative Commons Attribution 3.0 Unported"
    assert (
        licence_name("CC-BY-SA-4.0") == "Creative Commons Attribution-ShareAlike 4.0 International"
    )
    assert licence_name("LicenseRef-CC-Sampling-Plus-1.0") == "Creative Commons Sampling Plus 1.0"
    assert licence_name("LicenseRef-Own-Work") == "LicenseRef-Own-Work"


def base_dir(tmp_path: Path, licence: str | None, card: str | None) -> Path:
    base = tmp_path / "base"
    base.mkdir()
    if licence is not None:
        (base / "LICENSE").write_text(licence, encoding="utf-8")
    if card is not None:
        (base / MODEL_CARD).write_text(card, encoding="utf-8")
    return base


SAO_CARD = (
    "---\nlicense: other\nlicense_name: stabilityai-ai-community\nlicense_link: LICENSE\n---\n# x\n"
)


def test_bundle_licences_copy_the_base_licence_and_the_card_name(tmp_path: Path) -> None:
    text = "STABILITY AI COMMUNITY LICENSE AGREEMENT\n```\nnot a fence end\n````\n"
    base = base_dir(tmp_path, text, SAO_CARD)
    audit = tmp_path / "audit"
    audit.mkdir()
    (audit / "ATTRIBUTION.md").write_text(
        attribution_markdown({"accepted": [entry()]}, "2026-12-03", "r.json"), encoding="utf-8"
    )
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    assert write_licences(bundle, base, audit) == []
    licences = (bundle / "LICENCES.md").read_text(encoding="utf-8")
    assert (
        "**stabilityai\\-ai\\-community**" in licences or "**stabilityai-ai-community**" in licences
    )
    assert text.rstrip("\n") in licences  # verbatim, in a fence longer than its own backticks
    assert "\n`````text\n" in licences
    assert (bundle / "LICENSE").read_text(encoding="utf-8") == text
    assert "## Attribution" in licences and len(rows(licences)) == 1


@pytest.mark.parametrize(
    ("licence", "card", "missing"),
    [
        (None, SAO_CARD, ["no LICENSE"]),
        ("text", None, ["no model card"]),
        ("text", "no front matter\nlicense: mit\n", ["no model card"]),
        ("text", "---\nlicense: [unclosed\n---\n", ["no model card"]),
        ("text", "---\n- a list\n---\n", ["no model card"]),
        ("text", "---\nlicense:\n---\n", ["no model card"]),
        (None, None, ["no model card", "no LICENSE"]),
    ],
)
def test_a_base_without_licence_files_is_said_loudly_never_guessed(
    tmp_path: Path, licence: str | None, card: str | None, missing: list[str]
) -> None:
    base = base_dir(tmp_path, licence, card)
    text, problems = licences_markdown(base, None)
    assert len(problems) == len(missing) + 1  # + no audit
    for word, problem in zip(missing, problems, strict=False):
        assert word in problem
    assert "No licence audit was found" in text
    if licence is None:
        assert "licence is unknown" in text
    if card is not None and "license: mit" in card:
        assert "mit" not in text.lower().replace("submit", "")


def test_card_licence_as_a_list_and_hostile_names(tmp_path: Path) -> None:
    base = base_dir(tmp_path, "t", "---\nlicense: [mit, apache-2.0]\n---\n")
    assert model_card_licence(base) == "mit, apache-2.0"
    (base / MODEL_CARD).write_text("---\nlicense_name: '<b>x</b> | y'\n---\n")
    text, _ = licences_markdown(base, None)
    assert "<b>" not in text and md_text("<b>x</b> | y") in text


def test_make_tiny_writes_its_licence_and_card_without_console_noise(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "training.make_tiny", f"out={tmp_path / 'tiny'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert noise_in(done.stdout + done.stderr) == [], done.stdout + done.stderr
    assert len((done.stdout + done.stderr).strip().splitlines()) == 1  # just "wrote ..."
    assert model_card_licence(tmp_path / "tiny") == "cc0-1.0"
    assert "CC0" in (tmp_path / "tiny" / "LICENSE").read_text()
