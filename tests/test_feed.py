"""The fragment feed's own boundary: only regular files inside the fragments folder are listed or
served, a lost file is named instead of breaking the listing, and no API description is served."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from inference.live.store import Fragment, FragmentStore, new_id
from inference.remote.feed import build_app
from tests.helpers import make_store

TOKEN = "feed-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def save(store: FragmentStore, seed: int) -> Fragment:
    audio = np.random.default_rng(seed).uniform(-0.3, 0.3, (2, 4410)).astype(np.float32)
    fragment = store.write_audio(audio, 44100, prompt=f"pad {seed}", seed=seed, steps=2,
                                 cfg_scale=1.0, sampler=None, bundle_sha256="0")  # fmt: skip
    store.record(fragment, {"note": seed})
    return fragment


def listed_elsewhere(store: FragmentStore, template: Fragment, path: Path) -> Fragment:
    """A history line (as a hostile or broken host could hold) naming `path`."""
    line = {**template.to_dict(), "id": new_id(), "path": str(path)}
    with open(store.index_path, "a") as index:
        index.write(json.dumps(line) + "\n")
    return Fragment.from_dict(line)


@pytest.fixture
def host(tmp_path: Path):
    store = make_store(tmp_path / "fragments")
    store.check_writable()
    kept = [save(store, seed) for seed in range(3)]
    secret = tmp_path / "secret.wav"
    secret.write_bytes(kept[0].path.read_bytes())  # a real WAV, outside the folder
    link = store.root / "link_out.wav"
    os.symlink(secret, link)
    (store.root / "a_folder.wav").mkdir()
    bad = {
        "deleted": kept[1].path,
        "passwd": Path("/etc/passwd"),
        "outside": secret,
        "symlink out": link,
        "traversal": store.root / ".." / "secret.wav",
        "folder": store.root / "a_folder.wav",
    }
    lines = {name: listed_elsewhere(store, kept[0], path) for name, path in bad.items()}
    kept[1].path.unlink()  # a listed WAV deleted from the host's folder
    client = TestClient(build_app(store, TOKEN, max_wait_s=0.0, chunk_delay_s=0.0))
    return client, kept, lines


def test_the_listing_skips_and_names_what_it_cannot_serve(host) -> None:
    client, kept, lines = host
    answer = client.get("/feed/fragments", headers=AUTH)
    assert answer.status_code == 200  # one lost file never makes it 500
    body = answer.json()
    assert [f["id"] for f in body["fragments"]] == [kept[0].id, kept[2].id]
    skipped = {entry["id"]: entry["reason"] for entry in body["skipped"]}
    assert set(skipped) == {kept[1].id, *(f.id for f in lines.values())}
    assert "No such file" in skipped[kept[1].id]
    for name in ("passwd", "outside", "symlink out", "traversal"):
        assert "outside the fragments folder" in skipped[lines[name].id], name
    assert "not a regular file" in skipped[lines["folder"].id]


@pytest.mark.parametrize(
    "name", ["deleted", "passwd", "outside", "symlink out", "traversal", "folder"]
)
def test_nothing_outside_the_folder_is_served(host, name: str) -> None:
    client, kept, lines = host
    fragment_id = kept[1].id if name == "deleted" else lines[name].id
    answer = client.get(f"/feed/fragments/{fragment_id}/audio", headers=AUTH)
    assert answer.status_code == 404
    assert b"root:" not in answer.content and b"RIFF" not in answer.content


def test_a_listed_fragment_is_served_whole(host) -> None:
    client, kept, _ = host
    answer = client.get(f"/feed/fragments/{kept[2].id}/audio", headers=AUTH)
    assert answer.status_code == 200 and answer.content == kept[2].path.read_bytes()


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"])
def test_the_feed_describes_no_api(host, path: str) -> None:
    client, _, _ = host
    assert client.get(path).status_code == 404
    assert client.get(path, headers=AUTH).status_code == 404
