"""The checkpoint directory: the published Stable Audio Open layout, read and written in one place.

A checkpoint (a "bundle") is `model_config.json` plus `model.safetensors` (or `model.ckpt`, as SAO
small ships), and optionally `text_encoder/` (a local T5 directory) and `bundle.json` (provenance).
An adapter bundle holds `adapter.safetensors` + `adapter_config.json` (peft's LoRA config) instead
of full weights, and its `bundle.json` names the base checkpoint by path and sha256. An exported
bundle also carries `LICENCES.md` (the base's licence and the training data's credits).
Every writer (the tiny demo base, export) and every reader (`core.bundle.load_bundle`) uses these
names. Only the standard library is imported at module level, so entry points can check a
directory in milliseconds, before torch loads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.files import write_json_atomic

if TYPE_CHECKING:
    import torch

CONFIG_FILE = "model_config.json"
WEIGHTS_FILE = "model.safetensors"
WEIGHT_FILES = (WEIGHTS_FILE, "model.ckpt")
TEXT_ENCODER_SUBDIR = "text_encoder"
PROVENANCE_FILE = "bundle.json"
ADAPTER_FILE = "adapter.safetensors"
ADAPTER_CONFIG_FILE = "adapter_config.json"
LICENCES_FILE = "LICENCES.md"  # the credits: written by training.licence_card, read by core.credits
# SAO small's repository ships the ARC post-trained model (model.ckpt + model_config.json) beside
# the rectified-flow base it was post-trained from (these two names).
SAO_SMALL_BASE_FILES = ("base_model.ckpt", "base_model_config.json")
ARC_OBJECTIVE = "rf_denoiser"  # the objective ARC post-training leaves in the config


class BundleError(ValueError):
    """A checkpoint directory that cannot be loaded; the message names the file and the reason."""


def read_model_config(path: str | Path) -> dict[str, Any]:
    """Read and sanity-check `model_config.json` of a checkpoint directory."""
    path = Path(path)
    if not path.is_dir():
        raise BundleError(f"checkpoint directory {path} does not exist or is not a directory")
    config_path = path / CONFIG_FILE
    if not config_path.is_file():
        raise BundleError(f"{config_path}: missing (a checkpoint directory needs {CONFIG_FILE})")
    try:
        config = json.loads(config_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BundleError(f"{config_path}: not valid JSON ({err})") from err
    for key in ("model_type", "sample_rate", "sample_size", "model"):
        if key not in (config if isinstance(config, dict) else {}):
            raise BundleError(f"{config_path}: missing key '{key}'")
    if config["model_type"] != "diffusion_cond":
        raise BundleError(
            f"{config_path}: model_type is '{config['model_type']}', expected 'diffusion_cond'"
        )
    return config


def find_weights(path: str | Path) -> Path:
    """The weight file of a checkpoint directory: model.safetensors, else model.ckpt."""
    for name in WEIGHT_FILES:
        candidate = Path(path) / name
        if candidate.is_file():
            return candidate
    raise BundleError(f"{Path(path) / WEIGHT_FILES[0]}: missing (nor is there {WEIGHT_FILES[1]})")


def check_checkpoint_dir(path: str | Path) -> Path:
    """The directory, resolved, if it looks loadable (config and weights present); else BundleError.

    Cheap on purpose: entry points call it before importing torch, so a typo is reported at once.
    """
    path = Path(path).expanduser().resolve()
    read_model_config(path)
    if not is_adapter_bundle(path):
        find_weights(path)
    return path


def is_adapter_bundle(path: str | Path) -> bool:
    """An adapter bundle has `adapter.safetensors` and no full weights of its own."""
    return (Path(path) / ADAPTER_FILE).is_file()


def arc_reason(path: str | Path, model_config: Mapping[str, Any]) -> str | None:
    """Why this checkpoint looks like SAO small's ARC post-trained model, or None.

    ARC (adversarial relativistic-contrastive post-training) leaves the `rf_denoiser` objective in
    the config; the published directory also holds the base files beside `model.ckpt`.
    """
    diffusion = model_config["model"].get("diffusion") or {}
    objective = diffusion.get("diffusion_objective")
    if objective == ARC_OBJECTIVE:
        return f"its {CONFIG_FILE} sets diffusion_objective '{ARC_OBJECTIVE}' (ARC's)"
    training = json.dumps(model_config.get("training") or {}).lower()
    if '"arc' in training or "adversarial" in training:
        return f"its {CONFIG_FILE} has an ARC block in its training section"
    if all((Path(path) / name).is_file() for name in SAO_SMALL_BASE_FILES):
        return f"{', '.join(SAO_SMALL_BASE_FILES)} lie beside it (the published SAO small layout)"
    return None


def text_conditioner_configs(model_config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The T5 entries of the conditioning config (SAO has exactly one, id `prompt`)."""
    conditioning = model_config["model"].get("conditioning") or {}
    return [c for c in conditioning.get("configs", []) if c["type"] == "t5"]


def resolve_text_encoder_dir(path: Path, text_encoder_dir: str | Path | None) -> Path:
    """An explicit directory wins; else the bundle's own `text_encoder/`; never a hub."""
    candidate = Path(text_encoder_dir) if text_encoder_dir else path / TEXT_ENCODER_SUBDIR
    if not (candidate / "config.json").is_file():
        raise BundleError(
            f"{candidate / 'config.json'}: missing. The T5 text encoder must be a local directory "
            "(e.g. a downloaded t5-base): pass text_encoder_dir=DIR or put it in "
            f"{path / TEXT_ENCODER_SUBDIR}"
        )
    return candidate


def read_provenance(path: Path) -> dict[str, Any]:
    """`bundle.json` of a checkpoint directory, or {} for a download that has none."""
    provenance_path = path / PROVENANCE_FILE
    if not provenance_path.is_file():
        return {}
    try:
        provenance = json.loads(provenance_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise BundleError(f"{provenance_path}: not valid JSON ({err})") from err
    if not isinstance(provenance, dict):
        raise BundleError(f"{provenance_path}: must hold a JSON object")
    return provenance


def adapter_base(path: Path, provenance: Mapping[str, Any]) -> dict[str, Any]:
    """The `adapter` section of an adapter bundle's `bundle.json`: name, base path and sha256."""
    adapter = provenance.get("adapter")
    where = path / PROVENANCE_FILE
    if not isinstance(adapter, dict):
        raise BundleError(f"{where}: an adapter bundle needs an 'adapter' object (name, base)")
    for key in ("name", "base_checkpoint", "base_weights_sha256"):
        if not isinstance(adapter.get(key), str) or not adapter[key]:
            raise BundleError(f"{where}: adapter.{key} is missing or not a string")
    return adapter


def write_adapter_bundle(
    out: Path,
    model_config: Mapping[str, Any],
    adapter_state: Mapping[str, torch.Tensor],
    adapter_config: Mapping[str, Any],
) -> Path:
    """Write an adapter bundle's config, adapter weights and peft config into `out` (staged);
    the caller adds `bundle.json` with the `adapter` section (`adapter_base` reads it)."""
    from safetensors.torch import save_file

    weights = out / ADAPTER_FILE
    save_file({k: v.contiguous() for k, v in adapter_state.items()}, weights)
    weights.chmod(0o644)
    write_json_atomic(out / CONFIG_FILE, dict(model_config))
    write_json_atomic(out / ADAPTER_CONFIG_FILE, dict(adapter_config))
    return weights


def write_checkpoint(
    out: Path,
    model_config: Mapping[str, Any],
    state_dict: Mapping[str, torch.Tensor],
    provenance: Mapping[str, Any] | None = None,
) -> Path:
    """Write config and weights (and provenance) into `out`, an empty staging directory.

    Callers stage the whole directory (`core.files.staged_dir`) so a reader never sees half of it.
    """
    from safetensors.torch import save_file

    weights = out / WEIGHTS_FILE
    save_file({k: v.contiguous() for k, v in state_dict.items()}, weights)
    weights.chmod(0o644)
    write_json_atomic(out / CONFIG_FILE, dict(model_config))
    if provenance is not None:
        write_json_atomic(out / PROVENANCE_FILE, dict(provenance))
    return weights
