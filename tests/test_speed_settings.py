"""The generator's speed settings: the conditioning cache (same audio with and without it), the
warm-up at load, the half-precision DiT and `torch.compile` settings (GPU tests, skipped without
CUDA; on a CPU half precision is refused), and bf16 training steps under `trainer=gpu`."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import torch

from inference.model.generator import Generator
from tests.helpers import make_generator

PROMPTS = ["warm analog pad, Tempo: 90", "dark drone", "warm analog pad, Tempo: 90"]


def t5_calls(gen: Generator) -> list[int]:
    calls: list[int] = []
    gen.model.conditioner.conditioners["prompt"].register_forward_hook(lambda *_: calls.append(1))
    return calls


def run_requests(gen: Generator) -> list[np.ndarray]:
    """Repeated, new and varied (same prompt, other length, seed) requests; audio-to-audio too."""
    out = []
    for i, prompt in enumerate(PROMPTS * 2):
        seconds = 0.3 if i % 2 else 0.5
        out.append(gen.generate(prompt, seconds, steps=3, cfg_scale=6.0, seed=i).audio)
    first = out[0]
    out.append(
        gen.generate(PROMPTS[0], 0.5, 3, 6.0, seed=9, init_audio=(first, 44100)).audio
    )  # fmt: skip
    out.append(gen.generate(PROMPTS[1], 0.5, 3, 6.0, seed=4, negative_prompt=PROMPTS[0]).audio)
    return out


def test_the_conditioning_cache_changes_no_sample(tiny_checkpoint: Path) -> None:
    cached, uncached = (make_generator(tiny_checkpoint, cache_size=n) for n in (64, 0))
    hits, misses = t5_calls(cached), t5_calls(uncached)
    with_cache, without = run_requests(cached), run_requests(uncached)
    assert len(with_cache) == len(without) == 8
    for a, b in zip(with_cache, without, strict=True):
        assert a.shape == b.shape and np.array_equal(a, b)
    assert len(misses) == 9 and len(hits) == 2  # 2 distinct prompts; the negative one included
    assert len(uncached._cache) == 0 and len(cached._cache) > 0


def test_the_cache_is_bounded_least_recently_used_first(tiny_checkpoint: Path) -> None:
    gen = make_generator(tiny_checkpoint, cache_size=64)
    per_request = len(gen.model.conditioner.conditioners)  # prompt, seconds_start, seconds_total
    gen._cache_size = per_request + 1  # room for one request and one more prompt
    for prompt in ["a", "b", "a", "c"]:  # "a" used again after "b": "b" goes first
        gen.generate(prompt, 0.2, steps=2, cfg_scale=6.0, seed=0)
    assert len(gen._cache) == per_request + 1
    assert {value for key, value, *_ in gen._cache if key == "prompt"} == {"a", "c"}


@pytest.mark.parametrize("size", [-1, 1.5, "64", True, None])
def test_a_bad_cache_size_is_named(tiny_checkpoint: Path, size: object) -> None:
    with pytest.raises(ValueError, match="generator.cache_size"):
        make_generator(tiny_checkpoint, cache_size=size)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_precision_dit_is_refused_on_cpu(tiny_checkpoint: Path, dtype: str) -> None:
    with pytest.raises(ValueError, match=f"generator.dit_dtype: {dtype} is for CUDA devices"):
        make_generator(tiny_checkpoint, dit_dtype=dtype)


@pytest.mark.parametrize("dtype", ["half", "fp16", "float64", ""])
def test_unknown_dit_dtype_is_named(tiny_checkpoint: Path, dtype: str) -> None:
    with pytest.raises(ValueError, match=f"generator.dit_dtype: '{dtype}' is not one of"):
        make_generator(tiny_checkpoint, dit_dtype=dtype)


def test_unknown_compile_keys_are_named(tiny_checkpoint: Path) -> None:
    options = {"enabled": True, "mode": "default", "dynamic": True, "fullgraph": True}
    with pytest.raises(ValueError, match=r"generator.compile_dit: unknown keys \['fullgraph'\]"):
        make_generator(tiny_checkpoint, compile_dit=options)


def test_warm_up_at_load_runs_the_model_once(tiny_checkpoint: Path) -> None:
    calls: list[int] = []
    original = Generator.generate

    def counting(self, *args, **kwargs):
        calls.append(args[1])
        return original(self, *args, **kwargs)

    Generator.generate = counting
    try:
        gen = make_generator(tiny_checkpoint, warmup=True, warmup_seconds=0.25)
    finally:
        Generator.generate = original
    per_request = len(gen.model.conditioner.conditioners)
    assert calls == [0.25] and len(gen._cache) == per_request  # the warm-up request encoded


# -- on a GPU -------------------------------------------------------------------------------------


def cuda_generator(tiny_checkpoint: Path, **changes: object) -> Generator:
    return make_generator(tiny_checkpoint, device="cuda", **changes)


ODE = "dpmpp-2m"  # deterministic: precision differences are not amplified by fresh noise


@pytest.mark.gpu
@pytest.mark.parametrize(("dtype", "tolerance"), [("float16", 0.1), ("bfloat16", 0.25)])
def test_half_dit_matches_fp32_within_tolerance(
    tiny_checkpoint: Path, dtype: str, tolerance: float
) -> None:
    run = lambda gen: gen.generate(PROMPTS[0], 1.0, 8, 6.0, seed=5, sampler=ODE).audio  # noqa: E731
    full = run(cuda_generator(tiny_checkpoint))
    gen = cuda_generator(tiny_checkpoint, dit_dtype=dtype)
    assert next(gen.model.model.parameters()).dtype == getattr(torch, dtype)
    half = run(gen)
    assert np.isfinite(half).all() and half.shape == full.shape
    error = np.sqrt(np.mean((half - full) ** 2)) / max(np.sqrt(np.mean(full**2)), 1e-6)
    assert error < tolerance, f"{dtype} DiT: relative RMS error {error:.3f}"


@pytest.mark.gpu
def test_compiled_dit_gives_the_same_audio(tiny_checkpoint: Path) -> None:
    run = lambda gen: gen.generate(PROMPTS[0], 1.0, 4, 6.0, seed=5, sampler=ODE).audio  # noqa: E731
    eager = run(cuda_generator(tiny_checkpoint))
    options = {"enabled": True, "mode": "default", "dynamic": True}
    gen = cuda_generator(tiny_checkpoint, compile_dit=options)
    assert gen.compiled
    compiled = run(gen)
    np.testing.assert_allclose(compiled, eager, atol=1e-3, rtol=1e-3)


@pytest.mark.gpu
def test_trainer_gpu_bf16_steps_are_finite(tmp_path: Path, tiny_checkpoint: Path) -> None:
    from bench.gpu_rows import tiny_training_losses

    losses = tiny_training_losses(tmp_path, tiny_checkpoint, "gpu", steps=6)
    assert len(losses) == 6 and all(math.isfinite(x) for x in losses)
