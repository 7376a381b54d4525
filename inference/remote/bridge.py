"""The laptop side of remote generation: follow a host's feed, store locally, deliver to Max.

`uv run python -m inference.bridge server=URL token=...` long-polls the GPU host's feed
(`inference.feed`), downloads each new fragment into the local fragments folder (atomically, with
the same provenance sidecar and history line the host wrote) and sends `/sao/fragment` with the
LOCAL path to Max on this machine, so the device works unchanged. The local history is the
bridge's memory: a fragment already listed is never fetched or delivered again, and the last
listed id is where it catches up from after a network drop, a server restart or a bridge restart.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from core.files import write_atomically
from inference.live.delivery import OscDelivery
from inference.live.store import Fragment, FragmentStore
from inference.remote.feed import PREFIX


class BridgeError(RuntimeError):
    """A problem retrying cannot fix (a refused token, a bad server URL)."""


class TransferError(RuntimeError):
    """A download that did not arrive whole; retried later, leaves nothing behind."""


class Bridge:
    """Follows one feed into one local store and one OSC target."""

    def __init__(
        self,
        server: str,
        token: str | None,
        store: FragmentStore,
        delivery: OscDelivery,
        poll_wait_s: float,
        timeout_s: float,
        retry_initial_s: float,
        retry_max_s: float,
        log: Callable[[str], None] | None = None,
    ) -> None:
        """The timing arguments are conf/remote `bridge` (see there); `log` defaults to print."""
        if not token:
            raise BridgeError("token: missing; pass token=... or set SAO_IMPROV_TOKEN")
        if not server.startswith(("http://", "https://")):
            raise BridgeError(f"server: '{server}' is not an http(s) URL")
        self.store = store
        self.delivery = delivery
        self.poll_wait_s = poll_wait_s
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.log = log or (lambda message: print(message, flush=True))
        self.clock_offset = 0.0  # server clock minus ours, so latency spans two machines fairly
        self.client = httpx.Client(
            base_url=server.rstrip("/") + PREFIX,
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(timeout_s + poll_wait_s),
        )

    def known_ids(self) -> set[str]:
        return {f.id for f in self.store.history()}

    def last_id(self) -> str | None:
        history = self.store.history()
        return history[0].id if history else None

    def poll(self) -> list[dict[str, Any]]:
        """New fragments on the server (long-polled), minus those already here."""
        response = self.client.get(
            "/fragments", params={"after": self.last_id() or "", "wait": self.poll_wait_s}
        )
        if response.status_code == 401:
            raise BridgeError(f"{self.client.base_url}: the server refused the token")
        response.raise_for_status()
        body = response.json()
        self.clock_offset = body["server_time"] - time.time()
        known = self.known_ids()
        return [item for item in body["fragments"] if item["id"] not in known]

    def fetch(self, item: dict[str, Any]) -> Fragment:
        """Download, check and record one fragment; nothing is left behind if it fails."""
        self.store.check_writable()
        path = self.store.root / Path(item["file_name"]).name
        digest = hashlib.sha256()
        received = 0

        def write(handle) -> None:
            nonlocal received
            with self.client.stream("GET", f"/fragments/{item['id']}/audio") as response:
                response.raise_for_status()
                for block in response.iter_bytes():
                    handle.write(block)
                    digest.update(block)
                    received += len(block)

        try:
            write_atomically(path, write, self.store.fsync)
        except httpx.HTTPError as err:
            raise TransferError(f"{item['id']}: download broke off ({err})") from err
        if received != item["size"] or digest.hexdigest() != item["sha256"]:
            path.unlink(missing_ok=True)
            raise TransferError(
                f"{item['id']}: {received} of {item['size']} bytes, checksum differs"
            )
        fragment = replace(Fragment.from_dict(item), path=path.absolute())
        self.store.record(fragment, item.get("provenance", {}))
        return fragment

    def deliver(self, fragment: Fragment) -> None:
        result = self.delivery.send_fragment(fragment)
        ready = datetime.fromisoformat(fragment.created).timestamp() - self.clock_offset
        latency_ms = (time.time() - ready) * 1000
        name = fragment.path.name
        self.log(f"{fragment.id} {name}: {result.describe()}, {latency_ms:.0f} ms after ready")

    def step(self) -> int:
        # Recorded before delivered: a crash in between costs one OSC message, never a duplicate.
        """One poll: fetch and deliver what is new, oldest first. Returns how many arrived."""
        arrived = 0
        for item in self.poll():
            self.deliver(self.fetch(item))
            arrived += 1
        return arrived

    def run(self, max_fragments: int | None = None) -> int:
        """Follow the feed until `max_fragments` arrived (or forever), riding out network drops."""
        arrived, backoff = 0, self.retry_initial_s
        while max_fragments is None or arrived < max_fragments:
            try:
                arrived += self.step()
                backoff = self.retry_initial_s
            except (httpx.TransportError, httpx.HTTPStatusError, TransferError) as err:
                self.log(
                    f"server unreachable or transfer failed ({err}); retrying in {backoff:.1f} s"
                )
                time.sleep(backoff)
                backoff = min(backoff * 2, self.retry_max_s)
        return arrived
