"""Turns (prompt, seconds, steps, cfg scale, seed, sampler) into stereo audio with a loaded bundle.

The maths is stable-audio-tools' `generate_diffusion_cond`, step for step (same seeding order, same
noise, same samplers, same classifier-free guidance), so a seed gives the audio upstream gives. What
is different is only what a live loop needs: the bundle is loaded and warmed up once; conditioning
tensors are cached per value (a repeated prompt skips T5); the VAE's weight norm is folded into
plain weights once (same values); only the requested length is generated (rounded up to the
model's minimum input length) and trimmed to the exact sample count; no
prints, no progress bars, no `torch.cuda.empty_cache()` per call; `torch.inference_mode`; a progress
callback per sampler step; a lock, because seeding uses torch's global generator. On a GPU the
DiT may run in half precision (`dit_dtype`) and be `torch.compile`d (`compile_dit`), both settings.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import k_diffusion as K
import numpy as np
import torch
from stable_audio_tools.inference.utils import prepare_audio

from core.bundle import Bundle, load_bundle
from inference.model.adapters import AdapterBlend
from inference.model.sampling import (
    MIN_STEPS,
    SAMPLERS,
    compile_dit_in_place,
    fold_weight_norm,
    noise_level,
    run_sampler,
    set_dit_dtype,
)

Progress = Callable[[int, int], None]


def random_seed() -> int:
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class Generated:
    """Raw model output, exactly `seconds` long, before post-processing."""

    audio: np.ndarray  # (channels, samples), float32
    sample_rate: int
    seed: int
    sampler: str
    sampler_options: dict[str, float]
    seconds: float
    generated_samples: int  # what the model produced before trimming to `seconds`
    adapters: list[dict[str, Any]]  # the blend it was made with: name, sha256, strength


class Generator:
    """A bundle loaded once; `generate` is the only thing the stage loop calls."""

    def __init__(
        self,
        bundle: str | Path | Bundle,
        text_encoder_dir: str | Path | None,
        device: str,
        text_encoder_dtype: str,
        samplers: Mapping[str, str],
        sampler_options: Mapping[str, Mapping[str, float]],
        warmup: bool,
        warmup_steps: int,
        warmup_seconds: float | None,
        cache_size: int,
        dit_dtype: str,
        compile_dit: Mapping[str, Any],
        half_vae_on_cpu: bool,
        fuse_weight_norm: bool,
        init_noise: Mapping[str, Sequence[float | None]],
        adapters: Sequence[Any],
        adapter_strength: Mapping[str, float],
    ) -> None:
        """Every argument is a key of `conf/inference/default.yaml` `generator` (see there)."""
        if isinstance(bundle, Bundle):
            self.bundle = bundle
        else:
            self.bundle = load_bundle(
                bundle, text_encoder_dir, device=device, text_encoder_dtype=text_encoder_dtype
            )
        # Fine-tuned adapters on this base, blended live (`generate(blend=...)`); `start_blend`
        # is what they start at.
        self.adapters, self.start_blend = AdapterBlend.attach(
            self.bundle, adapters, adapter_strength
        )
        self.model = self.bundle.model.eval()
        self.device = self.bundle.device
        pretransform = self.model.pretransform
        if (
            self.device.type == "cpu"
            and not half_vae_on_cpu
            and getattr(pretransform, "model_half", 0)
        ):
            # SAO small ships `model_half: true`: on a CPU its fp16 VAE decodes ~20x slower.
            pretransform.model_half = False
            pretransform.float()
        if fuse_weight_norm:
            fold_weight_norm(self.model)
        self.dit_dtype = set_dit_dtype(self.model, dit_dtype, self.device)
        self.compiled = compile_dit_in_place(self.model, compile_dit)
        self.objective = self.model.diffusion_objective
        if self.objective not in SAMPLERS:
            raise ValueError(
                f"{self.bundle.path}: diffusion objective '{self.objective}' is not supported"
            )
        self.default_sampler = samplers[self.objective]
        self.sampler_options = dict(sampler_options[self.objective])
        self.check_sampler(self.default_sampler)
        self.init_noise = self._init_noise_range(init_noise)
        self.min_length = int(self.model.min_input_length)
        self.ratio = self.model.pretransform.downsampling_ratio if self.model.pretransform else 1
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
            raise ValueError(f"generator.cache_size: {cache_size!r} must be a whole number >= 0")
        self._cache: OrderedDict[tuple[str, Any], Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._denoiser = K.external.VDenoiser(self.model.model)
        # Upstream sets these on every call; same values, so the same numerics, set once.
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_fp16_reduced_precision_reduction = False
        torch.backends.cudnn.benchmark = False
        if warmup:
            self.warm_up(warmup_steps, warmup_seconds)

    @property
    def sample_rate(self) -> int:
        return self.bundle.sample_rate

    @property
    def max_seconds(self) -> float:
        return self.bundle.max_seconds

    @property
    def max_samples(self) -> int:
        return int(self.bundle.model_config["sample_size"])

    @property
    def vae_dtype(self) -> torch.dtype | None:
        pretransform = self.model.pretransform
        return next(pretransform.parameters()).dtype if pretransform is not None else None

    @property
    def samplers(self) -> tuple[str, ...]:
        return SAMPLERS[self.objective]

    def check_sampler(self, sampler: str, steps: int | None = None) -> None:
        if sampler not in self.samplers:
            raise ValueError(
                f"sampler: '{sampler}' is not one of {', '.join(self.samplers)} "
                f"(this model's objective is '{self.objective}')"
            )
        if steps is not None and steps < MIN_STEPS.get(sampler, 1):
            raise ValueError(
                f"steps: {sampler} needs at least {MIN_STEPS[sampler]} steps, got {steps}"
            )

    def _init_noise_range(
        self, init_noise: Mapping[str, Sequence[float | None]]
    ) -> tuple[float, float]:
        """(low, high) init_noise_level for strength 0 and 1; ValueError naming the bad bound."""
        low, high = (float(b) if b is not None else None for b in init_noise[self.objective])
        if self.objective == "v":
            high = high if high is not None else float(self.sampler_options["sigma_max"])
            floor = float(self.sampler_options["sigma_min"])
        else:
            high, floor = min(high if high is not None else 1.0, 1.0), 0.0
        if low is None or not floor < low < high:
            raise ValueError(
                f"generator.init_noise.{self.objective}: [{low}, {high}] must rise from above "
                f"{floor:g} (the sampler's lowest noise level)"
            )
        return low, high

    def noise_level(self, strength: float) -> float:
        """Upstream's `init_noise_level` for a variation strength in 0..1 (see `noise_level`)."""
        return noise_level(self.objective, strength, *self.init_noise)

    @property
    def supports_negative_prompt(self) -> bool:
        """Upstream's negative conditioning replaces the unconditional half of classifier-free
        guidance for cross-attention inputs only: the prompt must be one of them."""
        return "prompt" in (getattr(self.model, "cross_attn_cond_ids", None) or [])

    def sample_sizes(self, seconds: float) -> tuple[int, int]:
        """(exact samples, samples to generate): the latter rounded up to the model's input unit."""
        exact = max(1, round(seconds * self.sample_rate))
        generated = -(-exact // self.min_length) * self.min_length
        if not 0 < seconds or exact > self.max_samples:
            raise ValueError(
                f"seconds: {seconds:g} is outside this model's range (0, {self.max_seconds:.2f}]"
            )
        return exact, min(generated, self.max_samples)

    def warm_up(self, steps: int, seconds: float | None) -> None:
        """One generation before the set: first-call costs (allocations, kernels, a compiled
        DiT's compilation) are paid here, not by the performer's first request. `seconds=None`
        is the model's shortest input; the stage length warms exactly the shapes it will use."""
        self.generate(
            "warm-up",
            seconds if seconds is not None else self.min_length / self.sample_rate,
            steps=max(MIN_STEPS.get(self.default_sampler, 1), steps),
            cfg_scale=6.0,
            seed=0,
        )

    def encode(self, key: str, conditioner: torch.nn.Module, value: Any) -> Any:
        """One conditioner's output for one value; LRU-cached (a T5 pass per new prompt only)."""
        cache_key = (key, value, self.adapters.conditioning_key())
        if cache_key in self._cache:
            self._cache.move_to_end(cache_key)
            return self._cache[cache_key]
        encoded = conditioner([value], self.device)
        self._cache[cache_key] = encoded
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return encoded

    def encoded_conditioning(self, prompt: str, seconds: float) -> dict[str, Any]:
        """Upstream's `model.conditioner(...)` for one prompt, cached per value."""
        metadata = {"prompt": prompt, "seconds_start": 0, "seconds_total": seconds}
        conditioner = self.model.conditioner
        tensors = {}
        for key, module in conditioner.conditioners.items():
            source = key if key in metadata else conditioner.default_keys.get(key, key)
            if source not in metadata:
                raise ValueError(
                    f"{self.bundle.path}: the model needs conditioning '{key}', unknown here"
                )
            tensors[key] = self.encode(key, module, metadata[source])
        return tensors

    def conditioning_inputs(self, prompt: str, seconds: float) -> dict[str, Any]:
        """Upstream's conditioner + `get_conditioning_inputs`, in the diffusion model's dtype."""
        inputs = self.model.get_conditioning_inputs(self.encoded_conditioning(prompt, seconds))
        dtype = next(self.model.model.parameters()).dtype
        return {k: v.type(dtype) if v is not None else v for k, v in inputs.items()}

    def negative_inputs(self, negative_prompt: str, seconds: float) -> dict[str, Any]:
        """Upstream's negative conditioning (`negative_*` model inputs), cached per value."""
        tensors = self.encoded_conditioning(negative_prompt, seconds)
        return self.model.get_conditioning_inputs(tensors, negative=True)

    def encode_init(self, audio: np.ndarray, sample_rate: int, sample_size: int) -> torch.Tensor:
        """Init audio as upstream prepares it (resampled, padded or cut to the generated length,
        channels matched) and encodes it: latents for a latent model."""
        pretransform = self.model.pretransform
        channels = pretransform.io_channels if pretransform is not None else self.model.io_channels
        tensor = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float32))
        prepared = prepare_audio(
            tensor, sample_rate, self.sample_rate, sample_size, channels, self.device
        )
        if pretransform is None:
            return prepared
        return pretransform.encode(prepared.to(next(pretransform.parameters()).dtype))

    def generate(
        self,
        prompt: str,
        seconds: float,
        steps: int,
        cfg_scale: float,
        seed: int | None = None,
        sampler: str | None = None,
        progress: Progress | None = None,
        sampler_options: Mapping[str, float] | None = None,
        init_audio: tuple[np.ndarray, int] | None = None,
        init_noise_level: float | None = None,
        negative_prompt: str | None = None,
        blend: Mapping[str, float] | None = None,
    ) -> Generated:
        """Text-to-audio, or audio-to-audio from `init_audio` ((channels, samples), sample rate)
        at upstream's `init_noise_level` (see `noise_level`); `negative_prompt` replaces the
        unconditional half of classifier-free guidance, as upstream's `negative_conditioning`.
        `blend` (adapter name -> strength, the others 0) replaces the adapters' blend; None
        keeps the one last applied."""
        sampler = sampler or self.default_sampler
        self.check_sampler(sampler, steps)
        options = {**self.sampler_options, **(sampler_options or {})}
        if init_audio is not None:  # upstream sets the sampler's sigma_max to the init level
            options["sigma_max"] = float(
                init_noise_level if init_noise_level is not None else self.noise_level(0.5)
            )
        seed = random_seed() if seed is None else int(seed)
        exact, sample_size = self.sample_sizes(seconds)
        done = 0

        def callback(_info: dict) -> None:
            nonlocal done
            done += 1
            progress(min(done, steps), steps)

        with self._lock, torch.inference_mode():
            if blend is not None:
                self.adapters.apply(blend)
            extra_args = {
                **self.conditioning_inputs(prompt, seconds),
                "cfg_scale": cfg_scale,
                "batch_cfg": True,
                "rescale_cfg": True,
            }
            if negative_prompt:
                extra_args.update(self.negative_inputs(negative_prompt, seconds))
            torch.manual_seed(seed)
            noise = torch.randn(
                [1, self.model.io_channels, sample_size // self.ratio], device=self.device
            )
            # After the noise, as upstream: the VAE's encoder samples from the same generator.
            init = self.encode_init(*init_audio, sample_size) if init_audio is not None else None
            noise = noise.type(next(self.model.model.parameters()).dtype)
            sampled = run_sampler(
                self.model, self._denoiser, noise, steps, sampler, options, extra_args,
                callback if progress else None, init,
            )  # fmt: skip
            if self.model.pretransform is not None:
                sampled = sampled.to(next(self.model.pretransform.parameters()).dtype)
                sampled = self.model.pretransform.decode(sampled)
            audio = sampled[0, :, :exact].float().cpu().numpy()
            record = self.adapters.record()
        return Generated(
            audio, self.sample_rate, seed, sampler, options, float(seconds), sample_size, record
        )
