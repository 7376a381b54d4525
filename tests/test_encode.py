"""The `encode` stage: windows in the ingest layout -> latents, latent-rate masks and prompts."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
import torch
from safetensors.torch import load_file

from training.encode import (
    DataError,
    encode_windows,
    latent_mask,
    read_latent_cache,
    read_manifest,
)

RATE = 44100
RATIO = 2048  # the tiny model's downsampling ratio


def write_prepared(
    root: Path, sources: int = 3, per_source: int = 2, samples: int = 8 * RATIO, short: int = 10000
) -> Path:
    """A small prepared set in the layout `training.ingest` writes (data/prepared + a report).

    Window (0, 1) is a shorter tail, so masks and padding are exercised.
    """
    prepared = root / "data" / "prepared"
    (prepared / "windows").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    lines = []
    for s in range(sources):
        sha = hashlib.sha256(f"source {s}".encode()).hexdigest()
        for w in range(per_source):
            n = short if (s, w) == (0, 1) else samples
            t = np.arange(n) / RATE
            tone = 0.3 * np.sin(2 * np.pi * 110 * (s + 1) * t)[:, None]
            audio = (tone + 0.01 * rng.standard_normal((n, 2))).astype(np.float32)
            window_id = f"{sha[:16]}-{w:04d}"
            sf.write(prepared / f"windows/{window_id}.wav", audio, RATE, subtype="FLOAT")
            lines.append(
                {"id": window_id, "audio": f"windows/{window_id}.wav", "source": f"own/{s}.wav",
                 "sha256": sha, "offset": w * samples / RATE, "duration": n / RATE, "samples": n,
                 "source_seconds": per_source * samples / RATE,
                 "prompt": f"warm analog pad {s}, Tempo: 90", "licence": "LicenseRef-Own-Work"}
            )  # fmt: skip
    text = "".join(json.dumps(line) + "\n" for line in lines)
    (prepared / "manifest.jsonl").write_text(text)
    audit = root / "data" / "audit"
    audit.mkdir(parents=True, exist_ok=True)
    (audit / "licence_report.json").write_text(json.dumps({"accepted": [], "rejected": []}))
    return prepared / "manifest.jsonl"


@pytest.fixture(scope="module")
def tiny_model(tiny_checkpoint: Path) -> torch.nn.Module:
    from inference.bundle import load_bundle

    return load_bundle(tiny_checkpoint).model


def test_latent_mask_counts_partial_frames() -> None:
    assert latent_mask(10000, 8, RATIO).tolist() == [True] * 5 + [False] * 3
    assert latent_mask(8 * RATIO, 8, RATIO).all()


def test_encode_writes_latents_masks_and_prompts(tiny_model, tmp_path: Path) -> None:
    manifest = write_prepared(tmp_path)
    windows = read_manifest(manifest, RATE)
    out = encode_windows(tiny_model, windows, tmp_path / "latents", manifest_sha256="abc", seed=3)
    rows, encoder = read_latent_cache(out, tiny_model)
    assert [r["id"] for r in rows] == [w.id for w in windows]
    assert encoder["window_samples"] == 8 * RATIO and encoder["manifest_sha256"] == "abc"
    channels = tiny_model.pretransform.encoded_channels
    for row, window in zip(rows, windows, strict=True):
        tensors = load_file(out / row["file"])
        assert tensors["latents"].shape == (channels, 8)
        assert torch.isfinite(tensors["latents"]).all()
        assert tensors["mask"].sum() == -(-window.samples // RATIO)
        assert row["prompt"] == window.prompt and row["seconds_start"] == window.seconds_start
    assert tensors["latents"].std() > 0.1  # real encodings, not padding zeros

    # the same windows with the same seed: byte-identical latents (the VAE samples its output)
    again = encode_windows(tiny_model, windows, tmp_path / "again", seed=3)
    first = load_file(out / rows[0]["file"])["latents"]
    assert torch.equal(first, load_file(again / rows[0]["file"])["latents"])


def test_latents_of_another_autoencoder_are_refused(tiny_model, tmp_path: Path) -> None:
    windows = read_manifest(write_prepared(tmp_path, sources=1, per_source=1), RATE)
    out = encode_windows(tiny_model, windows, tmp_path / "latents")
    other = tiny_model.pretransform.state_dict()
    key = next(k for k, v in other.items() if v.is_floating_point())
    with torch.no_grad():
        tiny_model.pretransform.state_dict()[key].add_(1.0)
    try:
        with pytest.raises(DataError, match="another autoencoder"):
            read_latent_cache(out, tiny_model)
    finally:
        with torch.no_grad():
            tiny_model.pretransform.state_dict()[key].sub_(1.0)


def test_manifest_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="manifest.jsonl: missing"):
        read_manifest(tmp_path / "manifest.jsonl", RATE)
    empty = tmp_path / "manifest.jsonl"
    empty.write_text("\n")
    with pytest.raises(DataError, match="manifest.jsonl: no training windows"):
        read_manifest(empty, RATE)
    empty.write_text('{"audio": "x.wav"}\n')
    with pytest.raises(DataError, match=r"manifest.jsonl:1: not a valid window record"):
        read_manifest(empty, RATE)
