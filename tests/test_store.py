"""The fragment store: atomic WAVs, sidecar provenance, and a history that survives crashes."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from inference.live.store import Fragment, FragmentStore, StoreError, new_id
from tests.helpers import ROOT, make_store

SR = 44100
FIELDS = dict(
    prompt="warm pad, Tempo: 90", seed=7, steps=4, cfg_scale=6.0, sampler="dpmpp-3m-sde",
    bundle_sha256="ab" * 32, postprocess={"trim": {"top_db": 60.0}}, seconds=1.0,
)  # fmt: skip


def audio(seconds: float = 0.5, seed: int = 0) -> np.ndarray:
    return (0.1 * np.random.default_rng(seed).standard_normal((2, int(seconds * SR)))).astype(
        np.float32
    )


def save(store: FragmentStore, seed: int = 0) -> Fragment:
    fragment = store.write_audio(audio(seed=seed), SR, **FIELDS)
    store.record(fragment, {"note": "test"})
    return fragment


def wavs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wav"))


def test_fragment_files_and_history(tmp_path: Path) -> None:
    store = make_store(tmp_path / "fragments")
    store.check_writable()
    first, second = save(store, 1), save(store, 2)
    assert first.path.is_absolute() and first.path.parent == tmp_path / "fragments"
    assert first.path.name.endswith(f"_{first.id}.wav") and first.path.name[:8].isdigit()
    assert re.fullmatch(r"f[0-9a-f]{12}", first.id) and first.id != second.id
    assert re.fullmatch(r"f[0-9a-f]{12}", new_id()) and new_id() != new_id()
    data, rate = sf.read(first.path, dtype="float32")
    assert rate == SR and data.shape == (SR // 2, 2) and np.array_equal(data.T, audio(seed=1))
    sidecar = json.loads(first.path.with_suffix(".json").read_text())
    assert sidecar["seed"] == 7 and sidecar["bundle_sha256"] == "ab" * 32
    assert sidecar["postprocess"] == FIELDS["postprocess"] and sidecar["provenance"] == {
        "note": "test"
    }
    reopened = make_store(tmp_path / "fragments")  # a restart
    assert [f.id for f in reopened.history()] == [second.id, first.id]
    assert reopened.get(first.id) == first and reopened.get("nope") is None


def test_torn_last_line_is_skipped_and_nothing_is_lost(tmp_path: Path, caplog) -> None:
    store = make_store(tmp_path)
    kept = [save(store, i) for i in range(2)]
    with open(store.index_path, "a") as index:
        index.write('{"id": "torn", "path": "/x.wav", "crea')  # a crash mid-line
    with caplog.at_level(logging.WARNING):
        assert [f.id for f in store.history()] == [kept[1].id, kept[0].id]
    assert "line 3 skipped" in caplog.text
    later = save(store, 3)
    assert [f.id for f in make_store(tmp_path).history()] == [later.id, kept[1].id, kept[0].id]
    assert '"crea\n' in store.index_path.read_text()  # appended after, never rewritten


def test_failed_write_leaves_no_wav_and_keeps_history(tmp_path: Path, monkeypatch) -> None:
    store = make_store(tmp_path)
    earlier = save(store)
    real_write = sf.write

    def disk_full_halfway(file, data, *args, **kwargs):
        real_write(file, data[: len(data) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sf, "write", disk_full_halfway)
    with pytest.raises(StoreError, match="No space left on device"):
        store.write_audio(audio(), SR, **FIELDS)
    assert wavs(tmp_path) == [earlier.path]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [earlier.path.name, earlier.path.with_suffix(".json").name, "index.jsonl"]
    )
    assert [f.id for f in store.history()] == [earlier.id]


def test_killed_writer_leaves_no_partial_wav(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    earlier = save(store)
    writer = textwrap.dedent(
        f"""
        import os, sys, time
        import numpy as np
        from inference.live.store import FragmentStore
        def hang(fd):  # the data is on its way to disk, the rename has not happened
            print("writing", flush=True)
            time.sleep(60)
        os.fsync = hang
        audio = np.full((2, 44100 * 5), 0.25, dtype=np.float32)
        FragmentStore({str(tmp_path)!r}, "FLOAT", True).write_audio(audio, 44100, **{FIELDS!r})
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", writer],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout.readline().strip() == "writing"
        partial = [p for p in tmp_path.iterdir() if p.name.startswith(".partial-")]
        assert len(partial) == 1 and partial[0].stat().st_size > 1_000_000
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert wavs(tmp_path) == [earlier.path]  # the half-written file never had a fragment's name
    assert [f.id for f in make_store(tmp_path).history()] == [earlier.id]


def test_unwritable_folder_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    store = make_store(blocker / "fragments")
    with pytest.raises(StoreError, match=f"fragments folder {blocker / 'fragments'}: cannot write"):
        store.check_writable()


def test_bad_sample_format_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="store.subtype: 'MP3'"):
        FragmentStore(tmp_path, "MP3", True)


# -- the history's lines are checked on read ------------------------------------------------------

BAD_LINES = [  # (change to a good line, or a whole line; what the warning names)
    ({"duration": "abc"}, "duration: 'abc' is not a number"),
    ({"duration": -1.0}, "duration: -1.0 is outside"),
    ({"duration": float("nan")}, "duration: nan is outside"),
    ({"duration": True}, "duration: True is not a number"),
    ({"sample_rate": "44100"}, "sample_rate: '44100' is not an integer"),
    ({"sample_rate": 0}, "sample_rate: 0 is outside"),
    ({"sample_rate": 44100.5}, "sample_rate: 44100.5 is not an integer"),
    ({"seed": 1.5}, "seed: 1.5 is not an integer"),
    ({"seed": -1}, "seed: -1 is outside"),
    ({"steps": 0}, "steps: 0 is outside"),
    ({"cfg_scale": "high"}, "cfg_scale: 'high' is not a number"),
    ({"prompt": 5}, "prompt: 5 is not a str"),
    ({"prompt": None}, "prompt: None is not a str"),
    ({"created": "yesterday"}, "created: 'yesterday' is not an ISO 8601 time"),
    ({"created": 17}, "created: 17 is not an ISO 8601 time"),
    ({"id": "../../etc/passwd"}, "id: '../../etc/passwd' is not a fragment id"),
    ({"id": 12}, "id: 12 is not a fragment id"),
    ({"path": ""}, "path: '' is not a path"),
    ({"path": ["a"]}, "path: ['a'] is not a path"),
    ({"postprocess": "all"}, "postprocess: 'all' is not a dict"),
    ({"init": []}, "init: [] is not a dict"),
    ({"bars": 0}, "bars: 0 is outside"),
    ({"bars": "four"}, "bars: 'four' is not an integer"),
    ({"sampler": 3}, "sampler: 3 is not null or a str"),
    ({"parent_id": {}}, "parent_id: {} is not null or a str"),
    ({"seconds": "4"}, "seconds: '4' is not a number"),
    ({"delivery": None}, "delivery: None is not a str"),
    ({"id": None}, "id: None is not a fragment id"),
    ("drop:duration", "duration: missing"),
    ("drop:path", "path: missing"),
    ("[1, 2, 3]", "a JSON list, not an object"),
    ("null", "a JSON NoneType, not an object"),
    ('"just text"', "a JSON str, not an object"),
    ("{not json", "Expecting property name"),
    ('{"id": "f0123456789ab", "path": "/x.wav", "crea', "Invalid control character"),
]


def bad_line(good: Fragment, change) -> str:
    if isinstance(change, dict):
        return json.dumps({**good.to_dict(), **change})
    if change.startswith("drop:"):
        return json.dumps({k: v for k, v in good.to_dict().items() if k != change[5:]})
    return change


@pytest.mark.parametrize(("change", "named"), BAD_LINES, ids=[n for _, n in BAD_LINES])
def test_a_bad_history_line_is_skipped_and_named(tmp_path: Path, caplog, change, named) -> None:
    from ui.views import history_rows

    store = make_store(tmp_path)
    first = save(store, 1)
    with open(store.index_path, "a") as index:
        index.write(bad_line(first, change) + "\n")
    last = save(store, 2)
    with caplog.at_level(logging.WARNING):
        history = make_store(tmp_path).history()
    assert [f.id for f in history] == [last.id, first.id]  # the others stay listed
    assert "line 2 skipped" in caplog.text and named in caplog.text, caplog.text
    assert len(history_rows(history)) == 2  # the History tab renders


def test_the_os_reason_of_a_full_disk_is_named(full_disk) -> None:
    folder, how = full_disk
    store = make_store(folder / "fragments")
    store.check_writable()
    with pytest.raises(StoreError, match=r"could not be written \(No space left on device\)"):
        store.write_audio(audio(1.0), SR, **FIELDS)  # 350 KB on a 64 KiB file system
    assert not [p for p in (folder / "fragments").iterdir()], how  # no partial file left
    assert store.history() == []
