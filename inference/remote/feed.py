"""The fragment feed: new fragments (metadata, provenance, audio) over HTTP, for remote clients.

When generation runs on a GPU host and Live on a laptop, a path sent over OSC points nowhere. The
host therefore exposes its fragments folder read-only to clients holding a token
(`Authorization: Bearer <token>`); `inference.bridge` on the laptop follows it. There is no open
access: without a token the feed is not served at all. The UI mounts this router; `python -m
inference.feed` serves it alone (e.g. beside the CLI or an OSC-driven host with no UI), with no
API description (`/docs`, `/redoc`, `/openapi.json`).

Only regular files whose resolved path lies inside the fragments folder are listed or served: a
history line pointing elsewhere (`/etc/passwd`, a symbolic link out of the folder) is not. A listed
fragment whose file is missing or unreadable is left out of the listing and named, with the
reason, in its `skipped` list, so one lost file never stops the others.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from inference.live.store import Fragment, FragmentStore

PREFIX = "/feed"
CHUNK = 64 * 1024


def fragments_after(store: FragmentStore, after: str | None) -> list[Fragment]:
    """Fragments listed after `after`, oldest first; all of them if `after` is unknown or empty.

    Ids are random, so order is the history's order; an unknown id (a reset store) means the
    client must see everything again and skip what it already has.
    """
    oldest_first = store.history()[::-1]
    ids = [f.id for f in oldest_first]
    if after and after in ids:
        return oldest_first[ids.index(after) + 1 :]
    return oldest_first


def sidecar_provenance(fragment: Fragment) -> dict[str, Any]:
    sidecar = fragment.path.with_suffix(".json")
    try:
        provenance = json.loads(sidecar.read_text()).get("provenance", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return provenance if isinstance(provenance, dict) else {}


class NotServed(ValueError):
    """A listed fragment whose file cannot be served; the message says why."""


def servable(store: FragmentStore, fragment: Fragment) -> Path:
    """The fragment's file with symbolic links resolved, if it is a readable regular file inside
    the fragments folder; NotServed otherwise."""
    try:
        resolved = fragment.path.resolve(strict=True)
    except (OSError, RuntimeError) as err:
        raise NotServed(f"{fragment.path}: {getattr(err, 'strerror', None) or err}") from None
    if not resolved.is_relative_to(store.root.resolve()):
        raise NotServed(f"{fragment.path} is outside the fragments folder")
    if not stat.S_ISREG(resolved.stat().st_mode):
        raise NotServed(f"{fragment.path} is not a regular file")
    return resolved


def open_servable(store: FragmentStore, fragment: Fragment) -> tuple[int, int]:
    """(file descriptor, size) of a servable fragment, opened without following a link that
    was put in its place after the check."""
    path = servable(store, fragment)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as err:
        raise NotServed(f"{fragment.path}: {err.strerror or err}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotServed(f"{fragment.path} is not a regular file")
    return fd, info.st_size


def describe(store: FragmentStore, fragment: Fragment) -> dict[str, Any]:
    """What a client needs to fetch, check and re-record a fragment; NotServed says why not."""
    fd, size = open_servable(store, fragment)
    try:
        with os.fdopen(fd, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as err:
        raise NotServed(f"{fragment.path}: {err.strerror or err}") from None
    return {
        **fragment.to_dict(),
        "file_name": fragment.path.name,
        "size": size,
        "sha256": digest,
        "provenance": sidecar_provenance(fragment),
    }


def listing(store: FragmentStore, found: list[Fragment]) -> dict[str, Any]:
    """The listing: fragments that can be served, and the others with the reason."""
    fragments, skipped = [], []
    for fragment in found:
        try:
            fragments.append(describe(store, fragment))
        except NotServed as err:
            skipped.append({"id": fragment.id, "reason": str(err)})
    return {"server_time": time.time(), "fragments": fragments, "skipped": skipped}


def token_check(token: str):
    """A FastAPI dependency refusing requests without `Authorization: Bearer <token>`."""

    def check(request: Request) -> None:
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(value.encode(), token.encode()):
            raise HTTPException(status_code=401, detail="missing or wrong feed token")

    return check


def feed_router(
    store: FragmentStore, token: str, max_wait_s: float, chunk_delay_s: float
) -> APIRouter:
    """Routes under /feed: the list (long-polled) and each fragment's audio.

    `chunk_delay_s` slows the audio stream down: it exists to simulate a slow link in tests.
    """
    if not token:
        raise ValueError("feed.token: empty; the feed is never served without a token")
    router = APIRouter(
        prefix=PREFIX, dependencies=[Depends(token_check(token))], include_in_schema=False
    )

    @router.get("/fragments")
    async def list_fragments(
        after: str | None = None, wait: float = Query(0.0, ge=0.0)
    ) -> dict[str, Any]:
        deadline = time.monotonic() + min(wait, max_wait_s)
        while not (found := fragments_after(store, after)) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return await asyncio.to_thread(listing, store, found)

    @router.get("/fragments/{fragment_id}/audio")
    def fragment_audio(fragment_id: str) -> StreamingResponse:
        fragment = store.get(fragment_id)
        if fragment is None:
            raise HTTPException(status_code=404, detail=f"no fragment {fragment_id}")
        try:
            fd, size = open_servable(store, fragment)
        except NotServed as err:
            raise HTTPException(status_code=404, detail=f"{fragment_id}: {err}") from None

        def chunks() -> Iterator[bytes]:
            with os.fdopen(fd, "rb") as handle:
                while block := handle.read(CHUNK):
                    yield block
                    if chunk_delay_s:
                        time.sleep(chunk_delay_s)

        headers = {"Content-Length": str(size)}
        return StreamingResponse(chunks(), media_type="audio/wav", headers=headers)

    return router


def build_app(store: FragmentStore, token: str, **options: Any) -> FastAPI:
    app = FastAPI(title="sao-improv fragment feed", docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(feed_router(store, token, **options))
    return app
