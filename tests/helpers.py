"""What several test modules share (no test module imports another): configs, stand-ins, files.

Fixtures live in `conftest.py`; this module holds plain functions and classes. Whatever a
production class needs is taken from `conf/` (as the entry points take it), so the tests build
the same generator, post-processing chain, store and engine the stage runs, with only what a test
is about changed.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import soundfile as sf
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

if TYPE_CHECKING:
    from core.bundle import Bundle
    from inference.audio.postprocess import Postprocessor, Step
    from inference.live.delivery import OscDelivery
    from inference.live.engine import Engine
    from inference.live.riffs import RiffLibrary
    from inference.live.store import FragmentStore
    from inference.model.generator import Generator

ROOT = Path(__file__).resolve().parents[1]
CONF_DIR = ROOT / "conf"
BIN = Path(sys.executable).parent  # the project's venv: what `uv run dvc ...` puts on PATH


def compose_config(name: str, overrides: list[str] | None = None):
    """Compose an entry-point config from conf/ with Hydra's compose API."""
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return compose(config_name=name, overrides=overrides or [])


@functools.cache
def stage_config():
    """The stage's config as `python -m inference.generate` composes it (not to be modified)."""
    return compose_config("generate", ["prompt=x"])


# -- markers --------------------------------------------------------------------------------------

GPU_SKIP_REASON = "needs CUDA: torch.cuda.is_available() is false here"


def skip_gpu_tests_without_cuda(items: list) -> int:
    """Mark every `gpu` test among collected `items` skipped when torch sees no CUDA device;
    returns how many were. torch is imported only when there is such a test."""
    gpu = [item for item in items if item.get_closest_marker("gpu") is not None]
    if not gpu:
        return 0
    import pytest
    import torch

    if torch.cuda.is_available():
        return 0
    for item in gpu:
        item.add_marker(pytest.mark.skip(reason=GPU_SKIP_REASON))
    return len(gpu)


# -- audio files ----------------------------------------------------------------------------------

FORMATS = {  # extension -> (soundfile format, subtype)
    ".wav": ("WAV", "PCM_16"),
    ".flac": ("FLAC", "PCM_16"),
    ".aiff": ("AIFF", "PCM_16"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
    ".ogg": ("OGG", "VORBIS"),
    ".oga": ("OGG", "VORBIS"),
}


def tone(seconds: float = 0.25, rate: int = 16000, channels: int = 1, freq: float = 440.0):
    """A sine, (samples, channels) float32; each further channel a little quieter."""
    t = np.arange(int(seconds * rate)) / rate
    x = 0.3 * np.sin(2 * np.pi * freq * t)
    return np.stack([x * (1 - 0.2 * c) for c in range(channels)], axis=1).astype(np.float32)


def write_audio(path: Path, audio=None, rate: int = 16000, tags: dict | None = None, **kw) -> Path:
    """A real file in the format its extension names; `tags` are soundfile string fields."""
    audio = tone(rate=rate, **kw) if audio is None else audio
    fmt, subtype = FORMATS[path.suffix.lower()]
    path.parent.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(path, "w", rate, audio.shape[1], format=fmt, subtype=subtype) as f:
        for key, value in (tags or {}).items():
            setattr(f, key, value)
        f.write(audio)
    return path


def row(file: str, licence: str = "", author: str = "", **extra) -> dict:
    """A licences.csv row."""
    return {"file": file, "licence": licence, "author": author, **extra}


def run_stage(stage: str, root: Path, *overrides: str) -> subprocess.CompletedProcess:
    """A pipeline stage's entry point as a real process, on a project rooted at `root`."""
    return subprocess.run(
        [sys.executable, "-m", f"training.{stage}", f"paths.root={root}", *overrides],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- OSC ------------------------------------------------------------------------------------------


class Listener:
    """A UDP socket on loopback standing in for Max's `udpreceive` (Max can't run here)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]

    def receive(self):
        """(the OSC message, the raw datagram)."""
        from pythonosc.osc_message import OscMessage

        datagram = self.sock.recv(65536)
        return OscMessage(datagram), datagram

    def close(self) -> None:
        self.sock.close()


class OscDevice:
    """Stands in for the Max device: a python-osc server receiving what Python sends (port 7400's
    role) and a client sending what the device sends (to the listener)."""

    def __init__(self) -> None:
        from pythonosc.dispatcher import Dispatcher
        from pythonosc.osc_server import ThreadingOSCUDPServer

        self.received: queue.Queue[tuple[str, list]] = queue.Queue()
        dispatcher = Dispatcher()
        dispatcher.set_default_handler(lambda address, *args: self.received.put((address, args)))
        self.server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.client = None

    def connect(self, port: int) -> None:
        from pythonosc.udp_client import SimpleUDPClient

        self.client = SimpleUDPClient("127.0.0.1", port)

    def send(self, address: str, *args) -> None:
        self.client.send_message(address, list(args))

    def next(self, timeout: float = 30.0) -> tuple[str, tuple]:
        return self.received.get(timeout=timeout)

    def quiet(self, seconds: float = 0.3) -> bool:
        """True when nothing more arrives for `seconds`."""
        try:
            extra = self.received.get(timeout=seconds)
        except queue.Empty:
            return True
        raise AssertionError(f"unexpected extra message {extra}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_udp_port() -> int:
    return free_port(socket.SOCK_DGRAM)


def free_tcp_port() -> int:
    return free_port(socket.SOCK_STREAM)


def free_port(kind: int) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- the page in headless Chromium ----------------------------------------------------------------

CHROMIUM = os.environ.get("SAO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
ARTIFACTS = Path(os.environ.get("SAO_TEST_ARTIFACTS", ROOT / "test-artifacts"))


# -- the model and the stage, built from conf/ ----------------------------------------------------


def text_encoder_dtype() -> str:
    return str(stage_config().inference.generator.text_encoder_dtype)


def load_tiny(path: str | Path, device: str = "cpu") -> Bundle:
    """A checkpoint directory loaded by the project's one loader, as the stage loads it."""
    from core.bundle import load_bundle

    return load_bundle(path, None, device=device, text_encoder_dtype=text_encoder_dtype())


def generator_options(**changes: Any) -> dict[str, Any]:
    """conf/inference `generator` as keyword arguments (on the CPU, no warm-up), with changes."""
    options = OmegaConf.to_container(stage_config().inference.generator, resolve=True)
    options = {k: v for k, v in options.items() if not k.startswith("_")}
    return {**options, "device": "cpu", "warmup": False, **changes}


def make_generator(bundle: str | Path | Bundle, **changes: Any) -> Generator:
    """A Generator over a checkpoint directory or a loaded Bundle, configured as conf/ says."""
    from inference.model.generator import Generator

    return Generator(**generator_options(bundle=bundle, **changes))


def postprocessor(**steps: Step) -> Postprocessor:
    """conf/postprocess/default.yaml's chain, with the named steps replaced."""
    import hydra

    from inference.audio.postprocess import Postprocessor

    chain = hydra.utils.instantiate(stage_config().postprocess)
    return Postprocessor(**{**chain.steps, **steps})


def step(name: str, **changes: Any) -> Step:
    """One step of conf/postprocess/default.yaml with some of its fields changed."""
    return dataclasses.replace(postprocessor().steps[name], **changes)


def make_store(root: str | Path, **changes: Any) -> FragmentStore:
    """A FragmentStore on `root` with conf/inference `store`'s settings."""
    from inference.live.store import FragmentStore

    store = stage_config().inference.store
    options = {"subtype": str(store.subtype), "fsync": bool(store.fsync), **changes}
    return FragmentStore(root, **options)


def make_delivery(port: int | None = None, host: str | None = None) -> OscDelivery:
    """OSC delivery to conf/delivery's target, or to `host`:`port` when given."""
    from inference.live.delivery import OscDelivery

    delivery = stage_config().delivery
    return OscDelivery(host or str(delivery.host), port or int(delivery.port))


def make_engine(
    generator: Generator,
    fragments: str | Path,
    port: int | None = None,
    chain: Postprocessor | None = None,
    riffs: RiffLibrary | None = None,
    **changes: Any,
) -> Engine:
    """An Engine as `build_engine` makes it (conf/inference request, loop and tempo lock), over
    an already loaded generator, without the warm-up; OSC to 127.0.0.1:`port`."""
    import hydra

    from inference.live.engine import Engine

    cfg = stage_config().inference
    options = {
        "defaults": OmegaConf.to_container(cfg.request, resolve=True),
        "loop": hydra.utils.instantiate(cfg.loop),
        "warmup": False,
        "tempo_lock": bool(cfg.tempo_lock),
        **changes,
    }
    delivery = make_delivery(port, "127.0.0.1" if port else None)
    return Engine(
        generator, chain or postprocessor(), make_store(fragments), delivery, riffs, **options
    )


# -- adapter bundles ------------------------------------------------------------------------------


def make_adapter_bundle(base: Path, out: Path, name: str, seed: int, scale: float = 0.05) -> Path:
    """An adapter bundle on `base` as `training.export` writes it (conf/training/lora.yaml's
    LoRA), with random weights (`seed`) instead of trained ones, so that it changes the sound."""
    import torch

    from core.adapters import adapter_state, add_lora
    from core.checkpoint import PROVENANCE_FILE, find_weights, write_adapter_bundle
    from core.files import sha256_file, write_json_atomic

    bundle = load_tiny(base)
    settings = compose_config("pipeline", ["training=lora"]).training.finetune.lora
    configs = add_lora(bundle.model, settings, name)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for key, param in bundle.model.named_parameters():
            if f".{name}." in key and "lora_" in key:
                param.copy_(scale * torch.randn(param.shape, generator=generator))
    out.mkdir(parents=True, exist_ok=True)
    state = adapter_state(bundle.model, name, list(configs))
    write_adapter_bundle(out, bundle.model_config, state, configs)
    section = {"name": name, "base_checkpoint": str(bundle.path),
               "base_weights_sha256": sha256_file(find_weights(bundle.path)),
               "text_encoder_dir": None, "parts": sorted(configs)}  # fmt: skip
    write_json_atomic(out / PROVENANCE_FILE, {"adapter": section})
    return out


# -- prepared windows and fine-tuning projects ----------------------------------------------------

RATE = 44100
RATIO = 2048  # the tiny model's downsampling ratio
ENCODE_BATCH_SIZE = 8  # conf/training `encode.batch_size`
FAST = [
    "training.finetune.wandb.mode=disabled",
    "training.finetune.demo.every=0",
    "training.finetune.max_steps=6",
    "training.finetune.checkpoint_every=3",
    "training.finetune.batch_size=2",
    "training.finetune.scheduler.lr_lambda.warmup_steps=2",
]


def write_prepared(
    root: Path, sources: int = 3, per_source: int = 2, samples: int = 8 * RATIO, short: int = 10000
) -> Path:
    """A small prepared set in the layout `training.ingest` writes: recordings in data/raw, the
    manifest of their windows in data/prepared, and a report.

    Window (0, 1) is a shorter tail, so masks and padding are exercised.
    """
    from core.files import sha256_file

    prepared, raw = root / "data" / "prepared", root / "data" / "raw"
    prepared.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    lines = []
    for s in range(sources):
        lengths = [short if (s, w) == (0, 1) else samples for w in range(per_source)]
        t = np.arange(sum(lengths)) / RATE
        sine = 0.3 * np.sin(2 * np.pi * 110 * (s + 1) * t)[:, None]
        audio = (sine + 0.01 * rng.standard_normal((len(t), 2))).astype(np.float32)
        name = f"own/{s}.wav"
        (raw / "own").mkdir(parents=True, exist_ok=True)
        sf.write(raw / name, audio, RATE, subtype="FLOAT")
        sha = sha256_file(raw / name)
        for w, n in enumerate(lengths):
            lines.append(
                {"id": f"{sha[:16]}-{w:04d}", "source": name, "sha256": sha, "start": w * samples,
                 "samples": n, "sample_rate": RATE, "offset": w * samples / RATE,
                 "duration": n / RATE, "source_seconds": len(t) / RATE,
                 "prompt": f"warm analog pad {s}, Tempo: 90", "licence": "LicenseRef-Own-Work"}
            )  # fmt: skip
    text = "".join(json.dumps(line) + "\n" for line in lines)
    (prepared / "manifest.jsonl").write_text(text)
    audit = root / "data" / "audit"
    audit.mkdir(parents=True, exist_ok=True)
    (audit / "licence_report.json").write_text(json.dumps({"accepted": [], "rejected": []}))
    return prepared / "manifest.jsonl"


@contextmanager
def single_thread() -> Iterator[None]:
    """Tiny models train several times faster on one thread when other jobs share the CPU."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def finetune_overrides(root: Path, base: Path, *extra: str) -> list[str]:
    """A quick fine-tune of `base` on the project at `root`."""
    return [f"paths.root={root}", f"training.base.checkpoint={base}", *FAST, *extra]


def finetune_config(root: Path, base: Path, *extra: str):
    return compose_config("pipeline", finetune_overrides(root, base, *extra))


def make_project(root: Path, base: Path) -> Path:
    """A project root with prepared windows and their latents (the `encode` stage's output)."""
    from core.files import sha256_file
    from training.data import read_manifest
    from training.latents import encode_windows

    manifest = write_prepared(root)
    windows = read_manifest(manifest, RATE)
    latents = root / "data" / "latents"
    model = load_tiny(base).model
    encode_windows(
        model, windows, root / "data" / "raw", latents, sha256_file(manifest),
        batch_size=ENCODE_BATCH_SIZE, seed=42,
    )  # fmt: skip
    return root


# -- DVC in a temporary git repository ------------------------------------------------------------

# What the pipeline's stages need of the project (dvc.yaml's code deps are the whole `core` and
# `training` folders, `base` builds from the committed demo weights; `.dvcignore` keeps
# `__pycache__` out of their hashes).
PROJECT_FILES = ["conf", "core", "training", "inference", "dvc.yaml", "params.yaml", ".dvc",
                 ".dvcignore", "models/demo_base.safetensors", "models/demo_base.json"]  # fmt: skip


def copy_project(repo: Path, names: list[str]) -> Path:
    """The project's files named by `names` copied into `repo` (no caches, no local DVC config)."""
    ignore = shutil.ignore_patterns("__pycache__", "tmp", "cache", "config.local")
    for name in names:
        src, dst = ROOT / name, repo / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=ignore)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return repo


def run_in(repo: Path, *args: str, check: bool = True, **env: str) -> subprocess.CompletedProcess:
    """A command in `repo` with the project's venv first on PATH (and `env` added)."""
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    done = subprocess.run(
        args, cwd=repo, env=environment, capture_output=True, text=True, timeout=400
    )
    if check:
        assert done.returncode == 0, f"{args}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


def commit_all(repo: Path) -> None:
    """Make `repo` a git repository holding everything in it as one commit (DVC needs git)."""
    run_in(repo, "git", "init", "-q")
    run_in(repo, "git", "config", "user.email", "test@example.org")
    run_in(repo, "git", "config", "user.name", "test")
    run_in(repo, "git", "add", "-A")
    run_in(repo, "git", "commit", "-q", "-m", "project")


# -- prompts are data ----------------------------------------------------------------------------

# Typed by a performer, kept exactly: nothing expanded, unescaped, doubled or stripped on the way
# (CLI and Hydra, the page, the engine, the history, OSC). The one rewrite is the prompt format
# itself (core.prompt: comma-separated segments are trimmed and joined by ", ").
ODD_PROMPTS = [
    "pad ${oc.env:HOME}", "${now:%H}", "\\${x}", "$HOME and $(ls) and `ls`", "back\\slash",
    "tab\\t not a tab", "trailing\\", "it's", 'say "hi"', "a 'quoted' word", "a \\' b",
    "50% wet, 10%% dry", "x=y, key: value", "[a, b] {c: d}", "null", "true", "1e3",
    "ünïcödé ✨ 🎛️", "%(name)s {0} {{x}}", "#not a comment", "~/not/a/path", "a;b|c&d",
]  # fmt: skip


# -- licence fields that must never be accepted ---------------------------------------------------

_BY = "https://creativecommons.org/licenses/by/4.0/"
# Each is "ambiguous licence text" (core.licences): not exactly one recognised licence. Shared by
# the unit tests, the audit stage (CSV, sidecars, tags) and the riff library.
AMBIGUOUS_LICENCES = [
    # several licences, expressions, free text
    "CC-BY-4.0 OR CC0-1.0", "CC0-1.0 AND CC-BY-NC-4.0", "(CC-BY-4.0)",
    "CC-BY-4.0 WITH Classpath-exception-2.0", "CC-BY-4.0, CC-BY-NC-4.0", "CC-BY-4.0;CC-BY-NC-4.0",
    "CC-BY-4.0/CC-BY-NC-4.0", "CC0-1.0|CC-BY-NC-4.0", "CC-BY-4.0 (non-commercial use only)",
    "Creative Commons Attribution 4.0", "public domain", "all rights reserved", "UNLICENSED",
    "CC-BY-4.0\nCC-BY-NC-4.0", "CC-BY-4.0\r\nCC-BY-NC-4.0", "CC-BY-4.0\tNC", "NOT CC-BY-NC-4.0",
    "CC0-1.0 CC0-1.0", "CC0-1.0CC0-1.0", '"CC0-1.0"', "'CC-BY-4.0'", "CC0-1.0.", "CC-BY-4.0+",
    "CC-BY-4.0-or-later", "CC-BY", "CC-BY-NC", "CC0", "CC BY 4.0", "CC_BY_4.0", "CCBY4.0",
    "CC-BY-4.0 " + _BY, "CC-BY-NC-4.0 " + _BY, _BY + " CC-BY-NC-4.0", _BY + " (NC)",
    _BY + " but not for commercial use", "see https://creativecommons.org/publicdomain/zero/1.0/",
    _BY + " https://creativecommons.org/licenses/by-nc/4.0/",
    _BY + "https://creativecommons.org/licenses/by-nc/4.0/", f"<{_BY}>", f"[{_BY}]",
    # look-alike hosts and URL tricks
    "https://notcreativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org.evil.example/licenses/by/4.0/",
    "https://creativecommons.org@evil.example/licenses/by/4.0/",
    "https://evil.example/?u=creativecommons.org/licenses/by/4.0/",
    "https://evil.example#creativecommons.org/licenses/by/4.0/",
    "http://evil.example/creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org:8443/licenses/by/4.0/",
    "https://creativecommons.org./licenses/by/4.0/", "https://creativecommons.com/licenses/by/4.0/",
    "https://creativecommons.net/licenses/by/4.0/", "https://creativecommon.org/licenses/by/4.0/",
    "https://wwww.creativecommons.org/licenses/by/4.0/",
    "https://search.creativecommons.org/licenses/by/4.0/",
    "https://xn--creativecommns-7xb.org/licenses/by/4.0/",
    "ftp://creativecommons.org/licenses/by/4.0/", "//creativecommons.org/licenses/by/4.0/",
    "https:/creativecommons.org/licenses/by/4.0/",
    "javascript:creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org\\@evil.example/licenses/by/4.0/",
    _BY + "?ref=cc0", _BY + "#nc", _BY + "../by-nc/4.0/", _BY + "/", _BY + "deed",
    _BY + "deed.en/x", _BY + "legalcode-nc", _BY + "\\",
    "https://creativecommons.org//licenses/by/4.0/",
    "https://creativecommons.org/licenses/by%2Dnc/4.0/",
    "https://creativecommons.org/licenses/by/4.0deed.en",
    "https://creativecommons.org/publicdomain/mark/1.0/", "https://creativecommons.org/licenses/by/",
    _BY + " deed.en",
    # zero-width, look-alike and control characters
    "CC0-1.0\u200b", "\u200bCC0-1.0", "CC\u200d0-1.0", "\ufeffCC0-1.0", "CC0\u20111.0",
    "CC0\u22121.0", "CC0-1\uff0e0", "\uff23\uff23\uff10-1.0", "CC0-1.0\u00a0", "\u0421\u04210-1.0",
    _BY.replace("commons", "c\u043emmons"), _BY.replace("commons", "c\u03bfmmons"),
    "LicenseRef-Own-Work\u200b", "LicenseRef-\u041ewn-Work", "CC0-1.0\u202e", "CC-BY-4.0\u0301",
    "CC-BY-4.0\x7f", "CC0-1.0\x0b", _BY + "\u3000", "CC-BY-4.0\u2028CC-BY-NC-4.0",
    # LicenseRef- ids the policy does not define
    "LicenseRef-Own-Work-NC", "LicenseRef-", "LicenseRef-Own Work", "LicenseRef-Studio-Contract",
    "DocumentRef-x:LicenseRef-Own-Work",
]  # fmt: skip
# Characters no CSV field or OGG tag can carry: these go through sidecars and the unit tests only.
AMBIGUOUS_UNWRITABLE = ["CC-BY-4.0\x00", "CC0-1.0\x00CC-BY-NC-4.0"]


def id3v2(frames: list[tuple[str, str]]) -> bytes:
    """An ID3v2.3 tag: URL frames (W...) hold bare Latin-1, text frames an encoding byte first."""
    import struct

    body = b""
    for frame_id, text in frames:
        data = (b"" if frame_id.startswith("W") else b"\x00") + text.encode("latin-1")
        body += frame_id.encode() + struct.pack(">I", len(data)) + b"\x00\x00" + data
    n = len(body)
    size = bytes([(n >> 21) & 127, (n >> 14) & 127, (n >> 7) & 127, n & 127])
    return b"ID3\x03\x00\x00" + size + body


def flac_with_comments(path: Path, comments: list[tuple[str, str]]) -> Path:
    """A FLAC file whose Vorbis comment block holds exactly `comments` (a key may repeat, which
    soundfile cannot write)."""
    import struct

    write_audio(path)
    data = path.read_bytes()
    assert data[:4] == b"fLaC"
    blocks, pos, last = [], 4, False
    while not last:
        header = data[pos]
        last, kind = bool(header & 0x80), header & 0x7F
        length = int.from_bytes(data[pos + 1 : pos + 4], "big")
        if kind != 4:  # every block but the old comments
            blocks.append((kind, data[pos + 4 : pos + 4 + length]))
        pos += 4 + length
    vendor = b"sao-improv tests"
    entries = [f"{k}={v}".encode() for k, v in comments]
    comment = struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(entries))
    comment += b"".join(struct.pack("<I", len(e)) + e for e in entries)
    blocks.insert(1, (4, comment))
    out = b"fLaC"
    for i, (kind, body) in enumerate(blocks):
        flag = 0x80 if i == len(blocks) - 1 else 0
        out += bytes([flag | kind]) + len(body).to_bytes(3, "big") + body
    path.write_bytes(out + data[pos:])
    return path


# -- console --------------------------------------------------------------------------------------
# Third-party noise `core.cli.quiet_third_party` silences: none of it may reach a user's console.
KNOWN_NOISE = (
    "flash_attn",
    "pkg_resources",
    "weight_norm",
    "torch.cuda.amp.autocast",
    "LeafSpec",
    "litlogger",
    "anonymous setting",
    "Should have t",
    "Loading weights",
    "Writing model shards",
    "gemm_4bit_forward",
)


def noise_in(text: str) -> list[str]:
    """The known third-party messages found in `text`."""
    return [noise for noise in KNOWN_NOISE if noise in text]


def cut_power_at(monkeypatch: Any, step: int) -> None:
    """The next fine-tune raises "power cut" once `step` steps are done (a killed run)."""
    import training.fit as ft

    class Crash(ft.MetricsFiles):
        def on_train_batch_end(self, trainer, module, *rest) -> None:
            if trainer.global_step == step:
                raise RuntimeError("power cut")

    monkeypatch.setattr(ft, "MetricsFiles", Crash)
