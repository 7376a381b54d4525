"""The run behind the DVC stage `evaluate` (`training.evaluate` is its entry point).

For the base checkpoint and every fine-tune checkpoint kept in `paths.finetune_dir`, generate one
fragment per held-out window (the validation split `training.fit` holds out, so the model never
trained on them) and seed, with the same noise for every checkpoint, and compare them with the
held-out windows themselves: Frechet distance of latent frames (`latent_fd`), of log-mel frames
(`mel_fad`) and, with `training.evaluate.clap_dir`, of CLAP embeddings (`clap_fad`) plus the
CLAP text-audio score (`clap_score`). Writes `eval.json`/`eval.csv` (`training.scores`) and the
offline plots (`training.plots`) into `paths.metrics_dir`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import math
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
from omegaconf import DictConfig, OmegaConf

from core.bundle import Bundle, load_bundle, load_state_dict, pick_device
from core.checkpoint import find_weights
from training.adapters import merged_state, trained_model
from training.data import SOURCES_KEPT, DataError, Window, load_window_audio, split_windows
from training.export import merged_state_dict
from training.latents import LatentWindows, read_latent_cache
from training.metrics import (
    ClapEmbedding,
    MelEmbedding,
    MetricError,
    clap_score,
    frechet_distance,
    latent_frames,
)
from training.plots import write_plots
from training.runs import LAST_CHECKPOINT, RunError, checkpoint_dir
from training.scores import BASE_NAME, direction, pick_best, write_scores
from training.sources import SourceReader

WINDOW_FIELDS = tuple(f.name for f in dataclasses.fields(Window))


@dataclasses.dataclass
class Clips:
    """A set of fragments as every metric sees them: latents, audio, prompts."""

    latents: list[np.ndarray]  # (frames, channels) each
    audio: list[torch.Tensor]  # (channels, samples) each
    prompts: list[str]


def held_out(cfg: DictConfig, bundle: Bundle) -> tuple[list[Window], Clips, list[torch.Tensor]]:
    """The validation windows (at most `training.evaluate.prompts`), their clips and their
    latents as the cache holds them (channels x frames)."""
    cache = Path(cfg.paths.latents_dir)
    rows, _ = read_latent_cache(cache, bundle.model)
    dataset = LatentWindows(cache, rows)
    _, val = split_windows(dataset.sources, cfg.training.finetune.val_fraction)
    wanted = cfg.training.evaluate.prompts
    if not val or wanted < 1:
        raise MetricError(
            f"{len(val)} held-out windows of {len(rows)} (training.finetune.val_fraction="
            f"{cfg.training.finetune.val_fraction}, training.evaluate.prompts={wanted}): "
            "evaluation needs at least 1; add recordings or raise the fraction"
        )
    windows, clips, latents = [], Clips([], [], []), []
    reader = SourceReader(cfg.paths.raw_dir, bundle.sample_rate, SOURCES_KEPT)
    for i in val[:wanted]:
        window = Window(**{k: rows[i][k] for k in WINDOW_FIELDS})
        item = dataset[i]
        windows.append(window)
        clips.latents.append(latent_frames(item["latents"], item["mask"]))
        clips.audio.append(load_window_audio(window, reader, window.samples))
        clips.prompts.append(window.prompt)
        latents.append(item["latents"])
    return windows, clips, latents


@torch.no_grad()
def reconstructed(model: torch.nn.Module, windows: list[Window], latents: list) -> Clips:
    """The held-out latents decoded by the autoencoder: the best audio any checkpoint of this
    base can make (its audio scores are the floor a fine-tune's are measured against)."""
    audio = [model.pretransform.decode(x[None])[0, :, : w.samples].float().cpu()
             for x, w in zip(latents, windows, strict=True)]  # fmt: skip
    return Clips([latent_frames(x) for x in latents], audio, [w.prompt for w in windows])


@torch.no_grad()
def generate(model: torch.nn.Module, windows: list[Window], options: DictConfig) -> Clips:
    """One fragment per window and seed (batched per seed: the same noise for every model)."""
    from stable_audio_tools.inference.generation import generate_diffusion_cond

    rate, ratio = int(model.sample_rate), int(model.pretransform.downsampling_ratio)
    longest = max(w.samples for w in windows) / rate
    seconds = options.seconds if options.seconds is not None else longest
    sample_size = math.ceil(seconds * rate / ratio) * ratio
    device = next(model.parameters()).device
    conditioning = [w.metadata() for w in windows]
    clips = Clips([], [], [])
    for seed in options.seeds:
        quiet = io.StringIO()  # upstream prints each seed and always shows a progress bar
        with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            latents = generate_diffusion_cond(
                model, steps=options.steps, cfg_scale=options.cfg_scale,
                conditioning=conditioning, batch_size=len(windows), sample_size=sample_size,
                seed=int(seed), device=device, return_latents=True,
            )  # fmt: skip
        audio = model.pretransform.decode(latents).float().cpu()
        clips.latents += [latent_frames(x) for x in latents]
        clips.audio += [a[:, : int(seconds * rate)] for a in audio]
        clips.prompts += [w.prompt for w in windows]
    return clips


def score(
    generated: Clips, reference: Clips, recon: Clips | None, mel: MelEmbedding,
    clap: ClapEmbedding | None, rate: int, eps: float,
) -> dict[str, float]:  # fmt: skip
    """Every metric of one checkpoint's fragments against the held-out windows (and, as
    `mel_fad_recon`, against those windows' latents decoded: the diffusion model alone, without
    what the autoencoder loses)."""
    stack = np.concatenate
    values = {
        "latent_fd": frechet_distance(
            stack(generated.latents), stack(reference.latents), eps, "latent_fd"
        ),
        "mel_fad": frechet_distance(
            stack([mel(a) for a in generated.audio]), stack([mel(a) for a in reference.audio]),
            eps, "mel_fad",
        ),
    }  # fmt: skip
    if recon is not None:
        values["mel_fad_recon"] = frechet_distance(
            stack([mel(a) for a in generated.audio]), stack([mel(a) for a in recon.audio]),
            eps, "mel_fad_recon",
        )  # fmt: skip
    if clap is not None:
        audio = clap.audio(generated.audio, rate)
        values["clap_fad"] = frechet_distance(
            audio, clap.audio(reference.audio, rate), eps, "clap_fad"
        )
        values["clap_score"] = clap_score(audio, clap.text(generated.prompts))
    return values


def finetune_checkpoints(run_dir: str | Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    """name -> (path, loaded checkpoint) of every kept checkpoint; `last.ckpt` only when its
    step has no checkpoint of its own (it is then the same weights)."""
    files = sorted(checkpoint_dir(run_dir).glob("*.ckpt"), key=lambda p: p.name == LAST_CHECKPOINT)
    if not files:
        raise RunError(f"{checkpoint_dir(run_dir)}: no checkpoints; run the `finetune` stage first")
    found, steps = {}, set()
    for path in files:
        state = torch.load(path, map_location="cpu", weights_only=True)
        if "state_dict" not in state:
            raise RunError(f"{path}: not a fine-tuning checkpoint (no state_dict)")
        if state.get("global_step") not in steps:
            steps.add(state.get("global_step"))
            found[path.stem] = (path, state)
    return found


def checkpoint_weights(cfg: DictConfig, path: Path, state: dict, base_state: dict) -> dict:
    """A fine-tune checkpoint as full weights with the base's keys (a LoRA one: merged)."""
    if "adapter" in state:
        return merged_state(trained_model(cfg, state, path), base_state)
    return merged_state_dict(state, base_state)


def evaluate(cfg: DictConfig) -> dict[str, Any]:
    """Score the base and each fine-tune checkpoint; write the report and the plots."""
    options = cfg.training.evaluate
    base = cfg.training.base
    bundle = load_bundle(
        base.checkpoint, base.text_encoder_dir, device=pick_device(options.device),
        text_encoder_dtype=base.text_encoder_dtype,
    )  # fmt: skip
    clap = ClapEmbedding(options.clap_dir, str(bundle.device)) if options.clap_dir else None
    candidates = finetune_checkpoints(cfg.paths.finetune_dir)
    windows, reference, held_latents = held_out(cfg, bundle)
    mel = MelEmbedding(bundle.sample_rate, **OmegaConf.to_container(options.mel))
    base_state = load_state_dict(find_weights(base.checkpoint))
    models = {BASE_NAME: (Path(base.checkpoint), {"global_step": 0}, base_state)}
    for name, (path, state) in candidates.items():
        models[name] = (path, state, None)
    recon = reconstructed(bundle.model, windows, held_latents)  # the autoencoder is frozen
    results = {}
    for name, (path, state, weights) in models.items():
        started = time.monotonic()
        if weights is None:
            weights = checkpoint_weights(cfg, path, state, base_state)
        bundle.model.load_state_dict(weights, strict=False)
        clips = generate(bundle.model, windows, options)
        values = score(
            clips, reference, recon, mel, clap, bundle.sample_rate, options.covariance_eps
        )
        results[name] = {"step": int(state.get("global_step") or 0), "file": str(path), **values,
                         "seconds": round(time.monotonic() - started, 3)}  # fmt: skip
    bundle.model.load_state_dict(base_state, strict=False)
    best = pick_best(results, options.select)
    floor = score(recon, reference, None, mel, clap, bundle.sample_rate, options.covariance_eps)
    floor.pop("latent_fd")  # the same latents: 0 by construction
    report = {
        "metric": options.select,
        "better": direction(options.select),
        "best": best,
        "held_out": {
            "windows": len(windows),
            "seeds": len(options.seeds),
            "prompts": sorted(set(reference.prompts)),
        },  # fmt: skip
        "checkpoints": results,
        "autoencoder_floor": floor,
    }
    write_scores(cfg.paths.metrics_dir, report)
    write_plots(cfg.paths.metrics_dir, results)
    return report


__all__ = ["DataError", "MetricError", "RunError", "evaluate"]
