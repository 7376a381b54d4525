"""`dvc exp run` from recordings to a bundle (base, audit, ingest, encode, finetune, export), for
real: DVC in a temporary git repository, wandb offline writing its run files."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from inference.bundle import load_bundle
from tests.test_audit import write_audio
from tests.test_dvc_pipeline import commit_all

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the project's venv: what `uv run dvc ...` puts on PATH
PROJECT = ["conf", "training", "inference", "dvc.yaml", "params.yaml", ".dvc", ".dvcignore",
           ".gitignore"]  # fmt: skip
QUICK = ["training.max_steps=4", "training.checkpoint_every=2", "training.batch_size=2",
         "training.demo.every=2", "training.demo.steps=2", "training.demo.seconds=0.5",
         "dataset.windows.seconds=0.5"]  # fmt: skip


def run(repo: Path, *args: str) -> str:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, f"{args}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def exp_run(repo: Path, *overrides: str) -> str:
    return run(repo, "dvc", "exp", "run", *[a for o in overrides for a in ("-S", o)])


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "tmp", "cache", "config.local")
    for name in PROJECT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name, ignore=ignore)
        else:
            shutil.copy(src, repo / name)
    rows = [["file", "licence", "author", "source_url", "prompt", "tempo"]]
    for i, prompt in enumerate(["warm analog pad", "dark drone", "gritty noise texture"]):
        # no whole number of periods per window: ingest drops windows that repeat exactly
        freq = 233.7 + 71.3 * i
        write_audio(repo / f"data/raw/own/{i}.wav", rate=44100, seconds=1.5, channels=2, freq=freq)
        rows.append([f"own/{i}.wav", "LicenseRef-Own-Work", "Me", "", prompt, "90"])
    with open(repo / "data/raw/licences.csv", "w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    commit_all(repo)
    return repo


@pytest.mark.slow
def test_exp_run_from_recordings_to_bundle(repo: Path) -> None:
    out = exp_run(repo, *QUICK, "training.lr=5e-4")
    for stage in ("base", "audit", "ingest", "encode", "finetune", "export"):
        assert f"Running stage '{stage}'" in out
    bundle = load_bundle(repo / "models/bundle")
    assert bundle.provenance["global_step"] == 4
    assert bundle.provenance["manifest_sha256"] and bundle.provenance["licence_report_sha256"]

    metrics = json.loads(run(repo, "dvc", "metrics", "show", "--json"))
    values = next(iter(metrics.values()))["data"]["metrics/finetune.json"]["data"]  # workspace
    assert values["steps"] == 4 and values["final_loss"] > 0 and values["windows_val"] >= 1
    plots = json.loads(run(repo, "dvc", "plots", "show", "--json"))["data"]["metrics/loss.csv"]
    assert [row["step"] for row in plots[0]["content"]["data"]["values"]] == ["1", "2", "3", "4"]

    wandb_runs = list((repo / "wandb").glob("offline-run-*"))
    assert len(wandb_runs) == 1 and list(wandb_runs[0].glob("run-*.wandb"))
    assert list(wandb_runs[0].glob("files/media/audio/demo_*.wav"))

    assert yaml.safe_load((repo / "params.yaml").read_text())["training"]["lr"] == 5e-4
    experiments = json.loads(run(repo, "dvc", "exp", "show", "--json"))
    runs = [
        rev["data"] for entry in experiments for exp in entry.get("experiments") or []
        for rev in exp["revs"]
    ]  # fmt: skip
    assert len(runs) == 1
    assert runs[0]["params"]["params.yaml"]["data"]["training"]["lr"] == 5e-4
    assert runs[0]["metrics"]["metrics/finetune.json"]["data"]["steps"] == 4


@pytest.mark.slow
def test_unknown_key_fails_before_any_stage(repo: Path) -> None:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["dvc", "exp", "run", "-S", "training.lrr=1"], cwd=repo, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "training.lrr" in done.stdout + done.stderr and "Running stage" not in done.stdout
