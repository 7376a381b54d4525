"""The laptop side of remote generation: follow a host's feed, store locally, deliver to Max.

`uv run python -m inference.bridge server=URL token=...` long-polls the GPU host's feed
(`inference.feed`), downloads each new fragment into the local fragments folder (atomically, with
the same provenance sidecar and history line the host wrote) and sends `/sao/fragment` with the
LOCAL path to Max on this machine, so the device works unchanged. The local history is the
bridge's memory: a fragment already listed is never fetched or delivered again, and the last
listed id is where it catches up from after a network drop, a server restart or a bridge restart.

Nothing the server says is trusted. Every listing item is checked (an id as `new_id` makes it,
every field's type and range); a bad one is skipped and reported once while the bridge goes on
following. The local file name comes from the store (`<local time>_<id>.wav`), never from the
server, and never replaces an existing file. A download lands only when it is at most
`remote.bridge.max_mb`, matches the announced size and sha256 and decodes as a WAV of the
announced rate and length; each response has an overall deadline, so a server that trickles
bytes is cut off. Only WAVs inside the local fragments folder are announced over OSC.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import httpx
import soundfile as sf

from core.files import write_atomically
from inference.live.delivery import OscDelivery
from inference.live.store import ID_PATTERN, Fragment, FragmentStore, StoreError
from inference.remote.feed import PREFIX

SHA256 = re.compile(r"[0-9a-f]{64}")
MB = 1_000_000


class BridgeError(RuntimeError):
    """A problem retrying cannot fix (a refused token, a bad server URL)."""


class TransferError(RuntimeError):
    """A response that did not arrive whole or in time; retried later, leaves nothing behind."""


class FeedError(RuntimeError):
    """What the server sent is not what a feed sends (a listing or a fragment); reported once."""


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
        download_s: float,
        max_mb: float,
        retry_initial_s: float,
        retry_max_s: float,
        log: Callable[[str], None] | None = None,
    ) -> None:
        """The timing and size arguments are conf/remote `bridge` (see there); `log` defaults
        to print."""
        if not token:
            raise BridgeError("token: missing; pass token=... or set SAO_IMPROV_TOKEN")
        if not server.startswith(("http://", "https://")):
            raise BridgeError(f"server: '{server}' is not an http(s) URL")
        self.store = store
        self.delivery = delivery
        self.poll_wait_s = poll_wait_s
        self.timeout_s = timeout_s
        self.download_s = download_s
        self.max_bytes = int(max_mb * MB)
        self.max_mb = max_mb
        self.retry_initial_s = retry_initial_s
        self.retry_max_s = retry_max_s
        self.log = log or (lambda message: print(message, flush=True))
        self.clock_offset = 0.0  # server clock minus ours, so latency spans two machines fairly
        self.cursor: str | None = (
            None  # the newest id the server listed: where the next poll starts
        )
        self.refused: set[str] = set()  # ids whose download was refused: never fetched again
        self._reported: set[str] = set()
        self._stop = threading.Event()
        self.client = httpx.Client(
            base_url=server.rstrip("/") + PREFIX,
            # identity: a compressed body is never inflated here (its size is what is read)
            headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
        )

    def known_ids(self) -> set[str]:
        return {f.id for f in self.store.history()}

    def last_id(self) -> str | None:
        history = self.store.history()
        return history[0].id if history else None

    def report_once(self, message: str) -> None:
        if message not in self._reported:
            self._reported.add(message)
            self.log(message)

    # -- reading responses, bounded in size and time ----------------------------------------------

    def _get(
        self,
        url: str,
        limit: int,
        seconds: float,
        sink: Callable[[bytes], Any],
        params: dict[str, Any] | None = None,
        wait: float = 0.0,
    ) -> int:
        """Stream one GET into `sink`; at most `limit` bytes within `seconds` (the server may
        stay silent for `wait` seconds first: a long-poll). Returns the count."""
        deadline = time.monotonic() + seconds
        received = 0
        timeout = httpx.Timeout(self.timeout_s, read=min(seconds, self.timeout_s + wait))
        try:
            with self.client.stream("GET", url, params=params, timeout=timeout) as response:
                if response.status_code == 401:
                    raise BridgeError(f"{self.client.base_url}: the server refused the token")
                response.raise_for_status()
                if response.status_code != 200:  # a redirect is not followed
                    raise FeedError(f"{url}: HTTP {response.status_code}, not a feed answer")
                announced = response.headers.get("content-length", "0")
                if announced.isdigit() and int(announced) > limit:
                    raise FeedError(f"{url}: {int(announced)} bytes announced, over {limit}")
                for block in response.iter_raw():
                    received += len(block)
                    if received > limit:
                        raise FeedError(f"{url}: more than {limit} bytes")
                    if time.monotonic() > deadline:
                        raise TransferError(f"{url}: not complete within {seconds:g} s")
                    sink(block)
        except httpx.HTTPStatusError:
            raise
        except httpx.HTTPError as err:
            raise TransferError(f"{url}: {err!r}") from err
        return received

    # -- the listing -------------------------------------------------------------------------------

    def poll(self) -> list[Any]:
        """The server's items after the last one done here (long-polled), unchecked."""
        body = bytearray()
        params = {"after": self.cursor or self.last_id() or "", "wait": self.poll_wait_s}
        seconds, wait = self.poll_wait_s + self.timeout_s, self.poll_wait_s
        self._get("/fragments", self.max_bytes, seconds, body.extend, params, wait)
        try:
            listing = json.loads(bytes(body))
        except ValueError as err:
            raise FeedError(f"the listing is not JSON ({err})") from None
        if not isinstance(listing, dict) or not isinstance(listing.get("fragments"), list):
            raise FeedError("the listing is not an object with a list of fragments")
        server_time = listing.get("server_time")
        if isinstance(server_time, bool) or not isinstance(server_time, int | float):
            raise FeedError(f"the listing's server_time {server_time!r:.40} is not a number")
        if math.isfinite(server_time):
            self.clock_offset = server_time - time.time()
        return listing["fragments"]

    def check_item(self, item: Any) -> tuple[Fragment, dict[str, Any], int, str]:
        """(fragment with a placeholder path, provenance, size, sha256) or FeedError saying why."""
        if not isinstance(item, dict):
            raise FeedError(f"a JSON {type(item).__name__}, not an object")
        fragment_id = item.get("id")
        if not (isinstance(fragment_id, str) and ID_PATTERN.fullmatch(fragment_id)):
            raise FeedError(f"id {fragment_id!r:.40} is not 'f' and 12 hex digits")
        size, digest = item.get("size"), item.get("sha256")
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise FeedError(f"size {size!r:.40} is not a positive whole number of bytes")
        if size > self.max_bytes:
            raise FeedError(f"{size} bytes, over remote.bridge.max_mb ({self.max_mb:g} MB)")
        if not (isinstance(digest, str) and SHA256.fullmatch(digest)):
            raise FeedError(f"sha256 {digest!r:.40} is not 64 lower-case hex digits")
        provenance = item.get("provenance", {})
        if not isinstance(provenance, dict):
            raise FeedError("provenance is not an object")
        try:  # the server's path and file name are never used: the store names the file
            fragment = Fragment.from_dict({**item, "path": str(self.store.root / "pending.wav")})
        except ValueError as err:
            raise FeedError(str(err)) from None
        return fragment, provenance, size, digest

    # -- one fragment ------------------------------------------------------------------------------

    def fetch(self, checked: tuple[Fragment, dict[str, Any], int, str]) -> Fragment:
        """Download, check and record one fragment; nothing is left behind if it fails."""
        fragment, provenance, size, expected = checked
        self.store.check_writable()
        path = self.store.root / f"{self.store.name_for(fragment.id)[1]}.wav"
        url = f"/fragments/{fragment.id}/audio"

        def write(handle: IO[bytes]) -> None:
            digest = hashlib.sha256()

            def keep(block: bytes) -> None:
                handle.write(block)
                digest.update(block)

            received = self._get(url, size, self.download_s, keep)
            if received != size or digest.hexdigest() != expected:
                raise FeedError(f"{received} of {size} bytes arrived, or the sha256 differs")
            handle.flush()
            _check_wav(Path(handle.name), fragment)

        try:
            write_atomically(path, write, self.store.fsync, replace=False)
        except FileExistsError:
            raise TransferError(f"{path} exists already; it is left as it is") from None
        except OSError as err:
            raise StoreError(f"{path}: could not be written ({err.strerror or err})") from err
        fragment = replace(fragment, path=path.absolute())
        self.store.record(fragment, provenance)
        return fragment

    def deliver(self, fragment: Fragment) -> None:
        path = fragment.path
        if not (self.store.contains(path) and path.suffix == ".wav" and path.is_file()):
            self.report_once(f"{fragment.id}: {path} is not a WAV in {self.store.root}; not sent")
            return
        result = self.delivery.send_fragment(fragment)
        ready = datetime.fromisoformat(fragment.created).timestamp() - self.clock_offset
        latency_ms = (time.time() - ready) * 1000
        self.log(f"{fragment.id} {path.name}: {result.describe()}, {latency_ms:.0f} ms after ready")

    def step(self) -> int:
        """One poll: fetch and deliver what is new, oldest first. Returns how many arrived.

        A bad item is skipped (reported once); a transfer that breaks off ends the step there,
        so the next one retries it first. `cursor` follows the items done, so that the server
        long-polls after them instead of listing a bad item again at once.
        """
        arrived, known = 0, self.known_ids() | self.refused
        for number, item in enumerate(self.poll()):
            fragment_id = _id_of(item)
            if fragment_id is None or fragment_id not in known:
                try:
                    fragment = self.fetch(self.check_item(item))
                except FeedError as err:
                    self.report_once(f"skipped listing item {number} ({_label(item)}): {err}")
                    self.refused.add(fragment_id or "")
                else:  # recorded before delivered: a crash in between costs one OSC message
                    self.deliver(fragment)
                    arrived += 1
            if fragment_id is not None:
                known.add(fragment_id)
                self.cursor = fragment_id
        return arrived

    def run(self, max_fragments: int | None = None) -> int:
        """Follow the feed until `max_fragments` arrived (or forever, or `stop()`), riding out
        network drops and bad answers."""
        arrived, backoff = 0, self.retry_initial_s
        while (max_fragments is None or arrived < max_fragments) and not self._stop.is_set():
            started = time.monotonic()
            try:
                new = self.step()
                arrived += new
                backoff = self.retry_initial_s
                if not new and time.monotonic() - started < self.poll_wait_s / 2:
                    self._stop.wait(self.retry_initial_s)  # a server answering at once: no spin
            except (httpx.HTTPStatusError, TransferError, FeedError, StoreError) as err:
                message = f"server unreachable, transfer failed or bad answer ({err})"
                if isinstance(err, FeedError):
                    self.report_once(message + "; retrying (reported once)")
                else:
                    self.log(f"{message}; retrying in {backoff:.1f} s")
                self._stop.wait(backoff)
                backoff = min(backoff * 2, self.retry_max_s)
        return arrived

    def stop(self) -> None:
        """End `run` at its next step (from another thread)."""
        self._stop.set()


def _check_wav(path: Path, fragment: Fragment) -> None:
    """The downloaded file must decode, whole, as the WAV the listing announced."""
    try:
        with sf.SoundFile(path) as audio:
            kind, rate, frames = audio.format, audio.samplerate, audio.frames
            for _ in audio.blocks(blocksize=1 << 16, dtype="float32"):
                pass
    except Exception as err:  # libsndfile reports bad data through several exception types
        raise FeedError(f"does not decode as audio ({err})") from None
    if kind != "WAV":
        raise FeedError(f"is {kind} audio, not WAV")
    if rate != fragment.sample_rate or abs(frames / rate - fragment.duration) > 0.01:
        raise FeedError(
            f"is {frames / rate:.3f} s at {rate} Hz, the listing says "
            f"{fragment.duration:.3f} s at {fragment.sample_rate} Hz"
        )


def _id_of(item: Any) -> str | None:
    """The item's id as a cursor for the server, if it is a short string (checked or not)."""
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def _label(item: Any) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return f"id {value!r:.40}" if value is not None else "no id"
