"""Loads a model bundle (a checkpoint directory, `core.checkpoint`) into a stable-audio-tools model.

Every checkpoint (the real SAO 1.0 / SAO small download, the tiny test checkpoints, fine-tuned
exports, adapter bundles on a base) goes through `load_bundle`, so there is one code path to
trust. Nothing here touches a hub: the T5 text encoder always comes from a local directory.
"""

from __future__ import annotations

import copy
import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from stable_audio_tools.models.conditioners import Conditioner, T5Conditioner
from stable_audio_tools.models.factory import create_model_from_config
from stable_audio_tools.models.utils import load_ckpt_state_dict

from core.checkpoint import (
    ADAPTER_FILE,
    CONFIG_FILE,
    TEXT_ENCODER_SUBDIR,
    BundleError,
    adapter_base,
    arc_reason,
    find_weights,
    is_adapter_bundle,
    read_model_config,
    read_provenance,
    resolve_text_encoder_dir,
    text_conditioner_configs,
)
from core.files import sha256_file

__all__ = ["Bundle", "BundleError", "build_model", "load_bundle", "load_state_dict", "pick_device"]


def pick_device(name: str) -> str:
    """`auto` means CUDA when there is one, else the CPU."""
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


class LocalT5Conditioner(T5Conditioner):
    """stable-audio-tools' T5 conditioner, but tokenizer and encoder come from a local directory.

    Upstream asserts the model name is one of a fixed list and downloads it by name; on stage and
    in CI there is no hub, so the directory is explicit. `forward` (the embeddings) is upstream's.
    """

    def __init__(
        self,
        output_dim: int,
        text_encoder_dir: str | Path,
        max_length: int = 128,
        enable_grad: bool = False,
        project_out: bool = False,
        dtype: torch.dtype = torch.float16,
    ) -> None:
        from transformers import AutoTokenizer, T5EncoderModel

        previous_level = logging.root.manager.disable
        logging.disable(logging.ERROR)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tokenizer = AutoTokenizer.from_pretrained(
                    str(text_encoder_dir), local_files_only=True
                )
                encoder = T5EncoderModel.from_pretrained(
                    str(text_encoder_dir), local_files_only=True
                )
        finally:
            logging.disable(previous_level)
        Conditioner.__init__(self, encoder.config.d_model, output_dim, project_out=project_out)
        self.tokenizer = tokenizer
        self.max_length = max_length
        self.enable_grad = enable_grad
        encoder = encoder.train(enable_grad).requires_grad_(enable_grad).to(dtype)
        # Upstream keeps a frozen encoder out of the module tree so it is not in the state dict
        # (the published model.safetensors has no T5 weights); we keep that contract.
        if enable_grad:
            self.model = encoder
        else:
            self.__dict__["model"] = encoder


@dataclass
class Bundle:
    """A loaded model with what the rest of the project needs to know about it."""

    model: torch.nn.Module
    model_config: dict[str, Any]
    path: Path
    weights_sha256: str
    provenance: dict[str, Any] = field(default_factory=dict)
    # Adapters attached to the base, by name: {name: {sha256, path, base_weights_sha256}}. With
    # one, `weights_sha256` is the adapter's (what makes this bundle differ from its base).
    adapters: dict[str, dict[str, str]] = field(default_factory=dict)
    arc: str | None = None  # why this looks like SAO small's ARC post-trained model, or None

    @property
    def sample_rate(self) -> int:
        return int(self.model_config["sample_rate"])

    @property
    def max_seconds(self) -> float:
        return self.model_config["sample_size"] / self.sample_rate

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device


def build_model(
    model_config: dict[str, Any],
    text_encoder_dir: str | Path | None,
    text_encoder_dtype: torch.dtype = torch.float16,
) -> torch.nn.Module:
    """Build the model with stable-audio-tools' factory, T5 conditioners loaded from a local dir.

    With `text_encoder_dir=None` the T5 conditioners are left out: enough to size the published
    architecture (T5 is not part of its weight file) on the `meta` device.
    """
    t5_configs = text_conditioner_configs(model_config)
    stripped = copy.deepcopy(model_config)
    conditioning = stripped["model"].get("conditioning")
    if conditioning:
        conditioning["configs"] = [c for c in conditioning["configs"] if c["type"] != "t5"]
    model = create_model_from_config(stripped)
    if text_encoder_dir is None or not t5_configs:
        return model
    cond_dim = model_config["model"]["conditioning"]["cond_dim"]
    built = dict(model.conditioner.conditioners.items())
    for entry in t5_configs:
        options = {k: v for k, v in entry["config"].items() if k != "t5_model_name"}
        built[entry["id"]] = LocalT5Conditioner(
            cond_dim, text_encoder_dir, dtype=text_encoder_dtype, **options
        )
    order = [c["id"] for c in model_config["model"]["conditioning"]["configs"]]
    model.conditioner.conditioners = torch.nn.ModuleDict({k: built[k] for k in order})
    return model


def load_state_dict(weights: Path) -> dict[str, torch.Tensor]:
    """Weights from safetensors or a Lightning-style `model.ckpt`; errors name the file."""
    try:
        return load_ckpt_state_dict(str(weights))
    except Exception as err:  # noqa: BLE001 - any decoder failure means the same thing here
        raise BundleError(f"{weights}: cannot be read as model weights ({err})") from err


def load_bundle(
    path: str | Path,
    text_encoder_dir: str | Path | None,
    *,
    device: str,
    text_encoder_dtype: str,
) -> Bundle:
    """Load a checkpoint directory (published SAO layout) onto `device` (`auto`: CUDA if there is
    one), in eval mode. `text_encoder_dir=None` takes the bundle's own `text_encoder/`."""
    path = Path(path).expanduser().resolve()
    if is_adapter_bundle(path):
        return load_adapter_bundle(
            path, text_encoder_dir, device=device, text_encoder_dtype=text_encoder_dtype
        )
    model_config = read_model_config(path)
    weights = find_weights(path)
    encoder_dir = (
        resolve_text_encoder_dir(path, text_encoder_dir)
        if text_conditioner_configs(model_config)
        else None
    )
    try:
        model = build_model(model_config, encoder_dir, getattr(torch, text_encoder_dtype))
    except (KeyError, TypeError, AssertionError, ValueError) as err:
        raise BundleError(f"{path / CONFIG_FILE}: cannot build the model ({err!r})") from err
    state_dict = load_state_dict(weights)
    missing, unexpected = model.load_state_dict(state_dict, strict=False)
    if missing or unexpected:
        raise BundleError(
            f"{weights}: does not match {CONFIG_FILE} "
            f"(missing {len(missing)} keys, e.g. {missing[:3]}; unexpected {len(unexpected)}, "
            f"e.g. {unexpected[:3]})"
        )
    provenance = read_provenance(path)
    model = model.to(pick_device(device)).eval().requires_grad_(False)
    arc = arc_reason(path, model_config)
    return Bundle(model, model_config, path, sha256_file(weights), provenance, arc=arc)


def load_adapter_bundle(
    path: Path, text_encoder_dir: str | Path | None, *, device: str, text_encoder_dtype: str
) -> Bundle:
    """The base named in `bundle.json` (checked by sha256), with the adapter attached under its
    name. T5: `text_encoder_dir`, else the bundle's own, else the one it was trained with."""
    from core.adapters import attach_adapter

    provenance = read_provenance(path)
    adapter = adapter_base(path, provenance)
    base_path = Path(adapter["base_checkpoint"])
    if is_adapter_bundle(base_path):
        raise BundleError(f"{path}: its base {base_path} is itself an adapter bundle")
    if text_encoder_dir is None and (path / TEXT_ENCODER_SUBDIR).is_dir():
        text_encoder_dir = path / TEXT_ENCODER_SUBDIR
    trained_with = adapter.get("text_encoder_dir")
    if text_encoder_dir is None and trained_with and Path(trained_with).is_dir():
        text_encoder_dir = trained_with
    base = load_bundle(
        base_path, text_encoder_dir, device="cpu", text_encoder_dtype=text_encoder_dtype
    )
    if base.weights_sha256 != adapter["base_weights_sha256"]:
        raise BundleError(
            f"{path}: the adapter was trained on base weights sha256 "
            f"{adapter['base_weights_sha256']}, but {base_path} now holds sha256 "
            f"{base.weights_sha256}; point it at the base it was trained on (or retrain)"
        )
    attach_adapter(base.model, path, adapter["name"])
    sha = sha256_file(path / ADAPTER_FILE)
    entry = {"sha256": sha, "path": str(path), "base_weights_sha256": base.weights_sha256}
    model = base.model.to(pick_device(device)).eval().requires_grad_(False)
    return Bundle(
        model, base.model_config, path, sha, provenance, {adapter["name"]: entry}, base.arc
    )
