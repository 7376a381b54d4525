"""What every entry point shares: free-text arguments kept as typed, third-party noise silenced,
third-party import-time work that nothing here uses deferred, a one-shot command's exit kept short.

Light on purpose (standard library only): entry points import this before torch, so `--help` and
bad arguments answer at once.
"""

from __future__ import annotations

import functools
import gc
import importlib
import importlib.abc
import importlib.machinery
import inspect
import io
import logging
import os
import re
import sys
import warnings
from contextlib import nullcontext, redirect_stdout
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
# Modules that call `torch.compile` at import on code no model here runs: stable-audio-tools
# compiles flex attention, used only with block masks or score mods, which none of its models
# passes. That call imports Inductor (over a second of every cold start, on any device); while
# these modules import, it is deferred to the first call of what it compiles (`compile_later`).
COMPILES_ON_IMPORT = ("stable_audio_tools.models.transformer",)
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


def compile_later(compile_now: Any) -> Any:
    """A stand-in for `torch.compile` (`compile_now`) that compiles a plain function at its first
    call instead of at once, with the same arguments: what it returns is a function, so it binds
    as a method like torch's own wrapper does. If compiling fails, the function runs uncompiled,
    as both of stable-audio-tools' own fallbacks do. Anything else is compiled at once."""

    def deferred(model: Any = None, **options: Any) -> Any:
        if not inspect.isfunction(model):
            return compile_now(model, **options)
        compiled = None

        @functools.wraps(model)
        def compiled_on_first_call(*args: Any, **kwargs: Any) -> Any:
            nonlocal compiled
            if compiled is None:
                try:
                    compiled = compile_now(model, **options)
                except Exception:  # noqa: BLE001 - upstream falls back on any failure
                    compiled = model
            return compiled(*args, **kwargs)

        return compiled_on_first_call

    return deferred


class _TamedImport(importlib.abc.MetaPathFinder):
    """Runs the modules of PRINTS_ON_IMPORT with their stdout swallowed (their own prints only),
    and those of COMPILES_ON_IMPORT with `torch.compile` deferred (`compile_later`) while their
    top level runs; torch's own function is back in place as soon as they are imported."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in PRINTS_ON_IMPORT and name not in COMPILES_ON_IMPORT:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            exec_module = spec.loader.exec_module

            def tamed_exec(module: Any) -> None:
                # The module imports torch first thing anyway: importing it here costs nothing.
                torch = importlib.import_module("torch") if name in COMPILES_ON_IMPORT else None
                compile_now = torch.compile if torch is not None else None
                if torch is not None:
                    torch.compile = compile_later(compile_now)
                quiet = name in PRINTS_ON_IMPORT
                try:
                    with redirect_stdout(io.StringIO()) if quiet else nullcontext():
                        exec_module(module)
                finally:
                    if torch is not None:
                        torch.compile = compile_now

            spec.loader.exec_module = tamed_exec  # type: ignore[method-assign]
        return spec


def quiet_third_party() -> None:
    """Silence the third-party noise that says nothing to a user of this project, in one place.

    Every entry point calls it first, before torch or stable-audio-tools is imported: warnings
    by message, library loggers by line, a module's import-time prints, progress bars of loads
    (and, in the same import hook, the import-time `torch.compile` of COMPILES_ON_IMPORT).
    """
    for category, message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)
    for name, pattern in KNOWN_LOG_LINES:
        logging.getLogger(name).addFilter(_DropLines(pattern))
    for key, value in QUIET_ENV.items():
        os.environ.setdefault(key, value)
    if not any(isinstance(finder, _TamedImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _TamedImport())


OMP_WAIT_POLICIES = ("ACTIVE", "PASSIVE")


def set_omp_wait_policy(policy: str | None) -> None:
    """OpenMP's wait policy (conf `omp_wait_policy`) for the torch this process is about to load.

    OpenMP reads it once, when torch loads its runtime: an entry point calls this before torch
    is imported (later it would change nothing). A policy already in the environment is the
    user's and is kept. None leaves OpenMP's default.
    """
    if policy is None:
        return
    if policy not in OMP_WAIT_POLICIES:
        choices = ", ".join(OMP_WAIT_POLICIES)
        raise ValueError(f"omp_wait_policy: {policy!r} is not one of {choices} (or null)")
    if "torch" in sys.modules:  # in-process callers (tests): nothing to set, nothing to say
        return
    os.environ.setdefault("OMP_WAIT_POLICY", policy)


def skip_final_collection() -> None:
    """For a one-shot command whose work is done: at exit, the interpreter's garbage collector
    would walk every object torch, transformers and stable-audio-tools made (seconds, measured
    by bench/startup.py) just to free memory the OS takes back anyway. Frozen (`gc.freeze`),
    they are left out of those collections; atexit handlers and stream flushes run as before."""
    gc.freeze()


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
