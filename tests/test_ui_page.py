"""The performer page's credits switch, end to end in headless Chromium: `ui.app` over an exported
bundle (the tiny base with the LICENCES.md `training.export` writes), the projector (`/audience`)
following the switch live. Screenshots at 1366x768 go to test-artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, compose_config, free_udp_port

CHROMIUM = os.environ.get("SAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update"]  # fmt: skip
ARTIFACTS = Path(os.environ.get("SAO_TEST_ARTIFACTS", ROOT / "test-artifacts"))
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
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
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


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"CHROMIUM NOT FOUND at {CHROMIUM}: the browser tests are SKIPPED"
        print(f"\n{'!' * 20} {message}", file=sys.stderr)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
