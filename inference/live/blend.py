"""The live adapter blend: what the page's sliders and the device's dials set, and which blend
each kind of request gets.

A new generation takes the live blend. Regenerate takes the fragment's recorded blend (the same
adapter files, checked by sha256), so it is bit-identical. Vary and Loop keep the parent's blend,
except for adapters whose strength was changed (page or `/sao/blend`) after the parent was made,
or that the parent was not made with (that same file): those take their live strength. "After"
is counted in this process: a fragment from an earlier session is older than every change made
in this one.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from inference.live.request import GenerationError, GenerationRequest, request_of
from inference.model.adapters import AdapterBlend, BlendError

if TYPE_CHECKING:
    from inference.live.delivery import OscDelivery
    from inference.live.store import Fragment

BlendItems = tuple[tuple[str, float], ...]  # (name, strength) of every adapter, in order


class LiveBlend:
    """The performer's blend over one generator's adapters (`inference.model.adapters`)."""

    def __init__(self, adapters: AdapterBlend, start: dict[str, float]) -> None:
        self.adapters = adapters
        self._strengths = dict(adapters.full(start))
        self._clock = itertools.count(1)
        self._changed: dict[str, int] = {}  # adapter -> when it was last changed
        self._made: dict[str, int] = {}  # fragment id -> when it was made (this process)
        self._lock = threading.Lock()

    def current(self) -> BlendItems:
        with self._lock:
            return tuple(self._strengths.items())

    def set(self, name: Any, strength: Any) -> BlendItems:
        """One adapter's strength; GenerationError (nothing changed) for an unknown name or a
        strength out of range."""
        try:
            value = self.adapters.check(name, strength)
        except BlendError as err:
            raise GenerationError(f"blend: {err}") from None
        with self._lock:
            self._strengths[name] = value
            self._changed[name] = next(self._clock)
            return tuple(self._strengths.items())

    def made(self, fragment_id: str) -> None:
        """A fragment was made now (changes from here on are newer than it)."""
        with self._lock:
            self._made[fragment_id] = next(self._clock)

    def of_parent(self, parent: Fragment) -> BlendItems:
        """The parent's blend, with the strengths changed since it was made taken live."""
        recorded = {e["name"]: e["strength"] for e in parent.adapters if self._loaded(e)}
        with self._lock:
            born = self._made.get(parent.id, 0)
            return tuple(
                (name, live if self._changed.get(name, 0) > born else recorded.get(name, live))
                for name, live in self._strengths.items()
            )

    def recorded(self, fragment: Fragment) -> BlendItems:
        """Exactly the blend `fragment` was made with; GenerationError when one of its adapters
        is not loaded, or is another file now (it could not be bit-identical)."""
        for entry in fragment.adapters:
            if entry["strength"] and not self._loaded(entry):
                loaded = self.adapters.get(entry["name"])
                now = f"loaded with sha256 {loaded.sha256[:12]}" if loaded else "not loaded"
                raise GenerationError(
                    f"fragment {fragment.id} was made with adapter '{entry['name']}' (sha256 "
                    f"{entry['sha256'][:12]}) at {entry['strength']:g}, which is {now}"
                )
        strengths = {e["name"]: e["strength"] for e in fragment.adapters}
        return tuple((name, float(strengths.get(name, 0.0))) for name in self.adapters.names)

    def _loaded(self, entry: dict[str, Any]) -> bool:
        adapter = self.adapters.get(entry["name"])
        return adapter is not None and adapter.sha256 == entry["sha256"]


class DeviceControls:
    """What the engine (`inference.live.engine.Engine` is one) answers the device beyond
    generations: the blend (each refusal one `/sao/status error`, each accepted change one
    `/sao/adapters`), errors and busy answers for requests that never reached it."""

    blend: LiveBlend
    delivery: OscDelivery
    _fail: Any
    _same_model: Any

    def request_from(self, parent: Fragment) -> GenerationRequest:
        """What `parent` was made from, with its blend as Vary and Loop keep it."""
        request = request_of(parent, self._same_model(parent))
        return replace(request, blend=self.blend.of_parent(parent))

    def set_blend(self, name: Any, strength: Any) -> BlendItems:
        """One adapter's strength in the live blend (page or `/sao/blend`), announced to the
        device with `/sao/adapters`; nothing changes when it is refused."""
        try:
            blend = self.blend.set(name, strength)
        except GenerationError as err:
            raise self._fail(str(err)) from None
        self.delivery.send_adapters(blend)
        return blend

    def send_adapters(self) -> None:
        """`/sao/adapters` with the live blend (the device asks for it when it loads)."""
        self.delivery.send_adapters(self.blend.current())

    def recorded_blend(self, fragment: Fragment) -> BlendItems:
        """The blend `fragment` was made with, for a bit-identical regeneration."""
        try:
            return self.blend.recorded(fragment)
        except GenerationError as err:
            raise self._fail(str(err)) from None

    def report_error(self, message: str) -> None:
        """Tell the device (`/sao/status error`) about a request that never reached the engine."""
        self.delivery.send_status("error", message)

    def report_busy(self, message: str) -> None:
        """Tell the device (`/sao/status busy`) that its request was merged into a pending one."""
        self.delivery.send_status("busy", message)
