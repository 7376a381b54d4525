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


def quote_free_text(argv: list[str], keys: tuple[str, ...] = ("prompt",)) -> list[str]:
    """`prompt=a, b` -> `prompt='a, b'` (Hydra quoting); already quoted values are left alone.

    Hydra would read the commas of `prompt=gritty pad, Tempo: 107` as a list.
    """
    pattern = re.compile(rf"^(\+{{0,2}})({'|'.join(keys)})=(.*)$", re.DOTALL)
    quoted = []
    for arg in argv:
        match = pattern.match(arg)
        value = match.group(3) if match else ""
        if match and not (len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""):
            escaped = value.replace("\\", "\\\\").replace("'", "\\'")
            arg = f"{match.group(1)}{match.group(2)}='{escaped}'"
        quoted.append(arg)
    return quoted
