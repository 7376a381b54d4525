"""LoRA adapters on a loaded model, built with peft: add, extract, attach from a bundle, merge.

Training adds a named adapter to the diffusion transformer (`model.model`) and, optionally, to the
conditioners' projections; everything else stays frozen. An adapter bundle stores peft's state
dict (adapter name stripped) and peft's config, so any number of named adapters can be attached
to one base model (`attach_adapter` per name), which is what live blending builds on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch
from peft import (
    LoraConfig,
    get_peft_model_state_dict,
    inject_adapter_in_model,
    set_peft_model_state_dict,
)
from peft.tuners.lora import LoraLayer

from core.checkpoint import ADAPTER_CONFIG_FILE, ADAPTER_FILE, BundleError

# The parts of a ConditionedDiffusionModelWrapper an adapter can live on.
PARTS = ("model", "conditioner")


def lora_config(settings: Mapping[str, Any], targets: list[str]) -> LoraConfig:
    """peft's LoraConfig from `training.finetune.lora` (rank, alpha, dropout) and module names."""
    return LoraConfig(
        r=int(settings["rank"]),
        lora_alpha=float(settings["alpha"]),
        lora_dropout=float(settings["dropout"]),
        target_modules=list(targets),
        bias="none",
    )


def config_to_json(config: LoraConfig) -> dict[str, Any]:
    """peft's config as plain JSON (sets become sorted lists, enums their value)."""
    out = {}
    for key, value in config.to_dict().items():
        if isinstance(value, set):
            value = sorted(value)
        out[key] = getattr(value, "value", value)
    return out


def config_from_json(data: Mapping[str, Any], where: Path) -> LoraConfig:
    known = set(LoraConfig.__dataclass_fields__)
    try:
        return LoraConfig(**{k: v for k, v in data.items() if k in known and k != "peft_type"})
    except (TypeError, ValueError) as err:
        raise BundleError(f"{where}: not a LoRA config peft accepts ({err})") from err


def add_lora(
    model: torch.nn.Module, settings: Mapping[str, Any], name: str
) -> dict[str, dict[str, Any]]:
    """Freeze `model` and add a trainable LoRA adapter `name` to its DiT (and conditioners when
    `settings.conditioners`); returns {part: peft config as JSON}."""
    model.requires_grad_(False)
    parts = {"model": list(settings["target_modules"])}
    if settings["conditioners"]:
        parts["conditioner"] = list(settings["conditioner_target_modules"])
    configs = {}
    for part, targets in parts.items():
        config = lora_config(settings, targets)
        try:
            inject_adapter_in_model(config, getattr(model, part), adapter_name=name)
        except ValueError as err:  # peft: "Target modules ... not found in the base model"
            raise ValueError(f"training.finetune.lora ({part}): {err}") from err
        configs[part] = config_to_json(config)
    for module in model.modules():  # only this adapter learns (peft marks it, we make sure)
        if isinstance(module, LoraLayer):
            for param_name, param in module.named_parameters():
                param.requires_grad_(f".{name}." in f".{param_name}.")
    return configs


def adapter_state(model: torch.nn.Module, name: str, parts: list[str]) -> dict[str, torch.Tensor]:
    """The adapter's weights, keyed `part.<peft key>` (the adapter name stripped)."""
    state = {}
    for part in parts:
        for key, value in get_peft_model_state_dict(
            getattr(model, part), adapter_name=name
        ).items():
            state[f"{part}.{key}"] = value.detach().cpu().contiguous()
    return state


def inject_adapters(
    model: torch.nn.Module, configs: Mapping[str, Any], name: str, where: Path
) -> None:
    """Add adapter `name` (zero-initialised) to the parts of `model` that `configs` (part -> peft
    config JSON, as `add_lora` returns) names; `where` is the file they came from."""
    if not isinstance(configs, Mapping) or not configs or set(configs) - set(PARTS):
        raise BundleError(f"{where}: must map parts ({', '.join(PARTS)}) to LoRA configs")
    for part, data in configs.items():
        config = config_from_json(data, where)
        try:
            inject_adapter_in_model(config, getattr(model, part), adapter_name=name)
        except ValueError as err:
            raise BundleError(f"{where}: does not fit the base model ({err})") from err


def attach_adapter(model: torch.nn.Module, path: Path, name: str) -> None:
    """Add the adapter stored in bundle `path` to `model` under `name` (several names may be
    attached to one model); errors name the file."""
    from safetensors.torch import load_file

    config_path = path / ADAPTER_CONFIG_FILE
    try:
        configs = json.loads(config_path.read_text())
        state = load_file(str(path / ADAPTER_FILE))
    except Exception as err:  # noqa: BLE001 - safetensors' own error type means the same here
        raise BundleError(f"{path}: cannot read the adapter ({err})") from err
    inject_adapters(model, configs, name, config_path)
    stray = [k for k in state if k.split(".", 1)[0] not in configs]
    if stray:
        raise BundleError(f"{path / ADAPTER_FILE}: weights of no adapted part ({stray[:3]})")
    for part in configs:
        prefix = f"{part}."
        own = {k.removeprefix(prefix): v for k, v in state.items() if k.startswith(prefix)}
        module = getattr(model, part)
        expected = {k for k in module.state_dict() if f".{name}." in k and "lora_" in k}
        try:
            result = set_peft_model_state_dict(module, own, adapter_name=name)
        except RuntimeError as err:  # torch: a tensor of another shape
            raise BundleError(f"{path / ADAPTER_FILE}: does not fit its config ({err})") from err
        missing = sorted(expected & set(result.missing_keys))
        if missing or result.unexpected_keys:
            raise BundleError(
                f"{path / ADAPTER_FILE}: does not match {ADAPTER_CONFIG_FILE} (missing "
                f"{missing[:3]}, unexpected {list(result.unexpected_keys)[:3]})"
            )


def merged_weights(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The state dict of `model` with every adapter merged into its base layers, in the base's
    own key names (what a full checkpoint holds)."""
    for module in model.modules():
        if isinstance(module, LoraLayer):
            module.merge(safe_merge=True)
    merged = {}
    for key, value in model.state_dict().items():
        if "lora_" in key:
            continue
        merged[key.replace(".base_layer.", ".")] = value
    return merged
