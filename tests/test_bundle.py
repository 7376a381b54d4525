"""The one loader: tiny checkpoints, the published layouts, and clear errors for broken ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from stable_audio_tools.inference.generation import generate_diffusion_cond
from stable_audio_tools.models.conditioners import T5Conditioner
from stable_audio_tools.models.factory import create_model_from_config

from core.bundle import BundleError, build_model
from core.checkpoint import BundleError as CheckpointBundleError
from core.checkpoint import check_checkpoint_dir
from tests.helpers import compose_config, load_tiny

CONDITIONING = [{"prompt": "warm analog pad, Tempo: 90", "seconds_start": 0, "seconds_total": 1}]


def generate(model: torch.nn.Module, seed: int = 7) -> torch.Tensor:
    return generate_diffusion_cond(
        model,
        steps=4,
        cfg_scale=6,
        conditioning=CONDITIONING,
        sample_size=2048 * 8,
        seed=seed,
        device="cpu",
    )


def test_tiny_checkpoint_has_published_layout(tiny_checkpoint: Path) -> None:
    assert (tiny_checkpoint / "model_config.json").is_file()
    assert (tiny_checkpoint / "model.safetensors").is_file()
    assert (tiny_checkpoint / "text_encoder" / "config.json").is_file()
    config = json.loads((tiny_checkpoint / "model_config.json").read_text())
    assert config["sample_rate"] == 44100 and config["audio_channels"] == 2
    ids = [c["id"] for c in config["model"]["conditioning"]["configs"]]
    assert ids == ["prompt", "seconds_start", "seconds_total"]
    bundle = load_tiny(tiny_checkpoint)
    params = sum(p.numel() for p in bundle.model.parameters())
    assert 1e6 < params < 10e6


def test_tiny_checkpoint_is_deterministic(tiny_checkpoint: Path, tmp_path: Path) -> None:
    from training.make_tiny import make_tiny

    again = make_tiny(
        compose_config("make_tiny", ["demo_base.weights=null"]).demo_base, tmp_path / "again"
    )
    first, second = (
        load_file(tiny_checkpoint / "model.safetensors"),
        load_file(again / "model.safetensors"),
    )
    assert first.keys() == second.keys()
    assert all(torch.equal(first[k], second[k]) for k in first)


def test_upstream_path_and_project_loader_agree(
    tiny_checkpoint: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stable-audio-tools' own factory + safetensors loading gives bit-identical audio."""
    encoder_dir = str(tiny_checkpoint / "text_encoder")
    # Upstream only accepts hub names; registering the local dir lets its own code load it offline.
    monkeypatch.setattr(T5Conditioner, "T5_MODELS", [*T5Conditioner.T5_MODELS, encoder_dir])
    monkeypatch.setattr(
        T5Conditioner, "T5_MODEL_DIMS", {**T5Conditioner.T5_MODEL_DIMS, encoder_dir: 64}
    )
    config = json.loads((tiny_checkpoint / "model_config.json").read_text())
    config["model"]["conditioning"]["configs"][0]["config"]["t5_model_name"] = encoder_dir
    upstream = create_model_from_config(config)
    upstream.load_state_dict(load_file(tiny_checkpoint / "model.safetensors"))
    upstream.eval()

    ours = load_tiny(tiny_checkpoint).model
    expected, actual = generate(upstream), generate(ours)
    assert expected.abs().max() > 0
    assert torch.equal(expected, actual)
    assert not torch.equal(actual, generate(ours, seed=8))


def test_lightning_style_ckpt_loads_like_safetensors(tiny_checkpoint: Path, tmp_path: Path) -> None:
    small = tmp_path / "small_layout"
    shutil.copytree(tiny_checkpoint, small)
    state = load_file(small / "model.safetensors")
    (small / "model.safetensors").unlink()
    torch.save({"state_dict": state}, small / "model.ckpt")
    assert torch.equal(generate(load_tiny(small).model), generate(load_tiny(tiny_checkpoint).model))


@pytest.mark.parametrize(
    ("name", "dit_params", "vae_params"),
    [("sao_1_0", 1056.8e6, 156.1e6), ("sao_small", None, None)],
)
def test_reference_configs_build_on_meta(
    name: str, dit_params: float | None, vae_params: float | None
) -> None:
    from omegaconf import OmegaConf

    cfg = compose_config("make_tiny", [f"model@demo_base={name}"])
    model_config = OmegaConf.to_container(cfg.demo_base.model_config, resolve=True)
    with torch.device("meta"):
        model = build_model(model_config, text_encoder_dir=None)
    dit = sum(p.numel() for p in model.model.parameters())
    vae = sum(p.numel() for p in model.pretransform.parameters())
    assert all(p.is_meta for p in model.parameters())
    if dit_params is None:
        expected = cfg.demo_base
        dit_params, vae_params = expected.expected_dit_params, expected.expected_vae_params
    assert dit == pytest.approx(dit_params, rel=1e-3)
    assert vae == pytest.approx(vae_params, rel=1e-3)


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="does not exist"):
        load_tiny(tmp_path / "nope")
    with pytest.raises(BundleError, match="does not exist"):  # the light check says the same
        check_checkpoint_dir(tmp_path / "nope")
    assert CheckpointBundleError is BundleError


@pytest.mark.parametrize(
    ("remove", "expected"),
    [
        ("model_config.json", "model_config.json: missing"),
        ("model.safetensors", "model.safetensors: missing"),
        ("text_encoder", "text_encoder/config.json: missing"),
    ],
)
def test_missing_file_is_named(
    tiny_checkpoint: Path, tmp_path: Path, remove: str, expected: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_checkpoint, broken)
    target = broken / remove
    shutil.rmtree(target) if target.is_dir() else target.unlink()
    with pytest.raises(BundleError, match=expected):
        load_tiny(broken)
    if remove != "text_encoder":  # what entry points check before torch loads says the same
        with pytest.raises(BundleError, match=expected):
            check_checkpoint_dir(broken)


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("model_config.json", "{not json", "not valid JSON"),
        ("model_config.json", '{"model_type": "diffusion_cond"}', "missing key 'sample_rate'"),
        ("model.safetensors", "garbage", "cannot be read as model weights"),
    ],
)
def test_malformed_file_is_named(
    tiny_checkpoint: Path, tmp_path: Path, file: str, content: str, expected: str
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_checkpoint, broken)
    (broken / file).write_text(content)
    with pytest.raises(BundleError, match=expected) as info:
        load_tiny(broken)
    assert file in str(info.value)


def test_weights_of_another_model_are_refused(tiny_checkpoint: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(tiny_checkpoint, broken)
    config = json.loads((broken / "model_config.json").read_text())
    config["model"]["diffusion"]["config"]["depth"] = 3
    (broken / "model_config.json").write_text(json.dumps(config))
    with pytest.raises(BundleError, match="does not match model_config.json"):
        load_tiny(broken)
