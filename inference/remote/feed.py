"""The fragment feed: new fragments (metadata, provenance, audio) over HTTP, for remote clients.

When generation runs on a GPU host and Live on a laptop, a path sent over OSC points nowhere. The
host therefore exposes its fragments folder read-only to clients holding a token
(`Authorization: Bearer <token>`); `inference.bridge` on the laptop follows it. There is no open
access: without a token the feed is not served at all. The UI mounts this router; `python -m
inference.feed` serves it alone (e.g. beside the CLI or an OSC-driven host with no UI).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from core.files import sha256_file
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
        return json.loads(sidecar.read_text()).get("provenance", {})
    except (OSError, ValueError):
        return {}


def describe(fragment: Fragment) -> dict[str, Any]:
    """What a client needs to fetch, check and re-record a fragment."""
    return {
        **fragment.to_dict(),
        "file_name": fragment.path.name,
        "size": fragment.path.stat().st_size,
        "sha256": sha256_file(fragment.path),
        "provenance": sidecar_provenance(fragment),
    }


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
    router = APIRouter(prefix=PREFIX, dependencies=[Depends(token_check(token))])

    @router.get("/fragments")
    async def list_fragments(
        after: str | None = None, wait: float = Query(0.0, ge=0.0)
    ) -> dict[str, Any]:
        deadline = time.monotonic() + min(wait, max_wait_s)
        while not (found := fragments_after(store, after)) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return {"server_time": time.time(), "fragments": [describe(f) for f in found]}

    @router.get("/fragments/{fragment_id}/audio")
    def fragment_audio(fragment_id: str) -> StreamingResponse:
        fragment = store.get(fragment_id)
        if fragment is None or not fragment.path.is_file():
            raise HTTPException(status_code=404, detail=f"no fragment {fragment_id}")
        size = fragment.path.stat().st_size

        def chunks() -> Iterator[bytes]:
            with open(fragment.path, "rb") as handle:
                while block := handle.read(CHUNK):
                    yield block
                    if chunk_delay_s:
                        time.sleep(chunk_delay_s)

        headers = {"Content-Length": str(size)}
        return StreamingResponse(chunks(), media_type="audio/wav", headers=headers)

    return router


def build_app(store: FragmentStore, token: str, **options: Any) -> FastAPI:
    app = FastAPI(title="sao-improv fragment feed")
    app.include_router(feed_router(store, token, **options))
    return app
