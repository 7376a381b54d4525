"""The stage loop end to end: tiny bundle -> fragment -> store -> OSC over UDP; bad input."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from inference.live.engine import Engine, GenerationError, GenerationRequest, build_engine
from inference.live.store import new_id
from inference.model.generator import Generator
from tests.helpers import Listener, compose_config, make_engine, make_store

PROMPT = "gritty pad, Tempo: 107"


@pytest.fixture
def engine(generator: Generator, listener: Listener, tmp_path: Path) -> Engine:
    return make_engine(generator, tmp_path / "fragments", listener.port)


def request(**changes) -> GenerationRequest:
    return GenerationRequest(
        **{"prompt": PROMPT, "seconds": 0.5, "steps": 2, "cfg_scale": 6.0, "seed": 11, **changes}
    )


def messages(listener: Listener, count: int) -> list:
    return [listener.receive()[0] for _ in range(count)]


def test_fragment_is_stored_listed_and_delivered(engine: Engine, listener: Listener) -> None:
    steps: list[tuple[int, int]] = []
    fragment = engine.generate(request(), progress=lambda i, n: steps.append((i, n)))
    assert steps == [(1, 2), (2, 2)]
    assert re.fullmatch(r"f[0-9a-f]{12}", fragment.id)  # a letter first: Max keeps it a symbol
    status, delivered, ready = messages(listener, 3)
    assert status.address == "/sao/status" and status.params == ["generating", PROMPT]
    assert delivered.address == "/sao/fragment"
    assert delivered.params == [
        fragment.id,
        str(fragment.path),
        pytest.approx(fragment.duration),
        44100,
        PROMPT,
    ]
    assert ready.params[0] == "ready" and fragment.id in ready.params[1]
    audio, rate = sf.read(fragment.path, dtype="float32")
    assert (
        rate == 44100
        and audio.shape[1] == 2
        and len(audio) / rate == pytest.approx(fragment.duration)
    )
    assert fragment.seed == 11 and fragment.sampler == "dpmpp-3m-sde" and fragment.seconds == 0.5
    assert fragment.bundle_sha256 == engine.generator.bundle.weights_sha256
    assert set(fragment.postprocess) == {"trim", "fade", "loudness"}
    assert fragment.delivery == f"sent to 127.0.0.1:{listener.port}"
    sidecar = json.loads(fragment.path.with_suffix(".json").read_text())
    assert sidecar["postprocess"]["loudness"]["target_lufs"] == -16.0
    assert sidecar["provenance"]["diffusion_objective"] == "v"
    assert engine.history() == [fragment] and engine.get(fragment.id) == fragment


def test_regenerate_is_bit_identical_and_history_survives_restart(
    engine: Engine, generator: Generator, tmp_path: Path
) -> None:
    first = engine.generate(request(seed=None))
    engine.set_postprocess(trim=False, loudness=False)  # regenerate replays the recorded chain
    again = engine.regenerate(first.id)
    assert again.parent_id == first.id and again.seed == first.seed and again.id != first.id
    assert again.postprocess == first.postprocess
    assert np.array_equal(
        sf.read(first.path, dtype="float32")[0], sf.read(again.path, dtype="float32")[0]
    )
    other = engine.generate(request(seed=first.seed + 1))
    assert not set(other.postprocess) & {"trim", "loudness"}
    restarted = make_engine(generator, tmp_path / "fragments")
    assert [f.id for f in restarted.history()] == [other.id, again.id, first.id]


BAD_INPUT = [
    ({"prompt": "   "}, "prompt: empty"),
    ({"prompt": None}, "prompt: empty"),
    ({"seconds": 0}, "seconds: must be more than 0"),
    ({"seconds": -2}, "seconds: must be more than 0"),
    ({"seconds": 30}, "seconds: 30 is beyond this model's maximum of 11.89 s"),
    ({"seconds": "four"}, "seconds: 'four' is not a number"),
    ({"seconds": float("nan")}, "seconds: nan is not a finite number"),
    ({"steps": "many"}, "steps: 'many' is not a number"),
    ({"steps": 2.5}, "steps: 2.5 is not a whole number"),
    ({"steps": 1}, "steps: dpmpp-3m-sde needs at least 2 steps"),
    ({"cfg_scale": "loud"}, "cfg_scale: 'loud' is not a number"),
    ({"seed": "lucky"}, "seed: 'lucky' is not a number"),
    ({"seed": -1}, "seed: must be between 0 and"),
    ({"sampler": "pingpong"}, "sampler: 'pingpong' is not one of"),
]


def test_bad_input_is_named_and_loses_nothing(engine: Engine, listener: Listener) -> None:
    earlier = engine.generate(request())
    messages(listener, 3)
    for changes, message in BAD_INPUT:
        with pytest.raises(GenerationError, match=message):
            engine.generate(request(**changes))
        state, reason = messages(listener, 1)[0].params
        assert state == "error" and re.search(message, reason), (changes, reason)
    assert engine.history() == [earlier] and earlier.path.is_file()


def test_numbers_typed_as_text_are_accepted(engine: Engine) -> None:
    fragment = engine.generate(request(seconds=" 0.5", steps="2", cfg_scale="4", seed="9"))
    assert (fragment.seconds, fragment.steps, fragment.cfg_scale, fragment.seed) == (0.5, 2, 4.0, 9)


def test_unwritable_fragments_folder_fails_before_generating(
    engine: Engine, generator: Generator, listener: Listener, tmp_path: Path
) -> None:
    earlier = engine.generate(request())
    messages(listener, 3)
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("")
    engine.store = make_store(blocker / "fragments")  # e.g. the drive went away mid-set
    steps = []
    with pytest.raises(
        GenerationError, match=f"fragments folder {blocker / 'fragments'}: cannot write"
    ):
        engine.generate(request(), progress=lambda i, n: steps.append(i))
    assert steps == [] and messages(listener, 1)[0].params[0] == "error"
    assert make_store(tmp_path / "fragments").history() == [earlier]
    with pytest.raises(GenerationError, match="cannot write"):
        make_engine(generator, blocker / "x")


def test_max_not_listening_still_stores_and_lists(engine: Engine) -> None:
    engine.set_delivery("no-such-host.invalid", 7400)
    assert engine.delivery_target == "no-such-host.invalid:7400"
    fragment = engine.generate(request())
    assert fragment.delivery.startswith("not sent: host 'no-such-host.invalid' not found")
    assert engine.history() == [fragment] and fragment.path.is_file()
    assert not engine.resend(fragment.id).ok


def test_resend_and_settings(engine: Engine, listener: Listener) -> None:
    fragment = engine.generate(request())
    messages(listener, 3)
    assert engine.resend(fragment.id).ok
    assert messages(listener, 1)[0].params[:2] == [fragment.id, str(fragment.path)]
    with pytest.raises(GenerationError, match="fragment 'nope' is not in"):
        engine.resend("nope")
    with pytest.raises(GenerationError, match="delivery.port: 'x' is not a number"):
        engine.set_delivery("127.0.0.1", "x")
    with pytest.raises(GenerationError, match="unknown step"):
        engine.set_postprocess(reverb=True)
    engine.set_postprocess(trim=False)
    assert engine.postprocess_steps["trim"] is False
    assert engine.default_request("x") == GenerationRequest("x", 4.0, 20, 6.0)  # conf/inference


def test_fragments_by_id_or_path_and_no_riff_library(
    engine: Engine, listener: Listener, tmp_path: Path
) -> None:
    fragment = engine.generate(request())
    messages(listener, 3)
    assert engine.fragments_dir == tmp_path / "fragments"
    assert engine.fragment_for(fragment.id) == fragment
    assert engine.fragment_for(str(fragment.path)) == fragment
    with pytest.raises(GenerationError, match="is outside the fragments folder"):
        engine.fragment_for(str(tmp_path / "elsewhere.wav"))
    with pytest.raises(GenerationError, match="is not a fragment in"):
        engine.fragment_for(str(engine.store.index_path))
    engine.report_error("/sao/vary: something the device got wrong")
    assert messages(listener, 1)[0].params == ["error", "/sao/vary: something the device got wrong"]
    assert engine.riff_choices() == [] and engine.riffs_report() is None
    engine.rescan_riffs()  # nothing to rescan: not an error


def test_build_engine_from_config(tiny_checkpoint: Path, tmp_path: Path) -> None:
    overrides = [
        f"bundle={tiny_checkpoint}", f"paths.fragments_dir={tmp_path / 'fragments'}", "prompt=x",
        "delivery.port=7499", "inference.request.steps=5", "postprocess.fade.enabled=false",
    ]  # fmt: skip
    engine = build_engine(compose_config("generate", overrides))
    assert engine.delivery_target == "127.0.0.1:7499" and engine.max_seconds == pytest.approx(
        11.89, abs=0.01
    )
    assert engine.default_request("x").steps == 5 and engine.postprocess_steps["fade"] is False
    assert engine.store.root == tmp_path / "fragments" and str(engine.generator.device) == "cpu"


def test_a_bundle_that_is_not_one_is_named(tiny_checkpoint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_checkpoint, broken)
    (broken / "model_config.json").unlink()
    overrides = [f"bundle={broken}", f"paths.fragments_dir={tmp_path / 'f'}", "prompt=x"]
    with pytest.raises(GenerationError, match="model_config.json: missing"):
        build_engine(compose_config("generate", overrides))


def test_failures_mid_generation_and_foreign_fragments(engine: Engine) -> None:
    earlier = engine.generate(request())

    def cancel(step: int, total: int) -> None:
        raise RuntimeError("cancelled by the performer")

    with pytest.raises(GenerationError, match="generation failed: cancelled by the performer"):
        engine.generate(request(seed=12), progress=cancel)
    foreign = replace(earlier, id=new_id(), bundle_sha256="f" * 64)
    engine.store.record(foreign)
    with pytest.raises(GenerationError, match="was made with another model"):
        engine.regenerate(foreign.id)
    assert [f.id for f in engine.history()] == [foreign.id, earlier.id]


# -- listed before sent, the OS's reason for a failed write, prompts kept as typed ---------------


def test_the_history_line_exists_before_the_device_hears_of_the_fragment(
    generator: Generator, tmp_path: Path
) -> None:
    import threading

    device, seen = Listener(), []

    def receive() -> None:  # what Max would do on /sao/fragment: look the id up in the history
        while len(seen) < 3:
            message = device.receive()[0]
            if message.address == "/sao/fragment":
                index = tmp_path / "fragments" / "index.jsonl"
                seen.append(index.is_file() and message.params[0] in index.read_text())

    thread = threading.Thread(target=receive, daemon=True)
    thread.start()
    engine = make_engine(generator, tmp_path / "fragments", device.port)
    try:
        for seed in range(3):
            engine.generate(request(seed=seed))
        thread.join(timeout=30)
    finally:
        device.close()
    assert seen == [True, True, True]


def test_a_fragment_that_cannot_be_listed_is_never_sent(engine: Engine, listener: Listener):
    engine.store.index_path.mkdir()  # the history cannot be appended to
    with pytest.raises(GenerationError, match="written, but not listed") as failed:
        engine.generate(request())
    got = messages(listener, 2)
    assert [m.address for m in got] == ["/sao/status", "/sao/status"]
    assert got[1].params[0] == "error" and got[1].params[1] == str(failed.value)


def test_a_full_disk_is_named_on_the_status_and_the_page(
    generator: Generator, listener: Listener, full_disk
) -> None:
    from ui.performer import Performer

    folder, how = full_disk
    engine = make_engine(generator, folder / "fragments", listener.port)
    with pytest.raises(GenerationError, match=r"No space left on device") as failed:
        engine.generate(request(seconds=1.0))
    assert str(failed.value).startswith("generation failed: ") and "fragments" in str(failed.value)
    got = messages(listener, 2)
    assert got[1].params[:2] == ["error", str(failed.value)], how
    page = Performer(engine).generate("pad", 0, None, "", "", 1.0, 2, 6.0, 1, True,
                                      progress=lambda *a, **k: None)  # fmt: skip
    assert "No space left on device" in page[1], how
    assert engine.history() == []


def test_odd_prompts_stay_as_typed_on_the_page_in_the_history_and_over_osc(
    engine: Engine, listener: Listener
) -> None:
    from tests.helpers import ODD_PROMPTS
    from ui.performer import Performer

    page = Performer(engine)
    for typed in ODD_PROMPTS:
        path = page.generate(typed, 0, None, "", "", 0.3, 2, 6.0, 1, True,
                             progress=lambda *a, **k: None)[0]  # fmt: skip
        assert isinstance(path, str), (typed, path)
        fragment = engine.history()[0]
        sent = [m for m in messages(listener, 3) if m.address == "/sao/fragment"][0]
        assert fragment.prompt == typed and sent.params[4] == typed, typed
        record = json.loads(fragment.path.with_suffix(".json").read_text())
        assert record["prompt"] == typed
