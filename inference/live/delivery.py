"""Delivery to the Max for Live device over OSC (python-osc, UDP), as m4l/OSC.md specifies.

`/sao/fragment id(s) path(s) duration(f) sample_rate(i) prompt(s)` for every new fragment and
`/sao/status state(s) message(s)` around each generation, `/sao/adapters (name(s) strength(f))*`
for the adapter blend. UDP is fire-and-forget: a device that is
not listening loses the message and nothing here fails; a target that cannot be reached at all (a
host name that does not resolve, no route) is reported as a `DeliveryResult` with `ok=False`, never
raised, so the fragment is still stored and listed.
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Any

from pythonosc.osc_message_builder import OscMessageBuilder
from pythonosc.udp_client import SimpleUDPClient

FRAGMENT_ADDRESS = "/sao/fragment"
STATUS_ADDRESS = "/sao/status"
ADAPTERS_ADDRESS = "/sao/adapters"
STATES = ("generating", "ready", "error", "busy")
MAX_TEXT = 1024  # prompt/message characters sent: keeps a datagram far below UDP's 64 KB


@dataclass(frozen=True)
class DeliveryResult:
    """What happened to one OSC message."""

    target: str
    ok: bool
    error: str | None = None

    def describe(self) -> str:
        return f"sent to {self.target}" if self.ok else f"not sent: {self.error}"


def check_target(host: Any, port: Any) -> tuple[str, int]:
    """(host, port) as OSC needs them; ValueError naming the field otherwise."""
    if not isinstance(host, str) or not host.strip():
        raise ValueError(f"delivery.host: {host!r} is not a host name or address")
    try:
        number = int(str(port).strip())
    except ValueError:
        raise ValueError(f"delivery.port: {port!r} is not a number") from None
    if not 1 <= number <= 65535:
        raise ValueError(f"delivery.port: {number} is outside 1..65535")
    return host.strip(), number


class OscDelivery:
    """An OSC client for one target (changeable at any time with `set_target`)."""

    def __init__(self, host: str, port: int) -> None:
        self._lock = threading.Lock()
        self.set_target(host, port)

    def set_target(self, host: str, port: int) -> None:
        host, port = check_target(host, port)
        with self._lock:
            self.host, self.port = host, port
            self._client: SimpleUDPClient | None = None

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    def _connect(self) -> SimpleUDPClient:
        # IPv4 unless the host is an IPv6 literal: Max's udpreceive listens on IPv4, and "localhost"
        # may resolve to ::1 first.
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        if self._client is None:
            self._client = SimpleUDPClient(self.host, self.port, family=family)
        return self._client

    def ready(self) -> DeliveryResult:
        """Whether the target can be sent to (its host resolves); sends nothing. The engine
        lists a fragment with this result before it sends `/sao/fragment`."""
        return self._use(lambda client: None)

    def send(self, address: str, args: list[tuple[Any, str]]) -> DeliveryResult:
        builder = OscMessageBuilder(address=address)
        for value, kind in args:
            builder.add_arg(value, kind)
        message = builder.build()
        return self._use(lambda client: client.send(message))

    def _use(self, action) -> DeliveryResult:
        with self._lock:
            target = self.target
            try:
                action(self._connect())
            except socket.gaierror as err:
                self._client = None
                return DeliveryResult(
                    target, False, f"host '{self.host}' not found ({err.strerror})"
                )
            except OSError as err:
                self._client = None
                return DeliveryResult(target, False, f"{target}: {err.strerror or err}")
        return DeliveryResult(target, True)

    def send_fragment(self, fragment) -> DeliveryResult:
        """`/sao/fragment id path duration sample_rate prompt` for a stored Fragment."""
        return self.send(
            FRAGMENT_ADDRESS,
            [
                (str(fragment.id), "s"),
                (str(fragment.path), "s"),
                (float(fragment.duration), "f"),
                (int(fragment.sample_rate), "i"),
                (str(fragment.prompt)[:MAX_TEXT], "s"),
            ],
        )

    def send_status(self, state: str, message: str = "") -> DeliveryResult:
        if state not in STATES:
            raise ValueError(f"status state '{state}' is not one of {', '.join(STATES)}")
        return self.send(STATUS_ADDRESS, [(state, "s"), (str(message)[:MAX_TEXT], "s")])

    def send_adapters(self, blend: tuple[tuple[str, float], ...]) -> DeliveryResult:
        """`/sao/adapters name strength ...`: the whole blend, in the generator's order."""
        args = [item for name, value in blend for item in ((name, "s"), (float(value), "f"))]
        return self.send(ADAPTERS_ADDRESS, args)
