"""The `ingest` stage: accepted files only, stereo at the model rate, windows, masks, dedup."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hydra.utils import instantiate

from core.audit import audit
from tests.helpers import compose_config, row, run_stage, tone, write_audio
from training.audit import write_report
from training.ingest import ingest, window_starts
from training.sources import SourceReader, to_stereo

OVERRIDES = [
    "dataset.windows.seconds=0.5",  # 22050 samples, rounded up to 11 x 2048 = 22528
    "dataset.windows.min_seconds=0.1",
    "licences.on_violation=exclude",
]
WINDOW = 22528
PROMPT = "warm pad, Tempo: 107, Key: E minor, Genre: Ambient, Instrument: Synthesizer"


def sine(freq: float, seconds: float, rate: int) -> np.ndarray:
    return 0.5 * np.sin(2 * np.pi * freq * np.arange(int(seconds * rate)) / rate)


def write_csv(path: Path, rows: list[dict]) -> None:
    import csv

    columns = ["file", "licence", "author", "prompt", "tempo", "key", "genre", "instrument"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/raw with mono, stereo and 4-channel files at other rates, a copy, and bad cases."""
    root = tmp_path_factory.mktemp("ingest")
    raw = root / "data" / "raw"
    fields = {"prompt": "warm pad", "tempo": "107.0", "key": "E minor", "genre": "Ambient"}
    fields["instrument"] = "Synthesizer"
    write_audio(raw / "mono22.wav", sine(1000, 3.0, 22050)[:, None].astype(np.float32), 22050)
    stereo = np.stack([sine(440, 1.2, 48000), sine(660, 1.2, 48000)], axis=1)
    write_audio(raw / "stereo48.flac", stereo.astype(np.float32), 48000)
    shutil.copy(raw / "stereo48.flac", raw / "stereo48_copy.flac")
    quad = np.tile(np.array([0.4, 0.2, 0.1, 0.3], np.float32), (30000, 1))
    write_audio(raw / "quad.wav", quad, 44100)
    # two identical windows: the second is dropped
    write_audio(raw / "repeat ✨\u00a0loop.wav", np.full((2 * WINDOW, 1), 0.25, np.float32), 44100)
    write_audio(raw / "short.wav", tone(0.05, 44100), 44100)
    write_audio(raw / "nc.wav", tone(1.0, 44100), 44100)
    write_audio(raw / "changed.wav", tone(1.0, 44100), 44100)
    rows = [row(name, "CC0-1.0", **fields) for name in ["mono22.wav", "stereo48.flac"]]
    rows += [
        row(name, "CC0-1.0")
        for name in ["stereo48_copy.flac", "quad.wav", "repeat ✨\u00a0loop.wav"]
    ]
    rows += [row("short.wav", "CC0-1.0"), row("nc.wav", "CC-BY-NC-4.0", "X")]
    rows += [row("changed.wav", "CC0-1.0")]
    write_csv(raw / "licences.csv", rows)

    cfg = compose_config("pipeline", OVERRIDES)
    checks = instantiate(cfg.dataset.audit)
    report = audit(raw, raw / "licences.csv", instantiate(cfg.licences), checks, jobs=2)
    write_report(report, root / "data" / "audit")
    write_audio(raw / "changed.wav", tone(1.0, 44100, freq=300), 44100)  # after the audit
    ingest(
        root / "data/audit/licence_report.json", raw, root / "data/prepared", cfg.dataset.windows,
        jobs=2,
    )  # fmt: skip
    return root


def manifest(root: Path) -> list[dict]:
    text = (root / "data/prepared/manifest.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def windows_of(root: Path, source: str) -> list[dict]:
    return [w for w in manifest(root) if w["source"] == source]


def read_window(root: Path, window: dict) -> np.ndarray:
    """(samples, 2): the window read back from its source, as `encode` reads it."""
    reader = SourceReader(root / "data/raw", window["sample_rate"], 1)
    audio = reader.window(window["source"], window["sha256"], window["start"], window["samples"])
    assert window["sample_rate"] == 44100 and audio.shape == (2, window["samples"])
    return audio.T


def test_only_accepted_unique_usable_sources(project: Path) -> None:
    sources = {w["source"] for w in manifest(project)}
    assert sources == {"mono22.wav", "stereo48.flac", "quad.wav", "repeat ✨\u00a0loop.wav"}
    dataset = json.loads((project / "data/prepared/dataset.json").read_text())
    skipped = {s["file"]: s["reason"] for s in dataset["skipped"]}
    assert skipped["stereo48_copy.flac"] == "same content as stereo48.flac"
    assert "shorter than dataset.windows.min_seconds" in skipped["short.wav"]
    assert "changed since the audit" in skipped["changed.wav"]
    assert "nc.wav" not in skipped  # rejected by the audit: ingest never sees it
    assert dataset["duplicate_windows"] == 1
    assert (dataset["sample_rate"], dataset["channels"], dataset["window_samples"]) == (
        44100,
        2,
        WINDOW,
    )


def test_windows_offsets_and_padding_lengths(project: Path) -> None:
    frames = 3 * 44100  # mono22.wav after resampling
    windows = windows_of(project, "mono22.wav")
    assert len(windows) == math.ceil(frames / WINDOW) == 6
    assert [w["offset"] for w in windows] == [round(i * WINDOW / 44100, 6) for i in range(6)]
    assert [w["samples"] for w in windows] == [WINDOW] * 5 + [frames - 5 * WINDOW]
    for w in windows:
        assert w["source_seconds"] == pytest.approx(3.0)
        assert w["duration"] == pytest.approx(w["samples"] / 44100)
        assert w["prompt"] == PROMPT
        assert w["licence"] == "CC0-1.0"
        read_window(project, w)
    assert len({w["id"] for w in manifest(project)}) == len(manifest(project))


def test_resampled_mono_is_duplicated_and_keeps_its_pitch(project: Path) -> None:
    audio = read_window(project, windows_of(project, "mono22.wav")[1])
    np.testing.assert_array_equal(audio[:, 0], audio[:, 1])
    spectrum = np.abs(np.fft.rfft(audio[:, 0] * np.hanning(len(audio))))
    peak = np.fft.rfftfreq(len(audio), 1 / 44100)[spectrum.argmax()]
    assert abs(peak - 1000) < 44100 / len(audio)
    assert np.abs(audio).max() == pytest.approx(0.5, abs=0.01)


def test_stereo_channels_survive_resampling(project: Path) -> None:
    windows = windows_of(project, "stereo48.flac")
    assert sum(w["samples"] for w in windows) == round(1.2 * 44100)
    audio = read_window(project, windows[0])
    freqs = np.fft.rfftfreq(len(audio), 1 / 44100)
    for channel, expected in [(0, 440), (1, 660)]:
        spectrum = np.abs(np.fft.rfft(audio[:, channel] * np.hanning(len(audio))))
        assert abs(freqs[spectrum.argmax()] - expected) < 2


def test_more_channels_are_down_mixed(project: Path) -> None:
    audio = read_window(project, windows_of(project, "quad.wav")[0])
    g = 1 / math.sqrt(2)
    left, right = (0.4 + g * 0.4) / (1 + 2 * g), (0.2 + g * 0.4) / (1 + 2 * g)
    np.testing.assert_allclose(audio[1000], [left, right], atol=1e-4)  # 16-bit source


def test_to_stereo_and_window_starts_units() -> None:
    mono = np.arange(4, dtype=np.float32)[:, None]
    assert to_stereo(mono).shape == (2, 4)
    loud = np.ones((3, 6), np.float32)
    assert np.abs(to_stereo(loud)).max() == pytest.approx(1.0)  # full scale stays full scale
    assert window_starts(100, 40, 40, 10) == [0, 40, 80]
    assert window_starts(85, 40, 40, 10) == [0, 40]  # a 5-sample tail is dropped
    assert window_starts(100, 40, 20, 10) == [0, 20, 40, 60]  # overlapping, stops at the end
    assert window_starts(5, 40, 40, 10) == []


def run_ingest(root: Path, *overrides: str) -> subprocess.CompletedProcess:
    return run_stage("ingest", root, *overrides)


def test_rebuild_swaps_the_directory_in_whole(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(project, root)
    stale = root / "data/prepared/stale.wav"
    stale.write_bytes(b"left over")
    cfg = compose_config("pipeline", [*OVERRIDES, "dataset.windows.seconds=1.0"])
    summary = ingest(
        root / "data/audit/licence_report.json",
        root / "data/raw",
        root / "data/prepared",
        cfg.dataset.windows,
        jobs=1,
    )
    assert summary["window_samples"] == 22 * 2048
    assert {w["samples"] for w in manifest(root)} <= set(range(1, 22 * 2048 + 1))
    assert not stale.exists()
    assert sorted(p.name for p in (root / "data").iterdir()) == ["audit", "prepared", "raw"]


def test_cli_refuses_a_failed_or_missing_audit(project: Path, tmp_path: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(project / "data/audit", root / "data/audit")
    report_path = root / "data/audit/licence_report.json"
    report = json.loads(report_path.read_text())
    report["policy"]["on_violation"] = "fail"
    report_path.write_text(json.dumps(report))
    done = run_ingest(root)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "nothing is ingested until it passes" in done.stderr

    report_path.unlink()
    done = run_ingest(root)
    assert done.returncode == 2 and "run the audit first" in done.stderr
    assert not (root / "data/prepared").exists()
