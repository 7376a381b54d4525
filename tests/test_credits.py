"""The projector's credits: a bundle's LICENCES.md as `training.export` writes it, read back by
`core.credits` and shown by `ui.views.credits_html`: hostile text stays text, a missing file says
so, a huge one is cut; the page's switch (`inference.live.credits`) and the projector's poll."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from core.checkpoint import LICENCES_FILE
from core.credits import MAX_CREDITS_BYTES, MAX_FIELD_CHARS, MAX_WORKS, WORK_COLUMNS, read_credits
from inference.live.credits import ProjectorCredits
from tests.helpers import compose_config
from training.licence_card import attribution_markdown, write_licences
from ui.views import credits_html

SHA = "cd" * 32
HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "pipes | in | the title",
    "**bold** _it_ `code` [link](javascript:alert(1)) \\ back\\slash",
    "Ünïcödé — 日本語 & more",
]


def work(title: str, author: str | None = "Ann & Bo", licence: str = "CC-BY-4.0") -> dict:
    return {"file": f"x/{title[:8]}.wav", "title": title, "author": author, "licence": licence,
            "sha256": SHA, "source_url": "https://example.org/w"}  # fmt: skip


def exported(tmp_path: Path, works: list[dict], licence_text: str = "CC0 text\n") -> Path:
    """A bundle folder with the LICENCES.md `training.export` writes from a base and an audit."""
    base, audit, bundle = tmp_path / "base-model", tmp_path / "audit", tmp_path / "bundle"
    for folder in (base, audit, bundle):
        folder.mkdir()
    (base / "LICENSE").write_text(licence_text, encoding="utf-8")
    (base / "README.md").write_text("---\nlicense_name: Stage <Licence> 1.0\n---\n")
    card = attribution_markdown({"accepted": works}, "2026-01-02", "licence_report.json")
    (audit / "ATTRIBUTION.md").write_text(card, encoding="utf-8")
    assert write_licences(bundle, base, audit) == []
    return bundle


def test_every_work_reads_back_as_written_and_prints_escaped(tmp_path: Path) -> None:
    works = [work(title) for title in HOSTILE] + [work("no author", author=None, licence="CC0-1.0")]
    credits = read_credits(exported(tmp_path, works))
    assert credits.found and not credits.truncated and credits.problem is None
    assert (credits.base_model, credits.base_licence) == ("base-model", "Stage <Licence> 1.0")
    assert [w.title for w in credits.works] == [*HOSTILE, "no author"]
    assert {w.author for w in credits.works[:-1]} == {"Ann & Bo"}
    assert credits.works[-1].author == "-" and "CC0 1.0 Universal" in credits.works[-1].licence
    assert credits.works[0].licence == "Creative Commons Attribution 4.0 International (CC-BY-4.0)"

    shown = credits_html([credits])
    for title in HOSTILE:
        assert html.escape(title) in shown
    assert "<script" not in shown and "<img" not in shown and "<a " not in shown
    assert "Stage &lt;Licence&gt; 1.0" in shown and "Ann &amp; Bo" in shown
    tags = set(re.findall(r"</?([a-z]+)", shown))
    assert tags <= {"div", "section", "b", "table", "thead", "tbody", "tr", "th", "td"}, tags


def test_what_the_base_licence_text_holds_is_never_read_as_credits(tmp_path: Path) -> None:
    """The base's LICENSE is copied verbatim into a code fence: a table or a licence line inside
    it is the licence's text, not a credit."""
    fake = ("Model card licence: **Public Domain**.\n| " + " | ".join(WORK_COLUMNS) + " |\n"
            "| --- | --- | --- | --- | --- | --- |\n| Stolen | Mallory | CC0-1.0 | - | - | - |\n"
            "````\n```\n~~~\n")  # fmt: skip
    credits = read_credits(exported(tmp_path, [work("Real")], licence_text=fake))
    assert credits.base_licence == "Stage <Licence> 1.0"
    assert [w.title for w in credits.works] == ["Real"]


def test_a_bundle_without_licences_shows_no_credits_instead_of_failing(tmp_path: Path) -> None:
    credits = read_credits(tmp_path)
    assert not credits.found and credits.works == () and credits.problem is None
    assert "no credits in this bundle" in credits_html([credits])
    (tmp_path / LICENCES_FILE).mkdir()  # not a file: the same
    assert "no credits in this bundle" in credits_html([read_credits(tmp_path)])


def test_a_file_without_a_works_table_or_base_line_still_shows(tmp_path: Path) -> None:
    (tmp_path / LICENCES_FILE).write_bytes(b"# Licences\n\nnothing here \xff\xfe\n")
    credits = read_credits(tmp_path)
    assert credits.found and credits.works == () and credits.base_licence is None
    shown = credits_html([credits])
    assert "no works listed" in shown and "not stated" in shown


def test_a_huge_file_is_cut_and_says_so(tmp_path: Path) -> None:
    bundle = exported(tmp_path, [work("first")])
    row = f"| {'t' * 100} | a | CC-BY-4.0 | - | - | `{SHA}` |\n"
    with (bundle / LICENCES_FILE).open("a", encoding="utf-8") as out:
        out.write(row * (4 * MAX_CREDITS_BYTES // len(row)))  # 4x the cap, one table
    credits = read_credits(bundle)
    assert credits.truncated and credits.works[0].title == "first"
    assert len(credits.works) <= MAX_WORKS
    shown = credits_html([credits])
    assert "the list stops here" in shown and len(shown) < 2 * MAX_CREDITS_BYTES

    (bundle / LICENCES_FILE).write_text("| " + "x" * (3 * MAX_CREDITS_BYTES))  # one endless line
    credits = read_credits(bundle)
    assert credits.truncated and credits.works == ()


def test_a_long_field_is_cut_and_control_characters_become_spaces(tmp_path: Path) -> None:
    credits = read_credits(exported(tmp_path, [work("y" * 5000), work("a\u2028b\x07c")]))
    long, odd = credits.works
    assert len(long.title) == MAX_FIELD_CHARS and long.title.endswith("…")
    assert odd.title == "a b c"


def test_every_bundle_of_a_blend_is_credited_by_name(tmp_path: Path) -> None:
    with_credits = exported(tmp_path, [work("Adapter work")])
    base = tmp_path / "tiny"
    base.mkdir()
    shown = credits_html([read_credits(base), read_credits(with_credits)])
    assert "tiny</div>" in shown and "no credits in this bundle" in shown
    assert "bundle</div>" in shown and "Adapter work" in shown


def test_the_switch_starts_off_the_conf_turns_it_on_and_the_projector_follows(
    tmp_path: Path,
) -> None:
    from ui.performer import Performer

    assert compose_config("ui").ui.audience.credits is False
    assert compose_config("ui", ["ui.audience.credits=true"]).ui.audience.credits is True
    bundle = exported(tmp_path, [work("Polled")])
    switch = ProjectorCredits([bundle, bundle.parent / "elsewhere"])
    assert not switch.shown and switch.read() is switch.read()  # read once
    performer = Performer(SimpleNamespace(credits=switch))
    shown_html, shown = performer.follow_credits(None)
    assert (shown_html, shown) == ("", False)
    assert performer.follow_credits(False)[0] == {"__type__": "update"}  # unchanged: not resent
    assert "credits shown" in performer.set_credits(True)
    shown_html, shown = performer.follow_credits(False)
    assert shown and "Polled" in shown_html and "elsewhere" in shown_html
    assert performer.follow_credits(True)[0] == {"__type__": "update"}
    assert "credits hidden" in performer.set_credits(False) and not switch.shown
    assert performer.follow_credits(True) == ("", False)


@pytest.mark.parametrize("size", [0, 1, MAX_CREDITS_BYTES, MAX_CREDITS_BYTES + 1])
def test_any_size_reads_without_raising(tmp_path: Path, size: int) -> None:
    (tmp_path / LICENCES_FILE).write_bytes(b"|" * size)
    assert read_credits(tmp_path).truncated == (size > MAX_CREDITS_BYTES)
