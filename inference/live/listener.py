"""Device -> Python OSC: Live's tempo, "generate" and "vary" from the Max for Live device.

A python-osc `ThreadingOSCUDPServer` on `control.host:control.port` (default 127.0.0.1:7401,
m4l/OSC.md) turns each message into one engine call:

- `/sao/tempo f:bpm`: Live's tempo, stored in the engine (the prompt's Tempo for requests from the
  device, the bar-synced crop and the automatic bar count of loops). No reply.
- `/sao/generate`: a new fragment from the engine's current request (the page's last generation,
  or `inference.request.prompt` at start).
- `/sao/vary s:id f:strength`: a variation of a fragment, named by its id or by the absolute path
  of its WAV inside the fragments folder.

Answers go through the normal path (`/sao/status generating`, `/sao/fragment`, `/sao/status
ready`). A malformed request (wrong argument count or types, an unknown id, a path outside the
fragments folder, an unknown address) is answered with `/sao/status error <reason>` and nothing
else: no file is written and no history line is added. Started by the UI app, or headless by
`python -m inference.control`.
"""

from __future__ import annotations

import logging
import math
import sys
import threading
from typing import Any

from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import ThreadingOSCUDPServer

from inference.audio.tempo import MAX_TEMPO, MIN_TEMPO
from inference.live.engine import Engine, GenerationError

log = logging.getLogger(__name__)

TEMPO_ADDRESS = "/sao/tempo"
GENERATE_ADDRESS = "/sao/generate"
VARY_ADDRESS = "/sao/vary"


class RequestError(ValueError):
    """A device request that is not well formed; the message names the address and the field."""


def _number(address: str, name: str, value: Any) -> float:
    # OSC ints and floats both arrive as numbers; True/False (OSC T/F) are not numbers here.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RequestError(f"{address}: {name} must be a number, got {value!r}")
    return float(value)


def _count(address: str, args: tuple, names: list[str]) -> None:
    if len(args) != len(names):
        wanted = f"{len(names)} argument(s) ({', '.join(names)})" if names else "no arguments"
        raise RequestError(f"{address}: expected {wanted}, got {len(args)}")


class Controller:
    """The OSC listener over one engine; `start()` serves in a background thread."""

    def __init__(self, engine: Engine, host: str, port: int) -> None:
        self.engine = engine
        dispatcher = Dispatcher()
        dispatcher.map(TEMPO_ADDRESS, self._guarded(self.tempo))
        dispatcher.map(GENERATE_ADDRESS, self._guarded(self.generate))
        dispatcher.map(VARY_ADDRESS, self._guarded(self.vary))
        dispatcher.set_default_handler(self._guarded(self.unknown))
        self.server = ThreadingOSCUDPServer((host, int(port)), dispatcher)
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> Controller:
        self._thread = threading.Thread(
            target=self.server.serve_forever, name="sao-osc-control", daemon=True
        )
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until the listener is closed (the headless entry point's main loop)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.5)  # a timeout keeps Ctrl-C responsive

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- handlers: each one request, each failure one /sao/status error --------------------------

    def _guarded(self, handler):
        def handle(address: str, *args: Any) -> None:
            try:
                handler(address, *args)
            except RequestError as err:
                self.engine.report_error(str(err))
            except GenerationError:
                pass  # the engine has sent /sao/status error with the reason already
            except Exception as err:  # a listener thread must never die silently
                log.exception("OSC %s failed", address)
                self.engine.report_error(f"{address}: unexpected {err!r}")

        return handle

    def tempo(self, address: str, *args: Any) -> None:
        _count(address, args, ["bpm"])
        bpm = _number(address, "bpm", args[0])
        if not MIN_TEMPO <= bpm <= MAX_TEMPO:
            raise RequestError(f"{address}: bpm {bpm:g} is outside {MIN_TEMPO:g}..{MAX_TEMPO:g}")
        self.engine.set_tempo(bpm)

    def generate(self, address: str, *args: Any) -> None:
        _count(address, args, [])
        self.engine.generate_current()

    def vary(self, address: str, *args: Any) -> None:
        _count(address, args, ["id", "strength"])
        target, strength = args
        if not isinstance(target, str) or not target.strip():
            raise RequestError(f"{address}: id must be a fragment id or path, got {target!r}")
        strength = _number(address, "strength", strength)
        if not 0.0 <= strength <= 1.0:
            raise RequestError(f"{address}: strength must be between 0 and 1, got {strength:g}")
        self.engine.vary(self.fragment_id(address, target.strip()), strength, lock_tempo=True)

    def fragment_id(self, address: str, target: str) -> str:
        """An id as it is; a path must be a listed fragment's WAV inside the fragments folder."""
        try:
            return self.engine.fragment_for(target).id
        except GenerationError as err:
            raise RequestError(f"{address}: {err}") from None

    def unknown(self, address: str, *args: Any) -> None:
        known = ", ".join((TEMPO_ADDRESS, GENERATE_ADDRESS, VARY_ADDRESS))
        raise RequestError(f"unknown OSC address {address} (this listener knows {known})")


def start_controller(engine: Engine, host: str, port: int | None) -> Controller | None:
    """The listener, serving; None (with a message saying why and what to change) when it cannot
    listen, so a busy port never stops the UI: only the device's requests are missed."""
    if port is None:
        print("sao-improv: OSC control off (control.port=null)", flush=True)
        return None
    try:
        controller = Controller(engine, host, int(port)).start()
    except OSError as err:
        print(
            f"sao-improv: WARNING: cannot listen for the device on {host}:{port} "
            f"({err.strerror or err}); /sao/tempo, /sao/generate and /sao/vary are ignored. Free "
            "the port, or set control.port=N and the device's Out port to the same N.",
            file=sys.stderr,
            flush=True,
        )
        return None
    print(f"sao-improv: OSC control on {controller.address}", flush=True)
    return controller
