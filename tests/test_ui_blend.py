"""The adapter blend on the page, end to end: `ui.app` over a tiny base with two adapter bundles,
one slider per adapter (headless Chromium), the device's dials over real UDP moving them, the
projector showing the blend, refusals showing the engine's reason."""

from __future__ import annotations

import html
import queue
import threading
from pathlib import Path

import pytest
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer
from pythonosc.udp_client import SimpleUDPClient

from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    compose_config,
    free_tcp_port,
    free_udp_port,
    make_adapter_bundle,
)


@pytest.fixture(scope="module")
def device():
    """What Python sends to the device arrives here (its In port)."""
    received: queue.Queue = queue.Queue()
    dispatcher = Dispatcher()
    dispatcher.set_default_handler(lambda address, *args: received.put((address, args)))
    server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def next_blend(received: queue.Queue, timeout: float = 15.0) -> tuple:
    while True:
        address, args = received.get(timeout=timeout)
        if address == "/sao/adapters":
            return args


@pytest.fixture(scope="module")
def app(tiny_checkpoint: Path, device, tmp_path_factory):
    from inference.live.engine import build_engine
    from inference.live.listener import start_controller
    from ui.app import launch
    from ui.page import build_ui

    root = tmp_path_factory.mktemp("blend-ui")
    metal = make_adapter_bundle(tiny_checkpoint, root / "metal", "metal", 1)
    voice = make_adapter_bundle(tiny_checkpoint, root / "voice", "voice", 2)
    port = free_tcp_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_SERVER_PORT", str(port))
        cfg = compose_config("ui", [
            f"bundle={tiny_checkpoint}", f"adapters=[{metal},{{name: voice, path: {voice}, "
            "strength: 0.25}]", f"paths.fragments_dir={root / 'fragments'}",
            f"delivery.port={device[0]}", f"control.port={free_udp_port()}",
            f"riffs.root={root / 'riffs'}", "ui.follow_s=0.2", "ui.audience.refresh_s=0.2",
        ])  # fmt: skip
        engine = build_engine(cfg)
        demo = build_ui(engine, cfg.ui, cfg.inference.request)
        url = launch(cfg, demo)
        controller = start_controller(engine, "127.0.0.1", cfg.control.port, 1)
    assert next_blend(device[1]) == ("metal", 1.0, "voice", 0.25)  # announced at start
    yield url, engine, controller.port
    controller.close()
    demo.close()


@pytest.mark.slow
def test_sliders_dials_and_projector_share_one_blend(app, device) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"CHROMIUM NOT FOUND at {CHROMIUM}: install Debian's chromium")
    from playwright.sync_api import sync_playwright

    url, engine, control_port = app
    received = device[1]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(url)
        number = page.locator("#blend-metal input[type=number]")
        assert number.input_value() == "1"
        assert page.locator("#blend-voice input[type=number]").input_value() == "0.25"
        # the performer's slider: the engine and the device hear of it
        number.fill("0.4")
        number.press("Enter")
        assert next_blend(received) == pytest.approx(("metal", 0.4, "voice", 0.25))
        assert engine.blend.current() == (("metal", 0.4), ("voice", 0.25))
        page.wait_for_function(
            "() => document.querySelector('#blend-status').innerText.includes('metal 0.40')"
        )
        # the device's dial: the page's slider follows, the projector shows it
        SimpleUDPClient("127.0.0.1", control_port).send_message("/sao/blend", ["voice", 0.75])
        assert next_blend(received) == ("metal", pytest.approx(0.4), "voice", 0.75)
        page.wait_for_function(
            "() => document.querySelector('#blend-voice input[type=number]').value === '0.75'"
        )
        audience = context.new_page()
        audience.goto(f"{url}/audience")
        audience.wait_for_function(
            "() => /metal\\s+0.40[\\s\\S]*voice\\s+0.75/"
            ".test(document.querySelector('#audience-blend')?.innerText ?? '')"
        )
        browser.close()


@pytest.mark.slow
def test_a_refused_blend_shows_the_engines_reason(app, device) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from ui.performer import Performer

    url, engine, _ = app
    before = engine.blend.current()
    client = Client(url, verbose=False, analytics_enabled=False)
    with pytest.raises(AppError, match="greater than maximum"):  # Gradio's own range check
        client.predict(1.5, api_name="/blend_metal")
    assert engine.blend.current() == before
    performer = Performer(engine)  # what the page's handler shows when the engine refuses
    for name, strength, reason in [
        ("metal", 1.5, "strength must be a number in 0..1, got 1.5"),
        ("drums", 0.5, "adapter 'drums' is not loaded (loaded: metal, voice)"),
    ]:
        slider, status = performer.set_blend(name, strength)
        assert "Error: blend: " in status and html.escape(reason) in status
    assert engine.blend.current() == before
