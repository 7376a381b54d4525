"""Command line: one prompt in, one fragment out (stored, listed and delivered over OSC).

`uv run python -m inference.generate bundle=DIR prompt="gritty pad, Tempo: 107" seconds=4 seed=N`

Prints the fragment's absolute path on stdout (progress and delivery on stderr). The prompt is
taken as typed (`core.cli.quote_free_text`). Arguments are checked before torch is imported, so
a missing bundle or an empty prompt is reported at once.
"""

from __future__ import annotations

import sys
from contextlib import redirect_stdout

import hydra
from omegaconf import DictConfig, OmegaConf

from core.checkpoint import BundleError, check_checkpoint_dir
from core.cli import (
    quiet_third_party,
    quote_free_text,
    set_omp_wait_policy,
    skip_final_collection,
)


def show_progress(step: int, total: int) -> None:
    """One updating line on a terminal; piped, a whole line per quarter of the steps."""
    if sys.stderr.isatty():
        end = "\n" if step == total else ""
        print(f"\rstep {step}/{total}", end=end, file=sys.stderr, flush=True)
    elif step == total or step % max(1, total // 4) == 0:
        print(f"step {step}/{total}", file=sys.stderr, flush=True)


def prompt_of(cfg: DictConfig) -> str:
    """The prompt as typed, or exit with the reason before anything heavy loads."""
    prompt = "" if OmegaConf.is_missing(cfg, "prompt") else cfg.prompt
    if prompt is None or not str(prompt).strip():
        sys.exit('error: prompt: empty; pass prompt="what you want to hear"')
    return str(prompt)


@hydra.main(version_base="1.3", config_path="../conf", config_name="generate")
def main(cfg: DictConfig) -> None:
    prompt = prompt_of(cfg)
    try:
        check_checkpoint_dir(cfg.bundle)
        set_omp_wait_policy(cfg.omp_wait_policy)  # before torch loads, or it changes nothing
    except BundleError as err:
        sys.exit(f"error: bundle: {err}")
    except ValueError as err:
        sys.exit(f"error: {err}")
    with redirect_stdout(sys.stderr):  # stable-audio-tools prints on import; stdout is the path
        from inference.live.engine import GenerationError, GenerationRequest, build_engine

    request = GenerationRequest(
        prompt=prompt,
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
    quiet_third_party()
    sys.argv = quote_free_text(sys.argv)
    main()
    skip_final_collection()  # the fragment is written and listed: no seconds-long teardown
