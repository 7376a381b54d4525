"""`bench/gpu.py --device cpu --quick` end to end: every row runs and the JSON holds each row's
measurements; a row that fails records its error and the others still run. The end-to-end run is
slow (86 s to 5 minutes on 2 shared cores, by their load: six row processes, each importing
torch and stable-audio-tools); the failing-row and budget checks take seconds."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

ROWS = ("sao_small", "sao_small_fp16", "sao_1_0", "finetune", "trainer_gpu", "trainer_ddp")


def run_bench(out: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "bench/gpu.py", "--device", "cpu", "--quick", "--out", str(out)]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_quick_mode_writes_every_row(tmp_path: Path, tiny_checkpoint: Path) -> None:
    done = run_bench(tmp_path / "gpu.json", "--bundle", str(tiny_checkpoint))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    document = json.loads((tmp_path / "gpu.json").read_text())
    assert document["device"] == "cpu" and document["quick"] is True
    rows = document["rows"]
    assert tuple(rows) == ROWS
    failed = {name: row.get("error") for name, row in rows.items() if not row["ok"]}
    assert not failed, failed
    small = rows["sao_small"]
    assert small["1s_identical"] is True and small["1s_prompt_to_file_ms"] > 0
    assert 0 < small["1s_ratio"] < 10 and 0 < rows["sao_1_0"]["2s_ratio"] < 10
    finetune = rows["finetune"]
    for key in ("full_ckpt", "full_no_ckpt", "lora_ckpt", "lora_no_ckpt"):
        assert finetune[f"{key}_s_per_step"] > 0 and finetune[f"{key}_peak_gib"] > 0
    for name in ("trainer_gpu", "trainer_ddp"):
        assert rows[name]["finite"] is True and rows[name]["steps"] == 4
        assert math.isfinite(rows[name]["last_loss"])
    assert rows["trainer_gpu"]["trainer"] == "cpu"  # on a CPU, said so
    table = done.stdout[done.stdout.index("| row |") :]
    assert all(f"| {name} | yes |" in table for name in ROWS)


def test_a_failing_row_is_recorded_and_the_rest_run(tmp_path: Path, tiny_checkpoint: Path) -> None:
    rows = ["trainer_gpu", "trainer_ddp"]
    options = ["--bundle", str(tiny_checkpoint), "--budget-scale", "0.001"]
    done = run_bench(tmp_path / "gpu.json", "--rows", *rows, *options)
    assert done.returncode == 0, done.stderr[-3000:]
    recorded = json.loads((tmp_path / "gpu.json").read_text())["rows"]
    assert list(recorded) == rows  # the first one's failure did not stop the second
    for name in rows:
        assert recorded[name]["ok"] is False and "over its budget" in recorded[name]["error"]
        assert f"| {name} | no |" in done.stdout


def test_unknown_rows_are_named(tmp_path: Path) -> None:
    done = run_bench(tmp_path / "gpu.json", "--rows", "sao_2_0")
    assert done.returncode == 2 and "--rows: unknown ['sao_2_0']" in done.stderr


@pytest.mark.parametrize("device", ["cuda", "cpu"])
def test_the_gpu_budgets_fit_eight_minutes(device: str) -> None:
    from bench.gpu import SOFT_LIMIT_S, plans

    rows = plans(device, quick=False)
    assert tuple(rows) == ROWS
    assert sum(row["budget_s"] for row in rows.values()) <= SOFT_LIMIT_S - 10  # uv sync, start
    for row in rows.values():
        runs = row["plan"].get("runs")
        assert runs is None or len(runs) == len(row["plan"]["seconds"])
