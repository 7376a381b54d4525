"""The generator (upstream's audio for a seed, needed length only, cached prompts); the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch
from stable_audio_tools.inference.generation import generate_diffusion_cond

from core.bundle import Bundle, build_model
from core.cli import quote_free_text
from inference.model.generator import Generator
from tests.helpers import (
    ODD_PROMPTS,
    ROOT,
    Listener,
    compose_config,
    load_tiny,
    make_generator,
    noise_in,
)

PROMPT = "warm analog pad, Tempo: 90"


def rf_bundle(tiny_checkpoint: Path) -> Bundle:
    """The tiny architecture as a rectified-flow (`rf_denoiser`, SAO small's objective) model."""
    config = json.loads((tiny_checkpoint / "model_config.json").read_text())
    config["model"]["diffusion"]["diffusion_objective"] = "rf_denoiser"
    torch.manual_seed(0)
    model = build_model(config, tiny_checkpoint / "text_encoder").eval().requires_grad_(False)
    return Bundle(model, config, tiny_checkpoint, "random")


@pytest.fixture(scope="module")
def rf_generator(tiny_checkpoint: Path) -> Generator:
    return make_generator(rf_bundle(tiny_checkpoint))


def upstream(
    model: torch.nn.Module,
    gen: Generator,
    seconds: float,
    steps: int,
    seed: int,
    sampler: str,
    cfg: float = 6.0,
) -> np.ndarray:
    """stable-audio-tools' generate_diffusion_cond on an untouched model (weight norm and all),
    asked for the same length, then trimmed."""
    exact, size = gen.sample_sizes(seconds)
    audio = generate_diffusion_cond(
        model, steps=steps, cfg_scale=cfg, sample_size=size, seed=seed, device="cpu",
        conditioning=[{"prompt": PROMPT, "seconds_start": 0, "seconds_total": seconds}],
        sampler_type=sampler, **gen.sampler_options,
    )  # fmt: skip
    return audio[0, :, :exact].float().numpy()


@pytest.mark.parametrize("sampler", ["dpmpp-3m-sde", "dpmpp-2m-sde"])
def test_v_model_matches_upstream_bit_for_bit(
    generator: Generator, tiny_checkpoint: Path, sampler: str
) -> None:
    ours = generator.generate(PROMPT, 1.3, steps=5, cfg_scale=6.0, seed=11, sampler=sampler)
    assert ours.audio.shape == (2, round(1.3 * 44100)) and np.abs(ours.audio).max() > 0
    pristine = load_tiny(tiny_checkpoint).model
    assert np.array_equal(ours.audio, upstream(pristine, generator, 1.3, 5, 11, sampler))


@pytest.mark.parametrize(("sampler", "cfg"), [("pingpong", 1.0), ("euler", 6.0)])
def test_rf_model_matches_upstream_bit_for_bit(
    rf_generator: Generator, tiny_checkpoint: Path, sampler: str, cfg: float
) -> None:
    assert rf_generator.default_sampler == "pingpong"
    ours = rf_generator.generate(PROMPT, 1.0, steps=4, cfg_scale=cfg, seed=3, sampler=sampler)
    pristine = rf_bundle(tiny_checkpoint).model
    assert np.array_equal(ours.audio, upstream(pristine, rf_generator, 1.0, 4, 3, sampler, cfg))


def test_weight_norm_is_folded_once(generator: Generator, tiny_checkpoint: Path) -> None:
    hooks = lambda model: sum(len(m._forward_pre_hooks) for m in model.modules())  # noqa: E731
    assert hooks(load_tiny(tiny_checkpoint).model) > 0 and hooks(generator.model) == 0


def test_only_the_needed_length_is_generated(generator: Generator) -> None:
    exact, generated = generator.sample_sizes(1.0)
    assert exact == 44100 and generated == 45056 and generated % generator.min_length == 0
    assert generator.sample_sizes(generator.max_seconds) == (524288, 524288)
    with pytest.raises(ValueError, match="seconds: 12.5 is outside"):
        generator.sample_sizes(12.5)


def test_seed_is_returned_and_reproduces(generator: Generator) -> None:
    first = generator.generate(PROMPT, 0.5, steps=3, cfg_scale=6.0)
    assert 0 <= first.seed < 2**31 and first.sampler == "dpmpp-3m-sde"
    again = generator.generate(PROMPT, 0.5, steps=3, cfg_scale=6.0, seed=first.seed)
    other = generator.generate(PROMPT, 0.5, steps=3, cfg_scale=6.0, seed=first.seed + 1)
    assert np.array_equal(first.audio, again.audio) and not np.array_equal(first.audio, other.audio)


def test_repeated_prompts_skip_the_text_encoder(generator: Generator) -> None:
    calls = []
    t5 = generator.model.conditioner.conditioners["prompt"]
    handle = t5.register_forward_hook(lambda *_: calls.append(1))
    try:
        for _ in range(3):
            generator.generate("a prompt seen three times", 0.2, steps=2, cfg_scale=6.0, seed=0)
        generator.generate("a new prompt", 0.2, steps=2, cfg_scale=6.0, seed=0)
    finally:
        handle.remove()
    assert len(calls) == 2


@pytest.mark.parametrize("which", ["generator", "rf_generator"])
def test_progress_once_per_step(which: str, request: pytest.FixtureRequest) -> None:
    seen: list[tuple[int, int]] = []
    gen = request.getfixturevalue(which)
    gen.generate(PROMPT, 0.2, steps=6, cfg_scale=6.0, seed=0, progress=lambda *a: seen.append(a))
    assert seen == [(i, 6) for i in range(1, 7)]


def test_unknown_sampler_is_named(generator: Generator, rf_generator: Generator) -> None:
    with pytest.raises(ValueError, match="sampler: 'pingpong' is not one of .*objective is 'v'"):
        generator.generate(PROMPT, 0.2, steps=1, cfg_scale=6.0, sampler="pingpong")
    with pytest.raises(ValueError, match="sampler: 'dpmpp-3m-sde' is not one of"):
        rf_generator.generate(PROMPT, 0.2, steps=1, cfg_scale=6.0, sampler="dpmpp-3m-sde")
    with pytest.raises(ValueError, match="steps: dpmpp-3m-sde needs at least 2 steps"):
        generator.generate(PROMPT, 0.2, steps=1, cfg_scale=6.0)


def test_prompt_overrides_are_quoted_for_hydra() -> None:
    typed = ["prompt=gritty pad, Tempo: 107", "seconds=4", "prompt='a, b'", "+prompt=it's"]
    quoted = ["prompt='gritty pad, Tempo: 107'", "seconds=4", "prompt='a, b'", "+prompt='it\\'s'"]
    assert quote_free_text(["generate.py", *typed]) == ["generate.py", *quoted]


ODD_CLI_PROMPT = "gritty pad ${oc.env:HOME} back\\slash 'q' \"dq\", Tempo: 107"


@pytest.mark.slow
def test_cli_writes_prints_and_delivers(tiny_checkpoint: Path, tmp_path: Path) -> None:
    listener = Listener()
    try:
        run = subprocess.run(
            [
                sys.executable, "-m", "inference.generate", f"bundle={tiny_checkpoint}",
                f"prompt={ODD_CLI_PROMPT}", "seconds=1", "steps=3", "seed=5",
                f"paths.fragments_dir={tmp_path / 'fragments'}", f"delivery.port={listener.port}",
            ],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
            env={**os.environ, "HYDRA_FULL_ERROR": "1"},
        )  # fmt: skip
        assert run.returncode == 0, run.stderr
        # piped: whole progress lines, no carriage returns, no third-party noise
        assert "\r" not in run.stderr and noise_in(run.stdout + run.stderr) == [], run.stderr
        assert "step 3/3" in run.stderr.splitlines()
        path = Path(run.stdout.strip())  # the path is all there is on stdout
        assert path.is_file() and path.parent == tmp_path / "fragments"
        audio, rate = sf.read(path)
        assert rate == 44100 and audio.shape[1] == 2 and 0.5 < len(audio) / rate <= 1.0
        messages = [listener.receive()[0] for _ in range(3)]
        assert [m.address for m in messages] == ["/sao/status", "/sao/fragment", "/sao/status"]
        assert messages[1].params[1:] == [
            str(path),
            pytest.approx(len(audio) / rate),
            44100,
            ODD_CLI_PROMPT,  # as typed: nothing expanded, no backslash doubled
        ]
        record = json.loads(path.with_suffix(".json").read_text())
        assert record["seed"] == 5 and record["prompt"] == ODD_CLI_PROMPT
    finally:
        listener.close()


def test_half_precision_vae_is_made_float32_on_cpu(tiny_checkpoint: Path) -> None:
    """SAO small ships `model_half: true`; an fp16 VAE decodes ~20x slower on a CPU."""
    config = json.loads((tiny_checkpoint / "model_config.json").read_text())
    config["model"]["pretransform"]["model_half"] = True
    for keep_half, expected in ((False, torch.float32), (True, torch.float16)):
        model = build_model(config, tiny_checkpoint / "text_encoder").eval()
        bundle = Bundle(model, config, tiny_checkpoint, "random")
        assert make_generator(bundle, half_vae_on_cpu=keep_half).vae_dtype == expected


@pytest.mark.parametrize("typed", ODD_PROMPTS)
def test_a_prompt_on_the_command_line_reaches_the_config_as_typed(typed: str) -> None:
    from omegaconf import OmegaConf

    for entry, key in [("generate", "prompt"), ("control", "prompt"),
                       ("control", "inference.request.prompt"), ("ui", "inference.request.prompt"),
                       ("generate", "+negative_prompt")]:  # fmt: skip
        (argument,) = quote_free_text([f"{key}={typed}"])
        cfg = OmegaConf.to_container(compose_config(entry, [argument]), resolve=True)
        value = cfg
        for part in key.lstrip("+").split("."):
            value = value[part]
        assert value == typed, (entry, key, argument)


@pytest.mark.slow
def test_cli_names_a_full_disk(tiny_checkpoint: Path, full_disk) -> None:
    folder, how = full_disk
    if how != "tmpfs":
        pytest.skip("no file system to fill here (a tmpfs needs root)")
    done = subprocess.run(
        [sys.executable, "-m", "inference.generate", f"bundle={tiny_checkpoint}", "prompt=pad",
         "seconds=1", "steps=2", f"paths.fragments_dir={folder / 'fragments'}"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "error: generation failed: " in done.stderr
    assert "could not be written (No space left on device)" in done.stderr
