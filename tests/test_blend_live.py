"""The live blend over real UDP and in the engine: `/sao/blend`, `/sao/adapters`, refusals with one
`/sao/status error`, the blend each fragment records, Regenerate and Vary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from inference.live.engine import Engine, GenerationError, GenerationRequest
from inference.live.listener import Controller
from tests.helpers import OscDevice, make_adapter_bundle, make_engine, make_generator


@pytest.fixture(scope="module")
def adapters(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("adapters")
    named = [(1, "metal"), (2, "voice")]
    return [make_adapter_bundle(tiny_checkpoint, root / n, n, s) for s, n in named]


@pytest.fixture(scope="module")
def blended(tiny_checkpoint: Path, adapters: list[Path]):
    return make_generator(tiny_checkpoint, adapters=[str(p) for p in adapters])


@pytest.fixture
def device():
    stand_in = OscDevice()
    yield stand_in
    stand_in.close()


@pytest.fixture
def engine(blended, device: OscDevice, tmp_path: Path) -> Engine:
    return make_engine(blended, tmp_path / "fragments", device.port)


@pytest.fixture
def controller(engine: Engine, device: OscDevice):
    listener = Controller(engine, "127.0.0.1", 0, max_pending=1).start()
    device.connect(listener.port)
    yield listener
    listener.close()


def made(engine: Engine, **changes) -> object:
    return engine.generate(GenerationRequest("pad", 0.5, 3, 6.0, seed=5, **changes))


def audio(fragment) -> np.ndarray:
    return sf.read(fragment.path, dtype="float32")[0]


def test_the_device_asks_for_the_blend_and_sets_it(engine, device, controller) -> None:
    device.send("/sao/adapters")
    assert device.next() == ("/sao/adapters", ("metal", 1.0, "voice", 1.0))
    device.quiet()
    device.send("/sao/blend", "metal", 0.25)
    assert device.next() == ("/sao/adapters", ("metal", 0.25, "voice", 1.0))
    device.quiet()
    device.send("/sao/blend", "voice", 0)  # an OSC int
    assert device.next() == ("/sao/adapters", ("metal", 0.25, "voice", 0.0))
    assert engine.blend.current() == (("metal", 0.25), ("voice", 0.0))


BAD_BLENDS = [
    (("drums", 0.5), "blend: adapter 'drums' is not loaded (loaded: metal, voice)"),
    (("METAL", 0.5), "adapter 'METAL' is not loaded"),
    (("", 0.5), "adapter '' is not loaded"),
    (("metal", 1.5), "blend: adapter 'metal': strength must be a number in 0..1, got 1.5"),
    (("metal", -0.5), "in 0..1, got -0.5"),
    (("metal", 2), "in 0..1, got 2.0"),
    (("metal", float("inf")), "/sao/blend: strength must be a number, got inf"),
    (("metal", float("nan")), "/sao/blend: strength must be a number, got nan"),
    (("metal", "0.5"), "/sao/blend: strength must be a number, got '0.5'"),
    (("metal", True), "/sao/blend: strength must be a number, got True"),
    (("metal",), "/sao/blend: expected 2 argument(s) (name, strength), got 1"),
    (("metal", 0.5, 0.5), "expected 2 argument(s) (name, strength), got 3"),
    ((), "expected 2 argument(s)"),
    ((3, 0.5), "/sao/blend: name must be an adapter's name, got 3"),
    ((0.5, "metal"), "name must be an adapter's name, got 0.5"),
]


def test_a_bad_blend_gets_one_status_error_and_changes_nothing(engine, device, controller):
    device.send("/sao/blend", "voice", 0.5)
    assert device.next()[0] == "/sao/adapters"
    before = engine.blend.current()
    for args, reason in BAD_BLENDS:
        device.send("/sao/blend", *args)
        address, (state, message) = device.next()
        assert (address, state) == ("/sao/status", "error"), args
        assert reason in message, (args, message)
        device.quiet(0.1)
        assert engine.blend.current() == before, args
    assert engine.history() == []


def test_the_page_and_the_engine_refuse_the_same_way(engine, device) -> None:
    with pytest.raises(GenerationError, match="adapter 'drums' is not loaded"):
        engine.set_blend("drums", 0.5)
    assert device.next()[1][0] == "error"
    with pytest.raises(GenerationError, match="strength must be a number in 0..1, got 1.01"):
        engine.set_blend("metal", 1.01)
    assert device.next()[1][0] == "error"
    engine.set_blend("metal", 0.5)  # the page's slider: the device hears of it too
    assert device.next() == ("/sao/adapters", ("metal", 0.5, "voice", 1.0))


def test_each_fragment_records_its_blend_and_regenerates_bit_identically(engine) -> None:
    engine.set_blend("metal", 0.75)
    engine.set_blend("voice", 0.0)
    first = made(engine)
    sha = {a.name: a.sha256 for a in engine.generator.adapters.adapters}
    assert first.adapters == [
        {"name": "metal", "sha256": sha["metal"], "strength": 0.75},
        {"name": "voice", "sha256": sha["voice"], "strength": 0.0},
    ]
    assert engine.get(first.id).adapters == first.adapters  # through the history
    engine.set_blend("metal", 0.1)  # the live blend moved on: Regenerate keeps the recorded one
    again = engine.regenerate(first.id)
    assert again.adapters == first.adapters and np.array_equal(audio(again), audio(first))
    other = made(engine)
    assert other.adapters[0]["strength"] == pytest.approx(0.1)
    assert not np.array_equal(audio(other), audio(first))


def test_vary_keeps_the_parents_blend_unless_changed_since(engine) -> None:
    engine.set_blend("metal", 0.5)
    engine.set_blend("voice", 0.25)
    parent = made(engine)
    engine.set_blend("voice", 0.75)
    changed = engine.generate(GenerationRequest("pad", 0.5, 3, 6.0, seed=9))  # another fragment
    strengths = {a["name"]: a["strength"] for a in engine.vary(parent.id, 0.5).adapters}
    assert strengths == {"metal": 0.5, "voice": 0.75}
    engine.set_blend("metal", 0.0)
    strengths = {a["name"]: a["strength"] for a in engine.vary(changed.id, 0.5).adapters}
    assert strengths == {"metal": 0.0, "voice": 0.75}
    engine.set_blend("metal", 0.5)
    kept = {a["name"]: a["strength"] for a in engine.vary(parent.id, 0.5).adapters}
    assert kept == {"metal": 0.5, "voice": 0.75}


def test_a_fragment_of_another_adapter_file_is_not_regenerated(engine, tmp_path: Path) -> None:
    import dataclasses
    import json

    first = made(engine)
    forged = dataclasses.replace(
        first, id="f" + "0" * 12,
        adapters=[{**first.adapters[0], "sha256": "cd" * 32}, first.adapters[1]],
    )  # fmt: skip
    with open(engine.store.index_path, "a") as index:
        index.write(json.dumps(forged.to_dict(), default=str) + "\n")
    with pytest.raises(GenerationError, match="adapter 'metal' \\(sha256 cdcdcdcdcdcd\\)"):
        engine.regenerate(forged.id)


@pytest.mark.parametrize(
    "value",
    [
        "metal", [{"name": "metal"}], [{"name": "m", "sha256": "x", "strength": "1"}],
        [{"name": 1, "sha256": "x", "strength": 1}], [{"name": "m", "sha256": "x",
        "strength": float("nan")}], [{"name": "m", "sha256": "x", "strength": 1, "more": 2}],
    ],
)  # fmt: skip
def test_a_history_line_with_a_bad_blend_is_skipped(value) -> None:
    from inference.live.store import Fragment

    line = {"id": "f" + "1" * 12, "path": "/x.wav", "created": "2026-01-01T00:00:00+00:00",
            "duration": 1.0, "sample_rate": 44100, "prompt": "p", "seed": 1, "steps": 2,
            "cfg_scale": 6.0, "sampler": None, "bundle_sha256": "s"}  # fmt: skip
    assert Fragment.from_dict(line).adapters == []
    with pytest.raises(ValueError, match="adapters"):
        Fragment.from_dict({**line, "adapters": value})
