"""The projector's credits: whether it shows them (one switch every page flips) and what they are.

The credits are the `LICENCES.md` of the loaded bundle and of every adapter bundle blended on it
(`core.credits`), read once, on first use: a loaded bundle does not change under a running engine.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from core.credits import Credits, read_credits

if TYPE_CHECKING:
    from inference.model.generator import Generator


def credit_sources(generator: Generator) -> tuple[Path, ...]:
    """The loaded bundle, then each adapter bundle on it (once each), in the blend's order."""
    paths = [generator.bundle.path, *(adapter.path for adapter in generator.adapters.adapters)]
    return tuple(dict.fromkeys(Path(p) for p in paths))


class ProjectorCredits:
    """The credits of some bundles and whether the projector shows them (off until a page sets
    it from conf/ui `audience.credits`)."""

    def __init__(self, sources: Sequence[Path]) -> None:
        self.sources = tuple(sources)
        self._shown = False
        self._credits: tuple[Credits, ...] | None = None
        self._lock = threading.Lock()

    @property
    def shown(self) -> bool:
        return self._shown

    def show(self, on: bool) -> bool:
        """Show (True) or hide the credits on every projector; returns the new state."""
        self._shown = bool(on)
        return self._shown

    def read(self) -> tuple[Credits, ...]:
        """One `Credits` per source (a source without `LICENCES.md` says so); read once."""
        with self._lock:
            if self._credits is None:
                self._credits = tuple(read_credits(path) for path in self.sources)
            return self._credits
