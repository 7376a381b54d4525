"""Window audio read straight from the source recordings (no copies in `data/prepared`).

One decode serves `ingest` (which cuts and deduplicates windows) and every stage that reads a
window's samples later (`encode`, fine-tuning on raw audio): decode as float32, make stereo (mono
duplicated; with more channels, L and R are kept and the others spread over both at -3 dB, scaled
so nothing clips), resample the whole recording to the model rate with torchaudio. A window is
samples [start, start + samples) of that, bit for bit what `ingest` hashed. `SourceReader` checks
each recording against the sha256 the audit recorded once per process and keeps the last few
decoded recordings, so windows read in manifest order decode each recording once.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path, PurePosixPath

import numpy as np
import soundfile as sf

from core.files import sha256_file

# Formats libsndfile seeks sample-exactly: at the model rate a window is read on its own.
SEEKABLE_FORMATS = {"WAV", "WAVEX", "W64", "RF64", "FLAC", "AIFF", "CAF"}


class SourceError(ValueError):
    """A recording that cannot give its windows; the message names the file and the reason."""


def to_stereo(audio: np.ndarray) -> np.ndarray:
    """(frames, channels) to (2, frames)."""
    channels = audio.shape[1]
    if channels == 1:
        return np.repeat(audio.T, 2, axis=0)
    if channels == 2:
        return np.ascontiguousarray(audio.T)
    gain = 1 / math.sqrt(2)
    rest = gain * audio[:, 2:].sum(axis=1)
    return np.stack([audio[:, 0] + rest, audio[:, 1] + rest]) / (1 + gain * (channels - 2))


def resample(audio: np.ndarray, sample_rate: int, target_rate: int) -> np.ndarray:
    if sample_rate == target_rate:
        return audio
    import torch  # imported here: torch takes seconds to load and most error paths never need it
    import torchaudio

    waveform = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float32))
    return torchaudio.functional.resample(waveform, sample_rate, target_rate).numpy()


def decode(path: Path, target_rate: int) -> np.ndarray:
    """The whole recording as (2, frames) float32 at target_rate; SourceError says why not."""
    try:
        audio, rate = sf.read(path, dtype="float32", always_2d=True)
    except Exception as err:  # libsndfile reports corrupt data through several exception types
        raise SourceError(f"cannot decode as audio: {err}") from None
    return np.ascontiguousarray(resample(to_stereo(audio), rate, target_rate), dtype=np.float32)


def read_segment(path: Path, start: int, samples: int, target_rate: int) -> np.ndarray | None:
    """Samples [start, start + samples) without decoding the rest, where that gives the same
    samples as `decode` (a seekable format already at target_rate); else None."""
    try:
        info = sf.info(str(path))
        if info.samplerate != target_rate or info.format not in SEEKABLE_FORMATS:
            return None
        audio = sf.read(path, frames=samples, start=start, dtype="float32", always_2d=True)[0]
    except Exception as err:  # libsndfile reports corrupt data through several exception types
        raise SourceError(f"cannot decode as audio: {err}") from None
    return np.ascontiguousarray(to_stereo(audio), dtype=np.float32)


def source_path(raw_dir: Path, source: str) -> Path:
    """`source` (relative to raw_dir, as the manifest holds it) inside raw_dir, else SourceError."""
    rel = PurePosixPath(source)
    if not source or rel.is_absolute() or ".." in rel.parts or "\\" in source or "\0" in source:
        raise SourceError(f"{source!r}: not a path inside paths.raw_dir")
    return raw_dir / rel


class SourceReader:
    """Window samples of the recordings under `raw_dir`, each checked against its sha256."""

    def __init__(self, raw_dir: str | Path, sample_rate: int, keep: int) -> None:
        self.raw_dir = Path(raw_dir)
        self.sample_rate = sample_rate
        self.keep = keep  # decoded recordings kept (a tail of the manifest order)
        self.verified: dict[str, str] = {}
        self.decoded: OrderedDict[str, np.ndarray] = OrderedDict()

    def verify(self, source: str, sha256: str) -> Path:
        path = source_path(self.raw_dir, source)
        if self.verified.get(source) == sha256:
            return path
        if not path.is_file():
            raise SourceError(f"{path}: missing from paths.raw_dir; rerun the audit and ingest")
        if sha256_file(path) != sha256:
            raise SourceError(
                f"{path}: changed since ingest (sha256 differs); rerun the audit and ingest"
            )
        self.verified[source] = sha256
        return path

    def window(self, source: str, sha256: str, start: int, samples: int) -> np.ndarray:
        """(2, samples) float32: the window as `ingest` cut it."""
        path = self.verify(source, sha256)
        try:
            if source not in self.decoded:
                segment = read_segment(path, start, samples, self.sample_rate)
                if segment is not None:
                    return self._checked(path, segment, samples)
                self.decoded[source] = decode(path, self.sample_rate)
                while len(self.decoded) > self.keep:
                    self.decoded.popitem(last=False)
            self.decoded.move_to_end(source)
        except SourceError as err:
            raise SourceError(f"{path}: {err}") from None
        return self._checked(path, self.decoded[source][:, start : start + samples], samples)

    @staticmethod
    def _checked(path: Path, audio: np.ndarray, samples: int) -> np.ndarray:
        if audio.shape[1] != samples:
            raise SourceError(
                f"{path}: holds {audio.shape[1]} of the window's {samples} samples; "
                "rerun the audit and ingest"
            )
        return audio
