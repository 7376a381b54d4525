"""The `audit` stage on real files in every format, every licence form and every bad input."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hydra.utils import instantiate

from core.audit import AuditChecks, AuditError, audit, read_csv
from tests.helpers import ROOT, compose_config, id3v2, row, run_stage, tone, write_audio
from training.audit import write_report


def write_csv(path: Path, rows: list[dict]) -> None:
    columns = ["file", "licence", "author", "source_url", "prompt", "tempo", "key", "genre"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


ODD_NAME = "Pad – E\u00a0minor (take 2) ✨.flac"  # odd but valid: accepted as it is
CONTROL_NAME = "new\nline.wav"
BAD_BYTES_NAME = b"bad\xff.wav"

# file -> words the rejection reason must contain
REJECTED = {
    "nc.wav": "NonCommercial",
    "nd.wav": "NoDerivatives",
    "sa.flac": "ShareAlike",
    "gpl.wav": "GPL",
    "unknown.wav": "ambiguous licence text 'free to use'",
    "missing.wav": "no licence",
    "unlisted.wav": "not listed in licences.csv",
    "ghost.wav": "has no file",
    "../outside.wav": "not a path relative to data/raw",
    "anonymous_by.wav": "requires attribution but no author",
    "corrupt.wav": "cannot decode",
    "empty.wav": "file is empty (0 bytes)",
    "no_frames.wav": "0 frames",
    "silent.flac": "all silent",
    "nan.wav": "NaN or infinite",
    "big.wav": "over dataset.audit.max_file_mb",
    "bad_tempo.wav": "tempo: 'fast' is not a number",
    "twice.wav": "listed 2 times in licences.csv",
    "bad_sidecar.wav": "sidecar bad_sidecar.wav.json is not valid UTF-8 JSON",
    "new\\nline.wav": "control character U+000A",
    "bad\\xff.wav": "not valid UTF-8",
}
ACCEPTED = {  # file -> (licence, author, where the licence came from)
    "wav/spdx.wav": ("CC-BY-4.0", "Ann", "csv"),
    "flac/url.flac": ("CC-BY-3.0", "Bob", "csv"),
    "aiff/cc0.aiff": ("CC0-1.0", None, "csv"),
    "mp3/tags.mp3": ("LicenseRef-CC-Sampling-Plus-1.0", "Cleo", "tags"),
    "ogg/vorbis.ogg": ("CC-BY-4.0", "Dan", "tags"),
    "ogg/own.oga": ("LicenseRef-Own-Work", "Me", "csv"),
    "sidecar.wav": ("CC0-1.0", "Eve", "sidecar"),
    "sidecar_only.flac": ("CC-BY-4.0", "Fay", "sidecar"),
    ODD_NAME: ("CC0-1.0", None, "csv"),
}


def build_raw(raw: Path) -> None:
    """Every format, licence form and bad input the audit must tell apart."""
    by4 = "CC-BY-4.0"
    rows = [
        row("wav/spdx.wav", by4, "Ann", source_url="https://example.org/1", prompt="warm pad"),
        row("flac/url.flac", "http://creativecommons.org/licenses/by/3.0/", "Bob"),
        row("aiff/cc0.aiff", "https://creativecommons.org/publicdomain/zero/1.0/deed.en"),
        row("mp3/tags.mp3"),
        row("ogg/vorbis.ogg"),
        row("ogg/own.oga", "licenseref-own-work", "Me"),
        row("sidecar.wav", "CC-BY-NC-4.0", "Eve"),
        row(ODD_NAME, "CC0-1.0"),
        row("nc.wav", "CC-BY-NC-4.0", "X"),
        row("nd.wav", "https://creativecommons.org/licenses/by-nd/4.0/", "X"),
        row("sa.flac", "CC-BY-SA-4.0", "X"),
        row("gpl.wav", "GPL-2.0-or-later", "X"),
        row("unknown.wav", "free to use", "X"),
        row("missing.wav", "", "X"),
        row("ghost.wav", by4, "X"),
        row("../outside.wav", by4, "X"),
        row("anonymous_by.wav", by4),
        row("corrupt.wav", "CC0-1.0"),
        row("empty.wav", "CC0-1.0"),
        row("no_frames.wav", "CC0-1.0"),
        row("silent.flac", "CC0-1.0"),
        row("nan.wav", "CC0-1.0"),
        row("big.wav", "CC0-1.0"),
        row("bad_tempo.wav", "CC0-1.0", prompt="pad", tempo="fast"),
        row("twice.wav", "CC0-1.0"),
        row("twice.wav", by4, "Y"),
        row("bad_sidecar.wav", "CC0-1.0"),
        row(CONTROL_NAME, "CC0-1.0"),
    ]
    for name in ["wav/spdx.wav", "flac/url.flac", "aiff/cc0.aiff", "ogg/own.oga", ODD_NAME]:
        write_audio(raw / name)
    mp3 = write_audio(raw / "mp3/tags.mp3")
    licence_url = "http://creativecommons.org/licenses/sampling+/1.0/"
    mp3.write_bytes(id3v2([("WCOP", licence_url), ("TCOP", "Cleo")]) + mp3.read_bytes())
    write_audio(
        raw / "ogg/vorbis.ogg",
        tags={"license": "https://creativecommons.org/licenses/by/4.0", "copyright": "Dan"},
    )
    write_audio(raw / "sidecar.wav")
    (raw / "sidecar.wav.json").write_text(json.dumps({"licence": "CC0-1.0", "prompt": "from json"}))
    write_audio(raw / "sidecar_only.flac")
    (raw / "sidecar_only.flac.json").write_text(json.dumps({"license": by4, "author": "Fay"}))
    for name in ["nc.wav", "nd.wav", "sa.flac", "gpl.wav", "unknown.wav", "missing.wav"]:
        write_audio(raw / name)
    for name in ["unlisted.wav", "anonymous_by.wav", "bad_tempo.wav", "twice.wav", CONTROL_NAME]:
        write_audio(raw / name)
    write_audio(raw / "bad_sidecar.wav")
    (raw / "bad_sidecar.wav.json").write_text("{not json")
    (raw / "corrupt.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" + os.urandom(2000))
    (raw / "empty.wav").write_bytes(b"")
    write_audio(raw / "no_frames.wav", np.zeros((0, 1), np.float32))
    write_audio(raw / "silent.flac", np.zeros((4000, 2), np.float32))
    nan = tone()
    nan[100] = np.nan
    sf.write(raw / "nan.wav", nan, 16000, subtype="FLOAT")
    sf.write(raw / "big.wav", np.zeros((60000, 2), np.float32) + 0.1, 16000, subtype="FLOAT")
    with open(os.path.join(os.fsencode(raw), BAD_BYTES_NAME), "wb") as f:
        f.write((raw / "nc.wav").read_bytes())
    (raw / "notes.txt").write_text("not audio")
    (raw / "._spdx.wav").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    write_csv(raw / "licences.csv", rows)


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("project") / "data" / "raw"
    build_raw(raw)
    return raw


@pytest.fixture(scope="module")
def report(raw: Path) -> dict:
    cfg = compose_config("pipeline", ["dataset.audit.max_file_mb=0.2"])
    policy, checks = instantiate(cfg.licences), instantiate(cfg.dataset.audit)
    assert isinstance(checks, AuditChecks) and checks.max_file_mb == 0.2
    return audit(raw, raw / "licences.csv", policy, checks, jobs=1)


def test_every_file_and_row_is_accounted_for(report: dict) -> None:
    accepted = {e["file"] for e in report["accepted"]}
    rejected = {e["file"] for e in report["rejected"]}
    assert accepted == set(ACCEPTED)
    assert rejected == set(REJECTED)
    assert {e["file"] for e in report["ignored"]} == {"notes.txt", "._spdx.wav"}
    assert report["summary"]["accepted"] == len(ACCEPTED)
    assert report["summary"]["rejected"] == len(REJECTED)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_accepted_entry(report: dict, raw: Path, name: str) -> None:
    entry = next(e for e in report["accepted"] if e["file"] == name)
    licence, author, source = ACCEPTED[name]
    assert (entry["licence"], entry["author"], entry["licence_source"]) == (licence, author, source)
    assert entry["sha256"] == __import__("hashlib").sha256((raw / name).read_bytes()).hexdigest()
    assert entry["sample_rate"] == 16000 and entry["channels"] == 1
    assert entry["seconds"] == pytest.approx(0.25, abs=0.06)  # MP3 frames round the length
    assert "reason" not in entry


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_rejected_entry_names_the_reason(report: dict, name: str) -> None:
    entry = next(e for e in report["rejected"] if e["file"] == name)
    assert REJECTED[name] in entry["reason"]
    assert {"file", "sha256", "licence", "author", "source_url", "reason"} <= set(entry)


def test_fields_and_overrides(report: dict) -> None:
    entries = {e["file"]: e for e in report["accepted"] + report["rejected"]}
    assert entries["wav/spdx.wav"]["source_url"] == "https://example.org/1"
    assert entries["wav/spdx.wav"]["prompt"] == "warm pad"
    # the sidecar overrides the CSV licence and prompt, the CSV still gives the author
    assert entries["sidecar.wav"]["prompt"] == "from json"
    assert entries["nc.wav"]["licence"] == "CC-BY-NC-4.0"
    assert entries["nd.wav"]["licence"] == "CC-BY-ND-4.0"
    # the report keeps the licence as given beside the normalised id (None when unrecognised)
    assert entries["unknown.wav"]["licence"] is None
    assert entries["unknown.wav"]["licence_given"] == "free to use"
    assert entries["nd.wav"]["licence_given"] == "https://creativecommons.org/licenses/by-nd/4.0/"
    assert entries["big.wav"]["sha256"] is None  # too big to read
    assert entries["empty.wav"]["sha256"] is not None


def test_report_files_and_attribution(report: dict, tmp_path: Path) -> None:
    path = write_report(report, tmp_path / "audit")
    assert json.loads(path.read_text(encoding="utf-8")) == report
    attribution = (tmp_path / "audit" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    credited = [line for line in attribution.splitlines() if line.startswith("| ") and "`" in line]
    # one row per accepted work, whatever its licence: title (else file name), author, licence
    assert len(credited) == len(ACCEPTED)
    assert any(
        "| spdx.wav | Ann |" in c and "(CC-BY-4.0)" in c and "example.org/1" in c for c in credited
    )
    assert any("| tags.mp3 | Cleo |" in c and "sampling+/1.0" in c for c in credited)
    assert any("| cc0.aiff | - | [CC0 1.0 Universal" in c for c in credited)
    assert all(e["sha256"] in attribution for e in report["accepted"])


def run_audit(root: Path, *overrides: str):
    return run_stage("audit", root, *overrides)


def test_cli_fails_after_writing_the_full_report(raw: Path) -> None:
    root = raw.parents[1]
    done = run_audit(root, "dataset.audit.max_file_mb=0.2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "licences.on_violation=fail" in done.stderr
    # the exact command to leave them out, on a line of its own, and what it costs
    assert "\n    uv run dvc exp run -S licences.on_violation=exclude\n" in done.stderr
    assert "changes the training data" in done.stderr and "fine-tune run" in done.stderr
    assert "rejected nc.wav: CC-BY-NC-4.0: NonCommercial" in done.stdout
    report = json.loads((root / "data/audit/licence_report.json").read_text(encoding="utf-8"))
    assert len(report["rejected"]) == len(REJECTED) and len(report["accepted"]) == len(ACCEPTED)

    done = run_audit(root, "dataset.audit.max_file_mb=0.2", "licences.on_violation=exclude")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"audit: {len(ACCEPTED)} accepted, {len(REJECTED)} rejected" in done.stdout


def test_cli_names_a_broken_csv_or_policy(tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    write_audio(raw / "a.wav")
    (raw / "licences.csv").write_bytes("file,licence\na.wav,CC0-1.0 \xe9\n".encode("latin-1"))
    done = run_audit(tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "licences.csv: not UTF-8" in done.stderr

    (raw / "licences.csv").write_text("file,author\na.wav,Me\n")
    with pytest.raises(AuditError, match=r"licences.csv: missing column\(s\) licence"):
        read_csv(raw / "licences.csv")

    (raw / "licences.csv").write_text("file,licence\na.wav,CC0-1.0\n")
    done = run_audit(tmp_path, "licences.on_violation=warn")
    assert (
        done.returncode == 2 and "licences.on_violation must be 'fail' or 'exclude'" in done.stderr
    )
    assert not (tmp_path / "data/audit/licence_report.json").exists()


def test_committed_demo_set_is_reproducible_and_passes_the_audit(tmp_path: Path) -> None:
    from training.demo_data import CLIPS, write_demo

    raw = ROOT / "data" / "raw"
    paths = write_demo(tmp_path / "raw" / "demo", tmp_path / "raw" / "licences.csv", seed=0)
    assert len(paths) == len(CLIPS) >= 8
    for path in paths:  # byte for byte what the script writes today
        assert path.read_bytes() == (raw / "demo" / path.name).read_bytes(), path.name
    demo_rows = [
        line for line in (raw / "licences.csv").read_text().splitlines() if "demo/" in line
    ]
    assert (tmp_path / "raw" / "licences.csv").read_text().splitlines()[1:] == demo_rows
    assert sum(p.stat().st_size for p in paths) < 4e6

    cfg = compose_config("pipeline")
    checks = instantiate(cfg.dataset.audit)
    report = audit(raw, raw / "licences.csv", instantiate(cfg.licences), checks, jobs=2)
    assert not [e for e in report["rejected"] if e["file"].startswith("demo/")]
    demo = [e for e in report["accepted"] if e["file"].startswith("demo/")]
    assert len(demo) == len(CLIPS)
    assert {e["licence"] for e in demo} == {"LicenseRef-Own-Work"}
    assert all(e["prompt"] and e["tempo"] and e["key"] for e in demo)
    assert {e["sample_rate"] for e in demo} >= {22050, 44100, 48000}
    assert {e["channels"] for e in demo} == {1, 2}
