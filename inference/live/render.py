"""Rendering one checked request: generate, post-process, write the WAV, record provenance.

No status, no delivery, no history: the engine (`inference.live.engine`) does those around it.
"""

from __future__ import annotations

import functools
import platform
import time
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

from inference.audio.postprocess import Postprocessor
from inference.live.init import InitSource
from inference.live.request import GenerationRequest
from inference.live.store import Fragment, FragmentStore
from inference.model.generator import Generated, Generator

Progress = Callable[[int, int], None]


@functools.cache
def versions() -> dict[str, str]:
    names = ("torch", "stable-audio-tools", "numpy", "librosa", "pyloudnorm", "python-osc")
    return {"python": platform.python_version(), **{name: version(name) for name in names}}


def render(
    generator: Generator,
    chain: Postprocessor,
    store: FragmentStore,
    request: GenerationRequest,
    progress: Progress | None,
    parent_id: str | None,
    sampler_options: dict | None,
    source: InitSource | None,
) -> tuple[Fragment, dict[str, Any]]:
    """Generate, post-process and write the WAV: the fragment (not yet listed) and its
    provenance. `sampler_options` override the generator's (regeneration replays the recorded
    ones); `source` is the loaded init audio of an audio-to-audio request."""
    started = time.perf_counter()
    generated = generator.generate(
        request.prompt, request.seconds, request.steps, request.cfg_scale,
        request.seed, request.sampler, progress, sampler_options,
        init_audio=(source.audio, source.sample_rate) if source else None,
        init_noise_level=source.noise_level if source else None,
        negative_prompt=request.negative_prompt,
        blend=dict(request.blend) if request.blend is not None else None,
    )  # fmt: skip
    generated_at = time.perf_counter()
    audio, applied = chain.process(generated.audio, generated.sample_rate, request.prompt)
    processed_at = time.perf_counter()
    fragment = store.write_audio(
        audio,
        generated.sample_rate,
        prompt=request.prompt,
        seed=generated.seed,
        steps=request.steps,
        cfg_scale=request.cfg_scale,
        sampler=generated.sampler,
        bundle_sha256=generator.bundle.weights_sha256,
        postprocess=applied,
        parent_id=parent_id,
        seconds=generated.seconds,
        sampler_options=generated.sampler_options,
        negative_prompt=request.negative_prompt,
        init=source.record if source else {},
        bars=request.bars,
        adapters=generated.adapters,
    )
    timings = {
        "generate_ms": 1e3 * (generated_at - started),
        "postprocess_ms": 1e3 * (processed_at - generated_at),
        "write_ms": 1e3 * (time.perf_counter() - processed_at),
    }
    return fragment, provenance(generator, generated, timings)


def provenance(
    generator: Generator, generated: Generated, timings: dict[str, float]
) -> dict[str, Any]:
    """What the sidecar records beside the fragment's own fields: model, device, times."""
    bundle = generator.bundle
    return {
        "bundle": str(bundle.path),
        "bundle_provenance": bundle.provenance,
        "adapters": {name: entry["sha256"] for name, entry in bundle.adapters.items()},
        "diffusion_objective": generator.objective,
        "generated_samples": generated.generated_samples,
        "device": str(generator.device),
        "vae_dtype": str(generator.vae_dtype),
        "timings_ms": timings,
        "versions": versions(),
    }
