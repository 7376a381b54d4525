"""The DVC stages `audit` and `ingest`, run for real by DVC in a temporary git repository."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import PROJECT_FILES, ROOT, commit_all, copy_project, run_in, write_audio
from training.pipeline import PARAMS_FILE, compose_params


def test_params_yaml_is_the_composed_pipeline_config(tmp_path: Path) -> None:
    """params.yaml is what DVC's Hydra integration writes; else `dvc repro` reads stale values."""
    fresh = compose_params(tmp_path / PARAMS_FILE)
    assert (ROOT / PARAMS_FILE).read_text() == fresh.read_text(), (
        "params.yaml is stale: run `uv run python -m training.pipeline` after editing conf/"
    )


def test_every_stage_param_is_in_params_yaml() -> None:
    params = yaml.safe_load((ROOT / PARAMS_FILE).read_text())
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    assert {"audit", "ingest", "base", "encode", "finetune", "export"} <= set(stages)
    for name in stages:
        for key in stages[name]["params"]:
            node = params
            for part in key.split("."):
                assert part in node, f"dvc.yaml stage {name}: param {key} is not in params.yaml"
                node = node[part]


def test_the_demo_run_is_committed_as_the_baseline_of_dvc_exp_show() -> None:
    """`dvc exp show --only-changed` and `dvc metrics diff` compare against the committed run."""
    lock = yaml.safe_load((ROOT / "dvc.lock").read_text())["stages"]
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    assert set(lock) == set(stages)
    params = yaml.safe_load((ROOT / PARAMS_FILE).read_text())
    metrics = json.loads((ROOT / "metrics/finetune.json").read_text())
    assert metrics["steps"] == params["training"]["finetune"]["max_steps"] > 0
    assert metrics["final_loss"] > 0 and (ROOT / "metrics/loss.csv").is_file()


def dvc_status(repo: Path) -> dict:
    done = run_in(repo, "dvc", "status", "--json", "--with-deps", "ingest")
    return json.loads(done.stdout or "{}")


def edit_params(repo: Path, edit) -> None:
    params = yaml.safe_load((repo / PARAMS_FILE).read_text())
    edit(params)
    (repo / PARAMS_FILE).write_text(yaml.safe_dump(params, sort_keys=False))


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """The project's stages, configs and DVC setup, with one own recording and one NC one.

    Both at the model rate, so that `ingest` runs without loading torch for resampling.
    """
    repo = copy_project(tmp_path / "repo", PROJECT_FILES)
    raw = repo / "data" / "raw"
    write_audio(raw / "own/pad.wav", rate=44100, seconds=1.5, channels=2)
    write_audio(raw / "freesound/nc.flac", rate=44100, seconds=1.0)
    with open(raw / "licences.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "licence", "author", "source_url", "prompt", "tempo"])
        writer.writerow(["own/pad.wav", "LicenseRef-Own-Work", "Me", "", "warm pad", "90"])
        nc = "http://creativecommons.org/licenses/by-nc/3.0/"
        writer.writerow(["freesound/nc.flac", nc, "Zed", "https://example.org/s/1", "noise", ""])
    commit_all(repo)
    return repo


def sources(repo: Path) -> set[str]:
    text = (repo / "data/prepared/manifest.jsonl").read_text(encoding="utf-8")
    return {json.loads(line)["source"] for line in text.splitlines()}


@pytest.mark.slow
def test_dvc_repro_audit_and_ingest(repo: Path) -> None:
    # fail (the default): the full report is written, the stage fails, nothing is ingested
    done = run_in(repo, "dvc", "repro", "ingest", check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stdout + done.stderr
    report = json.loads((repo / "data/audit/licence_report.json").read_text())
    assert [e["file"] for e in report["accepted"]] == ["own/pad.wav"]
    assert [e["file"] for e in report["rejected"]] == ["freesound/nc.flac"]
    assert "NonCommercial" in report["rejected"][0]["reason"]
    assert not (repo / "data/prepared").exists()

    # an experiment with a Hydra override: params.yaml is recomposed, both stages run
    run_in(repo, "dvc", "exp", "run", "-S", "licences.on_violation=exclude", "ingest")
    assert yaml.safe_load((repo / PARAMS_FILE).read_text())["licences"]["on_violation"] == "exclude"
    assert sources(repo) == {"own/pad.wav"}

    # only the policy changes: only `audit` is out of date, and its new report re-runs `ingest`
    edit_params(repo, lambda p: p["licences"]["allow"].append("CC-BY-NC-3.0"))
    status = dvc_status(repo)
    assert list(status) == ["audit"]
    assert "licences" in json.dumps(status["audit"])
    done = run_in(repo, "dvc", "repro", "ingest")
    assert "Running stage 'audit'" in done.stdout and "Running stage 'ingest'" in done.stdout
    assert sources(repo) == {"own/pad.wav", "freesound/nc.flac"}
    assert "| nc.flac | Zed |" in (repo / "data/audit/ATTRIBUTION.md").read_text()
    assert dvc_status(repo) == {}

    # only the windows change: `ingest` alone is out of date
    edit_params(repo, lambda p: p["dataset"]["windows"].update(seconds=1.0))
    assert list(dvc_status(repo)) == ["ingest"]
