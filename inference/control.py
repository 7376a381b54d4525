"""Command line: the OSC listener without the UI, answering the Max for Live device.

`uv run python -m inference.control [bundle=DIR] [prompt="gritty pad"] [control.port=N]`

Listens on `control.host:control.port` for `/sao/tempo`, `/sao/generate` and `/sao/vary`
(m4l/OSC.md, `inference.live.listener`) and answers through the normal `/sao/fragment` path.
"""

from __future__ import annotations

import sys

import hydra
from omegaconf import DictConfig

from core.checkpoint import BundleError, check_checkpoint_dir
from core.cli import quiet_third_party, quote_free_text


@hydra.main(version_base="1.3", config_path="../conf", config_name="control")
def main(cfg: DictConfig) -> None:
    try:
        check_checkpoint_dir(cfg.bundle)
    except BundleError as err:
        sys.exit(f"sao-improv control: bundle: {err}")
    from inference.live.engine import build_engine
    from inference.live.listener import start_controller

    try:
        engine = build_engine(cfg)
    except ValueError as err:
        sys.exit(f"sao-improv control: cannot start on {cfg.bundle}: {err}")
    if cfg.prompt:
        engine.set_current(engine.default_request(str(cfg.prompt)))
    controller = start_controller(
        engine, cfg.control.host, cfg.control.port, cfg.control.max_pending
    )
    if controller is None:
        sys.exit(1)
    try:
        controller.wait()
    except KeyboardInterrupt:
        controller.close()


if __name__ == "__main__":
    quiet_third_party()
    sys.argv = quote_free_text(sys.argv)
    main()
