"""DVC stage `finetune`: fine-tunes a base checkpoint's diffusion model with PyTorch Lightning.

`uv run python -m training.finetune [training.lr=3e-4] [trainer=gpu] [training.max_steps=2000]`

Everything is checked before the first step: the base checkpoint loads (`inference.bundle`), the
windows exist (latents made by this base's autoencoder from the current manifest, or the manifest
itself with `training.use_latent_cache=false`), the config composed without unknown keys.
Training then runs in "epochs" of `training.checkpoint_every` steps: each ends with the validation
loss of the EMA weights on held-out windows and a checkpoint (written atomically). A rerun with the
same configuration resumes from the last checkpoint and, because every random draw and the data
order depend only on (seed, step), continues exactly as if it had never stopped. Losses go to
wandb (offline by default), `metrics/loss.csv` and `metrics/finetune.json`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import hydra
import pytorch_lightning as pl
import soundfile as sf
import torch
from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf
from pytorch_lightning.callbacks import Callback, ModelCheckpoint
from pytorch_lightning.plugins.io import TorchCheckpointIO
from pytorch_lightning.utilities import rank_zero_info, rank_zero_only

from inference.files import sha256_file, write_bytes_atomic, write_json_atomic, write_text_atomic
from training.diffusion import ConfigError, DiffusionFineTuner
from training.encode import (
    MANIFEST_FILE,
    AudioWindows,
    DataError,
    LatentWindows,
    collate_windows,
    read_latent_cache,
    read_manifest,
)
from training.export import CHECKPOINT_SUBDIR, LAST_CHECKPOINT, loss_summary

RUN_FILE = "run.json"
# Settings that do not change what is learned: a rerun that only changes these still resumes.
NOT_FINGERPRINTED = {
    "resume", "num_workers", "demo", "wandb", "encode", "export", "run_dir", "metrics_dir",
    "text_encoder_dir", "base",
}  # fmt: skip


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


# -- data -----------------------------------------------------------------------------------------
def split_windows(sources: list[str], val_fraction: float) -> tuple[list[int], list[int]]:
    """Hold out whole source recordings (in a hash order), about `val_fraction` of the windows.

    With a single source the split is by window instead. Fewer than 2 windows: no validation.
    """
    n = len(sources)
    if n < 2 or val_fraction <= 0:
        return list(range(n)), []
    keys = sources if len(set(sources)) > 1 else [str(i) for i in range(n)]
    counts = Counter(keys)
    wanted, held, size = max(1, round(val_fraction * n)), set(), 0
    for key in sorted(counts, key=lambda k: hashlib.sha256(k.encode()).hexdigest()):
        if size >= wanted or size + counts[key] == n:  # never hold out everything
            break
        held.add(key)
        size += counts[key]
    return [i for i in range(n) if keys[i] not in held], [i for i in range(n) if keys[i] in held]


class StepSampler(torch.utils.data.Sampler):
    """Indices of one epoch (= one checkpoint interval) as a pure function of (seed, batch).

    The stream is an endless sequence of seeded permutations; global batch k is positions
    [k*B*W, (k+1)*B*W), rank r takes its B of them. Where an epoch starts comes from the trainer
    at iteration time, after a resume has restored the global step.
    """

    def __init__(self, n: int, batch_size: int, seed: int, epoch_batches: int, trainer: pl.Trainer):
        self.n, self.batch_size, self.seed = n, batch_size, seed
        self.epoch_batches = epoch_batches
        self.trainer = trainer
        self._order: tuple[int, list[int]] = (-1, [])

    def _span(self) -> tuple[int, int]:
        accumulate = self.trainer.accumulate_grad_batches
        start = self.trainer.global_step * accumulate
        total = self.trainer.max_steps * accumulate
        end = min(total, (start // self.epoch_batches + 1) * self.epoch_batches)
        return start, max(start, end)

    def __len__(self) -> int:
        start, end = self._span()
        return (end - start) * self.batch_size

    def position(self, p: int) -> int:
        epoch, offset = divmod(p, self.n)
        if self._order[0] != epoch:
            generator = torch.Generator().manual_seed(self.seed + epoch)
            self._order = (epoch, torch.randperm(self.n, generator=generator).tolist())
        return self._order[1][offset]

    def __iter__(self):
        start, end = self._span()
        world, rank = self.trainer.world_size, self.trainer.global_rank
        for k in range(start, end):
            first = (k * world + rank) * self.batch_size
            yield from (self.position(first + j) for j in range(self.batch_size))


class WindowData(pl.LightningDataModule):
    """Train / validation loaders over a windows dataset and a split."""

    def __init__(
        self, dataset: torch.utils.data.Dataset, split: tuple[list[int], list[int]], cfg: DictConfig
    ) -> None:
        super().__init__()
        self.train_set = torch.utils.data.Subset(dataset, split[0])
        self.val_set = torch.utils.data.Subset(dataset, split[1]) if split[1] else None
        self.cfg = cfg

    def loader(self, dataset: torch.utils.data.Dataset, sampler: Any = None) -> Any:
        return torch.utils.data.DataLoader(
            dataset,
            batch_size=self.cfg.batch_size,
            sampler=sampler,
            shuffle=False,
            num_workers=self.cfg.num_workers,
            collate_fn=collate_windows,
        )

    def train_dataloader(self) -> Any:
        epoch = self.cfg.checkpoint_every * self.trainer.accumulate_grad_batches
        sampler = StepSampler(
            len(self.train_set), self.cfg.batch_size, self.cfg.seed, epoch, self.trainer
        )
        return self.loader(self.train_set, sampler)

    def val_dataloader(self) -> Any:
        return self.loader(self.val_set) if self.val_set is not None else []


def training_windows(
    cfg: DictConfig, model: torch.nn.Module
) -> tuple[torch.utils.data.Dataset, str]:
    """(dataset, fingerprint of the data) for the cached latents or the raw windows."""
    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    if cfg.training.use_latent_cache:
        cache = Path(cfg.training.encode.out)
        rows, encoder = read_latent_cache(cache, model)
        if manifest.is_file() and encoder["manifest_sha256"] != sha256_file(manifest):
            raise DataError(
                f"{cache / 'encoder.json'}: made from another {manifest} than the current one; "
                "rerun the `encode` stage (dvc repro encode)"
            )
        return LatentWindows(cache, rows), sha256_file(cache / "index.jsonl")
    windows = read_manifest(manifest, int(model.sample_rate))
    dataset = AudioWindows(windows, int(model.sample_rate), model.pretransform.downsampling_ratio)
    return dataset, sha256_file(manifest)


# -- resume ---------------------------------------------------------------------------------------
def fingerprint(cfg: DictConfig, base_sha256: str, data_sha256: str) -> dict[str, Any]:
    """What a checkpoint must share with this run to be resumed."""
    training = OmegaConf.to_container(cfg.training, resolve=True)
    return {
        "base_weights_sha256": base_sha256,
        "data_sha256": data_sha256,
        "training": {k: v for k, v in training.items() if k not in NOT_FINGERPRINTED},
        "precision": str(cfg.trainer.precision),
        "accumulate_grad_batches": cfg.trainer.accumulate_grad_batches,
    }


def changed_keys(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[str]:
    keys = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            keys += changed_keys(a, b, f"{prefix}{key}.")
        elif a != b:
            keys.append(f"{prefix}{key}")
    return keys


def resume_point(run_dir: Path, run: dict[str, Any], mode: str) -> tuple[Path | None, dict]:
    """(checkpoint to resume or None, previous run.json); stale checkpoints are removed."""
    last = run_dir / CHECKPOINT_SUBDIR / LAST_CHECKPOINT
    previous = (
        json.loads((run_dir / RUN_FILE).read_text()) if (run_dir / RUN_FILE).is_file() else {}
    )
    if mode not in ("auto", "never"):
        raise ConfigError(f"training.resume: '{mode}' is not one of auto, never")
    same = previous.get("fingerprint") == run["fingerprint"]
    if mode == "auto" and same and last.is_file():
        rank_zero_info(f"finetune: resuming from {last}")
        return last, previous
    if (run_dir / CHECKPOINT_SUBDIR).exists() and rank_zero_only.rank == 0:  # torchrun: once
        why = "training.resume=never" if mode == "never" else "its configuration differs"
        changed = changed_keys(previous.get("config", {}), run["config"]) if not same else []
        detail = f" (changed: {', '.join(changed)})" if changed else ""
        print(f"finetune: starting fresh, {why}{detail}; removing {run_dir / CHECKPOINT_SUBDIR}")
        shutil.rmtree(run_dir / CHECKPOINT_SUBDIR, ignore_errors=True)
    return None, {}


# -- callbacks: metrics files and audio demos -----------------------------------------------------
def write_metrics(history: list[dict[str, float]], out_dir: Path, extra: dict[str, Any]) -> None:
    """`loss.csv` (one row per step) and `finetune.json`, both atomically."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, ["step", "loss", "lr", "val_loss"], lineterminator="\n")
    writer.writeheader()
    for row in history:
        writer.writerow({k: row.get(k, "") for k in writer.fieldnames})
    write_text_atomic(out_dir / "loss.csv", buffer.getvalue())
    write_json_atomic(out_dir / "finetune.json", {**loss_summary(history), **extra})


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
        online, wrapper.model = wrapper.model, module.ema.ema_model
        rng = torch.get_rng_state()
        try:
            audios = []
            for i, prompt in enumerate(self.cfg.prompts):
                cond = [{"prompt": prompt, "seconds_start": 0, "seconds_total": self.cfg.seconds}]
                with contextlib.redirect_stdout(io.StringIO()):  # it prints each seed
                    audio = generate_diffusion_cond(
                        wrapper, steps=self.cfg.steps, cfg_scale=self.cfg.cfg_scale,
                        conditioning=cond, sample_size=sample_size, seed=self.seed + i,
                        device=module.device,
                    )  # fmt: skip
                audios.append(audio[0, :, : int(self.cfg.seconds * rate)].float().cpu().numpy())
        finally:
            wrapper.model = online
            torch.set_rng_state(rng)
        return audios


# -- the run --------------------------------------------------------------------------------------
def prepare(cfg: DictConfig) -> dict[str, Any]:
    """Load and check everything the run needs; raises BundleError / DataError before training."""
    from inference.bundle import load_bundle

    bundle = load_bundle(cfg.training.base, cfg.training.text_encoder_dir)
    dataset, data_sha = training_windows(cfg, bundle.model)
    split = split_windows(dataset.sources, cfg.training.val_fraction)
    if not split[0]:
        raise DataError("no training windows left after holding out validation windows")
    identity = fingerprint(cfg, bundle.weights_sha256, data_sha)
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    return {"bundle": bundle, "dataset": dataset, "split": split, "identity": identity,
            "fingerprint": digest}  # fmt: skip


def build_module(cfg: DictConfig, model: torch.nn.Module) -> DiffusionFineTuner:
    t = cfg.training
    return DiffusionFineTuner(
        model,
        optimizer=instantiate(t.optimizer),
        scheduler=instantiate(t.scheduler) if t.scheduler is not None else None,
        ema=instantiate(t.ema),
        seed=t.seed,
        cfg_dropout_prob=t.cfg_dropout_prob,
        mask_padding=t.mask_padding,
        timestep_sampler=t.timestep_sampler,
        train_conditioners=t.train_conditioners,
        val_timesteps=tuple(t.val_timesteps),
        pre_encoded=t.use_latent_cache,
    )


def build_logger(cfg: DictConfig, run: dict[str, Any]) -> Any:
    if cfg.training.wandb is None or cfg.training.wandb.mode == "disabled":
        return False
    Path(cfg.training.wandb.save_dir).mkdir(parents=True, exist_ok=True)
    logger = instantiate(cfg.training.wandb, id=run["wandb_id"], resume="allow")
    logger.log_hyperparams(OmegaConf.to_container(cfg, resolve=True))
    return logger


def build_trainer(
    cfg: DictConfig, run_dir: Path, has_val: bool, run: dict, callbacks: list[Callback]
) -> pl.Trainer:
    """conf/trainer/ plus what this loop relies on: atomic checkpoints, epoch = interval."""
    checkpoints = ModelCheckpoint(
        dirpath=run_dir / CHECKPOINT_SUBDIR,
        filename="step{step:06d}",
        auto_insert_metric_name=False,
        monitor="val/loss" if has_val else None,  # keeps the best one besides last.ckpt
        mode="min",
        save_top_k=1,
        save_last=True,
        enable_version_counter=False,
    )
    callbacks = [*callbacks, checkpoints]
    if cfg.training.demo.every:
        callbacks.append(AudioDemos(cfg.training.demo, run_dir / "demos", cfg.training.seed))
    return instantiate(
        cfg.trainer,
        callbacks=callbacks,
        logger=build_logger(cfg, run),
        plugins=[AtomicCheckpointIO()],
        default_root_dir=str(run_dir),
        use_distributed_sampler=False,  # StepSampler splits batches by rank itself
        reload_dataloaders_every_n_epochs=1,  # an epoch is one checkpoint interval
        check_val_every_n_epoch=1,
        limit_val_batches=None if has_val else 0,
    )


def finetune(cfg: DictConfig) -> dict[str, Any]:
    """Train; returns the metrics written to metrics/finetune.json."""
    pl.seed_everything(cfg.training.seed, workers=True, verbose=False)
    prep = prepare(cfg)
    run_dir = Path(cfg.training.run_dir)
    run = {"fingerprint": prep["fingerprint"], "config": prep["identity"]}
    ckpt_path, previous = resume_point(run_dir, run, cfg.training.resume)
    run["wandb_id"] = (
        previous.get("wandb_id")
        or hashlib.sha256(f"{prep['fingerprint']}{time.time()}".encode()).hexdigest()[:8]
    )
    run["base"] = str(Path(cfg.training.base).resolve())
    module = build_module(cfg, prep["bundle"].model)
    data = WindowData(prep["dataset"], prep["split"], cfg.training)
    train, val = prep["split"]
    metrics = MetricsFiles(
        cfg.training.metrics_dir, {"windows_train": len(train), "windows_val": len(val)}
    )
    trainer = build_trainer(cfg, run_dir, bool(val), run, [metrics])
    if trainer.is_global_zero:
        write_json_atomic(run_dir / RUN_FILE, run)
    with warnings.catch_warnings():
        # Meant to be: the frozen autoencoder and the EMA copy stay in eval mode; a resume
        # replays the end of the checkpointed epoch, before its validation metric exists.
        warnings.filterwarnings("ignore", message=r".*module\(s\) in eval mode.*")
        warnings.filterwarnings("ignore", message=r".*could not find the monitored key.*")
        trainer.fit(module, datamodule=data, ckpt_path=ckpt_path)
    metrics.write(trainer, module)  # also when the checkpoint was already at max_steps
    summary = loss_summary(module.history)
    if trainer.is_global_zero:
        print(
            f"finetune: {summary['steps']} steps, loss {summary['first_loss']:.4f} (first 10) -> "
            f"{summary['final_loss']:.4f} (last 10), val {summary['final_val_loss']}"
        )
    return summary


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    from inference.bundle import BundleError

    try:
        finetune(cfg)
    except (BundleError, DataError, ConfigError) as err:
        print(f"finetune: {err}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
