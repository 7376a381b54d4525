"""The performer page's credits switch and Seed field, end to end in headless Chromium: `ui.app`
over an exported bundle (the tiny base with the LICENCES.md `training.export` writes), the
projector (`/audience`) following the switch live, the Seed field showing "random" unless locked.
Screenshots at 1366x768 go to test-artifacts/."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from tests.helpers import ARTIFACTS, compose_config, free_tcp_port, free_udp_port

STAGE = {"width": 1366, "height": 768}
INJECTED = '<img src=x onerror="window.__injected = 1">'  # a title that must stay text
WORKS = [("Rain on a tin roof", "Ann Example", "CC-BY-4.0"), (INJECTED, None, "CC0-1.0")]


def exported_bundle(tiny: Path, root: Path) -> Path:
    """The tiny base copied as a bundle, with the LICENCES.md export writes from its audit."""
    from training.licence_card import ATTRIBUTION_FILE, attribution_markdown, write_licences

    bundle, audit = root / "stage-bundle", root / "audit"
    shutil.copytree(tiny, bundle)
    audit.mkdir()
    report = {"accepted": [
        {"file": f"w{i}.wav", "title": title, "author": author, "licence": licence,
         "sha256": "ab" * 32, "source_url": "https://example.org/w"}
        for i, (title, author, licence) in enumerate(WORKS)
    ]}  # fmt: skip
    card = attribution_markdown(report, "2026-01-02", "licence_report.json")
    (audit / ATTRIBUTION_FILE).write_text(card, encoding="utf-8")
    assert write_licences(bundle, tiny, audit) == []
    return bundle


@pytest.fixture(scope="module")
def app(tiny_checkpoint: Path, tmp_path_factory):
    from inference.live.engine import build_engine
    from ui.app import launch
    from ui.page import build_ui

    root = tmp_path_factory.mktemp("page-ui")
    port = free_tcp_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_SERVER_PORT", str(port))
        cfg = compose_config("ui", [
            f"bundle={exported_bundle(tiny_checkpoint, root)}",
            f"paths.fragments_dir={root / 'fragments'}", f"delivery.port={free_udp_port()}",
            "control.port=null", f"riffs.root={root / 'riffs'}", "ui.audience.refresh_s=0.2",
        ])  # fmt: skip
        engine = build_engine(cfg)
        demo = build_ui(engine, cfg.ui, cfg.inference.request)
        url = launch(cfg, demo)
    yield url, root / "fragments"
    demo.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=STAGE)
    context.set_default_timeout(60_000)
    yield context
    context.close()


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.locator("#status", has_text="ready").wait_for()  # the load events are done
    return page


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def luminance(page, selector: str, prop: str) -> float:
    rgb = page.evaluate(f"s => getComputedStyle(document.querySelector(s)).{prop}", selector)
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def new_entry(fragments: Path, before: int, timeout: float = 60.0) -> dict:
    """The index's newest entry once it has more than `before`."""
    deadline = time.monotonic() + timeout
    while len(entries(fragments)) <= before:
        assert time.monotonic() < deadline, f"no new fragment in {timeout} s"
        time.sleep(0.05)
    return entries(fragments)[-1]


def entries(fragments: Path) -> list[dict]:
    index = fragments / "index.jsonl"
    lines = index.read_text().splitlines() if index.exists() else []
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.slow
def test_the_switch_shows_the_credits_on_the_projector_live(app, context) -> None:
    url, _ = app
    audience = context.new_page()
    audience.goto(f"{url}/audience")
    audience.locator("#audience .sao-audience__prompt").wait_for()
    audience.wait_for_timeout(800)  # several polls: conf/ui `audience.credits` is off
    assert audience.locator("#audience-credits .sao-credits").count() == 0

    page = open_page(context, url)
    page.get_by_role("tab", name="Settings").click()
    switch = page.locator("#show-credits input[type=checkbox]")
    assert not switch.is_checked()
    switch.check()
    page.locator("#settings-status", has_text="projector: credits shown").wait_for()
    shot(page, "ui-credits-switch-1366x768.png")

    credits = audience.locator("#audience-credits .sao-credits")
    credits.wait_for()  # the projector follows without a reload
    text = credits.inner_text()
    assert "Base model tiny" in text and "licence cc0-1.0" in text
    assert "Rain on a tin roof" in text and "Ann Example" in text
    assert "Creative Commons Attribution 4.0 International (CC-BY-4.0)" in text
    assert INJECTED in text and "CC0 1.0 Universal" in text  # shown as text, never run
    assert audience.evaluate("() => window.__injected") is None
    assert audience.locator("#audience-credits img, #audience-credits script").count() == 0
    cell = "#audience-credits td"
    size = float(audience.locator(cell).first.evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert size >= 18, f"credits in {size}px: too small for a projector"
    shot(audience, "ui-audience-credits-1366x768.png")
    row = audience.locator(cell).first.bounding_box()
    assert row["y"] + row["height"] <= STAGE["height"], row  # on screen, not below the prompt
    assert luminance(audience, "gradio-app", "backgroundColor") < 0.25  # the dark stage
    assert luminance(audience, cell, "color") > 0.6  # light type on it

    again = open_page(context, url)  # another tab of the page shows the switch as it is
    again.get_by_role("tab", name="Settings").click()
    assert again.locator("#show-credits input[type=checkbox]").is_checked()
    switch.uncheck()
    page.locator("#settings-status", has_text="projector: credits hidden").wait_for()
    credits.wait_for(state="detached")
    assert audience.locator("#audience .sao-audience__prompt").count() == 1


@pytest.mark.slow
def test_the_seed_field_says_random_unless_locked(app, context) -> None:
    url, fragments = app
    page = open_page(context, url)
    for elem_id, value in (("steps", "4"), ("seconds", "0.5")):
        number = page.locator(f"#{elem_id} input[type=number]")
        number.fill(value)
        number.press("Tab")
    seed = page.locator("#seed input").first
    lock = page.locator("#lock-seed input[type=checkbox]")
    assert not lock.is_checked()
    # Gradio's number box starts at 0; the page's load sets it empty ("random")
    page.wait_for_function("() => document.querySelector('#seed input').value === ''")

    def generate(prompt: str) -> dict:
        before = len(entries(fragments))
        page.locator("#prompt input, #prompt textarea").first.fill(prompt)
        page.locator("#generate").click()
        entry = new_entry(fragments, before)
        page.wait_for_function(  # the answer is back: status, Seed field and history together
            "id => document.querySelector('#status').innerText.includes(id)"
            " && document.querySelector('#history').innerText.includes(id)",
            arg=entry["id"],
        )
        return entry

    first, second = generate("unlocked one"), generate("unlocked two")
    assert first["seed"] != second["seed"]  # a new seed each time
    assert seed.input_value() == "" and seed.get_attribute("placeholder") == "random"
    status = page.locator("#status").inner_text()
    assert f"seed {second['seed']}" in status  # the seed used is shown there and in the history
    assert str(second["seed"]) in page.locator("#history").inner_text()
    seed.scroll_into_view_if_needed()
    shot(page, "ui-seed-random-1366x768.png")

    seed.fill("4242")
    seed.press("Tab")
    lock.check()
    locked, again = generate("locked one"), generate("locked two")
    assert locked["seed"] == again["seed"] == 4242
    assert seed.input_value() == "4242" and lock.is_checked()
    assert "seed 4242" in page.locator("#status").inner_text()
    seed.fill("")  # locked but empty: a seed is drawn, and the field holds it from now on
    seed.press("Tab")
    drawn = generate("locked, drawn")
    assert drawn["seed"] != 4242 and seed.input_value() == str(drawn["seed"])
