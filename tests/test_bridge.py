"""Remote generation: a feed server and a bridge as two processes on loopback, with real UDP."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pytest
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer

from inference.live.store import FragmentStore
from tests.helpers import ROOT, free_tcp_port, free_udp_port, make_store

TOKEN = "s3cret-test-token"
pytestmark = pytest.mark.slow


def make_fragment(store: FragmentStore, seconds: float, seed: int, prompt: str):
    store.check_writable()
    audio = np.random.default_rng(seed).uniform(-0.5, 0.5, (2, int(seconds * 44100)))
    fragment = store.write_audio(
        audio,
        44100,
        prompt=prompt,
        seed=seed,
        steps=8,
        cfg_scale=1.0,
        sampler=None,
        bundle_sha256="0" * 64,
    )
    store.record(fragment, {"note": f"provenance of {prompt}"})
    return fragment


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class OscListener:
    """A real OSC server on loopback collecting /sao/fragment messages."""

    def __init__(self) -> None:
        self.messages: list[tuple] = []
        dispatcher = Dispatcher()
        dispatcher.map("/sao/fragment", lambda address, *args: self.messages.append(args))
        self.server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, count: int, timeout: float = 20.0) -> list[tuple]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.messages)


class FeedServer:
    def __init__(self, fragments: Path, port: int, chunk_delay_s: float = 0.0) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "inference.feed",
                f"paths.fragments_dir={fragments}",
                f"remote.token={TOKEN}",
                f"remote.feed.port={port}",
                f"remote.feed.chunk_delay_s={chunk_delay_s}",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/feed/fragments", timeout=1).status_code == 401:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"feed server did not start: {self.process.stdout.read()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=20)


def start_bridge(url: str, fragments: Path, osc_port: int, token: str = TOKEN, count: int = 1):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "inference.bridge",
            f"server={url}",
            f"token={token}",
            f"paths.fragments_dir={fragments}",
            f"delivery.port={osc_port}",
            f"max_fragments={count}",
            "remote.bridge.retry_max_s=0.5",
            "remote.bridge.poll_wait_s=2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )


def finish(process: subprocess.Popen, timeout: float = 60) -> str:
    output, _ = process.communicate(timeout=timeout)
    assert process.returncode == 0, output
    return output


def test_wrong_token_is_refused(tmp_path: Path) -> None:
    server_store = make_store(tmp_path / "server")
    make_fragment(server_store, 0.5, 1, "drone")
    server = FeedServer(server_store.root, free_tcp_port())
    try:
        response = httpx.get(f"{server.url}/feed/fragments", headers={"Authorization": "Bearer no"})
        assert response.status_code == 401
        bridge = start_bridge(server.url, tmp_path / "laptop", free_udp_port(), "wrong")
        output, _ = bridge.communicate(timeout=60)
        assert bridge.returncode != 0
        assert "refused the token" in output
        assert not list((tmp_path / "laptop").glob("*.wav"))
    finally:
        server.stop()


def test_fragments_made_while_bridge_is_down_arrive_once(tmp_path: Path) -> None:
    server_store, laptop = make_store(tmp_path / "server"), tmp_path / "laptop"
    early = [make_fragment(server_store, 0.5, seed, f"pad {seed}") for seed in (1, 2)]
    osc = OscListener()
    server = FeedServer(server_store.root, free_tcp_port())
    try:
        bridge = start_bridge(server.url, laptop, osc.port, count=3)
        time.sleep(1.0)
        late = make_fragment(server_store, 0.5, 3, "pad 3")
        output = finish(bridge)
        assert "ms after ready" in output

        local = make_store(laptop).history()[::-1]
        assert [f.id for f in local] == [f.id for f in [*early, late]]
        for mine, theirs in zip(local, [*early, late], strict=True):
            assert mine.path.parent == laptop.absolute()
            assert sha256(mine.path) == sha256(theirs.path)
            assert mine.prompt == theirs.prompt and mine.seed == theirs.seed
            assert '"note": "provenance of' in mine.path.with_suffix(".json").read_text()
        messages = osc.wait_for(3)
        assert [m[0] for m in messages] == [f.id for f in local]
        assert [m[1] for m in messages] == [str(f.path) for f in local]

        # A bridge restart catches up from the last id and never delivers twice.
        newest = make_fragment(server_store, 0.5, 4, "pad 4")
        finish(start_bridge(server.url, laptop, osc.port, count=1))
        assert [m[0] for m in osc.wait_for(4)] == [f.id for f in local] + [newest.id]
        assert len(make_store(laptop).history()) == 4
    finally:
        server.stop()


def test_killed_server_mid_download_leaves_no_partial_file(tmp_path: Path) -> None:
    server_store, laptop = make_store(tmp_path / "server"), tmp_path / "laptop"
    big = make_fragment(server_store, 2.0, 5, "long drone")  # ~700 KB: 11 slow chunks
    port, osc = free_tcp_port(), OscListener()
    server = FeedServer(server_store.root, port, chunk_delay_s=0.3)
    bridge = start_bridge(server.url, laptop, osc.port, count=1)
    try:
        deadline = time.monotonic() + 60
        while not list(laptop.glob(".partial-*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(laptop.glob(".partial-*")), "the download never started"
        server.stop(signal.SIGKILL)
        time.sleep(1.5)
        assert not list(laptop.glob("*.wav")) and not list(laptop.glob(".partial-*"))
        assert make_store(laptop).history() == []

        server = FeedServer(server_store.root, port)
        finish(bridge)
        (arrived,) = make_store(laptop).history()
        assert arrived.id == big.id and sha256(arrived.path) == sha256(big.path)
        assert [m[0] for m in osc.wait_for(1)] == [big.id]
    finally:
        bridge.kill()
        server.stop()
