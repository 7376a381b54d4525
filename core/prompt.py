"""The performer's prompt format: free text, then `Tempo: 107, Key: E minor, Genre: ..., ...`.

One writer (`build_prompt`, used by the UI and the dataset builder so that training captions and
stage prompts look alike) and one reader for what post-processing needs back (`parse_tempo`).
"""

from __future__ import annotations

import math
import re

FIELDS = ("Tempo", "Key", "Genre", "Instrument")
_TEMPO = re.compile(r"\btempo\s*:\s*([0-9]+(?:\.[0-9]+)?)", re.IGNORECASE)
_BPM = re.compile(
    r"\b([0-9]+(?:\.[0-9]+)?)\s*bpm\b|\bbpm\s*:\s*([0-9]+(?:\.[0-9]+)?)", re.IGNORECASE
)


def format_tempo(tempo: float | str) -> str:
    """`107` for 107.0, `92.5` for 92.5; refuses what is not a positive number."""
    try:
        value = float(tempo)
    except (TypeError, ValueError):
        raise ValueError(f"tempo: {tempo!r} is not a number") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"tempo: must be a positive number of beats per minute, got {tempo!r}")
    return f"{value:g}"


def _is_field(segment: str, name: str) -> bool:
    return segment.strip().lower().startswith(name.lower() + ":")


def build_prompt(
    text: str,
    tempo: float | str | None = None,
    key: str | None = None,
    genre: str | None = None,
    instrument: str | None = None,
) -> str:
    """`"gritty and noisy pad, Tempo: 107, Key: E minor, Genre: Ambient, Instrument: Synthesizer"`.

    Empty fields are left out. A field given here replaces the same field typed into the free text,
    so the prompt never carries two tempos.
    """
    given = {
        "Tempo": format_tempo(tempo) if tempo not in (None, "") else "",
        "Key": (key or "").strip(),
        "Genre": (genre or "").strip(),
        "Instrument": (instrument or "").strip(),
    }
    segments = [s.strip() for s in (text or "").split(",")]
    segments = [s for s in segments if s and not any(_is_field(s, f) for f in FIELDS if given[f])]
    segments += [f"{name}: {value}" for name, value in given.items() if value]
    return ", ".join(segments)


def parse_tempo(prompt: str) -> float | None:
    """The prompt's tempo in BPM (`Tempo: 107`, also `107 BPM` / `BPM: 107`), or None."""
    match = _TEMPO.search(prompt or "")
    if match:
        value = float(match.group(1))
    else:
        match = _BPM.search(prompt or "")
        if not match:
            return None
        value = float(match.group(1) or match.group(2))
    return value if value > 0 else None
