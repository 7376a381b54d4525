"""Tempo maths for loops locked to Live: bar lengths, bar counts that fit, time-stretching.

A loop is a whole number of bars at the prompt's Tempo: `auto_bars` picks the largest of the
configured bar counts that fits the model's maximum length; `loop_samples` is its exact length in
samples; `stretch_to_tempo` makes init audio of one tempo play at another (pitch kept).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

MIN_TEMPO, MAX_TEMPO = 20.0, 999.0  # Live's tempo range


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


def stretch_to_tempo(audio: np.ndarray, from_bpm: float, to_bpm: float) -> np.ndarray:
    """Time-stretch (pitch kept, librosa's phase vocoder) so that `from_bpm` plays at `to_bpm`:
    the length changes by from_bpm / to_bpm."""
    import librosa

    rate = float(to_bpm) / float(from_bpm)
    if abs(rate - 1.0) < 1e-6:
        return audio
    stretched = librosa.effects.time_stretch(np.asarray(audio, dtype=np.float32), rate=rate)
    return np.ascontiguousarray(stretched, dtype=np.float32)
