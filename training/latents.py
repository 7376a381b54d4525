"""The latent cache: every training window encoded once by the frozen autoencoder.

Layout of `paths.latents_dir` (written by `encode_windows`, the DVC stage `training.encode`):
`windows/NNNNNN.safetensors` (`latents` channels x frames, `mask` frames: True = real audio),
`index.jsonl` (one line per window: its file, id, conditioning and source) and `encoder.json`
(which autoencoder and manifest made them). `read_latent_cache` refuses latents of another
autoencoder; `LatentWindows` is the dataset fine-tuning reads.

Encoding runs in Lightning's predict loop, so `trainer=ddp` (and torchrun or SLURM over several
nodes) spreads it as it spreads fine-tuning: every rank reads its share of the window batches from
the source recordings and writes their latents (its shard) into one staging folder on shared
storage; rank 0 waits for all, writes the index and swaps the folder in. Each batch is seeded on
its own, so the cache is byte-identical for any number of processes.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytorch_lightning as pl
import torch
from safetensors.torch import load_file, save_file

from core.files import replace_dir
from training.data import (
    SOURCES_KEPT,
    DataError,
    Window,
    latent_mask,
    load_window_audio,
    window_samples,
)
from training.sources import SourceReader

LATENT_INDEX_FILE = "index.jsonl"
ENCODER_FILE = "encoder.json"
WINDOWS_SUBDIR = "windows"
STAGING_SUFFIX = ".encoding"  # `.<latents dir>.encoding`: the folder every rank writes into


def autoencoder_sha256(model: torch.nn.Module) -> str:
    """Fingerprint of the frozen autoencoder's weights (what makes cached latents valid)."""
    digest = hashlib.sha256()
    for key, tensor in sorted(model.pretransform.state_dict().items()):
        digest.update(key.encode())
        flat = tensor.detach().cpu().contiguous().reshape(-1)
        digest.update(flat.view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


class WindowBatches(torch.utils.data.Dataset):
    """Batch k: windows [k * batch_size, (k + 1) * batch_size), padded to one length.

    The batch, not the window, is what a rank encodes: the same batches (and seeds) for any
    number of processes, so the latents are byte-identical however the work is spread.
    """

    def __init__(
        self, windows: list[Window], reader: SourceReader, length: int, batch_size: int
    ) -> None:
        self.windows, self.reader, self.length, self.batch_size = (
            windows,
            reader,
            length,
            batch_size,
        )

    def __len__(self) -> int:
        return math.ceil(len(self.windows) / self.batch_size)

    def __getitem__(self, k: int) -> dict[str, Any]:
        chunk = self.windows[k * self.batch_size : (k + 1) * self.batch_size]
        audio = torch.stack([load_window_audio(w, self.reader, self.length) for w in chunk])
        return {"batch": k, "audio": audio}


class LatentEncoder(pl.LightningModule):
    """Lightning's predict loop over the window batches: rank r encodes batches r, r + W, ...
    into `staging` (shared by every rank); rank 0 then writes the index and swaps it in."""

    def __init__(
        self, model: torch.nn.Module, batches: WindowBatches, out: Path, manifest_sha256: str,
        seed: int,
    ) -> None:  # fmt: skip
        super().__init__()
        self.pretransform = model.pretransform
        self.fingerprint = autoencoder_sha256(model)
        self.ratio = int(model.pretransform.downsampling_ratio)
        self.sample_rate = int(model.sample_rate)
        self.batches, self.out, self.seed = batches, out, seed
        self.manifest_sha256 = manifest_sha256
        self.staging = out.parent / f".{out.name}{STAGING_SUFFIX}"

    def setup(self, stage: str) -> None:
        if self.trainer.is_global_zero:
            shutil.rmtree(self.staging, ignore_errors=True)
            (self.staging / WINDOWS_SUBDIR).mkdir(parents=True)
        self.trainer.strategy.barrier("latents-staging")

    def predict_dataloader(self) -> torch.utils.data.DataLoader:
        mine = list(range(self.global_rank, len(self.batches), self.trainer.world_size))
        # A rank without a batch still runs the loop (its hooks hold the barriers): it encodes
        # batch 0 again and keeps nothing.
        return torch.utils.data.DataLoader(self.batches, batch_size=None, sampler=mine or [0])

    def predict_step(self, batch: dict[str, Any], batch_idx: int) -> None:
        k = int(batch["batch"])
        if k % self.trainer.world_size != self.global_rank:
            return
        torch.manual_seed(self.seed + k)  # the VAE samples its latents: seeded per batch
        latents = self.pretransform.encode(batch["audio"]).float().cpu()
        first = k * self.batches.batch_size
        for offset, latent in enumerate(latents):
            window = self.batches.windows[first + offset]
            mask = latent_mask(window.samples, latent.shape[-1], self.ratio)
            name = latent_file(first + offset)
            save_file({"latents": latent.contiguous(), "mask": mask}, self.staging / name)

    def on_predict_end(self) -> None:
        self.trainer.strategy.barrier("latents-written")  # every rank's shard is complete
        if self.trainer.is_global_zero:
            self.publish()

    def publish(self) -> None:
        """The index and encoder.json (rank 0), then the folder swapped in for `out`."""
        windows = self.batches.windows
        index = [{"file": latent_file(i), **asdict(w)} for i, w in enumerate(windows)]
        missing = [r["file"] for r in index if not (self.staging / r["file"]).is_file()]
        if missing:
            raise DataError(f"{self.staging}: {len(missing)} latents missing, e.g. {missing[0]}")
        shape = load_file(self.staging / index[0]["file"])["latents"].shape
        (self.staging / LATENT_INDEX_FILE).write_text("".join(json.dumps(r) + "\n" for r in index))
        encoder = {
            "autoencoder_sha256": self.fingerprint,
            "manifest_sha256": self.manifest_sha256,
            "sample_rate": self.sample_rate,
            "downsampling_ratio": self.ratio,
            "window_samples": self.batches.length,
            "latent_shape": list(shape),
            "windows": len(index),
        }
        (self.staging / ENCODER_FILE).write_text(json.dumps(encoder, indent=2) + "\n")
        replace_dir(self.staging, self.out)


def latent_file(i: int) -> str:
    return f"{WINDOWS_SUBDIR}/{i:06d}.safetensors"


def one_device_trainer(model: torch.nn.Module) -> pl.Trainer:
    """A single process on the device the model is on."""
    device = next(model.parameters()).device
    accelerator = "gpu" if device.type == "cuda" else "cpu"
    devices = [device.index or 0] if device.type == "cuda" else 1
    return pl.Trainer(
        accelerator=accelerator, devices=devices, logger=False, enable_progress_bar=False,
        enable_model_summary=False, enable_checkpointing=False,
    )  # fmt: skip


def encode_windows(
    model: torch.nn.Module,
    windows: list[Window],
    raw_dir: str | Path,
    out: str | Path,
    manifest_sha256: str,
    batch_size: int,
    seed: int,
    trainer: pl.Trainer | None = None,
) -> Path:
    """Encode every window (over the trainer's processes; None: one, on the model's device).

    The folder is built beside `out` and swapped in when every rank's latents are written.
    """
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    ratio = int(model.pretransform.downsampling_ratio)
    reader = SourceReader(raw_dir, int(model.sample_rate), SOURCES_KEPT)
    batches = WindowBatches(windows, reader, window_samples(windows, ratio), batch_size)
    encoder = LatentEncoder(model, batches, out, manifest_sha256, seed)
    trainer = trainer or one_device_trainer(model)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*does not have many workers.*")
            warnings.filterwarnings("ignore", message=r".*predict returned None.*")
            trainer.predict(encoder, return_predictions=False)
    except BaseException:
        if trainer.is_global_zero:
            shutil.rmtree(encoder.staging, ignore_errors=True)
        raise
    return out


def read_latent_cache(path: str | Path, model: torch.nn.Module) -> tuple[list[dict], dict]:
    """(index rows, encoder.json) of a cache made by this model's autoencoder, else DataError."""
    path = Path(path)
    encoder_path, index_path = path / ENCODER_FILE, path / LATENT_INDEX_FILE
    for required in (encoder_path, index_path):
        if not required.is_file():
            raise DataError(f"{required}: missing (run the `encode` stage: dvc repro encode)")
    encoder = json.loads(encoder_path.read_text())
    if encoder["autoencoder_sha256"] != autoencoder_sha256(model):
        raise DataError(
            f"{encoder_path}: these latents were made by another autoencoder than the base "
            "checkpoint's; rerun the `encode` stage (dvc repro encode)"
        )
    rows = [json.loads(line) for line in index_path.read_text().splitlines() if line.strip()]
    if not rows:
        raise DataError(f"{index_path}: no windows")
    return rows, encoder


class LatentWindows(torch.utils.data.Dataset):
    """Cached latents: {latents, mask, metadata} per window."""

    def __init__(self, cache_dir: str | Path, rows: list[dict]) -> None:
        self.cache_dir = Path(cache_dir)
        self.rows = rows
        self.ids = [r["id"] for r in rows]
        self.sources = [r["sha256"] for r in rows]

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, i: int) -> dict[str, Any]:
        row = self.rows[i]
        tensors = load_file(self.cache_dir / row["file"])
        metadata = {k: row[k] for k in ("prompt", "seconds_start", "seconds_total")}
        return {"latents": tensors["latents"], "mask": tensors["mask"], "metadata": metadata}
