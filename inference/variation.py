"""Audio-to-audio and tempo-locked loops: init sources, strength, bar counts, time-stretching.

A variation starts from init audio (a history fragment, a riff from the library, or a file) instead
of pure noise. Its `strength` (0..1) is mapped per diffusion objective to stable-audio-tools'
`init_noise_level` (`noise_level`): for `v` models (Stable Audio Open 1.0) the level is a sigma, and
strength moves it log-uniformly from a low sigma (almost the source) to the sampler's sigma_max (the
source is drowned: a fresh generation); for rectified-flow models (SAO small) the level is the flow
time t in 0..1, and strength moves it linearly up to 1, where the source is weighted by 1 - t = 0
and the result is exactly the fresh generation for that seed.

A loop is a whole number of bars at the prompt's Tempo: `auto_bars` picks the largest of 1, 2, 4
or 8 bars that fits the model's maximum length; `loop_samples` is its exact length in samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

INIT_KINDS = ("fragment", "riff", "file")
LOG_OBJECTIVES = ("v",)  # sigma-parameterised: strength is spread on a log scale
MIN_TEMPO, MAX_TEMPO = 20.0, 999.0  # Live's tempo range


@dataclass(frozen=True)
class InitAudio:
    """Where a variation starts: `kind` is fragment (an id), riff (a name in the riff library) or
    file (a path); `sha256`, when given, is what the source must still hold (regeneration)."""

    kind: str
    ref: str
    strength: float = 0.5
    sha256: str | None = None
    noise_level: float | None = None  # when given, used instead of the strength's (regeneration)


def noise_level(objective: str, strength: float, low: float, high: float) -> float:
    """stable-audio-tools' `init_noise_level` for a strength in 0..1 (see the module docstring)."""
    strength = min(max(float(strength), 0.0), 1.0)
    if objective in LOG_OBJECTIVES:
        return float(math.exp(math.log(low) + strength * (math.log(high) - math.log(low))))
    return float(low + strength * (high - low))


def bar_seconds(tempo: float, beats_per_bar: int) -> float:
    return beats_per_bar * 60.0 / float(tempo)


def loop_samples(bars: int, tempo: float, beats_per_bar: int, sample_rate: int) -> int:
    """The exact length of `bars` bars in samples (what the finished loop lasts)."""
    return round(bars * bar_seconds(tempo, beats_per_bar) * sample_rate)


def auto_bars(
    tempo: float,
    beats_per_bar: int,
    sample_rate: int,
    max_samples: int,
    choices: Sequence[int] = (1, 2, 4, 8),
    extra_samples: int = 0,
) -> int | None:
    """The largest bar count in `choices` whose loop (plus `extra_samples`, the crossfade the loop
    step eats) fits in `max_samples`; None when not even the smallest fits."""
    fitting = [
        b
        for b in choices
        if loop_samples(b, tempo, beats_per_bar, sample_rate) + extra_samples <= max_samples
    ]
    return max(fitting) if fitting else None


def read_audio(path: str | Path) -> tuple[np.ndarray, int]:
    """(channels, samples) float32 and the file's sample rate; ValueError naming the file."""
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except Exception as err:  # libsndfile reports bad files through several exception types
        raise ValueError(f"{path}: cannot decode as audio ({err})") from None
    if data.shape[0] == 0:
        raise ValueError(f"{path}: no audio in the file (0 frames)")
    if not np.isfinite(data).all():
        raise ValueError(f"{path}: contains NaN or infinite samples")
    return np.ascontiguousarray(data.T), int(rate)


def stretch_to_tempo(audio: np.ndarray, from_bpm: float, to_bpm: float) -> np.ndarray:
    """Time-stretch (pitch kept, librosa's phase vocoder) so that `from_bpm` plays at `to_bpm`:
    the length changes by from_bpm / to_bpm."""
    import librosa

    rate = float(to_bpm) / float(from_bpm)
    if abs(rate - 1.0) < 1e-6:
        return audio
    stretched = librosa.effects.time_stretch(np.asarray(audio, dtype=np.float32), rate=rate)
    return np.ascontiguousarray(stretched, dtype=np.float32)
