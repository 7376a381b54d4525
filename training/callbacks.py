"""What the fine-tuning loop adds to Lightning: atomic checkpoints, metrics files, audio demos.

`AtomicCheckpointIO` writes each checkpoint beside its target and renames it; `MetricsFiles` keeps
`loss.csv` and `finetune.json` in `paths.metrics_dir` in step with the last checkpoint;
`AudioDemos` renders the configured prompts with the EMA weights every N steps; `Progress` shows
step, loss, it/s and ETA (a bar on a terminal, a line every `log_every` steps otherwise).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytorch_lightning as pl
import soundfile as sf
import torch
from omegaconf import DictConfig
from pytorch_lightning.callbacks import Callback
from pytorch_lightning.plugins.io import TorchCheckpointIO

from core.files import write_bytes_atomic, write_json_atomic, write_text_atomic
from training.diffusion import DiffusionFineTuner
from training.runs import loss_summary

LOSS_FILE = "loss.csv"
SUMMARY_FILE = "finetune.json"


class AtomicCheckpointIO(TorchCheckpointIO):
    """torch.save into a temp file beside the target, fsync, rename: never half a checkpoint.

    Lightning's own writer stages the file in the system temp dir and moves it, which is a copy
    (not atomic) when that is another filesystem, and needs the checkpoint's size in /tmp.
    """

    def save_checkpoint(
        self, checkpoint: dict[str, Any], path: str | Path, storage_options: Any = None
    ) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                torch.save(checkpoint, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def write_metrics(history: list[dict[str, float]], out_dir: Path, extra: dict[str, Any]) -> None:
    """`loss.csv` (one row per step) and `finetune.json`, both atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["step", "loss", "lr", "val_loss"], lineterminator="\n")
    writer.writeheader()
    for row in history:
        writer.writerow({k: row.get(k, "") for k in writer.fieldnames})
    write_text_atomic(out_dir / LOSS_FILE, buffer.getvalue())
    write_json_atomic(out_dir / SUMMARY_FILE, {**loss_summary(history), **extra})


class MetricsFiles(Callback):
    """Keeps metrics/ in step with the last checkpoint, so a killed run leaves consistent files."""

    def __init__(self, out_dir: str | Path, extra: dict[str, Any]) -> None:
        self.out_dir = Path(out_dir)
        self.extra = extra
        self.started = time.monotonic()
        self.first_step: int | None = None

    def on_train_start(self, trainer: pl.Trainer, module: pl.LightningModule) -> None:
        self.started, self.first_step = time.monotonic(), trainer.global_step

    def write(self, trainer: pl.Trainer, module: DiffusionFineTuner) -> None:
        if not trainer.is_global_zero:
            return
        if self.first_step is None:  # nothing left to train: the checkpoint is at max_steps
            self.first_step = trainer.global_step
        steps = trainer.global_step - self.first_step
        timing = {"seconds_per_step": (time.monotonic() - self.started) / steps} if steps else {}
        extra = {**self.extra, "world_size": trainer.world_size, **timing,
                 "resumed_from_step": self.first_step or None}  # fmt: skip
        write_metrics(module.history, self.out_dir, extra)

    def on_save_checkpoint(self, trainer: pl.Trainer, module: Any, checkpoint: dict) -> None:
        self.write(trainer, module)


def progress_text(step: int, total: int, loss: float | None, seconds: float, done: int) -> str:
    """`step 40/120, loss 0.7432, 3.1 it/s, ETA 0:00:26` (`done`: steps run in `seconds`)."""
    rate = done / seconds if seconds > 0 and done else 0.0
    eta = round((total - step) / rate) if rate else None
    parts = [f"step {step}/{total}"]
    if loss is not None:
        parts.append(f"loss {loss:.4f}")
    parts.append(f"{rate:.1f} it/s" if rate else "-- it/s")
    parts.append(
        f"ETA {eta // 3600}:{eta // 60 % 60:02d}:{eta % 60:02d}" if eta is not None else "ETA --"
    )
    return ", ".join(parts)


class Progress(Callback):
    """Fine-tune progress on stderr: an updating bar on a terminal, a plain line every N steps."""

    def __init__(self, every: int, stream: Any = None) -> None:
        if int(every) < 1:
            raise ValueError(f"training.finetune.log_every: {every} is not a whole number >= 1")
        self.every = int(every)
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def on_train_start(self, trainer: pl.Trainer, module: pl.LightningModule) -> None:
        self.started, self.first_step = time.monotonic(), trainer.global_step

    def on_train_batch_end(self, trainer: pl.Trainer, module: Any, *args: Any) -> None:
        step, total = trainer.global_step, int(trainer.max_steps)
        if not trainer.is_global_zero or step == getattr(self, "_last", None):
            return
        self._last = step
        if not self.tty and step % self.every and step != total:
            return
        history = getattr(module, "history", None)
        loss = history[-1]["loss"] if history else None
        text = progress_text(
            step, total, loss, time.monotonic() - self.started, step - self.first_step
        )
        if self.tty:
            width = 24
            filled = width * step // max(total, 1)
            bar = "#" * filled + "." * (width - filled)
            end = "\n" if step >= total else ""
            self.stream.write(f"\rfinetune [{bar}] {text}\033[K{end}")
        else:
            self.stream.write(f"finetune: {text}\n")
        self.stream.flush()


class AudioDemos(Callback):
    """Every `every` steps: the configured prompts generated with the EMA weights, logged."""

    def __init__(self, cfg: DictConfig, out_dir: str | Path, seed: int) -> None:
        self.cfg = cfg
        self.out_dir = Path(out_dir)
        self.seed = seed

    def on_train_batch_end(self, trainer: pl.Trainer, module: Any, *args: Any) -> None:
        step = trainer.global_step
        if not self.cfg.every or step % self.cfg.every or not trainer.is_global_zero:
            return
        if getattr(self, "_last", None) == step:  # several batches per step when accumulating
            return
        self._last = step
        audios = self.generate(module)
        rate = int(module.diffusion.sample_rate)
        for i, audio in enumerate(audios):
            buffer = io.BytesIO()
            sf.write(buffer, audio.T, rate, format="WAV")
            write_bytes_atomic(self.out_dir / f"step{step:06d}_{i}.wav", buffer.getvalue())
        for logger in trainer.loggers:
            if hasattr(logger, "log_audio"):
                captions = list(self.cfg.prompts)
                logger.log_audio(
                    "demo", audios=[a.T for a in audios], step=step, caption=captions,
                    sample_rate=[rate] * len(audios),
                )  # fmt: skip

    @torch.no_grad()
    def generate(self, module: DiffusionFineTuner) -> list[Any]:
        from stable_audio_tools.inference.generation import generate_diffusion_cond

        wrapper = module.diffusion
        rate, ratio = int(wrapper.sample_rate), int(wrapper.pretransform.downsampling_ratio)
        sample_size = math.ceil(self.cfg.seconds * rate / ratio) * ratio
        online, wrapper.model = wrapper.model, module.scored_model
        vae_device = next(wrapper.pretransform.parameters()).device  # off the device in training
        wrapper.pretransform.to(module.device)
        rng = torch.get_rng_state()
        try:
            audios = []
            for i, prompt in enumerate(self.cfg.prompts):
                cond = [{"prompt": prompt, "seconds_start": 0, "seconds_total": self.cfg.seconds}]
                quiet = io.StringIO()  # it prints each seed, and a sampler bar per demo
                with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                    audio = generate_diffusion_cond(
                        wrapper, steps=self.cfg.steps, cfg_scale=self.cfg.cfg_scale,
                        conditioning=cond, sample_size=sample_size, seed=self.seed + i,
                        device=module.device,
                    )  # fmt: skip
                audios.append(audio[0, :, : int(self.cfg.seconds * rate)].float().cpu().numpy())
        finally:
            wrapper.model = online
            wrapper.pretransform.to(vae_device)
            torch.set_rng_state(rng)
        return audios
