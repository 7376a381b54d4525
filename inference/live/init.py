"""Init audio for audio-to-audio: where a variation starts, loaded, checked and stretched.

A variation starts from init audio (a history fragment, a riff from the library, or a dropped
file) instead of pure noise; `load_init` reads and checks it (listed, licensed, unchanged since it
was used) and time-stretches it to the prompt's Tempo when its own tempo is known (a fragment's
prompt, a riff's record). How far the result may move from it is its `strength` (0..1), mapped to
a noise level by the generator (`inference.model.sampling.noise_level`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.audio import read_audio
from core.files import sha256_file
from core.prompt import parse_tempo
from inference.audio.tempo import stretch_to_tempo

if TYPE_CHECKING:
    from inference.live.riffs import RiffLibrary
    from inference.live.store import FragmentStore

INIT_KINDS = ("fragment", "riff", "file")


@dataclass(frozen=True)
class InitAudio:
    """Where a variation starts: `kind` is fragment (an id), riff (a name in the riff library) or
    file (a path); `sha256`, when given, is what the source must still hold (regeneration)."""

    kind: str
    ref: str
    strength: float = 0.5
    sha256: str | None = None
    noise_level: float | None = None  # when given, used instead of the strength's (regeneration)


class InitError(ValueError):
    """Init audio that cannot be used; the message starts with `init:` and names the source."""


@dataclass(frozen=True)
class InitSource:
    """Init audio, loaded and stretched, with what the fragment records about it."""

    audio: np.ndarray  # (channels, samples) float32
    sample_rate: int
    record: dict[str, Any]  # kind, ref, strength, path, sha256, tempo, stretched_to, ...
    parent_id: str | None  # the history fragment it came from
    noise_level: float | None = None  # set by the engine (it knows the model's objective)


def load_init(
    init: InitAudio,
    store: FragmentStore,
    riffs: RiffLibrary | None,
    target_tempo: float | None,
) -> InitSource:
    """Read an init source, check it (listed, licensed, unchanged since `init.sha256`) and
    time-stretch it from its own tempo, when known, to `target_tempo`. A dropped file is kept
    in the fragments folder first, so that the fragment made from it can be regenerated."""
    record: dict[str, Any] = {"kind": init.kind, "ref": init.ref, "strength": init.strength}
    parent_id, tempo = None, None
    try:
        if init.kind == "fragment":
            parent = store.get(init.ref)
            if parent is None:
                raise InitError(f"init: fragment '{init.ref}' is not in {store.index_path}")
            if not parent.path.is_file():
                raise InitError(f"init: {parent.path} (fragment {init.ref}) is gone")
            audio, rate = read_audio(parent.path)
            path, digest = parent.path, sha256_file(parent.path)
            parent_id, tempo = parent.id, parse_tempo(parent.prompt)
        elif init.kind == "riff":
            if riffs is None:
                raise InitError("init: no riff library is configured (riffs=default)")
            riff, audio, rate = riffs.load(init.ref)
            path, digest, tempo = riff.path, riff.sha256, riff.tempo
            record |= {"licence": riff.licence, "author": riff.author}
        else:
            source = Path(init.ref).expanduser()
            if not source.is_file():
                raise InitError(f"init: file {source} does not exist")
            audio, rate = read_audio(source)
            path, digest = store.import_input(source)
            record["ref"] = str(path)
    except InitError:
        raise
    except ValueError as err:  # RiffError, undecodable audio
        raise InitError(f"init: {err}") from None
    except OSError as err:
        raise InitError(f"init: cannot read {init.ref} ({err.strerror or err})") from None
    if init.sha256 and digest != init.sha256:
        raise InitError(
            f"init: {path} changed since it was used (sha256 {digest[:12]}, recorded "
            f"{init.sha256[:12]}); it cannot be regenerated bit for bit"
        )
    stretched = bool(tempo and target_tempo and abs(tempo - target_tempo) > 1e-6)
    if stretched:
        audio = stretch_to_tempo(audio, tempo, target_tempo)
    record |= {
        "path": str(path),
        "sha256": digest,
        "tempo": tempo,
        "stretched_to": target_tempo if stretched else None,
    }
    return InitSource(audio, rate, record, parent_id)
