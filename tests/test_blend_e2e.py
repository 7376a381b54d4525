"""End to end: two LoRA adapters fine-tuned (`training=lora`, a few steps each) on two parts of a
demo set, exported as adapter bundles on one tiny base, loaded together by the stage and blended
over real UDP (`/sao/blend`) and from the page's handler; each fragment records the blend."""

from __future__ import annotations

import json
import queue
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer
from pythonosc.udp_client import SimpleUDPClient

from tests.helpers import (
    compose_config,
    finetune_config,
    free_udp_port,
    load_tiny,
    single_thread,
    write_prepared,
)


def part_project(root: Path, base: Path, sources: set[int]) -> Path:
    """A project holding only the windows of `sources` (one part of the demo set), encoded."""
    from core.files import sha256_file
    from training.data import read_manifest
    from training.latents import encode_windows

    manifest = write_prepared(root)
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    kept = [line for line in lines if int(line["source"].split("/")[1][0]) in sources]
    manifest.write_text("".join(json.dumps(line) + "\n" for line in kept))
    windows = read_manifest(manifest, 44100)
    encode_windows(load_tiny(base).model, windows, root / "data" / "raw", root / "data" / "latents",
                   sha256_file(manifest), batch_size=8, seed=42)  # fmt: skip
    return root


def fine_tune(root: Path, base: Path, name: str) -> Path:
    import training.fit as ft
    from training.export import export

    run = root / "run"
    cfg = finetune_config(
        root, base, "training=lora", "training.export.checkpoint=last",
        f"training.finetune.lora.name={name}", f"paths.finetune_dir={run}",
        f"paths.metrics_dir={run}/metrics", f"paths.bundle_dir={root / name}",
    )  # fmt: skip
    with single_thread():
        ft.finetune(cfg)
        return export(cfg)


@pytest.mark.slow
def test_two_fine_tuned_adapters_blend_over_osc_and_from_the_page(tiny_checkpoint, tmp_path):
    from inference.live.engine import GenerationRequest, build_engine
    from inference.live.listener import start_controller
    from ui.performer import Performer

    metal = fine_tune(part_project(tmp_path / "a", tiny_checkpoint, {0}), tiny_checkpoint, "metal")
    voice = fine_tune(
        part_project(tmp_path / "b", tiny_checkpoint, {1, 2}), tiny_checkpoint, "voice"
    )
    received: queue.Queue = queue.Queue()
    dispatcher = Dispatcher()
    dispatcher.set_default_handler(lambda address, *args: received.put((address, args)))
    server = ThreadingOSCUDPServer(("127.0.0.1", 0), dispatcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cfg = compose_config("control", [
        f"bundle={tiny_checkpoint}", f"adapters=[{metal},{voice}]", "inference.warmup=false",
        f"paths.fragments_dir={tmp_path / 'fragments'}", f"riffs.root={tmp_path / 'riffs'}",
        f"delivery.port={server.server_address[1]}", f"control.port={free_udp_port()}",
    ])  # fmt: skip
    engine = build_engine(cfg)
    controller = start_controller(engine, "127.0.0.1", cfg.control.port, 1)
    try:
        assert received.get(timeout=10) == ("/sao/adapters", ("metal", 1.0, "voice", 1.0))
        device = SimpleUDPClient("127.0.0.1", controller.port)
        device.send_message("/sao/blend", ["metal", 0.5])
        assert received.get(timeout=10) == ("/sao/adapters", ("metal", 0.5, "voice", 1.0))
        device.send_message("/sao/blend", ["voice", 1.5])
        address, (state, reason) = received.get(timeout=10)
        assert (address, state) == ("/sao/status", "error") and "got 1.5" in reason
        engine.set_current(GenerationRequest("pad", 0.5, 4, 6.0, seed=3))
        device.send_message("/sao/generate", [])
        while (got := received.get(timeout=60))[0] != "/sao/fragment":
            pass
        by_device = engine.get(got[1][0])
        assert [a["strength"] for a in by_device.adapters] == [0.5, 1.0]
        assert received.get(timeout=10)[1][0] == "ready"
        Performer(engine).set_blend("voice", 0.0)  # the page's slider
        assert received.get(timeout=10) == ("/sao/adapters", ("metal", 0.5, "voice", 0.0))
        by_page = engine.generate(GenerationRequest("pad", 0.5, 4, 6.0, seed=3))
        assert [a["strength"] for a in by_page.adapters] == [0.5, 0.0]
        first, second = (sf.read(f.path, dtype="float32")[0] for f in (by_device, by_page))
        assert not np.array_equal(first, second)  # the trained voice adapter changes the sound
        again = engine.regenerate(by_device.id)
        assert np.array_equal(sf.read(again.path, dtype="float32")[0], first)
    finally:
        if controller is not None:
            controller.close()
        server.shutdown()
        server.server_close()
