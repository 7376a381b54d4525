"""A work function for `core.parallel` tests, in a module of its own so that a spawned worker
imports nothing else: it kills its process on "die", as a decoder crashing on a hostile file."""

from __future__ import annotations

import os


def exit_on_die(item: str) -> str:
    if item == "die":
        os._exit(3)
    return item.upper()
