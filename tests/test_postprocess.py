"""Post-processing on signals with known answers: silence, loudness, bars, loops, fades."""

from __future__ import annotations

import dataclasses

import hydra
import librosa
import numpy as np
import pyloudnorm as pyln
import pytest

from inference.audio.postprocess import (
    CropBars,
    Fade,
    LoopCrossfade,
    Loudness,
    Postprocessor,
    Trim,
    integrated_loudness,
)
from tests.helpers import compose_config, postprocessor, step

SR = 44100
HOP = 512


def burst(start: int, end: int, total: int, amplitude: float = 0.1, seed: int = 0) -> np.ndarray:
    """Stereo noise between `start` and `end`, digital silence around it."""
    audio = np.zeros((2, total), dtype=np.float32)
    audio[:, start:end] = amplitude * np.random.default_rng(seed).standard_normal((2, end - start))
    return audio


@pytest.mark.parametrize(
    ("start", "end"), [(10_000, 60_000), (22_050, 30_001), (513, 1_000), (0, 88_200)]
)
def test_trim_lands_within_one_hop(start: int, end: int) -> None:
    audio = burst(start, end, 88_200)
    out, record = step("trim", keep_tail_ms=0.0).apply(audio, SR, {})
    cut_start, cut_end = round(record["start_s"] * SR), round(record["end_s"] * SR)
    assert start - HOP < cut_start <= start  # never cuts into the sound
    assert end <= cut_end < end + HOP
    assert out.shape == (2, cut_end - cut_start)


@pytest.mark.parametrize(("start", "end"), [(10_000, 60_000), (22_050, 30_001), (100, 87_000)])
def test_unrefined_trim_is_librosa(start: int, end: int) -> None:
    audio = burst(start, end, 88_200, seed=1)
    _, expected = librosa.effects.trim(audio, top_db=60, frame_length=2048, hop_length=HOP)
    _, record = step("trim", refine=False, keep_tail_ms=0.0).apply(audio, SR, {})
    assert [round(record["start_s"] * SR), round(record["end_s"] * SR)] == list(expected)


@pytest.mark.parametrize("n", [1, 100, 2047, 2048, 2049, 44_100])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(("frame", "hop"), [(2048, 512), (1024, 256), (2048, 64)])
def test_frame_rms_is_librosa_bit_for_bit(n: int, dtype, frame: int, hop: int) -> None:
    """The trim's RMS, without importing librosa and numba on every cold start."""
    from inference.audio.postprocess import frame_rms

    rng = np.random.default_rng(n)
    audio = (rng.standard_normal((2, n)) * rng.uniform(0.01, 1)).astype(dtype)
    expected = librosa.feature.rms(y=audio, frame_length=frame, hop_length=hop)
    got = frame_rms(audio, frame, hop)
    assert got.dtype == expected.dtype and np.array_equal(got, expected)


def test_trim_keeps_a_tail_and_leaves_silence_alone() -> None:
    audio = burst(4096, 20_480, 88_200)
    out, _ = step("trim", keep_tail_ms=50.0).apply(audio, SR, {})
    assert out.shape[-1] == 20_480 - 4096 + round(0.05 * SR)
    silent = np.zeros((2, SR), dtype=np.float32)
    same, record = step("trim").apply(silent, SR, {})
    assert same.shape == silent.shape and record == {"skipped": "all silent"}


@pytest.mark.parametrize("target", [-23.0, -16.0])
def test_loudness_hits_target(target: float) -> None:
    rng = np.random.default_rng(2)
    t = np.arange(3 * SR) / SR
    audio = np.stack(
        [0.05 * np.sin(2 * np.pi * 440 * t), 0.02 * rng.standard_normal(t.size)]
    ).astype(np.float32)
    out, record = step("loudness", target_lufs=target).apply(audio, SR, {})
    measured = pyln.Meter(SR).integrated_loudness(out.T.astype(np.float64))
    assert abs(measured - target) < 0.5
    assert record["method"] == "lufs" and not record["limited_by_peak"]


@pytest.mark.parametrize("length", [5 * SR, 5 * SR + 1234, int(0.45 * SR)])
def test_loudness_measure_matches_pyloudnorm(length: int) -> None:
    audio = burst(SR // 3, length, length, amplitude=0.2, seed=3)
    audio[:, 3 * SR :] *= 0.001  # quiet blocks, to exercise the gates
    audio[1, 4 * SR :] = 0.5  # a loud stretch on one channel near the end
    expected = pyln.Meter(SR).integrated_loudness(audio.T.astype(np.float64))
    assert integrated_loudness(audio, SR) == pytest.approx(expected, abs=0.01)


def test_short_clips_are_peak_normalised_and_peaks_are_capped() -> None:
    short = burst(0, int(0.3 * SR), int(0.3 * SR), amplitude=0.05)
    out, record = step("loudness", peak_ceiling_dbfs=-1.0).apply(short, SR, {})
    assert record["method"] == "peak"
    assert np.abs(out).max() == pytest.approx(10 ** (-1 / 20), rel=1e-5)
    spiky = burst(0, SR, SR, amplitude=0.001)
    spiky[0, SR // 2] = 0.5  # a click that the loudness gain must not push into clipping
    out, record = step("loudness", target_lufs=-10.0).apply(spiky, SR, {})
    assert record["limited_by_peak"] and np.abs(out).max() <= 10 ** (-1 / 20) + 1e-6


def test_fades_reach_silence_at_the_edges() -> None:
    audio = np.full((2, SR), 0.5, dtype=np.float32)
    out, _ = step("fade", fade_in_ms=5.0, fade_out_ms=10.0).apply(audio, SR, {})
    assert np.abs(out[:, 0]).max() < 1e-3 and np.abs(out[:, -1]).max() < 1e-3
    assert np.allclose(out[:, SR // 2], 0.5)
    assert np.all(np.diff(out[0, : round(0.005 * SR)]) > 0)


def test_crop_to_whole_bars_at_the_prompt_tempo() -> None:
    chain = postprocessor(
        trim=step("trim", enabled=False), crop_bars=step("crop_bars", enabled=True),
        fade=step("fade", enabled=False), loudness=step("loudness", enabled=False),
    )  # fmt: skip
    out, record = chain.process(burst(0, 5 * SR, 5 * SR), SR, "pad, Tempo: 120")
    assert out.shape[-1] == 4 * SR and record["crop_bars"]["bars"] == 2
    same, record = chain.process(burst(0, 5 * SR, 5 * SR), SR, "pad without a tempo")
    assert same.shape[-1] == 5 * SR and "skipped" in record["crop_bars"]


def test_bar_crop_with_loop_crossfade_gives_a_seamless_whole_bar_loop() -> None:
    chain = postprocessor(
        trim=step("trim", enabled=False), crop_bars=step("crop_bars", enabled=True),
        loop=step("loop", enabled=True), loudness=step("loudness", enabled=False),
    )  # fmt: skip
    t = np.arange(5 * SR) / SR
    audio = np.stack([0.3 * np.sin(2 * np.pi * 3.3 * t)] * 2).astype(np.float32)
    out, record = chain.process(audio, SR, "pad, Tempo: 120")
    assert out.shape[-1] == 4 * SR  # two bars exactly
    assert "fade" in record and "skipped" in record["fade"]  # a loop has no edges to fade
    wrap = abs(out[0, -1] - out[0, 0])
    assert wrap < 5 * np.abs(np.diff(out[0])).max()  # no jump where the loop wraps around
    assert abs(audio[0, 4 * SR - 1] - audio[0, 0]) > 0.1  # ... while the raw crop has one


def test_record_rebuilds_the_same_chain() -> None:
    audio = burst(3000, 70_000, 88_200, seed=4)
    chain = postprocessor(
        fade=step("fade", fade_in_ms=7.0), loudness=step("loudness", target_lufs=-20.0)
    )
    out, record = chain.process(audio, SR, "x")
    again, record_again = postprocessor().from_record(record).process(audio, SR, "x")
    assert np.array_equal(out, again) and record == record_again
    assert postprocessor().from_record({}).enabled == dict.fromkeys(chain.steps, False)


def test_steps_and_chain_take_every_setting_from_the_config() -> None:
    with pytest.raises(TypeError, match="top_db"):
        Trim(enabled=True)  # no defaults in code: conf/postprocess gives every field
    with pytest.raises(TypeError, match="crop_bars"):
        Postprocessor(trim=step("trim"))  # ... and every step
    chain = postprocessor(crop_bars=step("crop_bars", beats_per_bar=3))
    assert chain.beats_per_bar == 3 and postprocessor().beats_per_bar == 4
    # a step the record does not name did not run: it is this chain's step, switched off
    rebuilt = chain.from_record({"trim": chain.steps["trim"].params()})
    assert rebuilt.steps["trim"] == chain.steps["trim"]
    switched_off = dataclasses.replace(chain.steps["crop_bars"], enabled=False)
    assert rebuilt.steps["crop_bars"] == switched_off
    assert rebuilt.enabled == {**dict.fromkeys(chain.steps, False), "trim": True}


def test_switching_steps() -> None:
    chain = postprocessor().with_enabled(trim=False, loop=True)
    assert chain.enabled == {
        "trim": False,
        "crop_bars": False,
        "loop": True,
        "fade": True,
        "loudness": True,
    }
    with pytest.raises(ValueError, match="unknown step"):
        chain.with_enabled(reverb=True)


def test_config_builds_every_step() -> None:
    cfg = compose_config("generate", ["prompt=x", "postprocess.loudness.target_lufs=-20"])
    chain = hydra.utils.instantiate(cfg.postprocess)
    assert [type(s) for s in chain.steps.values()] == [
        Trim,
        CropBars,
        LoopCrossfade,
        Fade,
        Loudness,
    ]
    assert chain.steps["loudness"].target_lufs == -20
    assert chain.enabled == {
        "trim": True,
        "crop_bars": False,
        "loop": False,
        "fade": True,
        "loudness": True,
    }
