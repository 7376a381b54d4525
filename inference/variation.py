"""Audio-to-audio and tempo-locked loops: init sources, strength, bar counts, time-stretching.

A variation starts from init audio (a history fragment, a riff from the library, or a file) instead
of pure noise; `load_init` reads and checks it, and time-stretches it to the prompt's Tempo when
its own tempo is known (a fragment's prompt, a riff's record). Its `strength` (0..1) is mapped per
diffusion objective to stable-audio-tools' `init_noise_level` (`noise_level`). For `v` models
(Stable Audio Open 1.0) the level is a sigma, and strength moves it log-uniformly from a low sigma
(almost the source) to the sampler's sigma_max (the source is drowned: a fresh generation). For
rectified-flow models (SAO small) the level is the flow time t in 0..1, moved linearly up to 1,
where the source's weight 1 - t is 0: the start is the fresh generation's noise (with a sampler
that draws no further noise, such as euler, the result is exactly the fresh generation).

A loop is a whole number of bars at the prompt's Tempo: `auto_bars` picks the largest of 1, 2, 4
or 8 bars that fits the model's maximum length; `loop_samples` is its exact length in samples.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from inference.files import sha256_file
from inference.prompt import parse_tempo

if TYPE_CHECKING:  # the riff library reads audio with this module's read_audio
    from inference.riffs import RiffLibrary
    from inference.store import FragmentStore

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


class InitError(ValueError):
    """Init audio that cannot be used; the message starts with `init:` and names the source."""


@dataclass(frozen=True)
class InitSource:
    """Init audio, loaded and stretched, with what the fragment records about it."""

    audio: np.ndarray  # (channels, samples) float32
    sample_rate: int
    record: dict[str, Any]  # kind, ref, strength, path, sha256, tempo, stretched_to, ...
    parent_id: str | None  # the history fragment it came from
    noise_level: float | None = None  # set by the engine (it knows the model's objective)


def load_init(
    init: InitAudio,
    store: FragmentStore,
    riffs: RiffLibrary | None,
    target_tempo: float | None,
) -> InitSource:
    """Read an init source, check it (listed, licensed, unchanged since `init.sha256`) and
    time-stretch it from its own tempo, when known, to `target_tempo`. A dropped file is kept
    in the fragments folder first, so that the fragment made from it can be regenerated."""
    record: dict[str, Any] = {"kind": init.kind, "ref": init.ref, "strength": init.strength}
    parent_id, tempo = None, None
    try:
        if init.kind == "fragment":
            parent = store.get(init.ref)
            if parent is None:
                raise InitError(f"init: fragment '{init.ref}' is not in {store.index_path}")
            if not parent.path.is_file():
                raise InitError(f"init: {parent.path} (fragment {init.ref}) is gone")
            audio, rate = read_audio(parent.path)
            path, digest = parent.path, sha256_file(parent.path)
            parent_id, tempo = parent.id, parse_tempo(parent.prompt)
        elif init.kind == "riff":
            if riffs is None:
                raise InitError("init: no riff library is configured (riffs=default)")
            riff, audio, rate = riffs.load(init.ref)
            path, digest, tempo = riff.path, riff.sha256, riff.tempo
            record |= {"licence": riff.licence, "author": riff.author}
        else:
            source = Path(init.ref).expanduser()
            if not source.is_file():
                raise InitError(f"init: file {source} does not exist")
            audio, rate = read_audio(source)
            path, digest = store.import_input(source)
            record["ref"] = str(path)
    except InitError:
        raise
    except ValueError as err:  # RiffError, undecodable audio
        raise InitError(f"init: {err}") from None
    except OSError as err:
        raise InitError(f"init: cannot read {init.ref} ({err.strerror or err})") from None
    if init.sha256 and digest != init.sha256:
        raise InitError(
            f"init: {path} changed since it was used (sha256 {digest[:12]}, recorded "
            f"{init.sha256[:12]}); it cannot be regenerated bit for bit"
        )
    stretched = bool(tempo and target_tempo and abs(tempo - target_tempo) > 1e-6)
    if stretched:
        audio = stretch_to_tempo(audio, tempo, target_tempo)
    record |= {
        "path": str(path),
        "sha256": digest,
        "tempo": tempo,
        "stretched_to": target_tempo if stretched else None,
    }
    return InitSource(audio, rate, record, parent_id)


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
