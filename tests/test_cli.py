"""Every entry point: `--help` says what it does and how to call it, and a bad argument is reported
before torch is imported (so at once, not after the model loads)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

ENTRY_POINTS = [
    "inference.generate",
    "inference.control",
    "inference.feed",
    "inference.bridge",
    "ui.app",
    "training.audit",
    "training.ingest",
    "training.encode",
    "training.finetune",
    "training.evaluate",
    "training.export",
    "training.make_tiny",
    "training.pretrain_base",
    "training.demo_data",
]
# Runs an entry point as `python -m` would, then says whether torch was ever imported.
PROBE = """
import atexit, runpy, sys
atexit.register(lambda: print("torch imported:", "torch" in sys.modules, file=sys.stderr))
sys.argv = [sys.argv[1], *sys.argv[2:]]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def run(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", PROBE, module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ENTRY_POINTS)
def test_help_says_what_the_entry_point_does_and_how_to_call_it(module: str) -> None:
    done = run(module, "--help")
    assert done.returncode == 0, done.stderr[-2000:]
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{module}:") or first.startswith(f"{module} ("), first
    assert f"python -m {module}" in done.stdout and "--cfg job" in done.stdout
    assert "torch imported: False" in done.stderr


def test_every_hydra_entry_point_is_listed() -> None:
    found = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for folder in ("inference", "training", "ui")
        for path in (ROOT / folder).rglob("*.py")
        if "@hydra.main" in path.read_text(encoding="utf-8")
    }
    assert found == set(ENTRY_POINTS)


def test_pipeline_help_answers_without_composing() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "training.pipeline", "--help"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0
    assert done.stdout.startswith("usage: uv run python -m training.pipeline")


@pytest.mark.parametrize(
    ("module", "args", "reason"),
    [
        ("inference.generate", ["prompt=pad", "bundle=/no/such/bundle"], "does not exist"),
        ("inference.generate", ["prompt=", "bundle=/no/such/bundle"], "prompt: empty"),
        ("inference.generate", ["prompt=   "], "prompt: empty"),
        ("inference.generate", ["bundle=/no/such/bundle"], "prompt: empty"),
        ("inference.control", ["bundle=/no/such/bundle"], "does not exist"),
        ("ui.app", ["bundle=/no/such/bundle"], "no model bundle at /no/such/bundle"),
        ("training.pretrain_base", ["pretrain.autoencoder.steps=0"], "autoencoder.steps"),
        ("training.pretrain_base", ["pretrain.transformer.batch_size=-1"], "batch_size"),
        ("training.pretrain_base", ["pretrain.transformer.crop_frames=x"], "crop_frames"),
    ],
)
def test_bad_arguments_are_reported_before_torch_loads(
    module: str, args: list[str], reason: str
) -> None:
    done = run(module, *args)
    assert done.returncode != 0
    assert reason in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "torch imported: False" in done.stderr


def test_a_bundle_without_weights_is_named_with_the_missing_file(tmp_path: Path) -> None:
    (tmp_path / "model_config.json").write_text(
        '{"model_type": "diffusion_cond", "sample_rate": 44100, "sample_size": 1, "model": {}}'
    )
    done = run("inference.generate", "prompt=pad", f"bundle={tmp_path}")
    assert done.returncode != 0 and str(tmp_path / "model.safetensors") in done.stderr
    assert "torch imported: False" in done.stderr


# Runs `inference.generate` in-process and lists which heavy libraries it ever imported.
IMPORTS_PROBE = """
import atexit, runpy, sys
NOT_NEEDED = ("gradio", "pytorch_lightning", "lightning", "wandb", "librosa", "numba")
atexit.register(lambda: print("imported:", [m for m in NOT_NEEDED if m in sys.modules],
                              file=sys.stderr))
sys.argv = ["inference.generate", *sys.argv[1:]]
runpy.run_module("inference.generate", run_name="__main__", alter_sys=True)
"""


@pytest.mark.slow
def test_generate_loads_nothing_of_the_ui_or_training(
    tiny_checkpoint: Path, tmp_path: Path
) -> None:
    """Start-up: the command line imports neither Gradio, Lightning, wandb nor librosa."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, f"bundle={tiny_checkpoint}", "prompt=pad",
         "seconds=1", "steps=2", f"paths.fragments_dir={tmp_path}", "delivery.port=9"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "imported: []" in done.stderr, done.stderr[-2000:]
