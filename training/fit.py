"""The fine-tuning run behind the DVC stage `finetune` (`training.finetune` is its entry point).

Everything is checked before the first step: the base checkpoint loads (`core.bundle`), the
windows exist (latents made by this base's autoencoder from the current manifest, or the manifest
itself with `training.finetune.use_latent_cache=false`). Training then runs in "epochs" of
`checkpoint_every` steps: each ends with the validation loss of the EMA weights on held-out
windows and a checkpoint (written atomically) in `paths.finetune_dir/checkpoints/`. A rerun with
the same configuration resumes from the last checkpoint and, because every random draw and the
data order depend only on (seed, step), continues exactly as if it had never stopped. Losses go to
wandb (offline by default) and `paths.metrics_dir` (`loss.csv`, `finetune.json`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

import pytorch_lightning as pl
import torch
from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf
from pytorch_lightning.callbacks import Callback, ModelCheckpoint
from pytorch_lightning.utilities import rank_zero_info, rank_zero_only

from core.files import sha256_file, write_json_atomic
from training.callbacks import AtomicCheckpointIO, AudioDemos, MetricsFiles, Progress
from training.data import AudioWindows, DataError, WindowData, read_manifest, split_windows
from training.diffusion import ConfigError, DiffusionFineTuner
from training.ingest import MANIFEST_FILE
from training.latents import ENCODER_FILE, LATENT_INDEX_FILE, LatentWindows, read_latent_cache
from training.runs import LAST_CHECKPOINT, RUN_FILE, checkpoint_dir, loss_summary

# Settings that do not change what is learned: a rerun that only changes these still resumes.
NOT_FINGERPRINTED = {
    "resume",
    "num_workers",
    "demo",
    "wandb",
    "vae_off_device",
    "gradient_checkpointing",
    "log_every",
}


# -- data -----------------------------------------------------------------------------------------
def training_windows(
    cfg: DictConfig, model: torch.nn.Module
) -> tuple[torch.utils.data.Dataset, str]:
    """(dataset, fingerprint of the data) for the cached latents or the raw windows."""
    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    if cfg.training.finetune.use_latent_cache:
        cache = Path(cfg.paths.latents_dir)
        rows, encoder = read_latent_cache(cache, model)
        if manifest.is_file() and encoder["manifest_sha256"] != sha256_file(manifest):
            raise DataError(
                f"{cache / ENCODER_FILE}: made from another {manifest} than the current one; "
                "rerun the `encode` stage (dvc repro encode)"
            )
        return LatentWindows(cache, rows), sha256_file(cache / LATENT_INDEX_FILE)
    windows = read_manifest(manifest, int(model.sample_rate))
    ratio = model.pretransform.downsampling_ratio
    dataset = AudioWindows(windows, int(model.sample_rate), ratio, cfg.paths.raw_dir)
    return dataset, sha256_file(manifest)


# -- resume ---------------------------------------------------------------------------------------
def fingerprint(cfg: DictConfig, base_sha256: str, data_sha256: str) -> dict[str, Any]:
    """What a checkpoint must share with this run to be resumed."""
    training = OmegaConf.to_container(cfg.training.finetune, resolve=True)
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
    last = checkpoint_dir(run_dir) / LAST_CHECKPOINT
    previous = (
        json.loads((run_dir / RUN_FILE).read_text()) if (run_dir / RUN_FILE).is_file() else {}
    )
    if mode not in ("auto", "never"):
        raise ConfigError(f"training.resume: '{mode}' is not one of auto, never")
    same = previous.get("fingerprint") == run["fingerprint"]
    if mode == "auto" and same and last.is_file():
        rank_zero_info(f"finetune: resuming from {last}")
        return last, previous
    if checkpoint_dir(run_dir).exists() and rank_zero_only.rank == 0:  # torchrun: once
        why = "training.resume=never" if mode == "never" else "its configuration differs"
        changed = changed_keys(previous.get("config", {}), run["config"]) if not same else []
        detail = f" (changed: {', '.join(changed)})" if changed else ""
        print(f"finetune: starting fresh, {why}{detail}; removing {checkpoint_dir(run_dir)}")
        shutil.rmtree(checkpoint_dir(run_dir), ignore_errors=True)
    return None, {}


# -- the run --------------------------------------------------------------------------------------
def prepare(cfg: DictConfig) -> dict[str, Any]:
    """Load and check everything the run needs; raises BundleError / DataError before training."""
    from core.bundle import load_bundle

    base = cfg.training.base
    bundle = load_bundle(
        base.checkpoint, base.text_encoder_dir, device="cpu",
        text_encoder_dtype=base.text_encoder_dtype,
    )  # fmt: skip
    refuse_arc(bundle, cfg.training.finetune.allow_arc)
    dataset, data_sha = training_windows(cfg, bundle.model)
    split = split_windows(dataset.sources, cfg.training.finetune.val_fraction)
    if not split[0]:
        raise DataError("no training windows left after holding out validation windows")
    identity = fingerprint(cfg, bundle.weights_sha256, data_sha)
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
    return {"bundle": bundle, "dataset": dataset, "split": split, "identity": identity,
            "fingerprint": digest}  # fmt: skip


def refuse_arc(bundle: Any, allowed: bool) -> None:
    """SAO small's published model.ckpt is ARC post-trained: the flow loss would undo it."""
    if bundle.arc is None or allowed:
        return
    raise ConfigError(
        f"{bundle.path}: this is Stable Audio Open small's ARC post-trained checkpoint "
        f"({bundle.arc}). ARC (adversarial relativistic-contrastive post-training) is what makes "
        "it sample in 8 steps without CFG; training it further with the rectified-flow loss "
        "undoes that. Fine-tune the base it was post-trained from instead: base_model.ckpt + "
        "base_model_config.json of the same release, as model.ckpt + model_config.json in their "
        "own directory (conf/experiment/sao_small_gpu.yaml), or set "
        "training.finetune.allow_arc=true to train this one anyway"
    )


def check_optimizer(cfg: DictConfig) -> None:
    """bitsandbytes' 8-bit AdamW is a GPU memory lever: on a CPU it is refused by name."""
    target = str(cfg.training.finetune.optimizer._target_)
    if target.startswith("bitsandbytes.") and cfg.trainer.accelerator == "cpu":
        raise ConfigError(
            f"training.finetune.optimizer._target_={target}: bitsandbytes' 8-bit optimizers "
            "keep their state on a CUDA device; with trainer=cpu use torch.optim.AdamW "
            "(or train on a GPU: trainer=gpu)"
        )


def build_module(cfg: DictConfig, model: torch.nn.Module) -> DiffusionFineTuner:
    check_optimizer(cfg)
    t = cfg.training.finetune
    return DiffusionFineTuner(
        model,
        optimizer=instantiate(t.optimizer),
        scheduler=instantiate(t.scheduler) if t.scheduler is not None else None,
        ema=instantiate(t.ema) if t.ema is not None else None,
        seed=t.seed,
        cfg_dropout_prob=t.cfg_dropout_prob,
        mask_padding=t.mask_padding,
        timestep_sampler=t.timestep_sampler,
        train_conditioners=t.train_conditioners,
        val_timesteps=tuple(t.val_timesteps),
        pre_encoded=t.use_latent_cache,
        lora=OmegaConf.to_container(t.lora, resolve=True) if t.lora is not None else None,
        gradient_checkpointing=t.gradient_checkpointing,
        vae_off_device=t.vae_off_device,
        text_embedding_cache=t.text_embedding_cache,
    )


def build_logger(cfg: DictConfig, run: dict[str, Any]) -> Any:
    wandb = cfg.training.finetune.wandb
    if wandb is None or wandb.mode == "disabled":
        return False
    Path(wandb.save_dir).mkdir(parents=True, exist_ok=True)
    logger = instantiate(wandb, id=run["wandb_id"], resume="allow")
    # Lightning always passes anonymous=None, which wandb >= 0.19 warns about on every run.
    getattr(logger, "_wandb_init", {}).pop("anonymous", None)
    logger.log_hyperparams(OmegaConf.to_container(cfg, resolve=True))
    return logger


def build_trainer(
    cfg: DictConfig, run_dir: Path, has_val: bool, run: dict, callbacks: list[Callback]
) -> pl.Trainer:
    """conf/trainer/ plus what this loop relies on: atomic checkpoints, epoch = interval."""
    checkpoints = ModelCheckpoint(
        dirpath=checkpoint_dir(run_dir),
        filename="step{step:06d}",
        auto_insert_metric_name=False,
        monitor="val/loss" if has_val else None,  # keeps the best one besides last.ckpt
        mode="min",
        save_top_k=1,
        save_last=True,
        enable_version_counter=False,
    )
    options = cfg.training.finetune
    callbacks = [*callbacks, checkpoints, Progress(options.log_every)]
    if options.demo.every:
        callbacks.append(AudioDemos(options.demo, run_dir / "demos", options.seed))
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
    options = cfg.training.finetune
    pl.seed_everything(options.seed, workers=True, verbose=False)
    prep = prepare(cfg)
    run_dir = Path(cfg.paths.finetune_dir)
    run = {"fingerprint": prep["fingerprint"], "config": prep["identity"]}
    ckpt_path, previous = resume_point(run_dir, run, options.resume)
    run["wandb_id"] = (
        previous.get("wandb_id")
        or hashlib.sha256(f"{prep['fingerprint']}{time.time()}".encode()).hexdigest()[:8]
    )
    run["base"] = str(Path(cfg.training.base.checkpoint).resolve())
    module = build_module(cfg, prep["bundle"].model)
    data = WindowData(prep["dataset"], prep["split"], options)
    train, val = prep["split"]
    metrics = MetricsFiles(
        cfg.paths.metrics_dir, {"windows_train": len(train), "windows_val": len(val)}
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
    # ModelCheckpoint leaves last.ckpt at an earlier step when the final validation is not the
    # best (save_top_k=1): `last` must be where the run ended, for export and for a resume.
    if trainer.global_step > 0:
        trainer.save_checkpoint(checkpoint_dir(run_dir) / LAST_CHECKPOINT)
    metrics.write(trainer, module)  # also when the checkpoint was already at max_steps
    summary = loss_summary(module.history)
    if trainer.is_global_zero:
        print(
            f"finetune: {summary['steps']} steps, loss {summary['first_loss']:.4f} (first 10) -> "
            f"{summary['final_loss']:.4f} (last 10), val {summary['final_val_loss']}"
        )
    return summary
