"""Post-processing of a generated fragment: trim, crop to bars, loop crossfade, fades, loudness.

Each step is a small frozen dataclass built by Hydra from `conf/postprocess/default.yaml`, with an
`enabled` flag. The order is fixed because it matters: silence is trimmed first, a bar crop and a
loop crossfade work on what is left, fades smooth the edges (a seamless loop has none), and loudness
is measured on the final audio. `Postprocessor.process` returns the audio and a record of every
enabled step with its parameters and what it measured; that record goes into the fragment's
provenance, and `Postprocessor.from_record` rebuilds the exact chain to regenerate a fragment.

Budget: this, the WAV write and the OSC message under 30 ms for 11 s of stereo (bench/generate.py).
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from scipy.signal import lfilter

from core.prompt import parse_tempo

Record = dict[str, Any]


def ms_to_samples(ms: float, sample_rate: int) -> int:
    return int(round(ms * sample_rate / 1000))


def db_to_gain(db: float) -> float:
    return float(10 ** (db / 20))


@dataclass(frozen=True, kw_only=True)
class Step:
    """A step: `apply` returns (audio, what it measured); `skipped` says why it did nothing."""

    enabled: bool
    name: ClassVar[str] = ""

    def params(self) -> Record:
        return {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "enabled"
        }

    def apply(
        self, audio: np.ndarray, sr: int, context: Record
    ) -> tuple[np.ndarray, Record | None]:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Trim(Step):
    """Leading and trailing silence, with librosa.effects.trim's semantics, then sharpened.

    librosa marks a frame as sound when its RMS is within `top_db` of the loudest frame, and cuts on
    hop boundaries; because a frame spans `frame_length` samples, its cuts land up to half a frame
    early at the start and late at the end. With `refine`, each cut then moves to the first (last)
    hop-sized block that is itself above the same threshold: within one hop of the sound, which
    keeps a fragment's first beat on Live's grid. `keep_head_ms` / `keep_tail_ms` are added after.
    """

    top_db: float
    frame_length: int
    hop_length: int
    refine: bool
    keep_head_ms: float
    keep_tail_ms: float
    name: ClassVar[str] = "trim"

    def apply(self, audio, sr, context):
        rms = frame_rms(audio, self.frame_length, self.hop_length)
        threshold = max(float(rms.max()), 1e-5) * db_to_gain(-self.top_db)
        loud = np.maximum(rms[..., 0, :], 1e-5) > threshold  # librosa's amplitude_to_db floor
        sound = np.flatnonzero(loud.reshape(-1, rms.shape[-1]).any(axis=0))
        if sound.size == 0 or rms.max() <= 1e-5:  # all silence: leave it as it is, and say so
            return audio, {"skipped": "all silent"}
        n = audio.shape[-1]
        start = int(sound[0]) * self.hop_length
        end = min(n, (int(sound[-1]) + 1) * self.hop_length)
        if self.refine:
            start, end = self._refine(audio, start, end, threshold)
        start = max(0, start - ms_to_samples(self.keep_head_ms, sr))
        end = min(n, end + ms_to_samples(self.keep_tail_ms, sr))
        record = {"start_s": start / sr, "end_s": end / sr, "removed_s": (n - end + start) / sr}
        return audio[:, start:end], record

    def _refine(self, audio: np.ndarray, start: int, end: int, threshold: float) -> tuple[int, int]:
        hop, reach = self.hop_length, self.frame_length // 2 + self.hop_length
        head = np.flatnonzero(block_rms(audio[:, start : min(end, start + reach)], hop) > threshold)
        new_start = start + int(head[0]) * hop if head.size else start
        tail_from = max(new_start, end - reach)
        tail_from = new_start + (tail_from - new_start) // hop * hop  # stay on the hop grid
        tail = np.flatnonzero(block_rms(audio[:, tail_from:end], hop) > threshold)
        new_end = min(end, tail_from + (int(tail[-1]) + 1) * hop) if tail.size else end
        return new_start, max(new_end, new_start + 1)


def frame_rms(audio: np.ndarray, frame_length: int, hop_length: int) -> np.ndarray:
    """`librosa.feature.rms(y=audio, ...)` (centred, zero-padded frames), shape (..., 1, frames),
    without importing librosa (and numba): over a second of every cold start."""
    pad = [(0, 0)] * (audio.ndim - 1) + [(frame_length // 2, frame_length // 2)]
    y = np.pad(audio, pad, mode="constant")
    windows = np.lib.stride_tricks.sliding_window_view(y, frame_length, axis=-1)
    frames = np.swapaxes(windows[..., ::hop_length, :], -1, -2)  # (..., frame_length, frames)
    # float32 squares and mean, as librosa's default dtype: the same numbers, bit for bit
    return np.sqrt(np.mean(np.square(frames, dtype=np.float32), axis=-2, keepdims=True))


def block_rms(audio: np.ndarray, hop: int) -> np.ndarray:
    """RMS of consecutive hop-sized blocks (the last one may be shorter), loudest channel."""
    n = audio.shape[-1]
    if n == 0:
        return np.zeros(0)
    padded = np.zeros((audio.shape[0], -(-n // hop) * hop), dtype=np.float64)
    padded[:, :n] = audio
    squares = (padded.reshape(audio.shape[0], -1, hop) ** 2).sum(axis=-1)
    counts = np.minimum(hop, n - np.arange(squares.shape[-1]) * hop)
    return np.maximum(np.sqrt(squares / counts).max(axis=0), 1e-5)  # librosa's floor, as above


@dataclass(frozen=True, kw_only=True)
class CropBars(Step):
    """Crop the end so the fragment is a whole number of bars at the prompt's Tempo (at most
    `bars` of them when set: a loop asks for an exact count)."""

    beats_per_bar: int
    min_bars: int
    bars: int | None = None  # set for a loop (`Postprocessor.for_loop`), not in conf
    name: ClassVar[str] = "crop_bars"

    def apply(self, audio, sr, context):
        tempo = context.get("tempo")
        if not tempo:
            return audio, {"skipped": "no Tempo in the prompt"}
        bar = self.beats_per_bar * 60.0 / tempo
        bars = int(audio.shape[-1] / (bar * sr) + 1e-9)
        if self.bars:
            bars = min(bars, int(self.bars))
        if bars < self.min_bars:
            return audio, {"skipped": f"shorter than {self.min_bars} bar(s) of {bar:.3f} s"}
        # A loop crossfade after this eats its length from the end; leave it that much extra.
        keep = min(audio.shape[-1], round(bars * bar * sr) + context.get("loop_samples", 0))
        return audio[:, :keep], {"tempo": tempo, "bars": bars, "bar_s": bar}


@dataclass(frozen=True, kw_only=True)
class LoopCrossfade(Step):
    """Make the fragment loop seamlessly: its tail is crossfaded (equal power) into its head."""

    crossfade_ms: float
    name: ClassVar[str] = "loop"

    def apply(self, audio, sr, context):
        n = ms_to_samples(self.crossfade_ms, sr)
        if n < 1 or audio.shape[-1] < 3 * n:
            return audio, {"skipped": "too short for the crossfade"}
        phase = (np.arange(n, dtype=np.float32) + 0.5) / n * (np.pi / 2)
        out = audio[:, :-n].copy()
        out[:, :n] = audio[:, :n] * np.sin(phase) + audio[:, -n:] * np.cos(phase)
        return out, {}


@dataclass(frozen=True, kw_only=True)
class Fade(Step):
    """Click-free edges: raised-cosine fade in and out. Not applied to a seamless loop."""

    fade_in_ms: float
    fade_out_ms: float
    name: ClassVar[str] = "fade"

    def apply(self, audio, sr, context):
        if context.get("looped"):
            return audio, {"skipped": "the fragment is a seamless loop"}
        length = audio.shape[-1]
        fade_in = min(ms_to_samples(self.fade_in_ms, sr), length // 2)
        fade_out = min(ms_to_samples(self.fade_out_ms, sr), length // 2)
        audio = audio.copy()
        if fade_in:
            audio[:, :fade_in] *= raised_cosine(fade_in)
        if fade_out:
            audio[:, length - fade_out :] *= raised_cosine(fade_out)[::-1]
        return audio, {}


def raised_cosine(n: int) -> np.ndarray:
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n, dtype=np.float32) + 0.5) / n)).astype(
        np.float32
    )


# ITU-R BS.1770-4 K-weighting, with the filter design pyloudnorm uses (its Meter's two stages).
K_WEIGHTING = (
    {"G": 4.0, "Q": 1 / math.sqrt(2), "fc": 1500.0, "filter_type": "high_shelf"},
    {"G": 0.0, "Q": 0.5, "fc": 38.0, "filter_type": "high_pass"},
)
CHANNEL_GAINS = (1.0, 1.0, 1.0, 1.41, 1.41)
_filter_cache: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}


def k_weighting(sr: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Both stages as one 4th-order filter (b, a, gain): one pass instead of two."""
    if sr not in _filter_cache:
        from pyloudnorm.iirfilter import IIRfilter

        stages = [IIRfilter(rate=sr, **spec) for spec in K_WEIGHTING]
        b = np.convolve(stages[0].b, stages[1].b)
        a = np.convolve(stages[0].a, stages[1].a)
        _filter_cache[sr] = (b, a, stages[0].passband_gain * stages[1].passband_gain)
    return _filter_cache[sr]


def integrated_loudness(
    audio: np.ndarray, sr: int, block_s: float = 0.4, overlap: float = 0.75
) -> float:
    """BS.1770-4 gated loudness in LUFS of (channels, samples) audio.

    pyloudnorm's `Meter.integrated_loudness` (same filters, same block boundaries, same gates),
    vectorised: one filter pass and one pass of sums instead of a Python loop over blocks, which
    makes it fit the post-processing budget. tests/test_postprocess.py checks both agree.
    """
    n = audio.shape[-1]
    if n < block_s * sr:
        raise ValueError(f"loudness needs at least {block_s} s of audio, got {n / sr:.3f} s")
    b, a, gain = k_weighting(sr)
    weighted = gain * lfilter(b, a, audio.astype(np.float64), axis=-1)
    step = 1.0 - overlap
    blocks = int(np.round((n / sr - block_s) / (block_s * step))) + 1
    j = np.arange(blocks)
    lower = (block_s * (j * step) * sr).astype(np.int64)
    upper = np.minimum((block_s * (j * step + 1) * sr).astype(np.int64), n)
    # Sum the squares once per stretch between block edges, then add those sums up per block.
    edges = np.unique(np.concatenate([lower, upper]))
    starts = edges[:-1] if edges[-1] == n else edges  # (a stretch after the last edge is dropped)
    stretches = np.add.reduceat(weighted * weighted, starts, axis=-1)[:, : len(edges) - 1]
    energy = np.concatenate([np.zeros((audio.shape[0], 1)), np.cumsum(stretches, axis=-1)], axis=-1)
    z = (energy[:, np.searchsorted(edges, upper)] - energy[:, np.searchsorted(edges, lower)]) / (
        block_s * sr
    )
    weights = np.asarray(CHANNEL_GAINS[: audio.shape[0]])[:, None]
    with np.errstate(divide="ignore"):
        block_loudness = -0.691 + 10 * np.log10((weights * z).sum(axis=0))
        gated = block_loudness >= -70.0
        if not gated.any():
            return -math.inf
        relative = -0.691 + 10 * np.log10((weights[:, 0] * z[:, gated].mean(axis=1)).sum()) - 10
        gated = (block_loudness > relative) & (block_loudness > -70.0)
        if not gated.any():
            return -math.inf
        return float(-0.691 + 10 * np.log10((weights[:, 0] * z[:, gated].mean(axis=1)).sum()))


@dataclass(frozen=True, kw_only=True)
class Loudness(Step):
    """Normalise to a LUFS target, peaks under a ceiling; peak-normalise clips under a block."""

    target_lufs: float
    peak_ceiling_dbfs: float
    block_s: float
    name: ClassVar[str] = "loudness"

    def apply(self, audio, sr, context):
        peak = float(np.max(np.abs(audio))) if audio.size else 0.0
        if peak == 0.0:
            return audio, {"skipped": "silence"}
        ceiling = db_to_gain(self.peak_ceiling_dbfs)
        if audio.shape[-1] < self.block_s * sr:
            gain = ceiling / peak
            return audio * np.float32(gain), {"method": "peak", "gain_db": 20 * math.log10(gain)}
        measured = integrated_loudness(audio, sr, self.block_s)
        if not math.isfinite(measured):
            return audio, {"skipped": "below the -70 LUFS gate", "measured_lufs": None}
        gain = db_to_gain(self.target_lufs - measured)
        limited = peak * gain > ceiling
        if limited:
            gain = ceiling / peak
        record = {
            "method": "lufs",
            "measured_lufs": measured,
            "gain_db": 20 * math.log10(gain),
            "limited_by_peak": bool(limited),
        }
        return audio * np.float32(gain), record


class Postprocessor:
    """The chain: trim -> crop_bars -> loop -> fade -> loudness (each one can be switched off)."""

    def __init__(self, trim: Step, crop_bars: Step, loop: Step, fade: Step, loudness: Step) -> None:
        self.steps: dict[str, Step] = {
            "trim": trim, "crop_bars": crop_bars, "loop": loop, "fade": fade, "loudness": loudness,
        }  # fmt: skip

    @property
    def enabled(self) -> dict[str, bool]:
        return {name: step.enabled for name, step in self.steps.items()}

    def with_enabled(self, **enabled: bool) -> Postprocessor:
        """A copy with some steps switched on or off (by step name)."""
        unknown = sorted(set(enabled) - set(self.steps))
        if unknown:
            raise ValueError(
                f"postprocess: unknown step(s) {unknown} (known: {', '.join(self.steps)})"
            )
        steps = {
            n: dataclasses.replace(s, enabled=bool(enabled.get(n, s.enabled)))
            for n, s in self.steps.items()
        }
        return Postprocessor(**steps)

    def loop_crossfade_samples(self, sr: int) -> int:
        """What the loop step eats from the end: a loop is generated this much longer."""
        return ms_to_samples(self.steps["loop"].crossfade_ms, sr)

    def for_loop(self, bars: int) -> Postprocessor:
        """A copy that makes an exact loop of `bars` bars: no trim (the bar grid starts at the
        first sample), crop to the bars, crossfade the tail into the head; fades are skipped."""
        steps = dict(self.steps)
        steps["trim"] = dataclasses.replace(steps["trim"], enabled=False)
        steps["crop_bars"] = dataclasses.replace(steps["crop_bars"], enabled=True, bars=int(bars))
        steps["loop"] = dataclasses.replace(steps["loop"], enabled=True)
        return Postprocessor(**steps)

    def from_record(self, record: Mapping[str, Record]) -> Postprocessor:
        """The chain that produced `record` (a fragment's `postprocess`): regenerates exactly.

        A step the record does not name did not run: it is this chain's, switched off.
        """
        steps = {}
        for name, step in self.steps.items():
            if name not in record:
                steps[name] = dataclasses.replace(step, enabled=False)
                continue
            fields = {f.name for f in dataclasses.fields(step)}
            params = {k: v for k, v in (record.get(name) or {}).items() if k in fields}
            steps[name] = dataclasses.replace(step, **{**params, "enabled": True})
        return Postprocessor(**steps)

    @property
    def beats_per_bar(self) -> int:
        """The bar length loops and bar crops count in."""
        return int(self.steps["crop_bars"].beats_per_bar)

    def process(
        self, audio: np.ndarray, sr: int, prompt: str = ""
    ) -> tuple[np.ndarray, dict[str, Record]]:
        """(channels, samples) float32 in, the same out, plus the record of what ran."""
        audio = np.asarray(audio, dtype=np.float32)
        loop = self.steps["loop"]
        context: Record = {
            "tempo": parse_tempo(prompt),
            "loop_samples": ms_to_samples(loop.crossfade_ms, sr) if loop.enabled else 0,
        }
        applied: dict[str, Record] = {}
        for name, step in self.steps.items():
            if not step.enabled:
                continue
            audio, result = step.apply(audio, sr, context)
            applied[name] = {**step.params(), **(result or {})}
            if name == "loop" and "skipped" not in applied[name]:
                context["looped"] = True
        return np.ascontiguousarray(audio, dtype=np.float32), applied

    def warm_up(self, sr: int) -> None:
        """First calls into librosa/scipy are slow (lazy imports): pay that before the set."""
        rng = np.random.default_rng(0)
        audio = (0.1 * rng.standard_normal((2, sr))).astype(np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            everything = self.with_enabled(**dict.fromkeys(self.steps, True))
            everything.process(audio, sr, "warm-up, Tempo: 120")
