"""Entry point of the performer UI: load the bundle once, serve the page, print its URL.

`uv run python -m ui.app [bundle=DIR] [ui.port=N] [ui.host=0.0.0.0 ui.username=U ui.password=P]
[delivery.host=H delivery.port=N] [paths.fragments_dir=DIR]`; GRADIO_SERVER_PORT sets the default
port. The audience view is served at `/audience` (conf/ui/default.yaml `audience.path`). The app
also listens for the Max device on `control.port` (inference/live/listener.py).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig

from core.checkpoint import BundleError, check_checkpoint_dir

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def bundle_problem(bundle: str) -> str | None:
    """A message for a bundle directory that cannot load, instead of a loader traceback."""
    try:
        check_checkpoint_dir(bundle)
    except BundleError as err:
        return (
            f"sao-improv ui: no model bundle at {bundle} ({err})\n"
            "  make the demo bundle first:  uv run python -m training.make_tiny\n"
            "  or start on your own bundle: uv run python -m ui.app bundle=DIR"
        )
    return None


def port_problem(host: str, port: int) -> str | None:
    """Checked before the model loads, so a busy port is reported in a second, not a minute."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as err:
            return (
                f"sao-improv ui: cannot listen on {host}:{port} ({err.strerror}); "
                "pick another port with ui.port=N or GRADIO_SERVER_PORT"
            )
    return None


def credentials(ui: DictConfig) -> tuple[str, str] | None:
    if ui.username is None and ui.password is None:
        return None
    if not ui.username or not ui.password:
        sys.exit("sao-improv ui: set both ui.username and ui.password (or neither)")
    return str(ui.username), str(ui.password)


def launch(cfg: DictConfig, demo) -> str:
    """Starts serving `demo` in the background as conf/ui says; returns the page's URL."""
    from ui.page import CSS_PATH

    ui = cfg.ui
    auth = credentials(ui)
    if ui.host not in LOOPBACK and auth is None:
        print(
            f"sao-improv ui: WARNING: listening on {ui.host} without a password; anyone on the "
            "network can generate and re-send. Set ui.username and ui.password.",
            flush=True,
        )
    demo.queue(max_size=ui.queue.max_size)
    try:
        _, url, _ = demo.launch(
            server_name=ui.host,
            server_port=int(ui.port),
            auth=auth,
            prevent_thread_lock=True,
            quiet=True,
            show_error=True,
            ssr_mode=False,
            footer_links=["api"],
            allowed_paths=[str(Path(cfg.paths.fragments_dir).resolve())],
            css_paths=[CSS_PATH],
        )
    except OSError as err:  # port taken: say which knob moves it
        sys.exit(
            f"sao-improv ui: cannot listen on {ui.host}:{ui.port} ({err}); "
            "pick another with ui.port=N or GRADIO_SERVER_PORT"
        )
    return url.rstrip("/")


def serve_feed(cfg: DictConfig, demo) -> bool:
    """Mount the remote fragment feed (inference/remote/feed.py) on the page's server, if a token
    is set; it reads the same fragments folder the engine writes.

    Without a token nothing is served: the feed is never open to everyone.
    """
    import hydra.utils

    from inference.remote.feed import feed_router

    remote = cfg.remote
    if not remote.token:
        return False
    store = hydra.utils.instantiate(cfg.inference.store)
    options = {"max_wait_s": remote.feed.max_wait_s, "chunk_delay_s": remote.feed.chunk_delay_s}
    demo.app.include_router(feed_router(store, remote.token, **options))
    return True


@hydra.main(version_base="1.3", config_path="../conf", config_name="ui")
def main(cfg: DictConfig) -> None:
    problem = bundle_problem(cfg.bundle) or port_problem(cfg.ui.host, int(cfg.ui.port))
    if problem:
        sys.exit(problem)
    # Imported here, not at the top, so a wrong bundle path is reported before torch loads.
    from inference.live.engine import build_engine
    from inference.live.listener import start_controller
    from ui.page import build_ui

    try:
        engine = build_engine(cfg)
    except ValueError as err:  # BundleError and GenerationError: a clear message, no traceback
        sys.exit(f"sao-improv ui: cannot start on {cfg.bundle}: {err}")
    demo = build_ui(engine, cfg.ui, cfg.inference.request)
    url = launch(cfg, demo)
    # The device's requests (tempo, generate, vary) go to the same engine as the page's.
    start_controller(engine, cfg.control.host, cfg.control.port, cfg.control.max_pending)
    print(f"sao-improv ui: {url}  (audience view: {url}/{cfg.ui.audience.path})", flush=True)
    if serve_feed(cfg, demo):
        print(f"sao-improv ui: remote feed for inference.bridge at {url}/feed (token)", flush=True)
    demo.block_thread()


if __name__ == "__main__":
    main()
