"""`trainer=ddp`: Lightning DDP with two processes on the CPU (gloo), as on a multi-GPU node."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from tests.helpers import ROOT, finetune_overrides, make_project


@pytest.fixture(scope="module")
def project(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"), tiny_checkpoint)


@pytest.mark.slow
def test_two_process_ddp_trains_and_checkpoints(
    project: Path, tiny_checkpoint: Path, tmp_path: Path
) -> None:
    args = finetune_overrides(
        project, tiny_checkpoint, f"paths.finetune_dir={tmp_path}/run",
        f"paths.metrics_dir={tmp_path}/m", "training.finetune.max_steps=4",
        "training.finetune.checkpoint_every=2",
        "trainer=ddp", "trainer.accelerator=cpu", "trainer.devices=2", "trainer.precision=32-true",
    )  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "training.finetune", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Initializing distributed: GLOBAL_RANK: 1, MEMBER: 2/2" in done.stdout + done.stderr
    metrics = json.loads((tmp_path / "m" / "finetune.json").read_text())
    assert metrics["world_size"] == 2 and metrics["steps"] == 4
    state = torch.load(tmp_path / "run" / "checkpoints" / "last.ckpt", weights_only=True)
    assert state["global_step"] == 4
    assert all(row["loss"] > 0 for row in state["history"])
