"""Audio-to-audio, negative prompts and tempo-locked loops, on the tiny model (real generation)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch
from stable_audio_tools.inference.generation import generate_diffusion_cond

from core.bundle import Bundle, build_model
from inference.audio.tempo import auto_bars, loop_samples
from inference.live.engine import Engine, GenerationError, GenerationRequest, InitAudio
from inference.model.generator import Generator
from inference.model.sampling import noise_level
from tests.helpers import Listener, make_engine, make_generator, postprocessor, step

PROMPT = "gritty pad, Tempo: 120"
SR = 44100


def rms(a: np.ndarray, b: np.ndarray) -> float:
    n = min(a.shape[-1], b.shape[-1])
    return float(np.sqrt(np.mean((a[..., :n] - b[..., :n]) ** 2)))


def read(fragment) -> np.ndarray:
    return sf.read(fragment.path, dtype="float32", always_2d=True)[0].T


def tiny_as(checkpoint: Path, objective: str, perturb: bool = False) -> Generator:
    """The tiny architecture with another objective, or with its zero-initialised output layers
    made random (seeded), so that the prompt, and therefore a negative prompt, changes the audio."""
    config = json.loads((checkpoint / "model_config.json").read_text())
    config["model"]["diffusion"]["diffusion_objective"] = objective
    torch.manual_seed(0)
    model = build_model(config, checkpoint / "text_encoder").eval().requires_grad_(False)
    if perturb:
        for parameter in model.model.parameters():
            if not parameter.any():
                parameter.normal_(0.0, 0.05)
    return make_generator(Bundle(model, config, checkpoint, f"{objective}-{perturb}"))


@pytest.fixture(scope="module")
def init() -> np.ndarray:
    return (0.2 * np.random.default_rng(0).standard_normal((2, SR))).astype(np.float32)


def upstream(gen: Generator, init: np.ndarray, level: float, negative: str | None, cfg=6.0):
    """stable-audio-tools' own generate_diffusion_cond with init_audio and negative conditioning."""
    exact, size = gen.sample_sizes(1.0)
    options = {k: v for k, v in gen.sampler_options.items() if k != "sigma_max"}
    negative_conditioning = (
        [{"prompt": negative, "seconds_start": 0, "seconds_total": 1.0}] if negative else None
    )
    audio = generate_diffusion_cond(
        gen.model, steps=4, cfg_scale=cfg, sample_size=size, seed=5, device="cpu",
        conditioning=[{"prompt": PROMPT, "seconds_start": 0, "seconds_total": 1.0}],
        negative_conditioning=negative_conditioning, sampler_type=gen.default_sampler,
        init_audio=(SR, torch.from_numpy(init)), init_noise_level=level, **options,
    )  # fmt: skip
    return audio[0, :, :exact].float().numpy()


@pytest.mark.parametrize(("objective", "strength"), [("v", 0.3), ("rf_denoiser", 0.5)])
def test_init_audio_and_negative_prompt_match_upstream_bit_for_bit(
    tiny_checkpoint: Path, init: np.ndarray, objective: str, strength: float
) -> None:
    gen = tiny_as(tiny_checkpoint, objective, perturb=True)
    level = gen.noise_level(strength)
    kwargs = dict(seed=5, init_audio=(init, SR), init_noise_level=level)
    ours = gen.generate(PROMPT, 1.0, 4, 6.0, negative_prompt="noisy", **kwargs).audio
    assert np.array_equal(ours, upstream(gen, init, level, "noisy"))
    plain = gen.generate(PROMPT, 1.0, 4, 6.0, **kwargs).audio
    assert np.array_equal(plain, upstream(gen, init, level, None))
    assert not np.array_equal(ours, plain)  # the negative prompt steers the guidance


def test_strength_maps_to_each_objectives_noise_level(tiny_checkpoint: Path) -> None:
    assert noise_level("v", 0.0, 0.5, 500.0) == pytest.approx(0.5)
    assert noise_level("v", 0.5, 0.5, 500.0) == pytest.approx(np.sqrt(0.5 * 500.0))
    assert noise_level("v", 1.0, 0.5, 500.0) == pytest.approx(500.0)
    assert noise_level("rf_denoiser", 0.5, 0.12, 1.0) == pytest.approx(0.56)
    # null: the high end is conf/inference's sampler sigma_max; the low one must exceed sigma_min
    bad = r"generator.init_noise.v: \[0.01, 500.0\] must rise from above 0.3 "
    with pytest.raises(ValueError, match=bad):
        make_generator(tiny_as(tiny_checkpoint, "v").bundle, init_noise={"v": [0.01, None]})


def test_rf_strength_one_is_exactly_the_fresh_generation(
    tiny_checkpoint: Path, init: np.ndarray
) -> None:
    # Euler draws no noise while sampling (pingpong does, after the VAE encoder's draw).
    gen = tiny_as(tiny_checkpoint, "rf_denoiser")
    fresh = gen.generate(PROMPT, 1.0, 4, 1.0, seed=9, sampler="euler").audio
    full = gen.generate(PROMPT, 1.0, 4, 1.0, seed=9, sampler="euler", init_audio=(init, SR),
                        init_noise_level=gen.noise_level(1.0)).audio  # fmt: skip
    assert np.array_equal(fresh, full)
    near = gen.generate(PROMPT, 1.0, 4, 1.0, seed=9, sampler="euler", init_audio=(init, SR),
                        init_noise_level=gen.noise_level(0.0)).audio  # fmt: skip
    assert not np.array_equal(fresh, near)


# -- the engine: variations, provenance, regeneration, loops ----------------------------------


@pytest.fixture
def engine(generator: Generator, listener: Listener, tmp_path: Path) -> Engine:
    return make_engine(generator, tmp_path / "fragments", listener.port)


def test_variation_strength_zero_stays_closer_to_the_parent_than_strength_one(
    generator: Generator, listener: Listener, tmp_path: Path
) -> None:
    # No trim or loudness: what is compared is what the model made of the parent's audio.
    raw = postprocessor(
        trim=step("trim", enabled=False), fade=step("fade", enabled=False),
        loudness=step("loudness", enabled=False),
    )  # fmt: skip
    engine = make_engine(generator, tmp_path / "fragments", listener.port, raw)
    parent = engine.generate(GenerationRequest(PROMPT, 1.0, 8, 6.0, seed=3))
    close = engine.vary(parent.id, 0.0, seed=4)
    far = engine.vary(parent.id, 1.0, seed=4)
    assert rms(read(close), read(parent)) < rms(read(far), read(parent))
    assert close.parent_id == parent.id and close.duration == pytest.approx(parent.duration)
    assert close.init["kind"] == "fragment" and close.init["ref"] == parent.id
    assert close.init["sha256"] and close.init["noise_level"] < far.init["noise_level"]
    sidecar = json.loads(close.path.with_suffix(".json").read_text())
    assert sidecar["parent_id"] == parent.id and sidecar["init"]["strength"] == 0.0


def test_variation_regenerates_bit_identically_and_refuses_a_changed_source(
    engine: Engine,
) -> None:
    parent = engine.generate(GenerationRequest(PROMPT, 0.5, 4, 6.0, seed=3))
    variation = engine.vary(parent.id, 0.4)
    again = engine.regenerate(variation.id)
    assert again.seed == variation.seed and again.init == variation.init
    assert np.array_equal(read(again), read(variation))
    sf.write(parent.path, np.zeros((1000, 2), np.float32), SR)  # the parent's file is replaced
    with pytest.raises(GenerationError, match="changed since it was used"):
        engine.regenerate(variation.id)


def test_a_file_as_init_audio_is_kept_in_the_fragments_folder(
    engine: Engine, tmp_path: Path
) -> None:
    dropped = tmp_path / "drop.wav"
    sf.write(dropped, (0.1 * np.random.default_rng(1).standard_normal((SR // 2, 1))), SR)
    request = GenerationRequest(
        "dropped, Tempo: 90", 0.5, 4, 6.0, seed=2, init=InitAudio("file", str(dropped), 0.2)
    )
    fragment = engine.generate(request, remember=True)
    kept = Path(fragment.init["ref"])
    assert kept.parent == engine.fragments_dir / "inputs"
    assert kept.read_bytes() == dropped.read_bytes()
    assert engine.current.init.ref == str(kept) and fragment.parent_id is None
    dropped.unlink()  # the upload is gone: the variation still regenerates from the kept copy
    assert np.array_equal(read(engine.regenerate(fragment.id)), read(fragment))


def test_four_bar_loop_at_120_bpm_is_exactly_8_seconds_and_joins_without_a_click(
    engine: Engine,
) -> None:
    request = GenerationRequest("drum loop, Tempo: 120", 4.0, 4, 6.0, seed=6, bars=4)
    loop = engine.generate(request)
    audio = read(loop)
    assert audio.shape[-1] == 8 * SR and loop.duration == 8.0 and loop.bars == 4
    assert set(loop.postprocess) == {"crop_bars", "loop", "fade", "loudness"}  # no trim
    assert "skipped" in loop.postprocess["fade"]
    jump = np.abs(audio[:, 0] - audio[:, -1]).max()
    steps = np.abs(np.diff(audio, axis=-1))
    assert jump <= np.quantile(steps, 0.999), "the loop point jumps more than the audio itself"
    again = engine.regenerate(loop.id)
    assert np.array_equal(read(again), audio) and again.bars == 4


def test_auto_bars_and_live_tempo(engine: Engine) -> None:
    crossfade = engine.postprocessor.loop_crossfade_samples(SR)
    most = engine.generator.bundle.model_config["sample_size"]  # 11.89 s
    assert auto_bars(120, 4, SR, most, extra_samples=crossfade) == 4  # 8 bars = 16 s: too long
    assert auto_bars(200, 4, SR, most, extra_samples=crossfade) == 8  # 9.6 s
    assert auto_bars(19, 4, SR, most) is None
    assert loop_samples(4, 107, 4, SR) == round(16 * 60 / 107 * SR)
    with pytest.raises(GenerationError, match="bars: a loop needs a tempo"):
        engine.generate(GenerationRequest("no tempo here", 4.0, 2, 6.0, bars="auto"))
    engine.set_tempo(200)
    source = engine.generate(GenerationRequest("no tempo here", 0.5, 2, 6.0, seed=1))
    loop = engine.loop(source.id, "auto")  # Live's tempo becomes the prompt's Tempo
    assert loop.prompt == "no tempo here, Tempo: 200" and loop.bars == 8
    assert loop.duration == pytest.approx(9.6) and loop.parent_id == source.id
    assert loop.seed == source.seed
    with pytest.raises(GenerationError, match="bars: 16 bars at 120 BPM last 32.02 s"):
        engine.generate(GenerationRequest(PROMPT, 4.0, 2, 6.0, bars=16))
    with pytest.raises(GenerationError, match="tempo: 5 BPM is outside"):
        engine.set_tempo(5)
    assert engine.live_tempo == 200


BAD_VARIATIONS = [
    (
        {"negative_prompt": "hiss", "cfg_scale": 1.0},
        "negative_prompt: has no effect at cfg_scale 1",
    ),
    ({"init": InitAudio("fragment", "nope", 0.5)}, "init: fragment 'nope' is not in"),
    ({"init": InitAudio("fragment", "x", 1.5)}, "strength: must be between 0 and 1, got 1.5"),
    ({"init": InitAudio("cloud", "x", 0.5)}, "init: kind 'cloud' is not one of"),
    ({"init": InitAudio("riff", "a.wav", 0.5)}, "init: no riff library is configured"),
    ({"init": InitAudio("file", "/no/such.wav", 0.5)}, "init: file /no/such.wav does not exist"),
    ({"bars": "many"}, "bars: 'many' is not a number"),
    ({"bars": 0}, "bars: must be 1 or more"),
]


def test_bad_variation_requests_are_named_and_lose_nothing(
    engine: Engine, listener: Listener
) -> None:
    for changes, message in BAD_VARIATIONS:
        fields = {"prompt": PROMPT, "seconds": 0.5, "steps": 2, "cfg_scale": 6.0, **changes}
        with pytest.raises(GenerationError, match=re.escape(message)):
            engine.generate(GenerationRequest(**fields))
        received = listener.receive()[0]
        assert received.address == "/sao/status" and received.params[0] == "error"
        assert message in received.params[1]
    assert engine.history() == [] and not list(engine.fragments_dir.glob("*.wav"))
    with pytest.raises(GenerationError, match="fragment 'gone' is not in"):
        engine.vary("gone", 0.5)
    assert engine.status().state == "idle"
