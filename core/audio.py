"""Reading audio files: one decoder for recordings, riffs, dropped files and fragments.

Returns (channels, samples) float32 and refuses, with the file named, what cannot be used: files
libsndfile cannot decode, empty files and files holding NaN or infinite samples.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


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
