"""Export of a LoRA fine-tune: an adapter bundle on its base, or the adapter merged into weights.

A LoRA checkpoint (`training.diffusion`, `checkpoint["adapter"]`) holds only the adapter's
weights; the base is reloaded by the one loader (`core.bundle.load_bundle`), the adapter is put
back on it with peft (`core.adapters`), and then either its weights alone are written
(`adapter.safetensors` + `adapter_config.json`, `bundle.json` naming the base by path and sha256)
or, with `training.export.merge=true`, the merged model in the base's own layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from core.adapters import adapter_state, inject_adapters, merged_weights
from core.bundle import load_bundle
from core.checkpoint import BundleError, write_adapter_bundle, write_checkpoint

TRAINED_PREFIX = "diffusion."  # the wrapped model's keys inside the LightningModule's state


def trained_model(cfg: DictConfig, checkpoint: dict[str, Any], where: Path) -> Any:
    """The base bundle with the checkpoint's adapter on it, trained weights in place."""
    base = cfg.training.base
    bundle = load_bundle(
        base.checkpoint, base.text_encoder_dir, device="cpu",
        text_encoder_dtype=base.text_encoder_dtype,
    )  # fmt: skip
    adapter = checkpoint["adapter"]
    inject_adapters(bundle.model, adapter["configs"], adapter["name"], where)
    state = {
        k.removeprefix(TRAINED_PREFIX): v
        for k, v in checkpoint["state_dict"].items()
        if k.startswith(TRAINED_PREFIX) and "lora_" in k
    }
    missing, unexpected = bundle.model.load_state_dict(state, strict=False)
    lost = [k for k in missing if "lora_" in k]
    if lost or unexpected:
        raise BundleError(f"{where}: adapter weights do not fit (missing {lost[:3]}, "
                          f"unexpected {unexpected[:3]})")  # fmt: skip
    return bundle


def write_adapter_export(
    cfg: DictConfig, checkpoint: dict[str, Any], where: Path, staging: Path
) -> tuple[Path, dict[str, Any] | None]:
    """(weights file written, the `adapter` section of bundle.json or None when merged)."""
    bundle = trained_model(cfg, checkpoint, where)
    adapter = checkpoint["adapter"]
    if cfg.training.export.merge:
        return write_merged(bundle, staging), None
    state = adapter_state(bundle.model, adapter["name"], list(adapter["configs"]))
    weights = write_adapter_bundle(staging, bundle.model_config, state, adapter["configs"])
    encoder = cfg.training.base.text_encoder_dir
    section = {
        "name": adapter["name"],
        "base_checkpoint": str(bundle.path),
        "base_weights_sha256": bundle.weights_sha256,
        "text_encoder_dir": str(Path(encoder).resolve()) if encoder else None,
        "parts": sorted(adapter["configs"]),
    }
    return weights, section


def merged_state(bundle: Any, base_state: dict[str, Any]) -> dict[str, Any]:
    """The adapter on `bundle.model` merged into the base's weights: same keys and dtypes."""
    merged = merged_weights(bundle.model)
    if set(merged) != set(base_state):
        extra = sorted(set(merged) ^ set(base_state))[:3]
        raise BundleError(f"{bundle.path}: merged weights differ from the base's keys ({extra})")
    return {k: merged[k].to(v.dtype) for k, v in base_state.items()}


def write_merged(bundle: Any, staging: Path) -> Path:
    """The adapter merged into the base's weights, written in the base's own layout."""
    from core.bundle import load_state_dict
    from core.checkpoint import find_weights

    base_state = load_state_dict(find_weights(bundle.path))
    return write_checkpoint(staging, bundle.model_config, merged_state(bundle, base_state))
