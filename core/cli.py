"""What every entry point shares: free-text arguments kept as typed, third-party noise silenced.

Light on purpose (standard library only): entry points import this before torch, so `--help` and
bad arguments answer at once.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import io
import logging
import os
import re
import sys
import warnings
from contextlib import redirect_stdout
from typing import Any

# Harmless, repeated, and nothing a user of this project can act on: (category, message regex).
KNOWN_WARNINGS = (
    (UserWarning, "Should have t[ab]"),  # torchsde: float32 rounding at the schedule's ends
    (FutureWarning, r"`torch.cuda.amp.autocast\(args...\)`"),  # upstream's T5 conditioner
    (UserWarning, "CUDA is not available or torch_xla"),  # the same autocast, on a CPU
    (UserWarning, "pkg_resources is deprecated"),  # clip, imported by stable-audio-tools
    (FutureWarning, r"`torch.nn.utils.weight_norm` is deprecated"),  # the Oobleck autoencoder
    (Warning, r"`isinstance\(treespec, LeafSpec\)` is deprecated"),  # Lightning's pytree copy
)
# Lines third-party code logs through `logging` (logger name, message regex).
KNOWN_LOG_LINES = (
    ("pytorch_lightning.utilities.rank_zero", "litlogger"),
    # bitsandbytes (imported by peft) on a CPU without its optional kernels package: 4-bit
    # inference is never used here, the 8-bit optimiser is GPU only.
    ("bitsandbytes.backends.cpu.ops", "gemm_4bit_forward"),
)
# Modules that print on import (stable-audio-tools: "No module named 'flash_attn'" and why).
PRINTS_ON_IMPORT = ("stable_audio_tools.models.transformer",)
QUIET_ENV = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",  # transformers' "Loading weights" bar on every load
    "TRANSFORMERS_VERBOSITY": "error",
}


class _DropLines(logging.Filter):
    def __init__(self, pattern: str) -> None:
        super().__init__()
        self.pattern = re.compile(pattern)

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.pattern.search(record.getMessage())


class _SilentImport(importlib.abc.MetaPathFinder):
    """Runs the modules of PRINTS_ON_IMPORT with their stdout swallowed (their own prints only)."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in PRINTS_ON_IMPORT:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            exec_module = spec.loader.exec_module

            def quiet_exec(module: Any) -> None:
                with redirect_stdout(io.StringIO()):
                    exec_module(module)

            spec.loader.exec_module = quiet_exec  # type: ignore[method-assign]
        return spec


def quiet_third_party() -> None:
    """Silence the third-party noise that says nothing to a user of this project, in one place.

    Every entry point calls it first, before torch or stable-audio-tools is imported: warnings
    by message, library loggers by line, a module's import-time prints, progress bars of loads.
    """
    for category, message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)
    for name, pattern in KNOWN_LOG_LINES:
        logging.getLogger(name).addFilter(_DropLines(pattern))
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    if not any(isinstance(finder, _SilentImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SilentImport())


FREE_TEXT_KEYS = (
    "prompt",
    "negative_prompt",
    "inference.request.prompt",
    "inference.request.negative_prompt",
)


def quote_free_text(argv: list[str], keys: tuple[str, ...] = FREE_TEXT_KEYS) -> list[str]:
    """`prompt=a, b` -> `prompt='a, b'` (Hydra quoting).

    Hydra would read the commas of `prompt=gritty pad, Tempo: 107` as a list, and OmegaConf would
    expand `${oc.env:HOME}` typed in a prompt: the value is quoted and escaped so that what the
    config holds, once resolved, is exactly what was typed (backslashes and quotes included). A
    value already wrapped in matching quotes (`"prompt='a, b'"`, Hydra's own quoting) is taken
    as the text inside them, and escaped the same way.
    """
    names = "|".join(re.escape(key) for key in keys)
    pattern = re.compile(rf"^(\+{{0,2}})({names})=(.*)$", re.DOTALL)
    quoted = []
    for arg in argv:
        match = pattern.match(arg)
        value = match.group(3) if match else ""
        if match:
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1].replace("\\" + value[0], value[0])
            arg = f"{match.group(1)}{match.group(2)}={hydra_quoted(value)}"
        quoted.append(arg)
    return quoted


def hydra_quoted(text: str) -> str:
    """`text` as a single-quoted Hydra override value that resolves to exactly `text`."""
    # OmegaConf: a run of backslashes before `${` is halved, an odd one left escapes the `${`.
    text = re.sub(r"(\\*)\$\{", lambda m: m.group(1) * 2 + "\\${", text)
    # Hydra: in a quoted value, a run of backslashes before a quote (or the closing one) is halved.
    text = re.sub(r"(\\*)'", lambda m: m.group(1) * 2 + "\\'", text)
    text = re.sub(r"(\\+)$", lambda m: m.group(1) * 2, text)
    return f"'{text}'"
