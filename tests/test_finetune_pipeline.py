"""`dvc exp run` from recordings to a bundle (base, audit, ingest, encode, finetune, export), for
real: DVC in a temporary git repository, wandb offline writing its run files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from tests.helpers import (
    PROJECT_FILES,
    commit_all,
    copy_project,
    load_tiny,
    noise_in,
    run_in,
    write_audio,
)

QUICK = ["training.finetune.max_steps=4", "training.finetune.checkpoint_every=2",
         "training.finetune.batch_size=2", "training.finetune.demo.every=2",
         "training.finetune.demo.steps=2", "training.finetune.demo.seconds=0.5",
         "dataset.windows.seconds=0.5", "training.evaluate.steps=2",
         "training.finetune.log_every=2"]  # fmt: skip


def run(repo: Path, *args: str) -> str:
    return run_in(repo, *args, OMP_NUM_THREADS="1").stdout


def exp_run(repo: Path, *overrides: str) -> str:
    """`dvc exp run -S ...`: stdout and stderr together (noise and progress checks read both)."""
    done = run_in(repo, "dvc", "exp", "run", *[a for o in overrides for a in ("-S", o)],
                  OMP_NUM_THREADS="1")  # fmt: skip
    return done.stdout + done.stderr


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    repo = copy_project(tmp_path / "repo", [*PROJECT_FILES, ".gitignore"])
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
    out = exp_run(repo, *QUICK, "training.finetune.lr=5e-4")
    for stage in ("base", "audit", "ingest", "encode", "finetune", "evaluate", "export"):
        assert f"Running stage '{stage}'" in out
    # piped: no third-party noise, and fine-tune progress as whole lines (log_every=2 here)
    assert noise_in(out) == [], out
    progress = [line for line in out.splitlines() if line.startswith("finetune: step ")]
    assert [line.split(",")[0] for line in progress] == ["finetune: step 2/4", "finetune: step 4/4"]
    assert all(" it/s, ETA " in line and ", loss " in line for line in progress), progress
    bundle = load_tiny(repo / "models/bundle")
    assert bundle.provenance["manifest_sha256"] and bundle.provenance["licence_report_sha256"]

    metrics = json.loads(run(repo, "dvc", "metrics", "show", "--json"))
    values = next(iter(metrics.values()))["data"]["metrics/finetune.json"]["data"]  # workspace
    assert values["steps"] == 4 and values["final_loss"] > 0 and values["windows_val"] >= 1
    plots = json.loads(run(repo, "dvc", "plots", "show", "--json"))["data"]
    steps = [row["step"] for row in plots["metrics/loss.csv"][0]["content"]["data"]["values"]]
    assert steps == ["1", "2", "3", "4"]
    for image in ("metrics/loss.png", "metrics/eval.png"):  # images: nothing to fetch from a CDN
        assert plots[image][0]["type"] == "image" and (repo / image).read_bytes()[:4] == b"\x89PNG"

    scores = next(iter(metrics.values()))["data"]["metrics/eval.json"]["data"]
    checkpoints = scores["checkpoints"]  # `dvc metrics show` lists the base and the fine-tune
    assert checkpoints["base"]["step"] == 0 and 4 in {e["step"] for e in checkpoints.values()}
    tuned = {n: e for n, e in checkpoints.items() if n != "base"}
    assert scores["best"] == min(tuned, key=lambda n: tuned[n]["latent_fd"])
    evaluation = bundle.provenance["evaluation"]  # the bundle is the best checkpoint by the metric
    assert evaluation["checkpoint"] == checkpoints[scores["best"]]
    assert evaluation["base"] == checkpoints["base"]
    assert bundle.provenance["global_step"] == evaluation["checkpoint"]["step"]

    wandb_runs = list((repo / "wandb").glob("offline-run-*"))
    assert len(wandb_runs) == 1 and list(wandb_runs[0].glob("run-*.wandb"))
    assert list(wandb_runs[0].glob("files/media/audio/demo_*.wav"))

    assert yaml.safe_load((repo / "params.yaml").read_text())["training"]["finetune"]["lr"] == 5e-4
    experiments = json.loads(run(repo, "dvc", "exp", "show", "--json"))
    runs = [
        rev["data"] for entry in experiments for exp in entry.get("experiments") or []
        for rev in exp["revs"]
    ]  # fmt: skip
    assert len(runs) == 1
    assert runs[0]["params"]["params.yaml"]["data"]["training"]["finetune"]["lr"] == 5e-4
    assert runs[0]["metrics"]["metrics/finetune.json"]["data"]["steps"] == 4


@pytest.mark.slow
def test_unknown_key_fails_before_any_stage(repo: Path) -> None:
    done = run_in(repo, "dvc", "exp", "run", "-S", "training.finetune.lrr=1", check=False)
    assert done.returncode != 0
    assert "training.finetune.lrr" in done.stdout + done.stderr
    assert "Running stage" not in done.stdout


@pytest.mark.slow
def test_exp_run_lora_gives_an_adapter_bundle_on_the_base(repo: Path) -> None:
    from core.checkpoint import ADAPTER_FILE

    out = exp_run(repo, *QUICK, "training=lora", "training.finetune.demo.every=0")
    assert "Running stage 'export'" in out
    assert yaml.safe_load((repo / "params.yaml").read_text())["training"]["finetune"]["lora"]
    bundle_dir = repo / "models/bundle"
    assert (bundle_dir / ADAPTER_FILE).is_file() and not (bundle_dir / "model.safetensors").exists()
    bundle = load_tiny(bundle_dir)  # base + adapter, as the UI and the CLI load it
    base = load_tiny(repo / "models/tiny")
    (adapter,) = bundle.adapters.values()
    assert adapter["base_weights_sha256"] == base.weights_sha256
    assert bundle.provenance["adapter"]["base_checkpoint"] == str((repo / "models/tiny").resolve())
    assert bundle.provenance["global_step"] == 4
