"""The riff library: the dataset's licence audit on the performer's riffs; stretching; init."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import hydra
import numpy as np
import pytest
import soundfile as sf

from core.audio import read_audio
from core.audit import AuditChecks
from inference.audio.tempo import stretch_to_tempo
from inference.live.engine import GenerationError, GenerationRequest, InitAudio
from inference.live.riffs import RiffError, RiffLibrary
from tests.helpers import compose_config, make_engine, make_generator

SR = 44100


def tone(seconds: float, freq: float = 220.0, sr: int = SR) -> np.ndarray:
    t = np.arange(round(seconds * sr)) / sr
    return np.stack([0.3 * np.sin(2 * np.pi * freq * t)] * 2, axis=1).astype(np.float32)


@pytest.fixture
def riff_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "riffs"
    folder.mkdir()
    sf.write(folder / "bassline.wav", tone(1.0), SR)
    sf.write(folder / "borrowed.wav", tone(0.5, 330.0), SR)  # no licence anywhere
    sf.write(folder / "nc.flac", tone(0.5, 440.0), SR)
    (folder / "licences.csv").write_text(
        "file,licence,author,tempo\n"
        "bassline.wav,LicenseRef-Own-Work,me,100\n"
        "nc.flac,https://creativecommons.org/licenses/by-nc/4.0/,someone,\n"
    )
    (folder / "README.md").write_text("my riffs\n")
    return folder


def library(folder: Path) -> RiffLibrary:
    cfg = compose_config("ui", [f"riffs.root={folder}"])
    riffs = hydra.utils.instantiate(cfg.riffs)
    assert isinstance(riffs.checks, AuditChecks)  # the dataset's checks, as conf/riffs gives them
    assert riffs.checks == hydra.utils.instantiate(compose_config("pipeline").dataset.audit)
    return riffs


def test_the_dataset_audit_decides_which_riffs_are_usable(riff_folder: Path) -> None:
    riffs = library(riff_folder)
    (riff,) = riffs.riffs
    assert riff.name == "bassline.wav" and riff.licence == "LicenseRef-Own-Work"
    assert riff.tempo == 100.0 and riff.seconds == pytest.approx(1.0) and riff.author == "me"
    assert riff.sha256 == hashlib.sha256((riff_folder / "bassline.wav").read_bytes()).hexdigest()
    reasons = {e["file"]: e["reason"] for e in riffs.rejected}
    assert set(reasons) == {"borrowed.wav", "nc.flac"}
    assert "not listed in licences.csv and no sidecar" in reasons["borrowed.wav"]
    assert "NonCommercial" in reasons["nc.flac"]
    with pytest.raises(RiffError, match="riff 'borrowed.wav' was rejected by the licence audit"):
        riffs.get("borrowed.wav")
    with pytest.raises(RiffError, match="riff 'other.wav' is not in the riff library"):
        riffs.get("other.wav")
    # A sidecar licenses a riff the CSV does not list; a rescan picks it up.
    (riff_folder / "borrowed.wav.json").write_text(json.dumps({"licence": "CC0-1.0"}))
    riffs.scan()
    assert [r.name for r in riffs.riffs] == ["bassline.wav", "borrowed.wav"]


def test_a_missing_riff_folder_is_an_empty_library(tmp_path: Path) -> None:
    riffs = library(tmp_path / "none")
    assert riffs.riffs == [] and "no riff folder at" in riffs.note


@pytest.mark.parametrize(("source", "target"), [(100.0, 120.0), (120.0, 90.0)])
def test_time_stretch_changes_the_length_by_the_tempo_ratio(source: float, target: float) -> None:
    audio = tone(2.0).T
    stretched = stretch_to_tempo(audio, source, target)
    assert stretched.shape[0] == 2 and stretched.dtype == np.float32
    assert stretched.shape[-1] == round(audio.shape[-1] * source / target)
    assert stretch_to_tempo(audio, 100.0, 100.0) is audio


def test_a_riff_is_init_audio_stretched_to_the_prompt_tempo(
    tiny_checkpoint: Path, riff_folder: Path, tmp_path: Path
) -> None:
    riffs = library(riff_folder)
    engine = make_engine(
        make_generator(tiny_checkpoint), tmp_path / "fragments", port=9, riffs=riffs
    )
    assert engine.riff_choices() == [(riffs.get("bassline.wav").describe(), "bassline.wav")]
    note, rejected = engine.riffs_report()
    assert note == riffs.note and {e["file"] for e in rejected} == {"borrowed.wav", "nc.flac"}
    request = GenerationRequest(
        "deep bass, Tempo: 120", 1.0, 4, 6.0, seed=1, init=InitAudio("riff", "bassline.wav", 0.3)
    )
    fragment = engine.generate(request)
    record = fragment.init
    assert record["kind"] == "riff" and record["ref"] == "bassline.wav"
    assert record["sha256"] == riffs.get("bassline.wav").sha256
    assert record["licence"] == "LicenseRef-Own-Work" and record["author"] == "me"
    assert record["tempo"] == 100.0 and record["stretched_to"] == 120.0
    assert fragment.parent_id is None
    assert np.array_equal(read_audio(engine.regenerate(fragment.id).path)[0],
                          read_audio(fragment.path)[0])  # fmt: skip
    with pytest.raises(GenerationError, match="was rejected by the licence audit"):
        engine.generate(GenerationRequest("x", 0.5, 2, 6.0, init=InitAudio("riff", "nc.flac", 0.3)))
    sf.write(riff_folder / "bassline.wav", tone(1.0, 110.0), SR)  # edited after the audit
    with pytest.raises(
        GenerationError,
        match=r"changed since the licence audit \(sha256 .*\): rescan the riff library",
    ):
        engine.generate(request)
    assert len(engine.history()) == 2
