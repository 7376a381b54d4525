"""Parallel audit and ingest (`dataset.jobs`): the same results as one job, in the same order;
bad files among many are reported and skipped, never abort the run or leave half an output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hydra.utils import instantiate

from core.audit import audit
from core.parallel import map_in_order, resolve_jobs
from tests.helpers import ROOT, compose_config, tone, write_audio
from tests.worker_crash import exit_on_die
from training.audit import REPORT_FILE, write_report
from training.ingest import DATASET_FILE, MANIFEST_FILE, ingest

OVERRIDES = ["dataset.windows.seconds=0.2", "dataset.windows.min_seconds=0.05"]
OVERRIDES += ["licences.on_violation=exclude"]
BAD = {  # name -> what makes it unusable
    "bad/garbage.wav": b"RIFF\x10\x00\x00\x00WAVEfmt garbage that is no audio",
    "bad/truncated.flac": b"fLaC\x00\x00\x00\x22",
    "bad/empty.wav": b"",
}


def corpus(raw: Path, files: int) -> list[str]:
    """`files` good recordings (CC0) and the bad ones, every one listed in licences.csv."""
    names = []
    for i in range(files):
        name = f"good/{i:03d}.wav"
        write_audio(raw / name, tone(0.3 + 0.01 * i, 44100, 2, freq=200 + 10 * i), 44100)
        names.append(name)
    for name, data in BAD.items():
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        (raw / name).write_bytes(data)
    os.mkfifo(raw / "bad/pipe.wav")  # would block a reader for ever
    listed = [*names, *BAD, "bad/pipe.wav"]
    (raw / "licences.csv").write_text(
        "file,licence,author,prompt\n" + "".join(f"{n},CC0-1.0,,tone\n" for n in listed)
    )
    return names


@pytest.fixture(autouse=True)
def small_batches_use_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker for as few as 2 files here, so that these small cases run over processes."""
    import core.parallel

    monkeypatch.setattr(core.parallel, "MIN_ITEMS_PER_WORKER", 2)


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("parallel") / "data" / "raw"
    corpus(raw, 24)
    return raw


def run_audit(raw: Path, jobs: int) -> dict:
    cfg = compose_config("pipeline", OVERRIDES)
    policy, checks = instantiate(cfg.licences), instantiate(cfg.dataset.audit)
    return audit(raw, raw / "licences.csv", policy, checks, jobs)


def test_resolve_jobs() -> None:
    assert resolve_jobs(0) == os.cpu_count() and resolve_jobs(3) == 3
    for bad in [-1, -8, 1.5, "2", None, True]:
        with pytest.raises(ValueError, match="dataset.jobs must be 0"):
            resolve_jobs(bad)


def test_map_in_order_keeps_the_order_and_prints_plain_progress(capsys) -> None:
    items = [f"/x/{i:04d}/name{i}" for i in range(200)]
    assert list(map_in_order(os.path.basename, items, 3, "demo", None)) == [
        f"name{i}" for i in range(200)
    ]
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 10 and out[-1].startswith("demo: 200/200 files (")
    assert list(map_in_order(os.path.basename, [], 4, "none", None)) == []


def test_a_dying_worker_costs_its_item_only() -> None:
    items = [f"f{i}" for i in range(12)]
    items[5] = "die"
    results = list(map_in_order(exit_on_die, items, 2, "t", lambda item, why: f"{item}: {why}"))
    assert [r for r in results if "died" in r] == [results[5]] and results[5].startswith("die: ")
    assert results == [f"F{i}" if i != 5 else results[5] for i in range(12)]


def test_parallel_audit_equals_one_job_and_skips_bad_files(raw: Path) -> None:
    one, many = run_audit(raw, 1), run_audit(raw, 3)
    assert json.dumps(one) == json.dumps(many)  # same entries, same order, same values
    rejected = {e["file"]: e["reason"] for e in many["rejected"]}
    assert set(rejected) == {*BAD, "bad/pipe.wav"}
    assert "cannot decode as audio" in rejected["bad/garbage.wav"]
    assert "not a regular file" in rejected["bad/pipe.wav"]
    assert many["summary"]["accepted"] == 24


def test_parallel_ingest_equals_one_job(raw: Path, tmp_path: Path) -> None:
    cfg = compose_config("pipeline", OVERRIDES)
    write_report(run_audit(raw, 2), tmp_path / "audit")
    outputs = []
    for jobs in (1, 3):
        out = tmp_path / f"prepared{jobs}"
        ingest(tmp_path / "audit" / REPORT_FILE, raw, out, cfg.dataset.windows, jobs)
        outputs.append([(out / name).read_bytes() for name in (MANIFEST_FILE, DATASET_FILE)])
    assert outputs[0] == outputs[1]
    lines = outputs[0][0].decode().splitlines()
    assert [json.loads(line)["source"] for line in lines[:2]] == ["good/000.wav"] * 2


def test_a_file_broken_after_the_audit_is_skipped_not_fatal(raw: Path, tmp_path: Path) -> None:
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy, ignore=shutil.ignore_patterns("pipe.wav"))
    write_report(run_audit(copy, 2), tmp_path / "audit")
    (copy / "good/005.wav").write_bytes(b"RIFF broken later")  # changed since the audit
    (copy / "good/009.wav").unlink()  # gone since the audit
    cfg = compose_config("pipeline", OVERRIDES)
    summary = ingest(tmp_path / "audit" / REPORT_FILE, copy, tmp_path / "p", cfg.dataset.windows, 3)
    skipped = {s["file"]: s["reason"] for s in summary["skipped"]}
    assert "changed since the audit" in skipped["good/005.wav"]
    assert "missing from data/raw" in skipped["good/009.wav"]
    assert summary["sources"] == 22


def test_a_failing_ingest_leaves_the_previous_output_whole(raw: Path, tmp_path: Path) -> None:
    cfg = compose_config("pipeline", OVERRIDES)
    report = run_audit(raw, 1)
    write_report(report, tmp_path / "audit")
    out = tmp_path / "prepared"
    ingest(tmp_path / "audit" / REPORT_FILE, raw, out, cfg.dataset.windows, 2)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    del report["accepted"][-1]["licence"]  # a report ingest cannot use, found after the work
    (tmp_path / "audit" / REPORT_FILE).write_text(json.dumps(report))
    with pytest.raises(KeyError):
        ingest(tmp_path / "audit" / REPORT_FILE, raw, out, cfg.dataset.windows, 2)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["audit", "prepared"]


def test_stage_rejects_a_bad_jobs_setting(tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    write_audio(raw / "a.wav", tone(0.3, 44100), 44100)
    (raw / "licences.csv").write_text("file,licence\na.wav,CC0-1.0\n")
    done = subprocess.run(
        [sys.executable, "-m", "training.audit", f"paths.root={tmp_path}", "dataset.jobs=-2"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "dataset.jobs must be 0 (one per core) or a positive count, not -2" in done.stderr
    assert not (tmp_path / "data/audit").exists()
