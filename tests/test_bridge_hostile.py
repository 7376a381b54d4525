"""The bridge against a hostile feed: a real HTTP server on loopback (http.server in a thread)
serving what no honest feed sends, a real bridge following it, and a real OSC listener standing in
for Max. Every case is bounded in time and must end with nothing written outside the laptop's
fragments folder, no existing file overwritten or deleted, only whole WAVs listed, and only those
announced over OSC."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer

from inference.live.store import new_id
from inference.remote.bridge import Bridge
from tests.helpers import make_delivery, make_store

RATE = 44100


def wav_bytes(seconds: float = 0.1, rate: int = RATE, fmt: str = "WAV", seed: int = 0) -> bytes:
    audio = np.random.default_rng(seed).uniform(-0.3, 0.3, (int(seconds * rate), 2))
    buffer = io.BytesIO()
    sf.write(buffer, audio.astype(np.float32), rate, format=fmt, subtype="PCM_16")
    return buffer.getvalue()


def item(data: bytes, **changes: Any) -> dict[str, Any]:
    """A listing item as the feed describes a fragment holding `data`."""
    fragment_id = changes.pop("id", None) or new_id()
    base = {
        "id": fragment_id, "path": f"/server/fragments/{fragment_id}.wav",
        "created": datetime.now(UTC).isoformat(timespec="milliseconds"), "duration": 0.1,
        "sample_rate": RATE, "prompt": "pad", "seed": 1, "steps": 8, "cfg_scale": 1.0,
        "sampler": None, "bundle_sha256": "0" * 64, "postprocess": {}, "parent_id": None,
        "delivery": "", "seconds": None, "sampler_options": {}, "negative_prompt": None,
        "init": {}, "bars": None, "file_name": f"x_{fragment_id}.wav", "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(), "provenance": {"note": "hostile"},
    }  # fmt: skip
    return base | changes


class Feed:
    """What the fake server answers: a listing and the audio per id (bytes, or a function that
    writes the response itself); counts what it served."""

    def __init__(self, items: list[Any], audio: dict[str, Any]) -> None:
        self.items, self.audio = items, audio
        self.listing: Callable[[BaseHTTPRequestHandler], None] | None = None
        self.audio_bytes_served = 0
        self.paths: list[str] = []

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        self.paths.append(request.path)
        if request.path.startswith("/feed/fragments?"):
            if self.listing:
                return self.listing(request)
            body = {"server_time": time.time(), "fragments": self.items}
            return send(request, 200, json.dumps(body).encode(), "application/json")
        fragment_id = request.path.split("/")[3] if request.path.count("/") >= 4 else ""
        answer = self.audio.get(fragment_id)
        if callable(answer):
            return answer(self, request)
        if answer is None:
            return send(request, 404, b"{}", "application/json")
        self.audio_bytes_served += len(answer)
        send(request, 200, answer, "audio/wav")


def send(request: BaseHTTPRequestHandler, status: int, body: bytes, kind: str, **headers) -> None:
    request.send_response(status)
    request.send_header("Content-Type", kind)
    request.send_header("Content-Length", headers.pop("length", str(len(body))))
    for key, value in headers.items():
        request.send_header(key.replace("_", "-"), value)
    request.end_headers()
    request.wfile.write(body)


class FakeServer:
    def __init__(self, feed: Feed) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                try:
                    feed.handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Max:
    """A real OSC server on loopback recording every /sao/fragment."""

    def __init__(self) -> None:
        self.fragments: list[tuple] = []
        dispatcher = Dispatcher()
        dispatcher.map("/sao/fragment", lambda address, *args: self.fragments.append(args))
        self.server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.fixture
def world(tmp_path: Path):
    """A laptop with one fragment listed already and a stray file, plus an OSC stand-in."""
    laptop = tmp_path / "laptop"
    store = make_store(laptop)
    store.check_writable()
    fields = dict(prompt="mine", seed=1, steps=2, cfg_scale=1.0, sampler=None, bundle_sha256="0")
    earlier = store.write_audio(np.zeros((2, 4410), np.float32) + 0.1, RATE, **fields)
    store.record(earlier, {})
    (tmp_path / "outside.txt").write_text("leave me alone")
    max_ = Max()
    yield tmp_path, laptop, earlier, max_
    max_.close()


def follow(feed: Feed, laptop: Path, port: int, until: Callable[[Bridge], bool], seconds=6.0):
    """Run a real bridge on `feed` until `until(bridge)` or `seconds`; it must stop at once."""
    server = FakeServer(feed)
    logs: list[str] = []
    bridge = Bridge(
        server.url, "token", make_store(laptop), make_delivery(port, "127.0.0.1"),
        poll_wait_s=0.3, timeout_s=1.0, download_s=1.5, max_mb=1.0,
        retry_initial_s=0.05, retry_max_s=0.2, log=logs.append,
    )  # fmt: skip
    thread = threading.Thread(target=bridge.run, daemon=True)
    started = time.monotonic()
    thread.start()
    try:
        while time.monotonic() - started < seconds and not until(bridge):
            time.sleep(0.05)
    finally:
        bridge.stop()
        thread.join(timeout=5)
        server.close()
    assert not thread.is_alive(), "the bridge did not stop: a request hangs"
    return bridge, logs


def check_invariants(root: Path, laptop: Path, before: dict[Path, bytes], max_: Max) -> None:
    after = snapshot(root)
    for path, data in before.items():  # nothing deleted, nothing overwritten
        if path.name == "index.jsonl":  # the history only grows at its end
            assert after[path].startswith(data), "the history was rewritten"
        else:
            assert after.get(path) == data, f"{path} changed or vanished"
    new = [p for p in after if p not in before]
    assert all(p.parent == laptop for p in new), f"written outside the folder: {new}"
    assert not [p for p in laptop.iterdir() if p.name.startswith(".partial-")]
    history = make_store(laptop).history()
    assert len({f.id for f in history}) == len(history)
    lines = (laptop / "index.jsonl").read_text().splitlines()
    assert len(lines) == len(history)  # every line is a valid fragment
    listed = {str(f.path) for f in history}
    for fragment in history:
        assert fragment.path.parent == laptop.absolute() and fragment.path.suffix == ".wav"
        with sf.SoundFile(fragment.path) as audio:
            assert audio.format == "WAV" and audio.frames > 0
    time.sleep(0.1)
    for args in max_.fragments:
        assert args[1] in listed, f"announced a file that is not a listed WAV: {args}"


GOOD = wav_bytes()


def trickle(feed: Feed, request: BaseHTTPRequestHandler, listing: bool = False) -> None:
    request.send_response(200)
    request.send_header("Content-Length", "100000" if listing else str(len(GOOD)))
    request.end_headers()
    for _ in range(60):  # one byte every 0.2 s: 12 s if nobody cuts it off
        request.wfile.write(b"{" if listing else b"R")
        request.wfile.flush()
        feed.audio_bytes_served += 1
        time.sleep(0.2)


def endless(feed: Feed, request: BaseHTTPRequestHandler) -> None:
    request.send_response(200)
    request.end_headers()  # no Content-Length: it just keeps coming
    block = os.urandom(64 * 1024)
    for _ in range(4000):  # 256 MB
        request.wfile.write(block)
        feed.audio_bytes_served += len(block)


def huge_length(feed: Feed, request: BaseHTTPRequestHandler) -> None:
    send(request, 200, GOOD, "audio/wav", length=str(10**12))
    feed.audio_bytes_served += len(GOOD)


def gzipped(feed: Feed, request: BaseHTTPRequestHandler) -> None:
    body = gzip.compress(GOOD)
    feed.audio_bytes_served += len(body)
    send(request, 200, body, "audio/wav", Content_Encoding="gzip")


def flaky_once(feed: Feed, request: BaseHTTPRequestHandler) -> None:
    if not getattr(feed, "failed", False):
        feed.failed = True
        return send(request, 500, b"oops", "text/plain")
    feed.audio_bytes_served += len(GOOD)
    send(request, 200, GOOD, "audio/wav")


def listing_answer(status: int, body: bytes, **headers) -> Callable:
    return lambda request: send(request, status, body, "application/json", **headers)


# name -> (items, audio by id or by "*" for every item, listing answer, arrives, log says)
def cases(earlier_id: str, earlier_name: str) -> dict[str, tuple]:
    a, b = new_id(), new_id()
    wrong_sha = item(GOOD, id=a, sha256="f" * 64)
    flac = wav_bytes(fmt="FLAC")
    script, as_json, noise = b"#!/bin/sh\nrm -rf ~\n", b'{"not": "audio"}', os.urandom(9000)
    slow_rate = wav_bytes(rate=22050)
    long = wav_bytes(seconds=0.3)
    fields = {  # wrong types and ranges, one item each
        "duration_text": {"duration": "abc"}, "duration_nan": {"duration": float("nan")},
        "rate_text": {"sample_rate": "44100"}, "rate_zero": {"sample_rate": 0},
        "seed_float": {"seed": 1.5}, "seed_negative": {"seed": -4}, "prompt_number": {"prompt": 5},
        "created_word": {"created": "yesterday"}, "bars_negative": {"bars": -1},
        "steps_bool": {"steps": True}, "provenance_list": {"provenance": ["x"]},
        "id_upper": {"id": "F0123456789AB"}, "id_traversal": {"id": "../../etc/passwd"},
        "id_number": {"id": 123456789012}, "id_old_format": {"id": "0123456789ab"},
        "size_text": {"size": "100"}, "sha_short": {"sha256": "abc"},
        "missing_sha": {"sha256": None}, "postprocess_text": {"postprocess": "all"},
    }  # fmt: skip
    found: dict[str, tuple] = {
        "file name index.jsonl": (
            [item(GOOD, id=a, file_name="index.jsonl")],
            {a: GOOD},
            None,
            [a],
            "",
        ),
        "file name and path outside": (
            [item(GOOD, id=a, file_name="../../outside.txt", path="/etc/passwd")],
            {a: GOOD},
            None,
            [a],
            "",
        ),
        "file name of a local fragment": (
            [item(GOOD, id=a, file_name=earlier_name)],
            {a: GOOD},
            None,
            [a],
            "",
        ),
        "id of a local fragment": ([item(GOOD, id=earlier_id)], {earlier_id: GOOD}, None, [], ""),
        "a shell script": (
            [item(script, id=a, file_name="run.sh")],
            {a: script},
            None,
            [],
            "does not decode as audio",
        ),
        "json as wav": ([item(as_json, id=a)], {a: as_json}, None, [], "does not decode"),
        "random bytes as wav": ([item(noise, id=a)], {a: noise}, None, [], "does not decode"),
        "flac as wav": ([item(flac, id=a)], {a: flac}, None, [], "is FLAC audio, not WAV"),
        "sha256 differs": ([wrong_sha], {a: GOOD}, None, [], "sha256 differs"),
        "more bytes than announced": (
            [item(GOOD, id=a, size=1000)],
            {a: GOOD},
            None,
            [],
            "bytes announced, over 1000",
        ),
        "fewer bytes than announced": (
            [item(GOOD + b"x", id=a)],
            {a: GOOD},
            None,
            [],
            "arrived, or the sha256 differs",
        ),
        "over remote.bridge.max_mb": (
            [item(GOOD, id=a, size=300_000_000)],
            {a: GOOD},
            None,
            [],
            "over remote.bridge.max_mb",
        ),
        "endless stream": ([item(GOOD, id=a)], {a: endless}, None, [], "more than"),
        "a terabyte announced": (
            [item(GOOD, id=a)],
            {a: huge_length},
            None,
            [],
            "bytes announced, over",
        ),
        "gzip body": ([item(GOOD, id=a)], {a: gzipped}, None, [], "sha256 differs"),
        "slow loris audio": ([item(GOOD, id=a)], {a: trickle}, None, [], "not complete within"),
        "slow loris listing": (
            [],
            {},
            lambda r: trickle(Feed([], {}), r, True),
            [],
            "not complete within",
        ),
        "listing not json": (
            [],
            {},
            listing_answer(200, b"<html>hello</html>"),
            [],
            "the listing is not JSON",
        ),
        "listing a json list": (
            [],
            {},
            listing_answer(200, b"[1, 2]"),
            [],
            "not an object with a list of fragments",
        ),
        "listing without fragments": (
            [],
            {},
            listing_answer(200, b'{"server_time": 1}'),
            [],
            "not an object with a list of fragments",
        ),
        "server_time a word": (
            [],
            {},
            listing_answer(200, b'{"server_time": "now", "fragments": []}'),
            [],
            "server_time 'now' is not a number",
        ),
        "listing redirects": (
            [],
            {},
            listing_answer(302, b"", Location="http://127.0.0.1:9/x"),
            [],
            "302",
        ),
        "rate differs from the listing": (
            [item(slow_rate, id=a)],
            {a: slow_rate},
            None,
            [],
            "at 22050 Hz, the listing says",
        ),
        "length differs from the listing": (
            [item(long, id=a)],
            {a: long},
            None,
            [],
            "0.300 s at 44100 Hz, the listing says 0.100 s",
        ),
        "bad item then a good one": (
            [item(GOOD, id=a, duration="abc"), item(GOOD, id=b)],
            {a: GOOD, b: GOOD},
            None,
            [b],
            "duration: 'abc'",
        ),
        "the same id twice": ([item(GOOD, id=a), item(GOOD, id=a)], {a: GOOD}, None, [a], ""),
        "a 500 once, then the file": ([item(GOOD, id=a)], {a: flaky_once}, None, [a], "500"),
        "an item that is a string": (["f0123456789ab"], {}, None, [], "a JSON str, not an object"),
    }
    for name, change in fields.items():
        bad = item(GOOD, id=a)
        bad.update(change)
        bad = {k: v for k, v in bad.items() if v is not None or k not in ("sha256",)}
        found[f"field {name}"] = ([bad], {a: GOOD}, None, [], "")
    return found


CASE_NAMES = sorted(cases("f" + "0" * 12, "x.wav"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_hostile_feed_gets_nothing_past_the_bridge(world, name: str) -> None:
    root, laptop, earlier, max_ = world
    items, audio, listing, arrives, says = cases(earlier.id, earlier.path.name)[name]
    feed = Feed(items, audio)
    feed.listing = listing
    before = snapshot(root)

    def done(bridge: Bridge) -> bool:
        ids = {f.id for f in bridge.store.history()}
        return set(arrives) <= ids and len(feed.paths) >= 4

    started = time.monotonic()
    bridge, logs = follow(feed, laptop, max_.port, done)
    assert time.monotonic() - started < 12, "not bounded in time"
    history = make_store(laptop).history()
    assert [f.id for f in history] == [*reversed(arrives), earlier.id], logs
    check_invariants(root, laptop, before, max_)
    time.sleep(0.2)
    assert sorted(m[0] for m in max_.fragments) == sorted(arrives)
    for fragment in history[: len(arrives)]:  # the local name: local time and the id
        assert fragment.path.name.endswith(f"Z_{fragment.id}.wav")
        assert fragment.path.with_suffix(".json").is_file()
    if says:
        assert any(says in line for line in logs), logs
    skipped = [line for line in logs if line.startswith("skipped")]
    assert len(skipped) == len(set(skipped))  # each bad item reported once
    if name == "over remote.bridge.max_mb" or name == "id of a local fragment":
        assert feed.audio_bytes_served == 0  # not even started
    if name == "endless stream":
        assert feed.audio_bytes_served < 64 * 1024 * 1024  # cut off, not 256 MB


def test_a_bad_listing_is_reported_once_while_the_bridge_keeps_following(world) -> None:
    root, laptop, earlier, max_ = world
    good = item(GOOD)
    feed = Feed([], {good["id"]: GOOD})
    polls = 0

    def listing(request: BaseHTTPRequestHandler) -> None:
        nonlocal polls
        polls += 1
        if polls <= 5:
            return send(request, 200, b"not json at all", "application/json")
        body = {"server_time": time.time(), "fragments": [good]}
        send(request, 200, json.dumps(body).encode(), "application/json")

    feed.listing = listing
    bridge, logs = follow(feed, laptop, max_.port, lambda b: b.store.get(good["id"]) is not None)
    assert bridge.store.get(good["id"]) is not None, logs
    assert sum("the listing is not JSON" in line for line in logs) == 1, logs
