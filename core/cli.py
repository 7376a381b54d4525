"""What every entry point shares: free-text arguments kept as typed, known warnings silenced.

Light on purpose (standard library only): entry points import this before torch, so `--help` and
bad arguments answer at once.
"""

from __future__ import annotations

import re
import warnings

# Harmless and repeated: torchsde's float32 rounding at the schedule's ends, and upstream's T5
# conditioner asking for CUDA autocast on a CPU.
KNOWN_WARNINGS = (
    (UserWarning, "Should have t[ab]"),
    (FutureWarning, r"`torch.cuda.amp.autocast\(args...\)`"),
    (UserWarning, "CUDA is not available or torch_xla"),
)


def quiet_known_warnings() -> None:
    """Silence the third-party warnings that say nothing to a user of this project."""
    for category, message in KNOWN_WARNINGS:
        warnings.filterwarnings("ignore", message=message, category=category)


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
