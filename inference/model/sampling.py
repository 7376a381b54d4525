"""The samplers and their schedules, as stable-audio-tools runs them, plus strength -> noise level.

`K_SAMPLERS` are k-diffusion's (for `v` models such as Stable Audio Open 1.0), `RF_SAMPLERS` the
rectified-flow ones (SAO small); `sample_pingpong` is upstream's without its progress bar.
`noise_level` maps a variation strength (0..1) to upstream's `init_noise_level`: for `v` models a
sigma, moved log-uniformly from a low sigma (almost the source) to a high one (the source is
drowned: a fresh generation); for rectified flow the flow time t in 0..1, moved linearly up to 1,
where the source's weight 1 - t is 0 (with a sampler that draws no further noise, such as euler,
the result is exactly the fresh generation).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import k_diffusion as K
import torch
from stable_audio_tools.inference.sampling import sample_discrete_euler, sample_flow_dpmpp
from torch.nn.utils import remove_weight_norm
from torch.nn.utils.weight_norm import WeightNorm

# k-diffusion samplers that take a sigma schedule (upstream `sample_k` dispatches the same names).
K_SAMPLERS = {
    "dpmpp-3m-sde": K.sampling.sample_dpmpp_3m_sde,
    "dpmpp-2m-sde": K.sampling.sample_dpmpp_2m_sde,
    "dpmpp-2m": K.sampling.sample_dpmpp_2m,
    "k-heun": K.sampling.sample_heun,
    "k-lms": K.sampling.sample_lms,
    "k-dpmpp-2s-ancestral": K.sampling.sample_dpmpp_2s_ancestral,
    "k-dpm-2": K.sampling.sample_dpm_2,
}
MIN_STEPS = {"dpmpp-3m-sde": 2, "dpmpp-2m-sde": 2}  # k-diffusion fails on a single SDE step
RF_SAMPLERS = ("pingpong", "euler", "dpmpp")
SAMPLERS = {"v": tuple(K_SAMPLERS), "rectified_flow": RF_SAMPLERS, "rf_denoiser": RF_SAMPLERS}
LOG_OBJECTIVES = ("v",)  # sigma-parameterised: strength is spread on a log scale


def rf_schedule(steps: int, sigma_max: float) -> torch.Tensor:
    """Upstream `sample_rf`'s time schedule (log-SNR spaced), ending at 0."""
    logsnr_max = math.log(((1 - sigma_max) / sigma_max) + 1e-6) if sigma_max < 1 else -6
    t = torch.sigmoid(-torch.linspace(logsnr_max, 2, steps + 1))
    t[0] = sigma_max
    t[-1] = 0
    return t


def fold_weight_norm(model: torch.nn.Module) -> int:
    """Turn weight-norm layers (the VAE's) into plain weights, computed once instead of per call.

    `torch.nn.utils.weight_norm` recomputes `g * v / |v|` before every forward; removing it stores
    the result of that same computation, so outputs are bit-identical (tests check) and the VAE
    stops re-deriving its weights for every fragment. Inference only: training needs g and v.
    """
    folded = 0
    for module in model.modules():
        for hook in list(module._forward_pre_hooks.values()):
            if isinstance(hook, WeightNorm):
                remove_weight_norm(module, hook.name)
                folded += 1
    model.requires_grad_(False)
    return folded


DIT_DTYPES = ("float32", "float16", "bfloat16")


def set_dit_dtype(model: torch.nn.Module, name: str, device: torch.device) -> torch.dtype:
    """The diffusion transformer's weights in `name` (conf `generator.dit_dtype`); conditioning,
    noise and latents follow the DiT's dtype as upstream casts them. Half precision is a GPU
    setting: on a CPU it is refused (fp16 matmuls there are slower, not faster)."""
    if name not in DIT_DTYPES:
        raise ValueError(f"generator.dit_dtype: '{name}' is not one of {', '.join(DIT_DTYPES)}")
    dtype = getattr(torch, name)
    if dtype != torch.float32 and device.type != "cuda":
        raise ValueError(
            f"generator.dit_dtype: {name} is for CUDA devices; this model runs on {device.type} "
            "(use float32 there)"
        )
    model.model.to(dtype)
    return dtype


def compile_dit_in_place(model: torch.nn.Module, options: Mapping[str, Any]) -> bool:
    """`torch.compile` the diffusion transformer in place (conf `generator.compile_dit`: enabled,
    mode, dynamic); the module tree and state-dict keys stay as they are. The first call with a
    new shape compiles (minutes): the warm-up pays it. Returns whether it compiled."""
    unknown = set(options) - {"enabled", "mode", "dynamic"}
    if unknown:
        raise ValueError(f"generator.compile_dit: unknown keys {sorted(unknown)}")
    if not options["enabled"]:
        return False
    model.model.compile(mode=options["mode"], dynamic=options["dynamic"])
    return True


def sample_pingpong(model, x, t, extra_args, callback=None):
    """Upstream `sample_flow_pingpong` without its always-on progress bar (same maths, same RNG)."""
    ones = x.new_ones([x.shape[0]])
    for i in range(len(t) - 1):
        denoised = x - t[i] * model(x, t[i] * ones, **extra_args)
        if callback is not None:
            callback({"x": x, "i": i, "t": t[i], "sigma": t[i], "denoised": denoised})
        x = (1 - t[i + 1]) * denoised + t[i + 1] * torch.randn_like(x)
    return x


def noise_level(objective: str, strength: float, low: float, high: float) -> float:
    """stable-audio-tools' `init_noise_level` for a strength in 0..1 (see the module docstring)."""
    strength = min(max(float(strength), 0.0), 1.0)
    if objective in LOG_OBJECTIVES:
        return float(math.exp(math.log(low) + strength * (math.log(high) - math.log(low))))
    return float(low + strength * (high - low))


def run_sampler(
    model: torch.nn.Module,
    denoiser: torch.nn.Module,
    noise: torch.Tensor,
    steps: int,
    sampler: str,
    options: dict[str, float],
    extra_args: dict,
    callback=None,
    init: torch.Tensor | None = None,
) -> torch.Tensor:
    """Upstream's `sample_k` (v objective) or `sample_rf` (rectified flow) on `model`, a
    ConditionedDiffusionModelWrapper; `denoiser` is k-diffusion's VDenoiser of its DiT."""
    if model.diffusion_objective == "v":
        sigmas = K.sampling.get_sigmas_polyexponential(
            steps, options["sigma_min"], options["sigma_max"], options["rho"], device=noise.device
        )
        x = noise * sigmas[0] if init is None else init + noise * sigmas[0]
        return K_SAMPLERS[sampler](
            denoiser, x, sigmas, extra_args=extra_args, callback=callback, disable=True
        )
    sigma_max = min(float(options.get("sigma_max", 1.0)), 1.0)
    t = rf_schedule(steps, sigma_max)
    if init is not None:  # upstream sample_rf: the init interpolated towards the noise
        noise = init * (1 - sigma_max) + noise * sigma_max
    if sampler == "pingpong":
        return sample_pingpong(model.model, noise, t, extra_args, callback)
    run = sample_discrete_euler if sampler == "euler" else sample_flow_dpmpp
    return run(model.model, noise, sigmas=t, callback=callback, disable_tqdm=True, **extra_args)
