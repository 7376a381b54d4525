"""Pre-trains the tiny demo base on the demo recordings, so its fragments follow their prompts.

`uv run python -m training.pretrain_base` builds the seeded tiny architecture (`make_tiny`), trains
its autoencoder on the demo clips (multi-resolution STFT loss plus a small KL term), encodes the
clips, trains the diffusion transformer on their latents and captions, and writes the weights to
`paths.demo_base_weights` with a provenance record beside them. Those are committed (about 11 MB)
and the `base` stage builds the demo checkpoint from them, so `dvc repro` never pre-trains. Every
random draw comes from the configured seeds; the T5 text encoder stays as `make_tiny` seeds it
(frozen, as in Stable Audio Open).
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import Any

import hydra
from omegaconf import DictConfig, OmegaConf

from core.cli import quiet_third_party

PROVENANCE_SUFFIX = ".json"  # beside the weights: how they were made
WHOLE = {"steps": 1, "batch_size": 1, "crop_samples": 1, "crop_frames": 1, "warmup_steps": 0}
FRACTIONS = {"kl_weight": (0.0, None), "cfg_dropout_prob": (0.0, 1.0), "ema_beta": (0.0, 1.0)}


class SettingError(ValueError):
    """A pre-training setting that cannot work; the message names the key."""


def check_settings(options: DictConfig) -> None:
    """Refuse, naming the key, what would fail only after minutes of training."""
    for part in ("autoencoder", "transformer"):
        for key, value in options[part].items():
            name = f"pretrain.{part}.{key}"
            if key in WHOLE and (
                isinstance(value, bool) or not isinstance(value, int) or value < WHOLE[key]
            ):
                raise SettingError(f"{name}: must be a whole number >= {WHOLE[key]}, got {value!r}")
            if key == "lr" and (not isinstance(value, int | float) or not 0 < value < 1):
                raise SettingError(f"{name}: must be a number between 0 and 1, got {value!r}")
            if key in FRACTIONS:
                low, high = FRACTIONS[key]
                if not isinstance(value, int | float) or value < low or (high and value >= high):
                    raise SettingError(
                        f"{name}: must be in [{low}, {high or 'inf'}), got {value!r}"
                    )
    sizes = options.autoencoder.stft_sizes
    if not sizes or not all(isinstance(n, int) and n >= 16 for n in sizes):
        raise SettingError(f"pretrain.autoencoder.stft_sizes: whole numbers >= 16, got {sizes}")


def provenance_path(weights: str | Path) -> Path:
    return Path(weights).with_suffix(PROVENANCE_SUFFIX)


def demo_clips(demo_dir: Path, sample_rate: int) -> list[tuple[Any, list[str]]]:
    """(stereo audio tensor, caption variants) per demo clip, read from the recordings on disk.

    The captions are the bare prompt and the stage's full format (`core.prompt`), so both kinds
    of prompt a performer types reach the clip."""
    import torch

    from core.prompt import build_prompt
    from training.demo_data import CLIPS, clip_path
    from training.sources import decode

    clips = []
    for clip in CLIPS:
        audio = decode(clip_path(demo_dir, clip), sample_rate)
        fields = {"tempo": clip.tempo, "key": clip.key, "genre": clip.genre}
        captions = [
            clip.prompt,
            build_prompt(clip.prompt, **fields),
            build_prompt(clip.prompt, **fields, instrument=clip.instrument),
        ]
        clips.append((torch.from_numpy(audio.copy()).float(), captions))
    return clips


def demo_clip_hashes(demo_dir: Path) -> dict[str, str]:
    from core.files import sha256_file
    from training.demo_data import CLIPS, clip_path

    return {p.name: sha256_file(p) for p in (clip_path(demo_dir, c) for c in CLIPS)}


def random_crops(clips: list, length: int, batch: int, generator: Any) -> Any:
    """`batch` crops of `length` samples, zero-padded past a clip's end."""
    import torch

    crops = []
    for i in torch.randint(len(clips), (batch,), generator=generator).tolist():
        audio = clips[i][0]
        span = max(1, audio.shape[-1] - length // 2)
        start = int(torch.randint(span, (1,), generator=generator))
        crop = audio[:, start : start + length]
        crops.append(torch.nn.functional.pad(crop, (0, length - crop.shape[-1])))
    return torch.stack(crops)


def cosine_lr(step: int, steps: int, warmup: int) -> float:
    """`training.diffusion.WarmupCosine` to 0.1, written as the committed weights were made:
    that one's arithmetic differs in the last bit, so a rerun would not remake them exactly."""
    if step < warmup:
        return (step + 1) / warmup
    return 0.1 + 0.45 * (1 + math.cos(math.pi * (step - warmup) / max(1, steps - warmup)))


def cosine_schedule(optimizer: Any, cfg: DictConfig) -> Any:
    import torch

    return torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: cosine_lr(s, cfg.steps, cfg.warmup_steps)
    )


def optimizer_step(loss: Any, params: list, optimizer: Any, scheduler: Any) -> float:
    """One clipped step on `loss`; returns its value."""
    import torch

    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    optimizer.step()
    scheduler.step()
    return float(loss.detach())


def train_autoencoder(autoencoder: Any, clips: list, cfg: DictConfig, log: Any) -> list[float]:
    import auraloss
    import torch

    generator = torch.Generator().manual_seed(cfg.seed)
    stft = auraloss.freq.MultiResolutionSTFTLoss(
        fft_sizes=list(cfg.stft_sizes),
        hop_sizes=[s // 4 for s in cfg.stft_sizes],
        win_lengths=list(cfg.stft_sizes),
    )
    autoencoder.train().requires_grad_(True)
    params = list(autoencoder.parameters())
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, betas=(0.8, 0.99))
    scheduler = cosine_schedule(optimizer, cfg)
    losses = []
    for step in range(cfg.steps):
        audio = random_crops(clips, cfg.crop_samples, cfg.batch_size, generator)
        torch.manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        latents, info = autoencoder.encode(audio, return_info=True)
        decoded = autoencoder.decode(latents)
        loss = stft(decoded, audio) + cfg.kl_weight * info["kl"]
        losses.append(optimizer_step(loss, params, optimizer, scheduler))
        log("autoencoder", step, cfg.steps, losses)
    autoencoder.eval().requires_grad_(False)
    return losses


def encode_clips(autoencoder: Any, clips: list, seed: int) -> list[Any]:
    import torch

    torch.manual_seed(seed)
    with torch.no_grad():
        return [autoencoder.encode(audio[None])[0] for audio, _ in clips]


def latent_crops(latents: list, frames: int, batch: int, generator: Any) -> tuple[Any, Any, list]:
    """`batch` crops of `frames` latent frames, their padding mask, and (clip, first frame)."""
    import torch

    picks = torch.randint(len(latents), (batch,), generator=generator).tolist()
    crops, masks, where = [], [], []
    for i in picks:
        latent = latents[i]
        start = int(torch.randint(max(1, latent.shape[-1] - frames + 1), (1,), generator=generator))
        crop = latent[:, start : start + frames]
        masks.append(torch.arange(frames) < crop.shape[-1])
        crops.append(torch.nn.functional.pad(crop, (0, frames - crop.shape[-1])))
        where.append((i, start))
    return torch.stack(crops), torch.stack(masks), where


def train_transformer(
    model: Any, latents: list, clips: list, cfg: DictConfig, log: Any
) -> list[float]:
    import torch
    from ema_pytorch import EMA

    from training.diffusion import denoising_loss

    generator = torch.Generator().manual_seed(cfg.seed)
    ratio = model.pretransform.downsampling_ratio
    rate = model.sample_rate
    trained = [model.model, model.conditioner]
    for part in trained:
        part.train().requires_grad_(True)
    for conditioner in model.conditioner.conditioners.values():
        if hasattr(conditioner, "tokenizer"):  # T5 stays frozen
            conditioner.requires_grad_(False)
    params = [p for part in trained for p in part.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=1e-3)
    scheduler = cosine_schedule(optimizer, cfg)
    ema = EMA(model.model, beta=cfg.ema_beta, update_after_step=cfg.warmup_steps, update_every=1)
    losses = []
    for step in range(cfg.steps):
        x, mask, where = latent_crops(latents, cfg.crop_frames, cfg.batch_size, generator)
        captions = [
            clips[i][1][int(torch.randint(len(clips[i][1]), (1,), generator=generator))]
            for i, _ in where
        ]
        metadata = [
            {
                "prompt": caption,
                "seconds_start": start * ratio / rate,
                "seconds_total": float(m.sum()) * ratio / rate,
            }
            for caption, (_, start), m in zip(captions, where, mask, strict=True)
        ]
        torch.manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        t = torch.rand(x.shape[0], generator=generator)
        noise = torch.randn(x.shape, generator=generator)
        cond = model.get_conditioning_inputs(model.conditioner(metadata, "cpu"))
        # The DiT's own default: its blocks are recomputed in the backward pass.
        loss = denoising_loss(
            model.model, model.diffusion_objective, x, noise, t, cond, mask,
            cfg.cfg_dropout_prob, use_checkpointing=True,
        )  # fmt: skip
        losses.append(optimizer_step(loss, params, optimizer, scheduler))
        ema.update()
        log("transformer", step, cfg.steps, losses)
    model.model.load_state_dict(ema.ema_model.state_dict())
    model.eval().requires_grad_(False)
    return losses


def progress_logger(every: int) -> Any:
    started = time.monotonic()

    def log(part: str, step: int, steps: int, losses: list[float]) -> None:
        if (step + 1) % every and step + 1 != steps:
            return
        recent = sum(losses[-every:]) / len(losses[-every:])
        print(
            f"pretrain {part}: step {step + 1}/{steps}, loss {recent:.4f}, "
            f"{time.monotonic() - started:.0f} s",
            flush=True,
        )

    return log


def train_base(cfg: DictConfig) -> tuple[dict[str, Any], dict[str, float]]:
    """(state dict, final losses) of the seeded tiny model trained on the demo clips."""
    import tempfile

    import torch

    from core.bundle import load_bundle
    from training.make_tiny import make_tiny

    options = cfg.pretrain
    torch.set_num_threads(options.threads or torch.get_num_threads())
    log = progress_logger(options.log_every)
    with tempfile.TemporaryDirectory() as tmp:
        random_base = OmegaConf.merge(cfg.demo_base, {"weights": None})
        base = make_tiny(random_base, Path(tmp) / "tiny")
        model = load_bundle(base, None, device="cpu", text_encoder_dtype="float32").model
    clips = demo_clips(Path(cfg.paths.demo_dir), model.sample_rate)
    autoencoder = model.pretransform.model
    ae_losses = train_autoencoder(autoencoder, clips, options.autoencoder, log)
    latents = encode_clips(autoencoder, clips, options.seed)
    dit_losses = train_transformer(model, latents, clips, options.transformer, log)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    return state, {"autoencoder": ae_losses[-1], "transformer": dit_losses[-1]}


def pretrain(cfg: DictConfig) -> Path:
    """Pre-train and write the weights to `cfg.out` and their provenance beside (atomically)."""
    from safetensors.torch import save

    from core.files import sha256_file, write_bytes_atomic, write_json_atomic

    state, losses = train_base(cfg)
    out = Path(cfg.out)
    write_bytes_atomic(out, save(state))
    record = {
        "command": "uv run python -m training.pretrain_base",
        "pretrain": OmegaConf.to_container(cfg.pretrain, resolve=True),
        "sha256": sha256_file(out),
        "demo_clips": demo_clip_hashes(Path(cfg.paths.demo_dir)),
        "final_loss": losses,
    }
    write_json_atomic(provenance_path(out), record)
    return out


@hydra.main(version_base="1.3", config_path="../conf", config_name="pretrain_base")
def main(cfg: DictConfig) -> None:
    try:
        check_settings(cfg.pretrain)
    except SettingError as err:
        sys.exit(f"error: {err}")
    out = pretrain(cfg)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    quiet_third_party()
    main()
