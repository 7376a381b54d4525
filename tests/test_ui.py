"""The performer UI, end to end: `python -m ui.app` on a tiny checkpoint, driven through
gradio_client and through headless Chromium (Playwright, Debian's system browser), with a real
python-osc UDP listener on loopback standing in for the Max device."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import soundfile as sf
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer
from pythonosc.udp_client import SimpleUDPClient

from tests.helpers import ARTIFACTS, ROOT, compose_config, free_tcp_port, free_udp_port

FEED_TOKEN = "ui-feed-test-token"
MAX_SECONDS_IN_UI = 30.0  # above the tiny model's ~11.9 s, so the page can ask for too much


@dataclass
class OscListener:
    """A real OSC server on 127.0.0.1 recording every message it gets."""

    port: int = 0
    messages: list[tuple[str, tuple]] = field(default_factory=list)

    def record(self, address: str, *args) -> None:
        self.messages.append((address, args))

    def count(self, address: str, first_arg: str) -> int:
        return sum(
            1 for got, args in list(self.messages) if got == address and args[0] == first_arg
        )

    def wait_for(self, address: str, match=lambda args: True, timeout: float = 10.0) -> tuple:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for got, args in list(self.messages):
                if got == address and match(args):
                    return args
            time.sleep(0.05)
        raise AssertionError(f"no {address} matching within {timeout}s; got {self.messages}")


def wait_until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def osc():
    listener = OscListener()
    dispatcher = Dispatcher()
    dispatcher.set_default_handler(listener.record)
    server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
    listener.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield listener
    server.shutdown()
    server.server_close()


@dataclass
class RunningApp:
    url: str
    fragments: Path
    control_port: int  # where the app listens for the device (/sao/tempo, /sao/generate, ...)


@pytest.fixture(scope="module")
def app(tiny_checkpoint, osc, tmp_path_factory):
    """The app as `python -m ui.app` builds it (same config, engine, page, launch and device
    listener), served in-process to spare CI a second torch start-up; the port comes from
    GRADIO_SERVER_PORT."""
    from inference.live.engine import build_engine
    from inference.live.listener import start_controller
    from ui.app import launch, serve_feed
    from ui.page import build_ui

    fragments = tmp_path_factory.mktemp("fragments")
    port = free_tcp_port()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GRADIO_SERVER_PORT", str(port))
        cfg = compose_config(
            "ui",
            [
                f"bundle={tiny_checkpoint}",
                f"paths.fragments_dir={fragments}",
                f"delivery.port={osc.port}",
                f"control.port={free_udp_port()}",
                f"riffs.root={fragments.parent / 'riffs'}",
                f"ui.max_seconds={MAX_SECONDS_IN_UI}",
                f"remote.token={FEED_TOKEN}",
            ],
        )
        engine = build_engine(cfg)
        demo = build_ui(engine, cfg.ui, cfg.inference.request)
        url = launch(cfg, demo)
        assert serve_feed(cfg, demo)
        control = cfg.control
        controller = start_controller(engine, control.host, control.port, control.max_pending)
    assert url == f"http://127.0.0.1:{port}" and controller is not None
    yield RunningApp(url, fragments, controller.port)
    controller.close()
    demo.close()


def index_entries(fragments: Path) -> list[dict]:
    index = fragments / "index.jsonl"
    if not index.exists():
        return []
    return [json.loads(line) for line in index.read_text().splitlines() if line.strip()]


def wavs(fragments: Path) -> set[Path]:
    return {p for p in fragments.glob("*.wav") if not p.name.startswith(".")}


# -- fast: configuration and the entry point's first message ---------------------------------------


def test_ui_config_defaults_and_port_sources(monkeypatch):
    monkeypatch.delenv("GRADIO_SERVER_PORT", raising=False)
    cfg = compose_config("ui")
    assert cfg.ui.host == "127.0.0.1"
    assert cfg.ui.port == 7860
    assert cfg.ui.username is None and cfg.ui.password is None
    assert cfg.ui.queue.concurrency == 1
    assert cfg.inference.generator.bundle == cfg.bundle  # bundle=DIR reaches the engine
    monkeypatch.setenv("GRADIO_SERVER_PORT", "7999")
    assert compose_config("ui").ui.port == 7999
    assert compose_config("ui", ["ui.port=7123"]).ui.port == 7123
    assert compose_config("ui", ["delivery.port=9100"]).delivery.port == 9100


def test_password_needs_both_fields():
    from ui.app import credentials

    assert credentials(compose_config("ui").ui) is None
    both = compose_config("ui", ["ui.username=me", "ui.password=s3cret"]).ui
    assert credentials(both) == ("me", "s3cret")
    with pytest.raises(SystemExit, match="both ui.username and ui.password"):
        credentials(compose_config("ui", ["ui.username=me"]).ui)


def test_missing_bundle_says_how_to_make_one(tmp_path):
    missing = tmp_path / "no-such-bundle"
    run = subprocess.run(
        [sys.executable, "-m", "ui.app", f"bundle={missing}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert str(missing) in run.stderr
    assert "uv run python -m training.make_tiny" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_a_folder_that_is_no_bundle_is_named_before_torch_loads(tiny_checkpoint, tmp_path):
    from ui.app import bundle_problem

    problem = bundle_problem(str(tmp_path))  # exists, but holds no checkpoint
    assert problem and "model_config.json: missing" in problem and str(tmp_path) in problem
    assert "uv run python -m training.make_tiny" in problem
    assert bundle_problem(str(tiny_checkpoint)) is None


def test_busy_port_is_reported_before_the_model_loads(tiny_checkpoint):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "ui.app", f"bundle={tiny_checkpoint}", f"ui.port={port}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert run.returncode != 0
    assert f"127.0.0.1:{port}" in run.stderr and "ui.port=N" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


@pytest.mark.parametrize(
    ("setting", "words"),
    [
        ("ui.port=99999", "ui.port=99999 is not a port"),
        ("ui.port=0", "ui.port=0 is not a port"),
        ("control.port=99999", "control.port=99999 is not a port"),
        ("delivery.port=99999", "delivery.port=99999 is not a port"),
        ("delivery.port=-1", "delivery.port=-1 is not a port"),
        ("ui.theme=pink", "ui.theme: 'pink' is not one of dark, light"),
    ],
)
def test_a_bad_setting_is_one_line_never_a_server_traceback(tiny_checkpoint, setting, words):
    run = subprocess.run(
        [sys.executable, "-m", "ui.app", f"bundle={tiny_checkpoint}", setting],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode != 0 and words in run.stderr, run.stderr
    assert "Traceback" not in run.stderr + run.stdout and "Error executing job" not in run.stderr


# -- through gradio_client -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client(app, tmp_path_factory):
    from gradio_client import Client

    return Client(
        app.url,
        verbose=False,
        analytics_enabled=False,
        download_files=str(tmp_path_factory.mktemp("client")),
    )


def generate(client, text, seconds=1.5, steps=8, seed=1234, lock=True, **fields):
    """The page's Generate, through the API; the last output is the picked fragment's id."""
    *outputs, chosen = client.predict(
        text,
        fields.get("tempo", 0),
        fields.get("key"),
        fields.get("genre", ""),
        fields.get("instrument", ""),
        seconds,
        steps,
        6.0,
        seed,
        lock,
        api_name="/generate",
    )
    return (*outputs, chosen.get("value") if isinstance(chosen, dict) else chosen)


@pytest.mark.slow
def test_client_generate_stores_lists_and_delivers(app, osc, client):
    before = wavs(app.fragments)
    audio, status, seed, history, chosen = generate(
        client,
        "warm drone",
        tempo=107,
        key="E minor",
        genre="Ambient",
        instrument="Synthesizer",
    )
    prompt = "warm drone, Tempo: 107, Key: E minor, Genre: Ambient, Instrument: Synthesizer"
    entry = index_entries(app.fragments)[-1]
    assert entry["prompt"] == prompt and entry["seed"] == 1234 and seed == 1234
    assert chosen == entry["id"]
    assert f"sent to 127.0.0.1:{osc.port}" in status and entry["id"] in status

    (new,) = wavs(app.fragments) - before
    assert new == Path(entry["path"])
    data, rate = sf.read(new)
    assert rate == 44100 and data.ndim == 2 and data.shape[1] == 2
    assert 0 < len(data) <= 1.5 * rate and abs(data).max() > 0
    assert Path(audio).read_bytes() == new.read_bytes()  # the page plays exactly what Max got

    args = osc.wait_for("/sao/fragment", lambda a: a[0] == entry["id"])
    assert args[1] == str(new) and args[3] == 44100 and args[4] == prompt
    assert abs(args[2] - len(data) / rate) < 1e-3
    osc.wait_for("/sao/status", lambda a: a[0] == "ready" and entry["id"] in a[1])

    rows = client.predict(api_name="/history")[0]["data"]
    assert [prompt, 1234, entry["id"]] == [rows[0][1], rows[0][2], rows[0][5]]


@pytest.mark.slow
def test_client_resend_regenerate_and_settings(app, osc, client):
    _, _, _, _, first = generate(client, "dark pluck", seed=77)
    sent_before = len(osc.messages)
    status = client.predict(first, api_name="/resend")
    assert f"sent to 127.0.0.1:{osc.port}" in status
    osc.wait_for("/sao/fragment", lambda a: a[0] == first and len(osc.messages) > sent_before)

    _, status, _, _, again = client.predict(first, api_name="/regenerate")
    again = again["value"]
    assert again != first and "seed 77" in status, status  # the Seed field is Generate's own
    entries = {e["id"]: e for e in index_entries(app.fragments)}
    assert entries[again]["parent_id"] == first and entries[again]["seed"] == 77
    original, regenerated = sf.read(entries[first]["path"])[0], sf.read(entries[again]["path"])[0]
    assert (original == regenerated).all()  # same seed and settings: bit-identical on CPU

    other = OscListener()
    dispatcher = Dispatcher()
    dispatcher.set_default_handler(other.record)
    with ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        port = server.server_address[1]
        assert f"127.0.0.1:{port}" in client.predict("127.0.0.1", port, api_name="/delivery")
        assert "fade" in client.predict(["fade"], api_name="/postprocess")
        _, status, _, _, moved = generate(client, "bright bell")
        other.wait_for("/sao/fragment", lambda a: a[0] == moved)
        server.shutdown()
    assert set(entries_for(app, moved)["postprocess"]) == {"fade"}
    client.predict("127.0.0.1", osc.port, api_name="/delivery")
    client.predict(["trim", "fade", "loudness"], api_name="/postprocess")


def entries_for(app, fragment_id: str) -> dict:
    return next(e for e in index_entries(app.fragments) if e["id"] == fragment_id)


@pytest.mark.slow
def test_client_failure_is_shown_and_loses_nothing(app, osc, client):
    before_files, before_index = wavs(app.fragments), index_entries(app.fragments)
    audio, status, _, history, _ = generate(client, "too long", seconds=MAX_SECONDS_IN_UI)
    assert "Error" in status and "seconds" in status and "maximum" in status
    osc.wait_for("/sao/status", lambda a: a[0] == "error" and "maximum" in a[1])
    assert wavs(app.fragments) == before_files and index_entries(app.fragments) == before_index
    _, status, _, _, fresh = generate(client, "after the error")
    assert "Error" not in status and entries_for(app, fresh)["prompt"] == "after the error"


@pytest.mark.slow
def test_client_concurrent_clicks_are_queued(app, client):
    before = len(index_entries(app.fragments))
    jobs = [
        client.submit("queued", 0, None, "", "", 1.0, 8, 6.0, 0, False, api_name="/generate")
        for _ in range(3)
    ]
    ids = [job.result(timeout=120)[4]["value"] for job in jobs]
    assert len(set(ids)) == 3
    assert len(index_entries(app.fragments)) == before + 3


@pytest.mark.slow
def test_client_vary_loop_and_negative_prompt(app, osc, client):
    *_, parent = generate(client, "glitch texture", tempo=120, seed=5)
    _, status, _, _, chosen = client.predict(parent, 0.3, api_name="/vary")
    assert chosen["value"] == parent  # the performer's row stays picked
    varied = {"value": index_entries(app.fragments)[-1]["id"]}
    entry = entries_for(app, varied["value"])
    assert entry["parent_id"] == parent and entry["init"]["strength"] == 0.3, status
    assert entry["init"]["kind"] == "fragment" and entry["prompt"] == "glitch texture, Tempo: 120"
    osc.wait_for("/sao/fragment", lambda a: a[0] == entry["id"])

    _, status, _, _, chosen = client.predict(parent, "4", api_name="/loop")
    assert chosen["value"] == parent
    looped = {"value": index_entries(app.fragments)[-1]["id"]}
    entry = entries_for(app, looped["value"])
    assert entry["bars"] == 4 and entry["duration"] == 8.0 and entry["parent_id"] == parent
    assert len(sf.read(entry["path"])[0]) == 8 * 44100

    _, _, _, _, again = client.predict(varied["value"], api_name="/regenerate")
    rows, _ = client.predict(api_name="/history")
    rows = rows["data"] if isinstance(rows, dict) else rows
    kinds = {row[5]: (row[6], row[7]) for row in rows}  # id -> (kind, parent)
    assert kinds[parent] == ("generate", "-") and kinds[varied["value"]] == ("vary", parent)
    assert kinds[looped["value"]] == ("loop", parent)
    assert kinds[again["value"]] == ("regenerate", varied["value"])

    inputs = ("soft bell", 120, None, "", "", 1.0, 8, 6.0, 0, False, "harsh noise", "2")
    _, status, _, _, made = client.predict(*inputs, api_name="/generate")
    entry = entries_for(app, made["value"])
    assert entry["negative_prompt"] == "harsh noise" and entry["bars"] == 2, status
    assert entry["duration"] == 4.0

    from gradio_client import handle_file  # a file dropped on the page as init audio

    dropped = handle_file(entry["path"])
    inputs = ("from a drop", 0, None, "", "", 1.0, 8, 6.0, 0, False, "", "off", None, dropped, 0.2)
    _, status, _, _, made = client.predict(*inputs, api_name="/generate")
    init = entries_for(app, made["value"])["init"]
    assert init["kind"] == "file" and init["strength"] == 0.2, status
    assert Path(init["ref"]).parent == app.fragments / "inputs"
    before = index_entries(app.fragments)
    _, status, *_ = client.predict(
        "soft bell", 0, None, "", "", 1.0, 8, 1.0, 0, False, "harsh noise", api_name="/generate"
    )
    assert "Error" in status and "negative_prompt: has no effect at cfg_scale 1" in status
    _, status, *_ = client.predict(None, 0.5, api_name="/vary")
    assert "Error" in status and "pick a fragment in the history first" in status
    assert index_entries(app.fragments) == before


# -- in headless Chromium --------------------------------------------------------------------------


@pytest.fixture
def page(browser, app):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(app.url)
    page.locator("#prompt input, #prompt textarea").first.wait_for()
    # the page's load events done (they re-render fields): keyboard checks start from a still page
    page.locator("#status", has_text="ready").wait_for()
    yield page
    context.close()


def box(page, elem_id: str):
    return page.locator(f"#{elem_id} input, #{elem_id} textarea").first


def history_rows(page) -> list[list[str]]:
    """The history table's rows as the page shows them (cells are one line each, headers first)."""
    cells = [c.strip() for c in page.locator("#history").inner_text().splitlines() if c.strip()]
    width = cells.index("parent") + 1
    return [cells[i : i + width] for i in range(width, len(cells), width)]


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def screenshot(page, name: str) -> Path:
    path = screenshot_path(name)
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.mark.slow
def test_browser_enter_generates_plays_lists_and_delivers(app, osc, page):
    prompt_box = box(page, "prompt")
    focused = "() => document.activeElement.closest('[id]')?.id"
    assert page.evaluate(focused) == "prompt", "the prompt box has the focus on load"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "generate", "Tab goes from the prompt to Generate"
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "tempo", "then to the structured fields"
    box(page, "genre").fill("Ambient")
    prompt_box.fill("shimmering granular texture")
    composed = "shimmering granular texture, Genre: Ambient"
    page.wait_for_function(
        "text => document.querySelector('#composed textarea, #composed input').value === text",
        arg=composed,
    )
    prompt_box.press("Enter")

    page.wait_for_function("() => document.querySelector('#status')?.innerText.includes('sent to')")
    entry = index_entries(app.fragments)[-1]
    assert entry["prompt"] == composed
    status = page.locator("#status").inner_text()
    assert entry["id"] in status and f"sent to 127.0.0.1:{osc.port}" in status
    page.locator("#result audio").first.wait_for(state="attached")
    page.wait_for_function(  # the waveform is drawn from the decoded file
        "() => document.querySelector('#result #waveform > div')?.shadowRoot"
        "?.querySelector('canvas')?.width > 0"
    )
    href = page.locator("#result a[data-testid='download-link']").get_attribute("href")
    assert page.request.get(href).body() == Path(entry["path"]).read_bytes()
    page.locator("#result button[aria-label='Play']").click()
    page.wait_for_function("() => document.querySelector('#result #time').innerText !== '0:00'")

    page.wait_for_function(
        "id => document.querySelector('#history').innerText.includes(id)", arg=entry["id"]
    )
    time_, prompt, seed, seconds, delivery, fragment_id, kind, parent = history_rows(page)[0]
    assert (prompt, seed, fragment_id) == (composed, str(entry["seed"]), entry["id"])
    assert (kind, parent) == ("generate", "-")  # a new prompt has no parent
    assert float(seconds) == pytest.approx(entry["duration"], abs=0.01)
    assert delivery == f"sent to 127.0.0.1:{osc.port}"
    args = osc.wait_for("/sao/fragment", lambda a: a[0] == entry["id"])
    assert args[4] == composed and args[1] == entry["path"]

    # The history row's actions: pick it, re-send it to Max, download it.
    top_id = page.locator("#history").get_by_test_id("cell-0-5")  # row 0, column "id"
    assert top_id.inner_text().strip() == entry["id"]
    top_id.click()
    page.wait_for_function(
        "id => document.querySelector('#chosen-status').innerText.includes(id)", arg=entry["id"]
    )
    sent = osc.count("/sao/fragment", entry["id"])
    page.locator("#resend").click()
    wait_until(lambda: osc.count("/sao/fragment", entry["id"]) > sent)
    page.wait_for_function(  # the click's answer is back: a button ignores presses till then
        "id => document.querySelector('#chosen-status').innerText.includes(id + ': sent')",
        arg=entry["id"],
    )
    sent = osc.count("/sao/fragment", entry["id"])
    page.keyboard.press("Alt+r")  # the same from the keyboard
    wait_until(lambda: osc.count("/sao/fragment", entry["id"]) > sent)
    before = len(index_entries(app.fragments))
    page.keyboard.press("Alt+v")  # vary the picked row: the new one is listed, the pick stays
    wait_until(lambda: len(index_entries(app.fragments)) > before, timeout=60)
    assert index_entries(app.fragments)[-1]["parent_id"] == entry["id"]
    page.wait_for_function(
        "id => document.querySelector('#history').innerText.split(id).length > 2", arg=entry["id"]
    )  # the variation's row names it as parent
    assert (
        entry["id"] in page.locator("#chosen input").first.input_value()
        or entry["id"] in page.locator("#chosen-status").inner_text()
    )
    with page.expect_download() as download:
        page.locator("#download").click()
    assert Path(download.value.path()).read_bytes() == Path(entry["path"]).read_bytes()
    shot = screenshot(page, "ui-performer.png")
    assert shot.stat().st_size > 10_000


def luminance(page, selector: str) -> float:
    """0 (black) .. 1 (white): the computed background of the first element matching."""
    rgb = page.evaluate(
        "s => getComputedStyle(document.querySelector(s)).backgroundColor", selector
    )
    r, g, b = (int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.slow
def test_browser_dark_stage_at_1366x768(app, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(app.url)
        box(page, "prompt").wait_for()
        page.wait_for_function("() => document.body.classList.contains('dark')")
        assert luminance(page, "gradio-app") < 0.25 or luminance(page, "body") < 0.25
        box(page, "prompt").fill("dark stage drone")
        box(page, "prompt").press("Enter")
        page.wait_for_function(
            "() => document.querySelector('#status')?.innerText.includes('sent')"
        )
        page.locator("#result audio").first.wait_for(state="attached")
        player = page.locator("#result").bounding_box()
        assert player["y"] >= 0 and player["y"] + player["height"] <= 768, player  # no scrolling
        page.screenshot(path=str(screenshot_path("ui-dark-1366x768.png")))
        seed = page.locator("#seed input").first
        assert seed.get_attribute("placeholder") == "random"

        page.set_viewport_size({"width": 820, "height": 768})
        tempo = page.locator("#live-tempo").bounding_box()
        assert tempo["x"] >= 0 and tempo["x"] + tempo["width"] <= 820, tempo  # inside the layout
        page.screenshot(path=str(screenshot_path("ui-dark-820.png")))

        page.goto(app.url + "/?__theme=light")  # light stays one URL (or ui.theme=light) away
        box(page, "prompt").wait_for()
        page.wait_for_timeout(500)
        assert not page.evaluate("() => document.body.classList.contains('dark')")
    finally:
        context.close()


@pytest.mark.slow
def test_browser_audience_view_follows_progress(app, page):
    audience = page.context.new_page()
    audience.goto(f"{app.url}/audience")
    big_prompt = audience.locator("#audience .sao-audience__prompt")
    big_prompt.wait_for()
    assert audience.locator("#audience input, #audience textarea, #audience button").count() == 0
    for elem_id, value in (("steps", "150"), ("seconds", "1")):  # long enough to watch
        number = page.locator(f"#{elem_id} input[type=number]")
        number.fill(value)
        number.press("Tab")
    box(page, "prompt").fill("deep sub bass")
    box(page, "prompt").press("Enter")

    page.wait_for_function("() => /sampling/.test(document.querySelector('#result').innerText)")
    audience.wait_for_function(
        "() => /generating · [1-9][0-9]* \\/ 150/"
        ".test(document.querySelector('#audience').innerText)"
    )
    assert big_prompt.inner_text() == "deep sub bass"
    size = float(big_prompt.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    assert size >= 40, f"audience prompt is {size}px: too small for a projector"
    screenshot(audience, "ui-audience.png")
    audience.wait_for_function(
        "() => document.querySelector('#audience .sao-audience--ready')", timeout=120_000
    )
    assert big_prompt.inner_text() == "deep sub bass"


@pytest.mark.slow
def test_browser_failure_shows_error_and_page_still_generates(app, page):
    before_files = wavs(app.fragments)
    seconds = page.locator("#seconds input[type=number]")
    seconds.fill(str(MAX_SECONDS_IN_UI))
    seconds.press("Tab")
    box(page, "prompt").fill("far too long")
    box(page, "prompt").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#status .sao-status--error')?.innerText.includes('maximum')"
    )
    assert wavs(app.fragments) == before_files
    page.wait_for_timeout(500)
    shown = page.evaluate(  # the message, once: in the status line, not again in a toast
        "() => [...document.querySelectorAll('body *')].filter(e => e.children.length === 0"
        " && e.textContent.includes('maximum')).length"
    )
    assert shown == 1
    assert page.locator("[data-testid='toast-body']").count() == 0
    screenshot(page, "ui-error.png")

    seconds.fill("1")
    seconds.press("Tab")
    page.locator("#generate").click()
    page.wait_for_function("() => document.querySelector('#status .sao-status--ok')")
    entry = index_entries(app.fragments)[-1]
    assert entry["prompt"] == "far too long"
    assert entry["id"] in page.locator("#status").inner_text()
    assert len(wavs(app.fragments)) == len(before_files) + 1


@pytest.mark.slow
def test_browser_live_tempo_and_device_requests_reach_page_and_projector(app, osc, page):
    """Last in this file: once Live's tempo is known, every page pre-fills its Tempo field."""
    device = SimpleUDPClient("127.0.0.1", app.control_port)
    device.send_message("/sao/tempo", 120.0)
    page.wait_for_function(
        "() => document.querySelector('#live-tempo').innerText.includes('120 BPM')"
    )
    page.wait_for_function(
        "() => document.querySelector('#tempo input[type=number]').value === '120'"
    )
    for elem_id, value in (("steps", "150"), ("seconds", "1")):  # long enough to watch
        number = page.locator(f"#{elem_id} input[type=number]")
        number.fill(value)
        number.press("Tab")
    before = len(index_entries(app.fragments))
    box(page, "prompt").fill("device drone")
    box(page, "prompt").press("Enter")
    wait_until(lambda: len(index_entries(app.fragments)) > before, timeout=60)
    first = index_entries(app.fragments)[-1]
    assert first["prompt"] == "device drone, Tempo: 120"

    audience = page.context.new_page()  # the device's Generate shows on the projector too
    audience.goto(f"{app.url}/audience")
    audience.locator("#audience .sao-audience--ready").wait_for()
    device.send_message("/sao/generate", [])
    audience.wait_for_function(
        "() => /generating · [1-9][0-9]* \\/ 150/"
        ".test(document.querySelector('#audience').innerText)"
    )
    args = osc.wait_for("/sao/fragment", lambda a: a[0] != first["id"] and "device" in a[4])
    assert args[4] == "device drone, Tempo: 120"
    audience.wait_for_function("() => document.querySelector('#audience .sao-audience--ready')")

    page.wait_for_function(
        "id => document.querySelector('#history').innerText.includes(id)", arg=args[0]
    )
    page.locator("#history").get_by_test_id("cell-0-5").click()  # the device's fragment
    page.wait_for_function(
        "id => document.querySelector('#chosen-status').innerText.includes(id)", arg=args[0]
    )
    before = len(index_entries(app.fragments))
    page.locator("#vary").click()
    wait_until(lambda: len(index_entries(app.fragments)) > before, timeout=60)
    varied = index_entries(app.fragments)[-1]
    page.wait_for_function(
        "id => document.querySelector('#status').innerText.includes(id)", arg=varied["id"]
    )
    assert varied["parent_id"] == args[0] and varied["init"]["strength"] == 0.5
    screenshot(page, "ui-vary.png")


@pytest.mark.slow
def test_remote_feed_of_the_ui_serves_a_bridge(app, client, tmp_path):
    """A laptop bridge (a real second process) follows the UI's /feed and delivers locally."""
    import httpx

    generate(client, "feed me", seed=5)
    wrong = httpx.get(f"{app.url}/feed/fragments", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    served = [entry["id"] for entry in index_entries(app.fragments)]
    laptop, listener = tmp_path / "laptop", OscListener()
    dispatcher = Dispatcher()
    dispatcher.map("/sao/*", listener.record)
    server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        bridge = subprocess.run(
            [
                sys.executable,
                "-m",
                "inference.bridge",
                f"server={app.url}",
                f"token={FEED_TOKEN}",
                f"paths.fragments_dir={laptop}",
                f"delivery.port={server.server_address[1]}",
                f"max_fragments={len(served)}",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert bridge.returncode == 0, bridge.stdout + bridge.stderr
        assert [entry["id"] for entry in index_entries(laptop)] == served
        last = listener.wait_for("/sao/fragment", lambda args: args[0] == served[-1])
        assert Path(last[1]).parent == laptop and Path(last[1]).is_file()
    finally:
        server.shutdown()


# -- a password: throttled logins, no API description before the login ----------------------------


@pytest.fixture
def guarded(tmp_path):
    """`ui.app.launch` (the real launch options) serving a small page with a named API event."""
    import gradio as gr

    from ui.app import launch

    def served(*overrides: str):
        cfg = compose_config(
            "ui", [f"ui.port={free_tcp_port()}", f"paths.fragments_dir={tmp_path}", *overrides]
        )
        with gr.Blocks() as demo:
            text = gr.Textbox()
            gr.Button().click(lambda x: x, text, text, api_name="secret_endpoint_name")
        demos.append(demo)
        return launch(cfg, demo)

    demos: list = []
    yield served
    for demo in demos:
        demo.close()


def test_with_a_password_the_login_page_describes_no_api(guarded) -> None:
    import httpx

    url = guarded("ui.username=me", "ui.password=s3cret")
    login_page = httpx.get(url + "/")
    assert login_page.status_code == 200 and '"auth_required":true' in login_page.text
    assert "secret_endpoint_name" not in login_page.text and "gradio_api_info" in login_page.text
    for path in ("/openapi.json", "/docs", "/redoc", "/gradio_api/info", "/gradio_api/openapi.json",
                 "/config"):  # fmt: skip
        answer = httpx.get(url + path)
        assert answer.status_code in (401, 404), path
        assert "secret_endpoint_name" not in answer.text, path
    with httpx.Client() as browser:  # after the login the page has its API again
        assert browser.post(
            url + "/login", data={"username": "me", "password": "s3cret"}
        ).is_success
        assert "secret_endpoint_name" in browser.get(url + "/").text


def test_without_a_password_there_is_still_no_openapi_document(guarded) -> None:
    import httpx

    url = guarded()
    assert httpx.get(url + "/openapi.json").status_code == 404
    assert httpx.get(url + "/docs").status_code == 404


def test_failed_logins_are_throttled_per_client(guarded) -> None:
    import httpx

    url = guarded("ui.username=me", "ui.password=s3cret", "ui.login.max_failures=3",
                  "ui.login.window_s=2")  # fmt: skip
    wrong = {"username": "me", "password": "guess"}
    codes = [httpx.post(url + "/login", data=wrong).status_code for _ in range(6)]
    assert codes == [400, 400, 400, 429, 429, 429]
    refused = httpx.post(url + "/login", data={"username": "me", "password": "s3cret"})
    assert refused.status_code == 429 and "try again in" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) >= 1
    time.sleep(2.1)  # the window passes: the right password works, and clears the count
    assert httpx.post(url + "/login", data={"username": "me", "password": "s3cret"}).is_success
    assert httpx.post(url + "/login", data=wrong).status_code == 400
