"""Windows without copies: read from the source recordings, bit for bit what ingest used to write.

`materialised` is the decode `training.ingest` ran before windows stopped being copied (decode
float32, stereo, resample the whole file, cut, write a float32 WAV, read it back); it was checked
against the windows that ingest wrote then. The reader must give the same samples for every
format and path (seekable formats at the model rate read only the window; others are decoded).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hydra.utils import instantiate

from core.audit import audit
from tests.helpers import compose_config, row, write_audio
from training.audit import write_report
from training.data import DataError, load_window_audio, read_manifest
from training.ingest import DATASET_FILE, MANIFEST_FILE, ingest
from training.sources import SourceError, SourceReader, resample, to_stereo

RATE = 44100
OVERRIDES = ["dataset.windows.seconds=0.3", "dataset.windows.min_seconds=0.05"]


def materialised(path: Path, start: int, samples: int, tmp: Path) -> np.ndarray:
    """(2, samples): the window as the materialising ingest wrote it and training read it."""
    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    audio = resample(to_stereo(audio), rate, RATE)
    chunk = np.ascontiguousarray(audio[:, start : start + samples].T, dtype=np.float32)
    sf.write(tmp / "window.wav", chunk, RATE, subtype="FLOAT")
    data, _ = sf.read(tmp / "window.wav", dtype="float32", always_2d=True)
    return np.ascontiguousarray(data.T)


def noise(seconds: float, rate: int, channels: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.4 * rng.uniform(-1, 1, (int(seconds * rate), channels))).astype(np.float32)


SOURCES = {  # name -> (seconds, rate, channels): every decode path and format
    "wav16_44k_stereo.wav": (1.0, 44100, 2),  # seekable at the model rate: read on its own
    "flac_44k_mono.flac": (0.8, 44100, 1),
    "aiff_44k_quad.aiff": (0.7, 44100, 4),
    "wav16_22k_mono.wav": (0.9, 22050, 1),  # resampled: decoded whole
    "flac_48k_stereo.flac": (0.75, 48000, 2),
    "ogg_44k_stereo.ogg": (0.8, 44100, 2),  # not seekable sample-exactly: decoded whole
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sources")
    raw = root / "data" / "raw"
    for seed, (name, (seconds, rate, channels)) in enumerate(SOURCES.items()):
        write_audio(raw / name, noise(seconds, rate, channels, seed), rate)
    rows = [row(name, "CC0-1.0", prompt="noise") for name in SOURCES]
    header = "file,licence,author,prompt\n"
    body = "".join(f"{r['file']},{r['licence']},,{r['prompt']}\n" for r in rows)
    (raw / "licences.csv").write_text(header + body)
    cfg = compose_config("pipeline", OVERRIDES)
    report = audit(
        raw, raw / "licences.csv", instantiate(cfg.licences), instantiate(cfg.dataset.audit), 1
    )
    assert not report["rejected"], report["rejected"]
    write_report(report, root / "data/audit")
    ingest(
        root / "data/audit/licence_report.json", raw, root / "data/prepared", cfg.dataset.windows, 1
    )
    return root


def lines(root: Path) -> list[dict]:
    text = (root / "data/prepared" / MANIFEST_FILE).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_windows_are_bit_identical_to_the_materialised_decode(project: Path, tmp_path: Path):
    reader = SourceReader(project / "data/raw", RATE, 2)
    seen = set()
    for w in lines(project):
        path = project / "data/raw" / w["source"]
        got = reader.window(w["source"], w["sha256"], w["start"], w["samples"])
        expected = materialised(path, w["start"], w["samples"], tmp_path)
        assert got.dtype == np.float32 and np.array_equal(got, expected), w["id"]
        assert w["offset"] == round(w["start"] / RATE, 6)
        seen.add(w["source"])
    assert seen == set(SOURCES)  # every format and path gave windows
    assert len(lines(project)) > 2 * len(SOURCES)  # tails and middles, not only first windows


def test_prepared_holds_no_audio(project: Path) -> None:
    prepared = project / "data/prepared"
    assert sorted(p.name for p in prepared.iterdir()) == sorted([DATASET_FILE, MANIFEST_FILE])
    raw = sum(p.stat().st_size for p in (project / "data/raw").iterdir())
    assert sum(p.stat().st_size for p in prepared.iterdir()) < 0.05 * raw


def test_training_reads_windows_padded_from_the_sources(project: Path, tmp_path: Path) -> None:
    windows = read_manifest(project / "data/prepared" / MANIFEST_FILE, RATE)
    reader = SourceReader(project / "data/raw", RATE, 1)
    tail = min(windows, key=lambda w: w.samples)
    audio = load_window_audio(tail, reader, tail.samples + 100).numpy()
    path = project / "data/raw" / tail.source
    assert np.array_equal(
        audio[:, : tail.samples], materialised(path, tail.start, tail.samples, tmp_path)
    )
    assert not audio[:, tail.samples :].any()


def test_each_source_is_hashed_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import training.sources as sources

    hashed = []
    real = sources.sha256_file
    monkeypatch.setattr(sources, "sha256_file", lambda p: hashed.append(p) or real(p))
    reader = SourceReader(project / "data/raw", RATE, 1)
    for w in lines(project):
        reader.window(w["source"], w["sha256"], w["start"], w["samples"])
    assert len(hashed) == len(SOURCES)


@pytest.mark.parametrize(
    "source",
    ["/etc/passwd", "../outside.wav", "a/../../b.wav", "", "a\\..\\b.wav", "x\0.wav"],
)
def test_a_source_outside_the_raw_folder_is_refused(project: Path, source: str) -> None:
    reader = SourceReader(project / "data/raw", RATE, 1)
    with pytest.raises(SourceError, match="not a path inside paths.raw_dir"):
        reader.window(source, "0" * 64, 0, 10)


def test_changed_missing_or_shortened_sources_are_named(project: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(project / "data/raw", raw)
    w = lines(project)[-1]
    reader = SourceReader(raw, RATE, 1)
    with pytest.raises(SourceError, match="changed since ingest"):
        reader.window(w["source"], "0" * 64, w["start"], w["samples"])
    with pytest.raises(SourceError, match="missing from paths.raw_dir"):
        reader.window("nope.wav", w["sha256"], 0, 10)
    reader.window(w["source"], w["sha256"], w["start"], w["samples"])
    with pytest.raises(SourceError, match="holds .* of the window's"):
        reader.window(w["source"], w["sha256"], w["start"], w["samples"] + 10**6)
    (raw / w["source"]).write_bytes(b"RIFF not audio")
    with pytest.raises(SourceError, match="changed since ingest"):
        SourceReader(raw, RATE, 1).window(w["source"], w["sha256"], w["start"], w["samples"])


@pytest.mark.parametrize(
    "change, message",
    [
        ({"sample_rate": 48000}, "windows at 48000 Hz, the model needs 44100 Hz"),
        ({"start": -1}, "not a span of a recording"),
        ({"samples": 0}, "not a span of a recording"),
        ({"source": 3}, "not a span of a recording"),
        ({"start": "x"}, "invalid literal"),
        ({"audio": "windows/x.wav", "start": None}, "rerun the `ingest` stage"),
        ({"start": None}, "not a valid window record"),
    ],
)
def test_bad_manifest_records_are_named(
    project: Path, tmp_path: Path, change: dict, message: str
) -> None:
    record = lines(project)[0] | change
    manifest = tmp_path / MANIFEST_FILE
    manifest.write_text(json.dumps(record) + "\n")
    with pytest.raises(DataError, match=message):
        read_manifest(manifest, RATE)
    with pytest.raises(DataError, match=rf"{MANIFEST_FILE}:1: not a valid window record"):
        read_manifest(manifest, RATE)
