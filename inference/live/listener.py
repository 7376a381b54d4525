"""Device -> Python OSC: Live's tempo, "generate" and "vary" from the Max for Live device.

A python-osc UDP server on `control.host:control.port` (default 127.0.0.1:7401, m4l/OSC.md) turns
each message into one engine call:

- `/sao/tempo f:bpm`: Live's tempo, stored in the engine (the prompt's Tempo for requests from the
  device, the bar-synced crop and the automatic bar count of loops). No reply.
- `/sao/generate`: a new fragment from the engine's current request (the page's last generation,
  or `inference.request.prompt` at start).
- `/sao/vary s:id f:strength`: a variation of a fragment, named by its id or by the absolute path
  of its WAV inside the fragments folder.
- `/sao/blend s:name f:strength`: one adapter's strength in the live blend, answered at once (not
  queued) with `/sao/adapters`, the whole blend; `/sao/adapters` asks for it (sent at start too).

Answers go through the normal path (`/sao/status generating`, `/sao/fragment`, `/sao/status
ready`). Generations run one at a time in a worker thread behind a bounded queue
(`control.max_pending` waiting behind the running one): a further `/sao/generate` is merged into
the last pending request and answered with one `/sao/status busy <message>`, a further `/sao/vary`
is dropped with the same answer. A malformed request (wrong argument count or types, an unknown
id, a path outside the fragments folder, an unknown address, an OSC address pattern such as
`/sao/*`: addresses are matched literally) is answered with `/sao/status error <reason>` and
nothing else: no file is written and no history line is added. A datagram that is not OSC (or
whose address is not UTF-8) is logged as one line and answered with one error. Started by the UI
app, or headless by `python -m inference.control`.
"""

from __future__ import annotations

import collections
import logging
import math
import sys
import threading
from collections.abc import Callable
from typing import Any

from pythonosc import osc_packet
from pythonosc.dispatcher import Dispatcher
from pythonosc.osc_server import BlockingOSCUDPServer

from inference.audio.tempo import MAX_TEMPO, MIN_TEMPO
from inference.live.engine import Engine, GenerationError

log = logging.getLogger(__name__)

TEMPO_ADDRESS = "/sao/tempo"
GENERATE_ADDRESS = "/sao/generate"
VARY_ADDRESS = "/sao/vary"
BLEND_ADDRESS = "/sao/blend"
ADAPTERS_ADDRESS = "/sao/adapters"
PATTERN_CHARACTERS = "*?[]{}"


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


class _Literal(Dispatcher):
    """Every message of a datagram to `route`, by its literal address, at once: python-osc would
    match an incoming address as a pattern (`/sao/*` reaching every handler) and sleep until a
    bundle's time tag."""

    def __init__(self, route: Callable[..., None], unreadable: Callable[..., None]) -> None:
        super().__init__()
        self.route, self.unreadable = route, unreadable

    def call_handlers_for_packet(self, data: bytes, client_address: tuple) -> list:
        try:
            messages = [timed.message for timed in osc_packet.OscPacket(data).messages]
        except Exception as err:  # ParseError, UnicodeDecodeError, ...: anyone can send bytes
            self.unreadable(data, client_address, err)
            return []
        for message in messages:
            self.route(message.address, *message.params)
        return []


class _Server(BlockingOSCUDPServer):
    """One datagram after the other (handlers only queue work); none is dropped unseen, none
    leaves a traceback."""

    def verify_request(self, request: Any, client_address: Any) -> bool:
        return True  # python-osc drops what does not look like OSC without a word

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.error("OSC datagram from %s failed: %r", client_address, sys.exc_info()[1])


class Controller:
    """The OSC listener over one engine; `start()` serves in a background thread.

    `max_pending` (conf/control) requests wait behind the running one; more are answered busy.
    """

    def __init__(self, engine: Engine, host: str, port: int, max_pending: int) -> None:
        self.engine = engine
        self.max_pending = int(max_pending)
        if self.max_pending < 0:
            raise ValueError(f"control.max_pending: {max_pending} is below 0")
        self.handlers = {
            TEMPO_ADDRESS: self.tempo,
            GENERATE_ADDRESS: self.generate,
            VARY_ADDRESS: self.vary,
            BLEND_ADDRESS: self.blend,
            ADAPTERS_ADDRESS: self.adapters,
        }
        self.server = _Server((host, int(port)), _Literal(self.route, self.unreadable))
        self._pending: collections.deque[tuple[str, Callable[[], Any]]] = collections.deque()
        self._running = 0
        self._work = threading.Condition()
        self._closed = False
        self._threads: list[threading.Thread] = []

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def start(self) -> Controller:
        for target, name in ((self.server.serve_forever, "osc"), (self._worker, "generations")):
            thread = threading.Thread(target=target, name=f"sao-control-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wait(self) -> None:
        """Block until the listener is closed (the headless entry point's main loop)."""
        while self._threads and self._threads[0].is_alive():
            self._threads[0].join(timeout=0.5)  # a timeout keeps Ctrl-C responsive

    def close(self) -> None:
        with self._work:
            self._closed = True
            self._pending.clear()
            self._work.notify_all()
        self.server.shutdown()
        self.server.server_close()

    # -- the bounded queue ------------------------------------------------------------------------

    def submit(self, address: str, job: Callable[[], Any]) -> bool:
        """Queue a generation; False (answered `/sao/status busy`) when the queue is full."""
        with self._work:
            if self._running + len(self._pending) < 1 + self.max_pending:
                self._pending.append((address, job))
                self._work.notify()
                return True
            running, pending = self._running, len(self._pending)
        merged = address == GENERATE_ADDRESS and pending
        what = "merged into the pending one" if merged else "dropped"
        self.engine.report_busy(
            f"{address} {what}: {running} generation running, {pending} pending "
            f"(control.max_pending={self.max_pending})"
        )
        return False

    def _worker(self) -> None:
        while True:
            with self._work:
                while not self._pending and not self._closed:
                    self._work.wait()
                if self._closed:
                    return
                address, job = self._pending.popleft()
                self._running = 1
            try:
                self._guarded(address, job)
            finally:
                with self._work:
                    self._running = 0

    # -- handlers: each one request, each failure one /sao/status error --------------------------

    def route(self, address: str, *args: Any) -> None:
        """The handler of exactly this address; patterns and unknown addresses are errors."""
        handler = self.handlers.get(address, self.unknown)
        if any(c in address for c in PATTERN_CHARACTERS):
            handler = self.unknown
        self._guarded(address, lambda: handler(address, *args))

    def unreadable(self, data: bytes, client: tuple, err: Exception) -> None:
        who = ":".join(str(part) for part in client[:2])
        log.warning("unreadable OSC datagram (%d bytes) from %s: %s", len(data), who, err)
        self.engine.report_error(f"unreadable OSC datagram ({len(data)} bytes) from {who}: {err}")

    def _guarded(self, address: str, call: Callable[[], Any]) -> None:
        try:
            call()
        except RequestError as err:
            self.engine.report_error(str(err))
        except GenerationError:
            pass  # the engine has sent /sao/status error with the reason already
        except Exception as err:  # a listener thread must never die silently
            log.error("OSC %s failed: %r", address, err)
            self.engine.report_error(f"{address}: unexpected {err!r}")

    def tempo(self, address: str, *args: Any) -> None:
        _count(address, args, ["bpm"])
        bpm = _number(address, "bpm", args[0])
        if not MIN_TEMPO <= bpm <= MAX_TEMPO:
            raise RequestError(f"{address}: bpm {bpm:g} is outside {MIN_TEMPO:g}..{MAX_TEMPO:g}")
        self.engine.set_tempo(bpm)

    def generate(self, address: str, *args: Any) -> None:
        _count(address, args, [])
        self.submit(address, self.engine.generate_current)

    def vary(self, address: str, *args: Any) -> None:
        _count(address, args, ["id", "strength"])
        target, strength = args
        if not isinstance(target, str) or not target.strip():
            raise RequestError(f"{address}: id must be a fragment id or path, got {target!r}")
        strength = _number(address, "strength", strength)
        if not 0.0 <= strength <= 1.0:
            raise RequestError(f"{address}: strength must be between 0 and 1, got {strength:g}")
        fragment_id = self.fragment_id(address, target.strip())
        self.submit(address, lambda: self.engine.vary(fragment_id, strength, lock_tempo=True))

    def blend(self, address: str, *args: Any) -> None:
        """Set at once: a blend change never waits behind a generation (the running one keeps
        the blend it started with)."""
        _count(address, args, ["name", "strength"])
        name, strength = args
        if not isinstance(name, str):
            raise RequestError(f"{address}: name must be an adapter's name, got {name!r}")
        self.engine.set_blend(name, _number(address, "strength", strength))

    def adapters(self, address: str, *args: Any) -> None:
        _count(address, args, [])
        self.engine.send_adapters()

    def fragment_id(self, address: str, target: str) -> str:
        """An id as it is; a path must be a listed fragment's WAV inside the fragments folder."""
        try:
            return self.engine.fragment_for(target).id
        except GenerationError as err:
            raise RequestError(f"{address}: {err}") from None

    def unknown(self, address: str, *args: Any) -> None:
        known = ", ".join(self.handlers)
        if any(c in address for c in PATTERN_CHARACTERS):
            raise RequestError(
                f"unknown OSC address {address}: addresses are matched literally, not as "
                f"patterns (this listener knows {known})"
            )
        raise RequestError(f"unknown OSC address {address} (this listener knows {known})")


def start_controller(
    engine: Engine, host: str, port: int | None, max_pending: int
) -> Controller | None:
    """The listener, serving; None (with a message saying why and what to change) when it cannot
    listen, so a busy port never stops the UI: only the device's requests are missed."""
    if port is None:
        print("sao-improv: OSC control off (control.port=null)", flush=True)
        return None
    try:
        controller = Controller(engine, host, int(port), max_pending).start()
    except OSError as err:
        print(
            f"sao-improv: WARNING: cannot listen for the device on {host}:{port} "
            f"({err.strerror or err}); the device's requests (/sao/tempo, /sao/generate, ...) are "
            "ignored. Free the port, or set control.port=N and the device's Out port to the "
            "same N.",
            file=sys.stderr,
            flush=True,
        )
        return None
    print(f"sao-improv: OSC control on {controller.address}", flush=True)
    engine.send_adapters()  # the device's dials learn the blend (m4l/OSC.md)
    return controller
