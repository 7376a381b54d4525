"""The performer's prompt format, written by build_prompt and read back by parse_tempo."""

from __future__ import annotations

import pytest

from core.prompt import build_prompt, parse_tempo


def test_all_fields_in_order() -> None:
    prompt = build_prompt("gritty and noisy pad", 107, "E minor", "Ambient", "Synthesizer")
    assert (
        prompt
        == "gritty and noisy pad, Tempo: 107, Key: E minor, Genre: Ambient, Instrument: Synthesizer"
    )


def test_empty_fields_are_left_out() -> None:
    assert build_prompt("warm drone", tempo=None, key="", genre="  ") == "warm drone"
    assert build_prompt("", tempo=92.5, instrument="Piano") == "Tempo: 92.5, Instrument: Piano"


def test_a_given_field_replaces_the_typed_one() -> None:
    assert build_prompt("pad, Tempo: 90, dark", tempo=120) == "pad, dark, Tempo: 120"
    assert build_prompt("pad, Tempo: 90") == "pad, Tempo: 90"


@pytest.mark.parametrize("tempo", ["fast", 0, -3, float("nan")])
def test_bad_tempo_is_named(tempo) -> None:
    with pytest.raises(ValueError, match="tempo"):
        build_prompt("pad", tempo=tempo)


@pytest.mark.parametrize(
    ("prompt", "tempo"),
    [
        (build_prompt("pad", 107), 107.0),
        ("pad, tempo:92.5, Key: A minor", 92.5),
        ("Amen break 174 BPM", 174.0),
        ("loop, BPM: 128", 128.0),
        ("pad, Key: C major", None),
        ("", None),
    ],
)
def test_parse_tempo(prompt: str, tempo: float | None) -> None:
    assert parse_tempo(prompt) == tempo
