"""The stage status every page, the projector and the device share: idle, generating, ready.

Whoever asked for the fragment (the page, the device, the CLI), `Stage` is what the engine is
doing: its prompt, and the sampler's step out of the total.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inference.live.store import Fragment


@dataclass(frozen=True)
class StageView:
    """What the engine is doing, for every page and the projector."""

    state: str  # idle | generating | ready
    prompt: str
    step: int
    total: int


class Stage:
    """The engine's status, whoever asked for the fragment (the page, the device, the CLI)."""

    def __init__(self, last: Fragment | None = None) -> None:
        self._lock = threading.Lock()
        # After a restart the projector shows the last fragment's prompt, not an empty screen.
        self._view = StageView("ready", last.prompt, 1, 1) if last else StageView("idle", "", 0, 0)
        self._before = self._view

    def begin(self, prompt: str, total: int) -> None:
        with self._lock:
            self._before, self._view = self._view, StageView("generating", prompt, 0, total)

    def advance(self, step: int, total: int) -> None:
        with self._lock:
            self._view = StageView("generating", self._view.prompt, step, total)

    def finish(self) -> None:
        with self._lock:
            self._view = StageView("ready", self._view.prompt, 1, 1)

    def fail(self) -> None:
        """Back to what was shown before: a failed generation is not the audience's business."""
        with self._lock:
            self._view = self._before

    def view(self) -> StageView:
        with self._lock:
            return self._view
