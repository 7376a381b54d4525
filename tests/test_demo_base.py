"""The demo base follows its prompts: the committed pre-trained weights, their provenance, the
pre-training run (seeded) and `make_tiny`'s refusal of weights that do not fit."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from omegaconf import OmegaConf

from tests.helpers import ROOT, compose_config, make_generator, stage_config

SEEDS = range(8)


def spectral_centroid(audio: np.ndarray, sample_rate: int) -> float:
    """Magnitude-weighted mean frequency (Hz) of the channels' mix."""
    spectrum = np.abs(np.fft.rfft(audio.mean(axis=0)))
    freqs = np.fft.rfftfreq(audio.shape[-1], 1 / sample_rate)
    return float((spectrum * freqs).sum() / spectrum.sum())


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkpoint the `base` stage builds: the committed weights, by `make_tiny`."""
    from training.make_tiny import make_tiny

    cfg = compose_config("make_tiny")
    return make_tiny(cfg.demo_base, tmp_path_factory.mktemp("demo") / "tiny")


def centroids(generator, prompt: str) -> list[float]:
    request = stage_config().inference.request
    out = []
    for seed in SEEDS:
        made = generator.generate(
            prompt, seconds=request.seconds, steps=request.steps,
            cfg_scale=request.cfg_scale, seed=seed,
        )  # fmt: skip
        out.append(spectral_centroid(made.audio, made.sample_rate))
    return out


def test_bright_prompts_sound_brighter_than_sub_prompts_for_every_seed(demo_base: Path) -> None:
    generator = make_generator(demo_base)
    bright = centroids(generator, "bright shimmering pad")
    deep = centroids(generator, "deep sub drone")
    print("centroids bright", [round(c) for c in bright], "deep", [round(c) for c in deep])
    assert all(b > d for b, d in zip(bright, deep, strict=True)), (bright, deep)


def test_random_base_does_not_pass_the_same_check(tiny_checkpoint: Path) -> None:
    """The check can fail: on random weights the prompt does not order the centroids."""
    generator = make_generator(tiny_checkpoint)
    bright = centroids(generator, "bright shimmering pad")
    deep = centroids(generator, "deep sub drone")
    assert not all(b > d for b, d in zip(bright, deep, strict=True))


def test_committed_weights_match_their_provenance_and_the_demo_set() -> None:
    """Stale weights are caught: the record names the weights' and every demo clip's sha256."""
    from core.files import sha256_file
    from training.pretrain_base import provenance_path

    weights = Path(compose_config("make_tiny").demo_base.weights)
    weights = weights if weights.is_absolute() else ROOT / weights
    record = json.loads(provenance_path(weights).read_text())
    assert record["sha256"] == sha256_file(weights)
    assert weights.stat().st_size < 20e6
    demo_dir = ROOT / compose_config("demo_data").out
    clips = {p.name: sha256_file(p) for p in sorted(demo_dir.glob("*.flac"))}
    assert record["demo_clips"] == clips, "demo set changed: rerun training.pretrain_base"
    assert all(np.isfinite(v) for v in record["final_loss"].values())
    # Made by the defaults: `python -m training.pretrain_base` with no overrides remakes them.
    defaults = compose_config("pretrain_base").pretrain
    assert record["pretrain"] == OmegaConf.to_container(defaults, resolve=True)


@pytest.mark.slow
@pytest.mark.usefixtures("one_thread")
def test_pretraining_is_seeded_and_writes_weights_make_tiny_loads(tmp_path: Path) -> None:
    from safetensors.torch import load_file

    from training.make_tiny import make_tiny
    from training.pretrain_base import pretrain, provenance_path

    steps = [
        "pretrain.autoencoder.steps=2", "pretrain.transformer.steps=3",
        "pretrain.autoencoder.warmup_steps=1", "pretrain.transformer.warmup_steps=1",
        "pretrain.autoencoder.batch_size=1", "pretrain.transformer.batch_size=2",
    ]  # fmt: skip
    written = []
    for name in ("a", "b"):
        cfg = compose_config("pretrain_base", [*steps, f"out={tmp_path / name}.safetensors"])
        written.append(pretrain(cfg))
    first, second = (load_file(p) for p in written)
    assert first.keys() == second.keys()
    assert all(np.array_equal(first[k].numpy(), second[k].numpy()) for k in first)
    random = load_file(make_tiny(
        compose_config("make_tiny", ["demo_base.weights=null"]).demo_base, tmp_path / "random"
    ) / "model.safetensors")  # fmt: skip
    changed = [k for k in first if not np.array_equal(first[k].numpy(), random[k].numpy())]
    assert any(k.startswith("pretransform.") for k in changed)
    assert any(k.startswith("model.") for k in changed)
    record = json.loads(provenance_path(written[0]).read_text())
    assert record["pretrain"]["transformer"]["steps"] == 3
    cfg = compose_config("make_tiny", [f"demo_base.weights={written[0]}"])
    loaded = load_file(make_tiny(cfg.demo_base, tmp_path / "built") / "model.safetensors")
    assert all(np.array_equal(loaded[k].numpy(), first[k].numpy()) for k in first)


@pytest.mark.parametrize("case", ["missing", "garbage", "other_shape", "missing_keys"])
def test_make_tiny_refuses_weights_that_do_not_fit(tmp_path: Path, case: str) -> None:
    import torch
    from safetensors.torch import save_file

    from core.checkpoint import BundleError
    from training.make_tiny import make_tiny

    weights = tmp_path / "w.safetensors"
    if case == "garbage":
        weights.write_bytes(b"not a safetensors file" * 10)
    elif case == "other_shape":
        save_file({"model.model.bogus": torch.zeros(3)}, str(weights))
    elif case == "missing_keys":
        random_dir = make_tiny(
            compose_config("make_tiny", ["demo_base.weights=null"]).demo_base, tmp_path / "r"
        )
        from safetensors.torch import load_file

        state = load_file(random_dir / "model.safetensors")
        state.pop(sorted(state)[0])
        save_file(state, str(weights))
    cfg = compose_config("make_tiny", [f"demo_base.weights={weights}"])
    out = tmp_path / "out"
    with pytest.raises(BundleError, match=str(weights.name)):
        make_tiny(cfg.demo_base, out)
    assert not out.exists()  # nothing half-written
