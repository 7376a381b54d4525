"""The latent cache: every training window encoded once by the frozen autoencoder.

Layout of `paths.latents_dir` (written by `encode_windows`, the DVC stage `training.encode`):
`windows/NNNNNN.safetensors` (`latents` channels x frames, `mask` frames: True = real audio),
`index.jsonl` (one line per window: its file, id, conditioning and source) and `encoder.json`
(which autoencoder and manifest made them). `read_latent_cache` refuses latents of another
autoencoder; `LatentWindows` is the dataset fine-tuning reads.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

from core.files import staged_dir
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


def autoencoder_sha256(model: torch.nn.Module) -> str:
    """Fingerprint of the frozen autoencoder's weights (what makes cached latents valid)."""
    digest = hashlib.sha256()
    for key, tensor in sorted(model.pretransform.state_dict().items()):
        digest.update(key.encode())
        flat = tensor.detach().cpu().contiguous().reshape(-1)
        digest.update(flat.view(torch.uint8).numpy().tobytes())
    return digest.hexdigest()


@torch.no_grad()
def encode_windows(
    model: torch.nn.Module,
    windows: list[Window],
    raw_dir: str | Path,
    out: str | Path,
    manifest_sha256: str,
    batch_size: int,
    seed: int,
) -> Path:
    """Encode every window; the directory is built beside `out` and swapped in when complete."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    ratio = int(model.pretransform.downsampling_ratio)
    sample_rate = int(model.sample_rate)
    length = window_samples(windows, ratio)
    device = next(model.parameters()).device
    reader = SourceReader(raw_dir, sample_rate, SOURCES_KEPT)
    with staged_dir(out) as staging:
        (staging / WINDOWS_SUBDIR).mkdir()
        torch.manual_seed(seed)  # the VAE samples its latents: seeded, the cache is reproducible
        index = []
        for start in range(0, len(windows), batch_size):
            chunk = windows[start : start + batch_size]
            audio = torch.stack([load_window_audio(w, reader, length) for w in chunk])
            latents = model.pretransform.encode(audio.to(device)).float().cpu()
            for offset, (window, latent) in enumerate(zip(chunk, latents, strict=True)):
                name = f"{WINDOWS_SUBDIR}/{start + offset:06d}.safetensors"
                mask = latent_mask(window.samples, latent.shape[-1], ratio)
                save_file({"latents": latent.contiguous(), "mask": mask}, staging / name)
                index.append({"file": name, **asdict(window)})
        (staging / LATENT_INDEX_FILE).write_text("".join(json.dumps(r) + "\n" for r in index))
        encoder = {
            "autoencoder_sha256": autoencoder_sha256(model),
            "manifest_sha256": manifest_sha256,
            "sample_rate": sample_rate,
            "downsampling_ratio": ratio,
            "window_samples": length,
            "latent_shape": list(latents.shape[1:]),
            "windows": len(index),
        }
        (staging / ENCODER_FILE).write_text(json.dumps(encoder, indent=2) + "\n")
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
