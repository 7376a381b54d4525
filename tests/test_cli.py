"""Every entry point: `--help` says what it does and how to call it, and a bad argument is reported
before torch is imported (so at once, not after the model loads)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from core.cli import compile_later, set_omp_wait_policy
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
NOT_NEEDED = ("gradio", "pytorch_lightning", "lightning", "wandb", "librosa", "numba",
              "peft", "bitsandbytes", "torch._inductor.compile_fx")
atexit.register(lambda: print("imported:", [m for m in NOT_NEEDED if m in sys.modules],
                              file=sys.stderr))
sys.argv = ["inference.generate", *sys.argv[1:]]
runpy.run_module("inference.generate", run_name="__main__", alter_sys=True)
"""


@pytest.mark.slow
def test_generate_loads_nothing_of_the_ui_or_training(
    tiny_checkpoint: Path, tmp_path: Path
) -> None:
    """Start-up: the command line imports neither Gradio, Lightning, wandb nor librosa; nor peft
    (and bitsandbytes) without adapters, nor Inductor, which nothing here compiles with."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, f"bundle={tiny_checkpoint}", "prompt=pad",
         "seconds=1", "steps=2", f"paths.fragments_dir={tmp_path}", "delivery.port=9"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "imported: []" in done.stderr, done.stderr[-2000:]


def test_compile_later_compiles_a_function_once_at_its_first_call() -> None:
    calls = []

    def compile_now(model, **options):
        calls.append((model, options))
        return lambda *args: ("compiled", model(*args))

    def double(x):
        return 2 * x

    deferred = compile_later(compile_now)(double, dynamic=False, mode="max-autotune")
    assert calls == [] and deferred.__wrapped__ is double
    assert deferred(3) == ("compiled", 6) and deferred(4) == ("compiled", 8)
    assert calls == [(double, {"dynamic": False, "mode": "max-autotune"})]

    class Layer:  # a deferred method still binds like one torch compiled
        scale = compile_later(compile_now)(lambda self, x: 10 * x)

    assert Layer().scale(2) == ("compiled", 20)
    module = object()  # anything but a plain function: compiled at once, as torch would
    compile_later(compile_now)(module)
    assert calls[-1] == (module, {})


def test_compile_later_runs_the_function_as_it_is_when_compiling_fails() -> None:
    """As stable-audio-tools' own fallbacks do (`except: flex_attention_compiled = ...`)."""

    def compile_now(model, **options):
        raise RuntimeError("no compiler here")

    assert compile_later(compile_now)(lambda x: x + 1)(1) == 2


# Imports stable-audio-tools' transformer the way an entry point does, then says what it found.
DEFERRED_PROBE = """
import sys
from core.cli import quiet_third_party
quiet_third_party()
import torch
compile_before = torch.compile
import stable_audio_tools.models.transformer as t
print("inductor:", "torch._inductor.compile_fx" in sys.modules)
print("restored:", torch.compile is compile_before)
print("deferred:", t.flex_attention_compiled.__wrapped__ is t.flex_attention)
"""


def test_the_import_time_compile_of_stable_audio_tools_is_deferred() -> None:
    done = subprocess.run(
        [sys.executable, "-c", DEFERRED_PROBE], cwd=ROOT, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["inductor:", "False", "restored:", "True", "deferred:", "True"]
    assert "flash_attn" not in done.stdout + done.stderr  # its import-time prints still swallowed


def test_the_omp_wait_policy_is_checked_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="omp_wait_policy: 'LAZY' is not one of ACTIVE, PASSIVE"):
        set_omp_wait_policy("LAZY")
    monkeypatch.delitem(sys.modules, "torch", raising=False)  # as before torch loads
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    set_omp_wait_policy(None)
    assert "OMP_WAIT_POLICY" not in os.environ
    set_omp_wait_policy("PASSIVE")
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")  # the user's
    set_omp_wait_policy("PASSIVE")
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"


# One fragment the plain way: no entry point's import hook (stable-audio-tools compiles at import,
# as upstream does) and OpenMP's default wait policy; prints the WAV's path.
PLAIN_GENERATE = """
import sys
from tests.helpers import compose_config
from inference.live.engine import GenerationRequest, build_engine
assert "torch._inductor.compile_fx" in sys.modules  # upstream's import-time compile did run
cfg = compose_config("generate", sys.argv[1:])
engine = build_engine(cfg)
request = GenerationRequest(prompt=cfg.prompt, seconds=cfg.seconds, steps=cfg.steps,
                            cfg_scale=cfg.cfg_scale, seed=cfg.seed, sampler=cfg.sampler)
print(engine.generate(request).path)
"""


@pytest.mark.slow
def test_the_start_up_shortcuts_leave_the_audio_bit_identical(
    tiny_checkpoint: Path, tmp_path: Path
) -> None:
    """The command line (peft not loaded, import-time compile deferred, PASSIVE OpenMP threads,
    no final collection) writes exactly the samples the plain path writes."""
    args = [f"bundle={tiny_checkpoint}", "prompt=pad", "seconds=1", "steps=4", "seed=3",
            "delivery.port=9"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    paths = []
    for name, command in (
        ("cli", ["-m", "inference.generate"]),
        ("plain", ["-c", PLAIN_GENERATE]),
    ):
        done = subprocess.run(
            [sys.executable, *command, *args, f"paths.fragments_dir={tmp_path / name}"],
            cwd=ROOT, capture_output=True, text=True, timeout=300, env=env,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        paths.append(Path(done.stdout.strip().splitlines()[-1]))
    (cli, cli_rate), (plain, plain_rate) = (sf.read(p, dtype="float32") for p in paths)
    assert cli_rate == plain_rate and np.array_equal(cli, plain)
