"""Command line: one prompt in, one fragment out (stored, listed and delivered over OSC).

`uv run python -m inference.generate bundle=DIR prompt="gritty pad, Tempo: 107" seconds=4 seed=N`

Prints the fragment's absolute path on stdout (progress and delivery on stderr). The prompt is taken
as typed: Hydra would read the commas of `prompt=gritty pad, Tempo: 107` as a list, so free-text
overrides are quoted before Hydra parses them (`"prompt='a, b'"` works too).
"""

from __future__ import annotations

import re
import sys
from contextlib import redirect_stdout

import hydra
from omegaconf import DictConfig, OmegaConf

with redirect_stdout(sys.stderr):  # stable-audio-tools prints on import; stdout is for the path
    from inference.engine import GenerationError, GenerationRequest, build_engine

FREE_TEXT_KEYS = ("prompt",)
_OVERRIDE = re.compile(rf"^(\+{{0,2}})({'|'.join(FREE_TEXT_KEYS)})=(.*)$", re.DOTALL)


def quote_free_text(argv: list[str]) -> list[str]:
    """`prompt=a, b` -> `prompt='a, b'` (Hydra quoting); already quoted values are left alone."""
    quoted = []
    for arg in argv:
        match = _OVERRIDE.match(arg)
        value = match.group(3) if match else ""
        if match and not (len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""):
            escaped = value.replace("\\", "\\\\").replace("'", "\\'")
            arg = f"{match.group(1)}{match.group(2)}='{escaped}'"
        quoted.append(arg)
    return quoted


def show_progress(step: int, total: int) -> None:
    print(f"\rstep {step}/{total}", end="\n" if step == total else "", file=sys.stderr, flush=True)


@hydra.main(version_base="1.3", config_path="../conf", config_name="generate")
def main(cfg: DictConfig) -> None:
    prompt = "" if OmegaConf.is_missing(cfg, "prompt") else cfg.prompt
    request = GenerationRequest(
        prompt=str(prompt) if prompt is not None else "",
        seconds=cfg.seconds,
        steps=cfg.steps,
        cfg_scale=cfg.cfg_scale,
        seed=cfg.seed,
        sampler=cfg.sampler,
    )
    try:
        engine = build_engine(cfg)
        fragment = engine.generate(request, progress=show_progress)
    except GenerationError as err:
        sys.exit(f"error: {err}")
    print(f"seed {fragment.seed}, {fragment.duration:.2f} s, {fragment.delivery}", file=sys.stderr)
    print(fragment.path)


if __name__ == "__main__":
    sys.argv = quote_free_text(sys.argv)
    main()
