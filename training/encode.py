"""DVC stage `encode`: every prepared window, encoded once by the frozen autoencoder.

`uv run python -m training.encode [training.encode.device=cuda]`

Reads `data/prepared/manifest.jsonl` (written by `training.ingest`), pads every window to one length
(a multiple of the autoencoder's downsampling ratio) and writes `data/latents/`:
`windows/NNNNNN.safetensors` (`latents` channels x frames, `mask` frames: True = real audio),
`index.jsonl` (one line per window: its file, id, conditioning and source) and `encoder.json` (which
autoencoder and manifest made them; fine-tuning refuses latents of another autoencoder).
This module also owns the two training datasets: cached latents, or the windows' audio itself
(`training.use_latent_cache=false`, encoded on the fly every step).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import hydra
import numpy as np
import soundfile as sf
import torch
from omegaconf import DictConfig
from safetensors.torch import load_file, save_file

from inference.files import sha256_file, staged_dir

MANIFEST_FILE = "manifest.jsonl"
INDEX_FILE = "index.jsonl"
ENCODER_FILE = "encoder.json"
WINDOWS_SUBDIR = "windows"


class DataError(ValueError):
    """Training data that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Window:
    """One training window: where its audio is and what the model is told about it."""

    id: str
    audio: str  # path of the window's audio file
    prompt: str
    seconds_start: float  # offset of the window in its source recording
    seconds_total: float  # length of the source recording
    samples: int  # real (unpadded) length at the model's sample rate
    source: str
    sha256: str  # of the source recording

    def metadata(self) -> dict[str, Any]:
        """The conditioning stable-audio-tools' conditioners read."""
        return {
            "prompt": self.prompt,
            "seconds_start": self.seconds_start,
            "seconds_total": self.seconds_total,
        }


# -- the manifest ---------------------------------------------------------------------------------
def window_from_record(record: dict[str, Any], base: Path, sample_rate: int) -> Window:
    """One manifest line -> Window. Audio paths are relative to the manifest's directory."""
    audio = Path(record["audio"])
    if not audio.is_absolute():
        audio = base / audio
    offset = float(record["offset"])
    samples = int(record.get("samples") or round(float(record["duration"]) * sample_rate))
    source_seconds = float(record.get("source_seconds") or offset + samples / sample_rate)
    return Window(
        id=str(record.get("id") or f"{record['sha256'][:16]}@{offset:.3f}"),
        audio=str(audio),
        prompt=str(record["prompt"]),
        seconds_start=offset,
        seconds_total=source_seconds,
        samples=samples,
        source=str(record["source"]),
        sha256=str(record["sha256"]),
    )


def read_manifest(path: str | Path, sample_rate: int) -> list[Window]:
    """All windows of a manifest; a missing file, a bad line or no windows at all is an error."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: missing (run the `ingest` stage first: dvc repro ingest)")
    windows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            windows.append(window_from_record(json.loads(line), path.parent, sample_rate))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            raise DataError(f"{path}:{number}: not a valid window record ({err!r})") from err
    if not windows:
        raise DataError(
            f"{path}: no training windows (every recording was rejected by the audit or is "
            "shorter than dataset.windows.min_seconds)"
        )
    return windows


def window_samples(windows: list[Window], ratio: int) -> int:
    """One padded length for every window: the longest, rounded up to the downsampling ratio."""
    return math.ceil(max(w.samples for w in windows) / ratio) * ratio


def latent_mask(samples: int, frames: int, ratio: int) -> torch.Tensor:
    """Frames that hold real audio: the first ceil(samples / ratio)."""
    return torch.arange(frames) < math.ceil(samples / ratio)


def load_window_audio(window: Window, sample_rate: int, length: int) -> torch.Tensor:
    """The window's audio as stereo float32 (2 x length), zero-padded at the end."""
    try:
        data, rate = sf.read(window.audio, dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, OSError) as err:
        raise DataError(f"{window.audio}: cannot be read as audio ({err})") from err
    if rate != sample_rate:
        raise DataError(
            f"{window.audio}: sample rate {rate} Hz, the model needs {sample_rate} Hz "
            "(set dataset.windows.sample_rate and rerun ingest)"
        )
    audio = torch.from_numpy(np.ascontiguousarray(data.T))[:, : window.samples]
    if audio.shape[0] == 1:
        audio = audio.repeat(2, 1)
    out = torch.zeros(2, length)
    out[:, : audio.shape[1]] = audio[:2, :length]
    return out


# -- the latent cache -----------------------------------------------------------------------------
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
    out: str | Path,
    manifest_sha256: str = "",
    batch_size: int = 8,
    seed: int = 0,
) -> Path:
    """Encode every window; the directory is built beside `out` and swapped in when complete."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    ratio = int(model.pretransform.downsampling_ratio)
    sample_rate = int(model.sample_rate)
    length = window_samples(windows, ratio)
    device = next(model.parameters()).device
    with staged_dir(out) as staging:
        (staging / WINDOWS_SUBDIR).mkdir()
        torch.manual_seed(seed)  # the VAE samples its latents: seeded, the cache is reproducible
        index = []
        for start in range(0, len(windows), batch_size):
            chunk = windows[start : start + batch_size]
            audio = torch.stack([load_window_audio(w, sample_rate, length) for w in chunk])
            latents = model.pretransform.encode(audio.to(device)).float().cpu()
            for offset, (window, latent) in enumerate(zip(chunk, latents, strict=True)):
                name = f"{WINDOWS_SUBDIR}/{start + offset:06d}.safetensors"
                mask = latent_mask(window.samples, latent.shape[-1], ratio)
                save_file({"latents": latent.contiguous(), "mask": mask}, staging / name)
                index.append({"file": name, **asdict(window)})
        (staging / INDEX_FILE).write_text("".join(json.dumps(r) + "\n" for r in index))
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
    encoder_path, index_path = path / ENCODER_FILE, path / INDEX_FILE
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


# -- datasets -------------------------------------------------------------------------------------
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


class AudioWindows(torch.utils.data.Dataset):
    """The windows' audio, padded to one length: {audio, mask (latent rate), metadata}."""

    def __init__(self, windows: list[Window], sample_rate: int, ratio: int) -> None:
        self.windows = windows
        self.sample_rate = sample_rate
        self.ratio = ratio
        self.length = window_samples(windows, ratio)
        self.ids = [w.id for w in windows]
        self.sources = [w.sha256 for w in windows]

    def __len__(self) -> int:
        return len(self.windows)

    def __getitem__(self, i: int) -> dict[str, Any]:
        window = self.windows[i]
        audio = load_window_audio(window, self.sample_rate, self.length)
        mask = latent_mask(window.samples, self.length // self.ratio, self.ratio)
        return {"audio": audio, "mask": mask, "metadata": window.metadata()}


def collate_windows(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Stack tensors; keep the conditioning as the list of dicts the conditioners expect."""
    batch = {k: torch.stack([item[k] for item in items]) for k in items[0] if k != "metadata"}
    batch["metadata"] = [item["metadata"] for item in items]
    return batch


def pick_device(name: str) -> str:
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    from inference.bundle import BundleError, load_bundle

    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    device = pick_device(cfg.training.encode.device)
    try:
        bundle = load_bundle(cfg.training.base, cfg.training.text_encoder_dir, device=device)
        windows = read_manifest(manifest, bundle.sample_rate)
        out = encode_windows(
            bundle.model,
            windows,
            cfg.training.encode.out,
            manifest_sha256=sha256_file(manifest),
            batch_size=cfg.training.encode.batch_size,
            seed=cfg.training.seed,
        )
    except (BundleError, DataError) as err:
        print(f"encode: {err}", file=sys.stderr)
        sys.exit(2)
    print(f"encoded {len(windows)} windows into {out}")


if __name__ == "__main__":
    main()
