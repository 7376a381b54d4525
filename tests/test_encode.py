"""The `encode` stage: windows in the ingest layout -> latents, latent-rate masks and prompts."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from tests.helpers import ENCODE_BATCH_SIZE, RATE, RATIO, load_tiny, write_prepared
from training.data import DataError, latent_mask, read_manifest
from training.latents import encode_windows, read_latent_cache


@pytest.fixture(scope="module")
def tiny_model(tiny_checkpoint: Path) -> torch.nn.Module:
    return load_tiny(tiny_checkpoint).model


def test_latent_mask_counts_partial_frames() -> None:
    assert latent_mask(10000, 8, RATIO).tolist() == [True] * 5 + [False] * 3
    assert latent_mask(8 * RATIO, 8, RATIO).all()


def test_encode_writes_latents_masks_and_prompts(tiny_model, tmp_path: Path) -> None:
    manifest = write_prepared(tmp_path)
    windows = read_manifest(manifest, RATE)
    out = encode_windows(
        tiny_model,
        windows,
        tmp_path / "data/raw",
        tmp_path / "latents",
        "abc",
        batch_size=ENCODE_BATCH_SIZE,
        seed=3,
    )
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
    again = encode_windows(
        tiny_model,
        windows,
        tmp_path / "data/raw",
        tmp_path / "again",
        "",
        batch_size=ENCODE_BATCH_SIZE,
        seed=3,
    )
    first = load_file(out / rows[0]["file"])["latents"]
    assert torch.equal(first, load_file(again / rows[0]["file"])["latents"])


def test_latents_of_another_autoencoder_are_refused(tiny_model, tmp_path: Path) -> None:
    windows = read_manifest(write_prepared(tmp_path, sources=1, per_source=1), RATE)
    out = encode_windows(
        tiny_model,
        windows,
        tmp_path / "data/raw",
        tmp_path / "latents",
        "",
        batch_size=ENCODE_BATCH_SIZE,
        seed=0,
    )
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
