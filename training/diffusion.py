"""The fine-tuning LightningModule: diffusion loss, CFG dropout, EMA, optimizer and schedule.

`DiffusionFineTuner` wraps a loaded model (`inference.bundle.load_bundle`: stable-audio-tools'
`ConditionedDiffusionModelWrapper`) and trains its diffusion transformer, and by default the
number conditioners; the autoencoder and T5 stay frozen. The loss follows the model's own
diffusion objective (`v` for SAO 1.0, `rectified_flow`/`rf_denoiser` for SAO small), masked to the
real (unpadded) latent frames. With `lora` settings (conf/training/lora.yaml) only a peft LoRA
adapter learns (`core.adapters`): the base weights stay frozen, left out of checkpoints, and no EMA
copy of the whole transformer is kept (`ema=None`). Every random draw of a step comes from a
generator seeded by (seed, step, rank), so a resumed run draws what an uninterrupted one would.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytorch_lightning as pl
import torch
from stable_audio_tools.inference.sampling import get_alphas_sigmas

from core.adapters import add_lora

FROZEN_PREFIX = "diffusion.pretransform."  # never trained: left out of checkpoints


class ConfigError(ValueError):
    """A training setting that cannot work; the message names the key."""


class WarmupCosine:
    """LambdaLR factor: linear warmup to 1, then cosine down to `final_ratio` at `total_steps`."""

    def __init__(self, warmup_steps: int, total_steps: int, final_ratio: float) -> None:
        self.warmup_steps = warmup_steps
        self.total_steps = total_steps
        self.final_ratio = final_ratio

    def __call__(self, step: int) -> float:
        if step < self.warmup_steps:
            return (step + 1) / self.warmup_steps
        span = max(1, self.total_steps - self.warmup_steps)
        progress = min(1.0, (step - self.warmup_steps) / span)
        cosine = 0.5 * (1 + math.cos(math.pi * progress))
        return self.final_ratio + (1 - self.final_ratio) * cosine


def noise_schedule(objective: str, t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(alpha, sigma) of the data and the noise at time t, as stable-audio-tools trains them."""
    if objective == "v":
        return get_alphas_sigmas(t)
    if objective in ("rectified_flow", "rf_denoiser"):
        return 1 - t, t
    raise ConfigError(f"diffusion objective '{objective}' is not supported for fine-tuning")


def diffusion_target(
    objective: str, x: torch.Tensor, noise: torch.Tensor, alpha: torch.Tensor, sigma: torch.Tensor
) -> torch.Tensor:
    """What the network should output: v = noise*alpha - x*sigma, or the flow noise - x."""
    if objective == "v":
        return noise * alpha - x * sigma
    return noise - x


def masked_mse(
    output: torch.Tensor, target: torch.Tensor, mask: torch.Tensor | None
) -> torch.Tensor:
    """Mean squared error over the unpadded frames only (mask: batch x frames, True = real)."""
    error = (output - target).pow(2)
    if mask is None:
        return error.mean()
    weights = mask[:, None, :].to(error.dtype).expand_as(error)
    return (error * weights).sum() / weights.sum().clamp_min(1)


def denoising_loss(
    net: torch.nn.Module,
    objective: str,
    x: torch.Tensor,
    noise: torch.Tensor,
    t: torch.Tensor,
    cond_inputs: dict[str, Any],
    mask: torch.Tensor | None,
    cfg_dropout_prob: float,
    use_checkpointing: bool,
) -> torch.Tensor:
    """The diffusion loss of `net` on latents `x` noised to time `t` (padded frames: `mask`)."""
    alpha, sigma = (s[:, None, None] for s in noise_schedule(objective, t))
    output = net(
        x * alpha + noise * sigma,
        t,
        **cond_inputs,
        cfg_dropout_prob=cfg_dropout_prob,
        mask=mask,
        use_checkpointing=use_checkpointing,
    )
    target = diffusion_target(objective, x, noise, alpha, sigma)
    return masked_mse(output.float(), target, mask)


class CachedText(torch.nn.Module):
    """A frozen T5 conditioner whose embeddings are computed once per caption and kept on the CPU;
    the encoder goes back to the CPU after each new caption, so a training step never holds it."""

    def __init__(self, conditioner: torch.nn.Module) -> None:
        super().__init__()
        self.conditioner = conditioner
        self.cache: dict[str, tuple[torch.Tensor, torch.Tensor]] = {}

    def forward(self, texts: list[str], device: Any) -> list[torch.Tensor]:
        missing = sorted({t for t in texts if t not in self.cache})
        if missing:
            with torch.no_grad():
                embeddings, masks = self.conditioner(missing, device)
            for i, text in enumerate(missing):
                self.cache[text] = (embeddings[i : i + 1].cpu(), masks[i : i + 1].cpu())
            self.conditioner.model.to("cpu")
        rows = [self.cache[t] for t in texts]
        return [
            torch.cat([r[0] for r in rows]).to(device),
            torch.cat([r[1] for r in rows]).to(device),
        ]


def cache_text_embeddings(model: torch.nn.Module) -> int:
    """Wrap every frozen T5 conditioner of `model` in `CachedText`; returns how many."""
    conditioners = model.conditioner.conditioners
    wrapped = 0
    for key, conditioner in list(conditioners.items()):
        frozen = not any(p.requires_grad for p in conditioner.parameters())
        if hasattr(conditioner, "tokenizer") and frozen and not conditioner.enable_grad:
            conditioners[key] = CachedText(conditioner)
            wrapped += 1
    return wrapped


class DiffusionFineTuner(pl.LightningModule):
    """Trains `model.model` (the DiT) of a ConditionedDiffusionModelWrapper; keeps an EMA of it."""

    def __init__(
        self,
        model: torch.nn.Module,
        optimizer: Callable[..., torch.optim.Optimizer],
        scheduler: Callable[..., Any] | None,
        ema: Callable[..., torch.nn.Module] | None,
        seed: int = 0,
        cfg_dropout_prob: float = 0.1,
        mask_padding: bool = True,
        timestep_sampler: str = "uniform",
        train_conditioners: bool = True,
        val_timesteps: tuple[float, ...] = (0.1, 0.3, 0.5, 0.7, 0.9),
        pre_encoded: bool = True,
        *,
        lora: dict[str, Any] | None,
        gradient_checkpointing: bool,
        vae_off_device: bool,
        text_embedding_cache: bool,
    ) -> None:
        super().__init__()
        if timestep_sampler not in ("uniform", "logit_normal"):
            raise ConfigError(
                f"training.timestep_sampler: '{timestep_sampler}' is not one of uniform, "
                "logit_normal"
            )
        noise_schedule(model.diffusion_objective, torch.zeros(1))  # fails early if unsupported
        self.diffusion = model
        self.diffusion.requires_grad_(False)
        self.adapter: dict[str, Any] | None = None  # name + peft configs, saved in checkpoints
        if lora is not None:
            if train_conditioners:
                raise ConfigError(
                    "training.finetune.train_conditioners: must be false with LoRA (the base "
                    "stays frozen); set training.finetune.lora.conditioners=true instead"
                )
            configs = add_lora(self.diffusion, lora, str(lora["name"]))
            self.adapter = {"name": str(lora["name"]), "configs": configs}
        else:
            self.diffusion.model.requires_grad_(True)
            if train_conditioners:
                self.diffusion.conditioner.requires_grad_(True)
        # Trained parameters only: the frozen base is left out of checkpoints.
        self.frozen_keys = {
            f"diffusion.{n}" for n, p in self.diffusion.named_parameters() if not p.requires_grad
        } if lora is not None else set()  # fmt: skip
        self.ema = ema(self.diffusion.model) if ema is not None else None
        self.gradient_checkpointing = gradient_checkpointing
        self.vae_off_device = vae_off_device and pre_encoded  # raw audio needs the encoder
        if text_embedding_cache:
            cache_text_embeddings(self.diffusion)
        self.optimizer_factory = optimizer
        self.scheduler_factory = scheduler
        self.seed = seed
        self.cfg_dropout_prob = cfg_dropout_prob
        self.mask_padding = mask_padding
        self.timestep_sampler = timestep_sampler
        self.val_timesteps = list(val_timesteps)
        self.pre_encoded = pre_encoded
        self.history: list[dict[str, float]] = []  # one row per step; survives resume
        self._val_sum, self._val_count = 0.0, 0
        self._step_losses: list[torch.Tensor] = []

    # -- frozen parts stay frozen and in eval mode ------------------------------------------
    def train(self, mode: bool = True) -> DiffusionFineTuner:
        super().train(mode)
        self.diffusion.pretransform.eval()
        if self.ema is not None:
            self.ema.eval()
        return self

    def on_fit_start(self) -> None:
        # Cached latents need no encoder: the VAE goes back to the CPU (demos borrow it).
        if self.vae_off_device and self.device.type != "cpu":
            self.diffusion.pretransform.to("cpu")
            torch.cuda.empty_cache()

    @property
    def scored_model(self) -> torch.nn.Module:
        """What validation scores and demos play: the EMA weights, or the online ones without."""
        return self.ema.ema_model if self.ema is not None else self.diffusion.model

    def configure_optimizers(self) -> Any:
        params = [p for p in self.diffusion.parameters() if p.requires_grad]
        optimizer = self.optimizer_factory(params)
        if self.scheduler_factory is None:
            return optimizer
        scheduler = self.scheduler_factory(optimizer)
        return {
            "optimizer": optimizer,
            "lr_scheduler": {"scheduler": scheduler, "interval": "step"},
        }

    # -- the loss -----------------------------------------------------------------------------
    def step_generator(self, step: int, salt: int = 0) -> torch.Generator:
        """A CPU generator for this step and rank, independent of everything that ran before.

        Draws happen on the CPU and are moved to the device, so a GPU run draws the same noise.
        """
        mixed = (self.seed * 1_000_003 + step) * 1_009 + self.global_rank * 7 + salt
        return torch.Generator().manual_seed(mixed % (2**63))

    def randn(self, shape: torch.Size, generator: torch.Generator) -> torch.Tensor:
        return torch.randn(shape, generator=generator).to(self.device)

    def to_latents(self, batch: dict[str, Any]) -> tuple[torch.Tensor, torch.Tensor]:
        """Batch -> (latents, latent padding mask); raw audio goes through the frozen encoder."""
        if self.pre_encoded:
            return batch["latents"], batch["mask"]
        with torch.no_grad():
            latents = self.diffusion.pretransform.encode(batch["audio"])
        return latents.float(), batch["mask"]

    def sample_t(self, n: int, generator: torch.Generator) -> torch.Tensor:
        if self.timestep_sampler == "logit_normal":
            return torch.sigmoid(self.randn(torch.Size([n]), generator))
        return torch.rand(n, generator=generator).to(self.device)

    def diffusion_loss(
        self,
        net: torch.nn.Module,
        x: torch.Tensor,
        mask: torch.Tensor,
        cond_inputs: dict[str, Any],
        t: torch.Tensor,
        generator: torch.Generator,
        cfg_dropout_prob: float,
    ) -> torch.Tensor:
        noise = self.randn(x.shape, generator).to(x.dtype)
        use_mask = self.mask_padding and not bool(mask.all())
        return denoising_loss(
            net, self.diffusion.diffusion_objective, x, noise, t, cond_inputs,
            mask if use_mask else None, cfg_dropout_prob,
            use_checkpointing=self.gradient_checkpointing and torch.is_grad_enabled(),
        )  # fmt: skip

    def training_step(self, batch: dict[str, Any], batch_idx: int) -> torch.Tensor:
        accumulate = self.trainer.accumulate_grad_batches
        micro = batch_idx % accumulate  # epochs hold whole optimizer steps
        generator = self.step_generator(self.global_step, salt=micro)
        # CFG dropout inside the DiT draws from the global RNG: seed it per batch as well.
        torch.manual_seed(int(torch.randint(2**62, (1,), generator=generator)))
        x, mask = self.to_latents(batch)
        t = self.sample_t(x.shape[0], generator)
        if self.diffusion.dist_shift is not None:
            t = self.diffusion.dist_shift.time_shift(t, x.shape[2])
        cond = self.diffusion.conditioner(batch["metadata"], self.device)
        cond_inputs = self.diffusion.get_conditioning_inputs(cond)
        loss = self.diffusion_loss(
            self.diffusion.model, x, mask, cond_inputs, t, generator, self.cfg_dropout_prob
        )
        lr = self.trainer.optimizers[0].param_groups[0]["lr"]
        self.log_dict({"train/loss": loss, "train/lr": lr}, on_step=True, prog_bar=True)
        self._step_losses.append(loss.detach())
        if micro == accumulate - 1:  # one row per optimizer step, averaged over all ranks
            mean_loss = self.all_gather(torch.stack(self._step_losses).mean()).mean()
            self._step_losses = []
            row = {"step": self.global_step + 1, "loss": float(mean_loss), "lr": float(lr)}
            self.history.append(row)
        return loss

    def on_before_zero_grad(self, optimizer: torch.optim.Optimizer) -> None:
        if self.ema is not None:
            self.ema.update()

    # -- validation: EMA weights, fixed times and noise, so scores compare across steps -------
    def validation_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        x, mask = self.to_latents(batch)
        cond = self.diffusion.conditioner(batch["metadata"], self.device)
        cond_inputs = self.diffusion.get_conditioning_inputs(cond)
        losses = []
        for i, value in enumerate(self.val_timesteps):
            generator = self.step_generator(-1 - batch_idx, salt=i)  # the same noise every time
            t = torch.full((x.shape[0],), value, device=self.device)
            losses.append(
                self.diffusion_loss(self.scored_model, x, mask, cond_inputs, t, generator, 0.0)
            )
        self._val_sum += float(torch.stack(losses).mean()) * x.shape[0]
        self._val_count += x.shape[0]

    def on_validation_epoch_end(self) -> None:
        if not self._val_count:
            return
        val_loss = self._val_sum / self._val_count
        self._val_sum, self._val_count = 0.0, 0
        self.log("val/loss", val_loss, sync_dist=True)
        if self.history:
            self.history[-1]["val_loss"] = float(val_loss)

    # -- checkpoints: no frozen autoencoder weights, plus the loss history --------------------
    def on_save_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        state = checkpoint["state_dict"]
        for key in [k for k in state if k.startswith(FROZEN_PREFIX) or k in self.frozen_keys]:
            del state[key]
        checkpoint["history"] = list(self.history)
        if self.adapter is not None:
            checkpoint["adapter"] = self.adapter

    def on_load_checkpoint(self, checkpoint: dict[str, Any]) -> None:
        own = self.state_dict()
        checkpoint["state_dict"].update(
            {k: v for k, v in own.items() if k.startswith(FROZEN_PREFIX) or k in self.frozen_keys}
        )
        self.history = list(checkpoint.get("history", []))
