"""The device -> Python OSC listener over real UDP: tempo, generate and vary; bad requests."""

from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inference.live.engine import Engine, GenerationRequest
from inference.live.listener import Controller, start_controller
from inference.model.generator import Generator
from tests.helpers import ROOT, OscDevice, compose_config, free_udp_port, make_engine

Device = OscDevice


@pytest.fixture
def device():
    stand_in = Device()
    yield stand_in
    stand_in.close()


@pytest.fixture
def engine(generator: Generator, device: Device, tmp_path: Path) -> Engine:
    return make_engine(generator, tmp_path / "fragments", device.port)


@pytest.fixture
def controller(engine: Engine, device: Device):
    listener = Controller(engine, "127.0.0.1", 0, max_pending=1).start()
    device.connect(listener.port)
    yield listener
    listener.close()


def answered_with_a_fragment(device: Device) -> tuple:
    generating, fragment, ready = device.next(), device.next(), device.next()
    assert generating[0] == "/sao/status" and generating[1][0] == "generating"
    assert fragment[0] == "/sao/fragment" and ready[1][0] == "ready"
    return fragment[1]


def test_tempo_generate_and_vary_over_udp(engine: Engine, device: Device, controller) -> None:
    engine.set_current(GenerationRequest("warm pad", 0.5, 2, 6.0))
    device.send("/sao/tempo", 128.5)
    deadline = time.monotonic() + 10
    while engine.live_tempo != 128.5:
        assert time.monotonic() < deadline, "the tempo never arrived"
        time.sleep(0.01)
    device.send("/sao/generate")
    fragment_id, path, duration, rate, prompt = answered_with_a_fragment(device)
    assert prompt == "warm pad, Tempo: 128.5" and rate == 44100 and Path(path).is_file()
    parent = engine.get(fragment_id)
    assert str(parent.path) == path and parent.prompt == prompt
    device.send("/sao/vary", fragment_id, 0.25)
    variation = engine.get(answered_with_a_fragment(device)[0])
    assert variation.parent_id == fragment_id and variation.init["strength"] == 0.25
    device.send("/sao/vary", path, 1)  # by the WAV's path, strength as an OSC int
    by_path = engine.get(answered_with_a_fragment(device)[0])
    assert by_path.parent_id == fragment_id and by_path.init["strength"] == 1.0
    assert device.quiet()
    assert [f.id for f in engine.history()] == [by_path.id, variation.id, fragment_id]


def bad_requests(root: Path, known: str) -> list[tuple[str, tuple, str]]:
    return [
        ("/sao/vary", ("0123456789ab", 0.5), "/sao/vary: fragment '0123456789ab' is not in"),
        ("/sao/vary", ("/etc/passwd", 0.5), "path /etc/passwd is outside the fragments folder"),
        ("/sao/vary", (f"{root}/../x.wav", 0.5), "is outside the fragments folder"),
        ("/sao/vary", (str(root / "index.jsonl"), 0.5), "is not a fragment in"),
        ("/sao/vary", ("fragments/x.wav", 0.5), "is outside the fragments folder"),
        ("/sao/vary", (known, "loud"), "/sao/vary: strength must be a number, got 'loud'"),
        ("/sao/vary", (known, 1.5), "/sao/vary: strength must be between 0 and 1, got 1.5"),
        ("/sao/vary", (known,), "/sao/vary: expected 2 argument(s) (id, strength), got 1"),
        ("/sao/vary", (42, 0.5), "/sao/vary: id must be a fragment id or path, got 42"),
        ("/sao/tempo", ("fast",), "/sao/tempo: bpm must be a number, got 'fast'"),
        ("/sao/tempo", (True,), "/sao/tempo: bpm must be a number, got True"),
        ("/sao/tempo", (5.0,), "/sao/tempo: bpm 5 is outside 20..999"),
        ("/sao/tempo", (), "/sao/tempo: expected 1 argument(s) (bpm), got 0"),
        ("/sao/generate", (1,), "/sao/generate: expected no arguments, got 1"),
        ("/sao/bogus", (), "unknown OSC address /sao/bogus"),
        ("/sao/blend", ("metal", 0.5), "blend: adapter 'metal' is not loaded (no adapter is"),
        ("/sao/adapters", (1,), "/sao/adapters: expected no arguments, got 1"),
    ]


def test_bad_requests_get_one_status_error_and_nothing_else(
    engine: Engine, device: Device, controller
) -> None:
    device.send("/sao/generate")  # no current prompt yet
    address, (state, reason) = device.next()
    assert (address, state) == ("/sao/status", "error") and "no current prompt" in reason
    assert device.quiet() and engine.history() == []
    known = engine.generate(GenerationRequest("pad", 0.5, 2, 6.0, seed=1))
    assert [device.next()[0] for _ in range(3)][1] == "/sao/fragment"
    files = sorted(p.name for p in engine.fragments_dir.rglob("*"))
    for address, args, message in bad_requests(engine.fragments_dir, known.id):
        device.send(address, *args)
        got, (state, reason) = device.next(timeout=10)
        assert (got, state) == ("/sao/status", "error"), (address, args, reason)
        assert message in reason, (address, args, reason)
        assert device.quiet(0.1), (address, args)
    assert sorted(p.name for p in engine.fragments_dir.rglob("*")) == files  # no file, no sidecar
    assert engine.history() == [known] and engine.live_tempo is None


@pytest.mark.slow
def test_headless_entry_point_answers_the_device(tiny_checkpoint: Path, tmp_path: Path) -> None:
    device = Device()
    listen_port = free_udp_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "inference.control", f"bundle={tiny_checkpoint}",
            "prompt=dark drone, Key: E minor", "inference.request.seconds=0.5",
            "inference.request.steps=2", "inference.warmup=false",
            f"paths.fragments_dir={tmp_path / 'fragments'}", f"riffs.root={tmp_path / 'riffs'}",
            f"delivery.port={device.port}", f"control.port={listen_port}",
        ],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "HYDRA_FULL_ERROR": "1"},
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        while line and "OSC control on" not in line:
            line = process.stdout.readline()
        assert f"127.0.0.1:{listen_port}" in line, line
        assert device.next() == ("/sao/adapters", ())  # the blend, announced at start: none
        device.connect(listen_port)
        device.send("/sao/tempo", 90.0)
        device.send("/sao/generate")
        fragment_id, path, _, _, prompt = answered_with_a_fragment(device)
        assert prompt == "dark drone, Key: E minor, Tempo: 90"
        assert Path(path).parent == tmp_path / "fragments" and Path(path).is_file()
    finally:
        process.terminate()
        process.wait(timeout=30)
        device.close()


def test_the_listener_has_its_own_config_group() -> None:
    cfg = compose_config("control")
    assert (cfg.control.host, cfg.control.port) == ("127.0.0.1", 7401)
    assert not {"listen_host", "listen_port"} & set(cfg.delivery)  # delivery only sends
    assert compose_config("ui", ["control.port=9001"]).control.port == 9001


def test_a_busy_port_is_reported_and_does_not_stop_the_app(engine: Engine, capsys) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert start_controller(engine, "127.0.0.1", port, 1) is None
    err = capsys.readouterr().err
    assert f"cannot listen for the device on 127.0.0.1:{port}" in err
    assert "control.port=N" in err
    assert start_controller(engine, "127.0.0.1", None, 1) is None


# -- hostile senders: floods, address patterns, unreadable datagrams ------------------------------


def drain(device: Device, quiet_s: float = 1.5) -> list[tuple[str, tuple]]:
    """Everything the device gets until nothing more arrives for `quiet_s`."""
    got = []
    while True:
        try:
            got.append(device.received.get(timeout=quiet_s))
        except queue.Empty:
            return got


def bundle(*messages: tuple[str, list], timetag: float = 0.0) -> bytes:
    from pythonosc.osc_bundle_builder import IMMEDIATELY, OscBundleBuilder
    from pythonosc.osc_message_builder import OscMessageBuilder

    builder = OscBundleBuilder(timetag or IMMEDIATELY)
    for address, args in messages:
        message = OscMessageBuilder(address=address)
        for arg in args:
            message.add_arg(arg)
        builder.add_content(message.build())
    return builder.build().dgram


def raw(port: int, datagram: bytes) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(datagram, ("127.0.0.1", port))


def test_a_flood_of_generate_runs_one_and_one_pending(
    engine: Engine, device: Device, controller
) -> None:
    engine.set_current(GenerationRequest("flooded pad", 0.5, 2, 6.0))
    raw(controller.port, bundle(*[("/sao/generate", [])] * 50))  # one datagram: no race
    for _ in range(30):  # and a burst of single datagrams behind it
        device.send("/sao/generate")
    got = drain(device)
    busy = [args for address, args in got if address == "/sao/status" and args[0] == "busy"]
    fragments = [args for address, args in got if address == "/sao/fragment"]
    assert len(fragments) + len(busy) == 80 and 2 <= len(fragments) <= 4, got
    assert "merged into the pending one" in busy[0][1] and "control.max_pending=1" in busy[0][1]
    assert len(engine.history()) == len(fragments)
    assert [a[0] for a in got if a[0] != "/sao/status"] == ["/sao/fragment"] * len(fragments)


def test_a_vary_beyond_the_queue_is_dropped_with_busy(engine: Engine, device: Device, controller):
    known = engine.generate(GenerationRequest("pad", 0.5, 2, 6.0, seed=1))
    drain(device, 0.5)
    raw(controller.port, bundle(*[("/sao/vary", [known.id, 0.5])] * 3))
    got = drain(device)
    busy = [args[1] for address, args in got if args and args[0] == "busy"]
    assert len(busy) == 1 and busy[0].startswith("/sao/vary dropped")
    assert len([a for a, _ in got if a == "/sao/fragment"]) == 2


PATTERNS = ["/sao/*", "/sao/gen?rate", "/sao/[g]enerate", "/sao/[!x]enerate", "/*",
            "/sao/{generate,vary}", "/sao/generate*", "/sao/tempo?", "/*/generate",
            "/sao/*e*"]  # fmt: skip
UNKNOWN = ["/sao/blends", "/sao/adapter", "/sao/ping", "/SAO/GENERATE", "/sao/generate/", "/",
           "/sao", "/sao//generate", "/sao/generate\t", "/sao/géné"]  # fmt: skip


def test_patterns_and_unknown_addresses_trigger_nothing(
    engine: Engine, device: Device, controller
) -> None:
    engine.set_current(GenerationRequest("never made", 0.5, 2, 6.0))
    for address in PATTERNS + UNKNOWN:
        device.send(address)
        got = drain(device, 0.3)
        assert len(got) == 1, (address, got)
        (reply, (state, reason)) = got[0]
        assert (reply, state) == ("/sao/status", "error"), address
        assert f"unknown OSC address {address}" in reason
        if address in PATTERNS:
            assert "matched literally" in reason
    assert engine.history() == [] and not list(engine.fragments_dir.glob("*.wav"))


UNREADABLE = [
    b"garbage", b"", b"\x00" * 16, b"/sao/\xffgen\x00\x00\x00,\x00\x00\x00",
    b"/sao/generate", b"/sao/tempo\x00\x00,f\x00\x00", b"#bundle\x00\x00\x00",
    b"#bundle\x00" + b"\x00" * 8 + b"\x00\x00\x01\x00/sao", b"\xc3\x28/x\x00\x00\x00",
    bytes(range(256)),
]  # fmt: skip


def test_unreadable_datagrams_get_one_error_and_one_log_line(
    engine: Engine, device: Device, controller, caplog
) -> None:
    engine.set_current(GenerationRequest("never made", 0.5, 2, 6.0))
    with caplog.at_level("WARNING"):
        for datagram in UNREADABLE:
            raw(controller.port, datagram)
            got = drain(device, 0.3)
            assert len(got) == 1, (datagram, got)
            assert got[0][0] == "/sao/status" and got[0][1][0] == "error", (datagram, got)
    unreadable = [r for r in caplog.records if "unreadable OSC datagram" in r.getMessage()]
    assert len(unreadable) >= len(UNREADABLE) - 2  # a few parse as (unknown) addresses
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in caplog.records)
    assert "Traceback" not in caplog.text and engine.history() == []


def test_a_bundle_is_handled_at_once_whatever_its_time_tag(engine: Engine, controller) -> None:
    far = time.time() + 3600  # python-osc would sleep an hour on this
    raw(controller.port, bundle(("/sao/tempo", [99.0]), timetag=far))
    deadline = time.monotonic() + 5
    while engine.live_tempo != 99.0:
        assert time.monotonic() < deadline, "the bundle waited for its time tag"
        time.sleep(0.02)
