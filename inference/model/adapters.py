"""Several fine-tuned adapters on one loaded base, blended live by strength.

`AdapterBlend.attach` puts each listed adapter bundle (`core.adapters`, peft LoRA) on the already
loaded base model under its own name, after checking that the bundle was trained on exactly this
base (sha256 of the base weights, as its `bundle.json` records it). The base is never reloaded:
`apply` sets each LoRA layer's active adapters and per-adapter scale (peft's `set_adapter` and
`set_scale`, the scale being `strength * alpha / rank`), which costs a walk over the LoRA layers.
An adapter at strength 0 is left out of the active set, so a blend of zeros is the base, bit for
bit; the active set keeps the configured order, so a blend always sums in the same order.

peft (and what it drags in: bitsandbytes, half of transformers) is imported only once there is an
adapter to attach or to drive: a bundle without adapters starts seconds sooner.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from core.bundle import Bundle
from core.checkpoint import (
    ADAPTER_FILE,
    BundleError,
    adapter_base,
    is_adapter_bundle,
    read_provenance,
)
from core.files import sha256_file

NAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a peft module key: no dots, no spaces
Blend = dict[str, float]  # adapter name -> strength


class BlendError(ValueError):
    """A blend that cannot be applied; the message names the adapter and the reason."""


@dataclass(frozen=True)
class Adapter:
    """One adapter on the base: its name, bundle, file hash and which model parts it adapts."""

    name: str
    path: Path
    sha256: str
    conditioner: bool  # adapts the conditioners too (their cached outputs depend on it)


def _entry(index: int, entry: Any) -> tuple[str, Path, float | None]:
    """(name, path, start strength or None) of one `generator.adapters` entry: a directory (named
    by its folder) or a mapping with `path` and optionally `name` and `strength`."""
    where = f"generator.adapters[{index}]"
    if isinstance(entry, str | Path):
        entry = {"path": entry}
    if not isinstance(entry, Mapping) or set(entry) - {"name", "path", "strength"}:
        raise BundleError(f"{where}: {entry!r} is not a path or a mapping of name, path, strength")
    if not isinstance(entry.get("path"), str | Path) or not str(entry["path"]).strip():
        raise BundleError(f"{where}: path is missing")
    path = Path(str(entry["path"]).strip()).expanduser().resolve()
    name = entry.get("name", path.name)
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise BundleError(f"{where}: name {name!r} must be 1-64 letters, digits, '_' or '-'")
    strength = entry.get("strength")
    if strength is not None and (
        isinstance(strength, bool) or not isinstance(strength, int | float)
    ):
        raise BundleError(f"{where}: strength {strength!r} is not a number")
    return name, path, strength


def base_sha256(bundle: Bundle) -> str:
    """The sha256 of the base weights under `bundle` (an adapter bundle names its base's)."""
    if bundle.adapters:
        return next(iter(bundle.adapters.values()))["base_weights_sha256"]
    return bundle.weights_sha256


class AdapterBlend:
    """The adapters on one model, in a fixed order, and the blend last applied to them."""

    def __init__(
        self, model: torch.nn.Module, adapters: list[Adapter], low: float, high: float
    ) -> None:
        self.model = model
        self.adapters = adapters
        self.low, self.high = low, high
        # Only a blend that owns adapters drives the LoRA layers: a model whose layers no bundle
        # lists (one still in training) keeps them as they are.
        self.layers = lora_layers(model) if adapters else []
        self.applied: tuple[tuple[str, float], ...] | None = None

    @classmethod
    def attach(
        cls, bundle: Bundle, entries: Sequence[Any], strength: Mapping[str, float]
    ) -> tuple[AdapterBlend, Blend]:
        """Attach every entry's adapter to `bundle.model`; (the blend, start strengths).
        `strength` is conf `generator.adapter_strength` (min, max, start). A bundle trained on
        another base, a bad entry or a duplicate name is refused with the reason."""
        low, high, start = (float(strength[k]) for k in ("min", "max", "start"))
        if not (math.isfinite(low) and math.isfinite(high) and low < high and low <= start <= high):
            raise BundleError(
                f"generator.adapter_strength: need min < max and start in between, got "
                f"min {low:g}, max {high:g}, start {start:g}"
            )
        base_sha = base_sha256(bundle)
        adapters = [cls._own(bundle, name, entry) for name, entry in bundle.adapters.items()]
        starts = {adapter.name: start for adapter in adapters}
        listed = []  # every entry checked before the model is touched
        for index, raw in enumerate(entries):
            name, path, first = _entry(index, raw)
            if name in starts:
                raise BundleError(f"generator.adapters[{index}]: name '{name}' is used twice")
            if first is not None and not low <= first <= high:
                raise BundleError(
                    f"generator.adapters[{index}]: strength {first:g} is outside {low:g}..{high:g}"
                )
            cls._check_base(bundle, base_sha, path, f"generator.adapters[{index}] ({path})")
            starts[name] = start if first is None else float(first)
            listed.append((name, path))
        if listed:
            from core.adapters import attach_adapter  # peft: only with adapters to attach
        for name, path in listed:
            attach_adapter(bundle.model, path, name)
            bundle.model.requires_grad_(False)  # peft marks new adapters trainable
            sha = sha256_file(path / ADAPTER_FILE)
            adapters.append(Adapter(name, path, sha, _adapts_conditioner(bundle.model, name)))
        blend = cls(bundle.model, adapters, low, high)
        blend.apply(starts)
        return blend, starts

    @staticmethod
    def _own(bundle: Bundle, name: str, entry: Mapping[str, str]) -> Adapter:
        """The adapter an adapter bundle brought with it (`bundle=` an adapter bundle)."""
        path = Path(entry["path"])
        return Adapter(name, path, entry["sha256"], _adapts_conditioner(bundle.model, name))

    @staticmethod
    def _check_base(bundle: Bundle, base_sha: str, path: Path, where: str) -> None:
        """An adapter bundle trained on exactly the loaded base, or BundleError saying why not."""
        if not is_adapter_bundle(path):
            raise BundleError(f"{where}: not an adapter bundle (no {ADAPTER_FILE})")
        section = adapter_base(path, read_provenance(path))
        if section["base_weights_sha256"] != base_sha:
            raise BundleError(
                f"{where}: trained on base weights sha256 {section['base_weights_sha256']} "
                f"({section['base_checkpoint']}), but the loaded base {bundle.path} holds sha256 "
                f"{base_sha}; every blended adapter must share the loaded base"
            )

    @property
    def names(self) -> list[str]:
        return [adapter.name for adapter in self.adapters]

    def get(self, name: str) -> Adapter | None:
        return next((a for a in self.adapters if a.name == name), None)

    def check(self, name: Any, strength: Any) -> float:
        """`strength` as a float, when `name` is a loaded adapter and it is in range."""
        if not isinstance(name, str) or self.get(name) is None:
            known = f"loaded: {', '.join(self.names)}" if self.names else "no adapter is loaded"
            raise BlendError(f"adapter {name!r} is not loaded ({known})")
        ok = isinstance(strength, int | float) and not isinstance(strength, bool)
        if not ok or not math.isfinite(strength) or not self.low <= strength <= self.high:
            raise BlendError(
                f"adapter '{name}': strength must be a number in {self.low:g}..{self.high:g}, "
                f"got {strength!r}"
            )
        return float(strength)

    def full(self, blend: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
        """Every adapter's strength in order, checked (adapters `blend` leaves out: 0)."""
        for name, strength in blend.items():
            self.check(name, strength)
        return tuple((a.name, float(blend.get(a.name, 0.0))) for a in self.adapters)

    def apply(self, blend: Mapping[str, float]) -> bool:
        """Set the model's LoRA layers to `blend`; False when it is already applied."""
        full = self.full(blend)
        if full == self.applied:
            return False
        active = [name for name, strength in full if strength != 0.0]
        before = [n for n, s in self.applied or () if s != 0.0] if self.applied else None
        for layer in self.layers:
            for name, strength in full:
                layer.set_scale(name, strength)
            if active != before:  # peft walks every adapter's parameters here: only on change
                layer.set_adapter(active, inference_mode=True)
        self.applied = full
        return True

    def conditioning_key(self) -> tuple[tuple[str, float], ...]:
        """What the conditioners' outputs depend on: the strengths of adapters on them."""
        if self.applied is None:
            return ()
        on = {a.name for a in self.adapters if a.conditioner}
        return tuple(item for item in self.applied if item[0] in on)

    def record(self) -> list[dict[str, Any]]:
        """What a fragment records: name, sha256 and strength of each adapter, in order."""
        strengths = dict(self.applied or ())
        return [
            {"name": a.name, "sha256": a.sha256, "strength": strengths.get(a.name, 0.0)}
            for a in self.adapters
        ]


def lora_layers(model: torch.nn.Module) -> list[torch.nn.Module]:
    """peft's LoRA layers in `model` (imports peft: call it only when there are adapters)."""
    from peft.tuners.lora import LoraLayer

    return [m for m in model.modules() if isinstance(m, LoraLayer)]


def _adapts_conditioner(model: torch.nn.Module, name: str) -> bool:
    conditioner = getattr(model, "conditioner", None)
    if conditioner is None:
        return False
    return any(name in m.lora_A for m in lora_layers(conditioner))
