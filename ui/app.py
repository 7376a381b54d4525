"""Entry point of the performer UI: load the bundle once, serve the page, print its URL.

`uv run python -m ui.app [bundle=DIR] [ui.port=N] [ui.host=0.0.0.0 ui.username=U ui.password=P]
[delivery.host=H delivery.port=N] [paths.fragments_dir=DIR]`; GRADIO_SERVER_PORT sets the default
port. The audience view is served at `/audience` (conf/ui/default.yaml `audience.path`). The app
also listens for the Max device on `control.port` (inference/live/listener.py).

With a password (`ui.username`, `ui.password`) the server throttles failed logins per client
address (`ui.login`) and describes no API before the login: no `/openapi.json` (nor `/docs`), no
API link in the footer, and the login page's embedded endpoint list (Gradio puts one in every
page) is emptied by `LoginGuard`.
"""

from __future__ import annotations

import collections
import json
import re
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import hydra
from omegaconf import DictConfig

from core.checkpoint import BundleError, check_checkpoint_dir
from core.cli import quiet_third_party, quote_free_text

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


def port_number_problem(setting: str, port: object) -> str | None:
    """A port that is no whole number in 1..65535 (socket would raise OverflowError later)."""
    if port is None and setting == "control.port":  # null = do not listen
        return None
    try:
        number = int(str(port).strip())
    except ValueError:
        number = None
    if number is None or not 1 <= number <= 65535:
        return f"sao-improv ui: {setting}={port} is not a port (a whole number in 1..65535)"
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


def theme_problem(theme: str) -> str | None:
    from ui.views import theme_script  # light: no torch, no gradio

    try:
        theme_script(theme)
    except ValueError as err:
        return f"sao-improv ui: {err}"
    return None


def credentials(ui: DictConfig) -> tuple[str, str] | None:
    if ui.username is None and ui.password is None:
        return None
    if not ui.username or not ui.password:
        sys.exit("sao-improv ui: set both ui.username and ui.password (or neither)")
    return str(ui.username), str(ui.password)


_API_INFO = re.compile(rb"window\.gradio_api_info = .*?;</script>", re.DOTALL)
_NO_API_INFO = (
    b'window.gradio_api_info = {"named_endpoints": {}, "unnamed_endpoints": {}};</script>'
)
_LOGIN_PAGE = re.compile(rb'"auth_required":\s*true')


class LoginGuard:
    """ASGI middleware of a password-protected page: at most `max_failures` failed logins per
    client address within `window_s` (then HTTP 429 until the window has passed), and pages
    served before the login carry no description of the API."""

    def __init__(self, app: Any, max_failures: int, window_s: float) -> None:
        self.app = app
        self.max_failures = int(max_failures)
        self.window_s = float(window_s)
        self._failures: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["method"] == "POST" and scope["path"].rstrip("/").endswith("/login"):
            return await self._login(scope, receive, send)
        if scope["method"] == "GET":
            return await self.app(scope, receive, _without_api_info(send))
        return await self.app(scope, receive, send)

    async def _login(self, scope: dict, receive: Any, send: Any) -> None:
        client = (scope.get("client") or ("unknown",))[0]
        if wait := self.locked_for(client):
            body = json.dumps(
                {"detail": f"too many failed logins from {client}; try again in {wait:.0f} s"}
            ).encode()
            headers = [(b"content-type", b"application/json"), (b"retry-after", b"%d" % wait)]
            await send({"type": "http.response.start", "status": 429, "headers": headers})
            return await send({"type": "http.response.body", "body": body})

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start":
                self.count(client, ok=message["status"] < 400)
            await send(message)

        await self.app(scope, receive, watch)

    def locked_for(self, client: str) -> float:
        """Seconds until `client` may try again; 0 when it may now."""
        with self._lock:
            failures = self._failures.get(client, collections.deque())
            while failures and failures[0] < time.monotonic() - self.window_s:
                failures.popleft()
            if len(failures) < self.max_failures:
                return 0.0
            return max(1.0, failures[0] + self.window_s - time.monotonic())

    def count(self, client: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._failures.pop(client, None)
            else:
                self._failures.setdefault(client, collections.deque()).append(time.monotonic())


def _without_api_info(send: Any) -> Any:
    """`send` for one response: an HTML page asking for the login is held back whole and sent
    without Gradio's embedded API description; everything else passes through as it comes."""
    held: list[dict] = []

    async def filtered(message: dict) -> None:
        if message["type"] == "http.response.start":
            headers = dict(message.get("headers", []))
            if headers.get(b"content-type", b"").startswith(b"text/html"):
                held.append(message)
                return
        if not held:
            return await send(message)
        held.append(message)
        if message.get("more_body"):
            return
        start, *parts = held
        body = b"".join(part.get("body", b"") for part in parts)
        if _LOGIN_PAGE.search(body):
            body = _API_INFO.sub(lambda _: _NO_API_INFO, body)
        headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return filtered


def launch(cfg: DictConfig, demo) -> str:
    """Starts serving `demo` in the background as conf/ui says; returns the page's URL."""
    from ui.page import CSS_PATH
    from ui.views import theme_script

    ui = cfg.ui
    auth = credentials(ui)
    if ui.host not in LOOPBACK and auth is None:
        print(
            f"sao-improv ui: WARNING: listening on {ui.host} without a password; anyone on the "
            "network can generate and re-send. Set ui.username and ui.password.",
            flush=True,
        )
    demo.queue(max_size=ui.queue.max_size)
    app_kwargs: dict[str, Any] = {"openapi_url": None, "docs_url": None, "redoc_url": None}
    if auth is not None:
        from starlette.middleware import Middleware

        guard = Middleware(LoginGuard, ui.login.max_failures, ui.login.window_s)
        app_kwargs["middleware"] = [guard]
    try:
        _, url, _ = demo.launch(
            server_name=ui.host,
            server_port=int(ui.port),
            auth=auth,
            prevent_thread_lock=True,
            quiet=True,
            show_error=True,
            ssr_mode=False,
            footer_links=[] if auth else ["api"],  # no API link on a login page
            app_kwargs=app_kwargs,
            allowed_paths=[str(Path(cfg.paths.fragments_dir).resolve())],
            css_paths=[CSS_PATH],
            js=theme_script(ui.theme),
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
    problem = (
        bundle_problem(cfg.bundle)
        or port_number_problem("ui.port", cfg.ui.port)
        or port_number_problem("control.port", cfg.control.port)
        or port_number_problem("delivery.port", cfg.delivery.port)
        or port_problem(cfg.ui.host, int(cfg.ui.port))
        or theme_problem(cfg.ui.theme)
    )
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
    quiet_third_party()
    sys.argv = quote_free_text(sys.argv)
    main()
