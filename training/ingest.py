"""DVC stage `ingest`: turns the audited recordings into training windows in `data/prepared/`.

`uv run python -m training.ingest [dataset.windows.seconds=4]`

Reads only the files the audit accepted (`data/audit/licence_report.json`), each checked against
the sha256 the audit recorded. Decodes, makes stereo (mono duplicated; with more channels, L and R
are kept and the others spread over both at -3 dB, scaled so nothing clips), resamples to
`dataset.windows.sample_rate` with torchaudio, cuts windows and drops exact duplicates (files with
the same sha256, windows with the same samples).

Layout of `data/prepared/` (what `training.encode` reads):
- `windows/<first 16 hex of the source's sha256>-<index>.wav`: one window, stereo float32 WAV at
  `dataset.windows.sample_rate`, holding only its real audio (a tail window is shorter); pad it to
  `window_samples` (in `dataset.json`) and mask with `arange(window_samples) < samples`.
- `manifest.jsonl`: one line per window: `id`, `audio` (path relative to data/prepared), `source`
  (the recording, relative to data/raw), `sha256` (of the recording), `offset` (seconds into the
  recording: the model's `seconds_start`), `duration` and `samples` (real audio in the window),
  `source_seconds` (the recording's length: `seconds_total`), `prompt`, `licence`, `author`,
  `window_sha256`.
- `dataset.json`: sample rate, window sizes, counts, and every skipped file or duplicate with why.
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hydra
import numpy as np
import soundfile as sf
from omegaconf import DictConfig

from core.files import sha256_file, staged_dir
from core.prompt import build_prompt
from training.audit import REPORT_FILE

MANIFEST_FILE = "manifest.jsonl"
DATASET_FILE = "dataset.json"
WINDOWS_DIR = "windows"


class IngestError(Exception):
    """The stage cannot start: no usable audit report."""


def to_stereo(audio: np.ndarray) -> np.ndarray:
    """(frames, channels) to (2, frames)."""
    channels = audio.shape[1]
    if channels == 1:
        return np.repeat(audio.T, 2, axis=0)
    if channels == 2:
        return np.ascontiguousarray(audio.T)
    gain = 1 / math.sqrt(2)
    rest = gain * audio[:, 2:].sum(axis=1)
    return np.stack([audio[:, 0] + rest, audio[:, 1] + rest]) / (1 + gain * (channels - 2))


def resample(audio: np.ndarray, sample_rate: int, target_rate: int) -> np.ndarray:
    if sample_rate == target_rate:
        return audio
    import torch  # imported here: torch takes seconds to load and most error paths never need it
    import torchaudio

    waveform = torch.from_numpy(np.ascontiguousarray(audio, dtype=np.float32))
    return torchaudio.functional.resample(waveform, sample_rate, target_rate).numpy()


def window_starts(frames: int, window: int, hop: int, min_samples: int) -> list[int]:
    """Window starts every `hop` samples; a tail shorter than `min_samples` is dropped."""
    starts = []
    for start in range(0, frames, hop):
        if frames - start < min_samples:
            break
        starts.append(start)
        if start + window >= frames:
            break
    return starts


def window_sizes(cfg: DictConfig) -> tuple[int, int, int]:
    """Window, hop and minimum length in samples; the window a multiple of `multiple_of`."""
    rate, multiple = int(cfg.sample_rate), int(cfg.multiple_of)
    window = math.ceil(float(cfg.seconds) * rate / multiple) * multiple
    hop = window if cfg.hop_seconds is None else max(1, round(float(cfg.hop_seconds) * rate))
    return window, hop, max(1, round(float(cfg.min_seconds) * rate))


def read_report(path: Path) -> list[dict[str, Any]]:
    """The accepted entries of a licence report that passed its own policy."""
    if not path.exists():
        raise IngestError(f"{path}: missing; run the audit first (uv run dvc repro audit)")
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        accepted, policy = report["accepted"], report["policy"]
    except (ValueError, KeyError, TypeError) as err:
        raise IngestError(f"{path}: not a licence report ({err!r}); rerun the audit") from None
    if report.get("rejected") and policy.get("on_violation") == "fail":
        raise IngestError(
            f"{path}: the audit rejected {len(report['rejected'])} file(s) under "
            "licences.on_violation=fail; nothing is ingested until it passes"
        )
    return accepted


def load_source(raw_dir: Path, entry: dict[str, Any], target_rate: int) -> np.ndarray:
    """The accepted file as (2, frames) at target_rate; ValueError says why it cannot be used."""
    path = raw_dir / entry["file"]
    if not path.is_file():
        raise ValueError("missing from data/raw since the audit: rerun the audit")
    if sha256_file(path) != entry["sha256"]:
        raise ValueError("changed since the audit (sha256 differs): rerun the audit")
    try:
        audio, rate = sf.read(path, dtype="float32", always_2d=True)
    except Exception as err:  # libsndfile reports corrupt data through several exception types
        raise ValueError(f"cannot decode as audio: {err}") from None
    return resample(to_stereo(audio), rate, target_rate)


def prompt_of(entry: dict[str, Any]) -> str:
    fields = {k: entry.get(k) for k in ("tempo", "key", "genre", "instrument")}
    return build_prompt(entry.get("prompt") or "", **fields)


@dataclass
class WindowWriter:
    """Cuts sources into window files under `out`, remembering what it kept, dropped and why."""

    out: Path
    rate: int
    window: int
    hop: int
    min_samples: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    seen_sources: dict[str, str] = field(default_factory=dict)
    seen_windows: set[str] = field(default_factory=set)
    duplicate_windows: int = 0

    def add(self, raw_dir: Path, entry: dict[str, Any]) -> None:
        if entry["sha256"] in self.seen_sources:
            return self._skip(entry, f"same content as {self.seen_sources[entry['sha256']]}")
        self.seen_sources[entry["sha256"]] = entry["file"]
        try:
            audio = load_source(raw_dir, entry, self.rate)
            prompt = prompt_of(entry)
        except ValueError as err:
            return self._skip(entry, str(err))
        kept = 0
        for start in window_starts(audio.shape[1], self.window, self.hop, self.min_samples):
            chunk = np.ascontiguousarray(audio[:, start : start + self.window].T, dtype=np.float32)
            digest = hashlib.sha256(chunk.tobytes()).hexdigest()
            if digest in self.seen_windows:
                self.duplicate_windows += 1
                continue
            self.seen_windows.add(digest)
            window_id = f"{entry['sha256'][:16]}-{kept:04d}"
            rel = f"{WINDOWS_DIR}/{window_id}.wav"
            sf.write(self.out / rel, chunk, self.rate, subtype="FLOAT")
            self.lines.append(
                {
                    "id": window_id,
                    "audio": rel,
                    "source": entry["file"],
                    "sha256": entry["sha256"],
                    "offset": round(start / self.rate, 6),
                    "duration": round(len(chunk) / self.rate, 6),
                    "samples": len(chunk),
                    "source_seconds": round(audio.shape[1] / self.rate, 6),
                    "prompt": prompt,
                    "licence": entry["licence"],
                    "author": entry.get("author"),
                    "window_sha256": digest,
                }
            )
            kept += 1
        if not kept:
            self._skip(entry, self._no_window_reason(audio.shape[1]))

    def _skip(self, entry: dict[str, Any], reason: str) -> None:
        self.skipped.append({"file": entry["file"], "reason": reason})

    def _no_window_reason(self, frames: int) -> str:
        if frames < self.min_samples:
            return (
                f"{frames / self.rate:.2f} s long, shorter than dataset.windows.min_seconds "
                f"({self.min_samples / self.rate:g} s)"
            )
        return "every window duplicates one already kept"

    def summary(self) -> dict[str, Any]:
        return {
            "sample_rate": self.rate,
            "channels": 2,
            "window_samples": self.window,
            "hop_samples": self.hop,
            "min_samples": self.min_samples,
            "sources": len({line["sha256"] for line in self.lines}),
            "windows": len(self.lines),
            "seconds": round(sum(line["duration"] for line in self.lines), 3),
            "duplicate_windows": self.duplicate_windows,
            "skipped": self.skipped,
        }


def ingest(report_path: str | Path, raw_dir: str | Path, out: str | Path, cfg: DictConfig) -> dict:
    """Write `out` (built beside it, then swapped in); returns what dataset.json holds."""
    report_path, raw_dir, out = Path(report_path), Path(raw_dir), Path(out)
    accepted = read_report(report_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with staged_dir(out) as staging:
        (staging / WINDOWS_DIR).mkdir()
        writer = WindowWriter(staging, int(cfg.sample_rate), *window_sizes(cfg))
        for entry in sorted(accepted, key=lambda e: e["file"]):
            writer.add(raw_dir, entry)
        summary = writer.summary() | {"report_sha256": sha256_file(report_path)}
        manifest = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in writer.lines)
        (staging / MANIFEST_FILE).write_text(manifest, encoding="utf-8")
        (staging / DATASET_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    return summary


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    report = Path(cfg.paths.audit_dir) / REPORT_FILE
    try:
        summary = ingest(report, cfg.paths.raw_dir, cfg.paths.prepared_dir, cfg.dataset.windows)
    except IngestError as err:
        print(f"ingest: {err}", file=sys.stderr)
        sys.exit(2)
    print(
        f"ingest: {summary['windows']} windows of {summary['window_samples']} samples "
        f"({summary['seconds']:.1f} s of audio) from {summary['sources']} files, "
        f"{summary['duplicate_windows']} duplicate windows dropped"
    )
    for skip in summary["skipped"]:
        print(f"  skipped {skip['file']}: {skip['reason']}")
    print(f"wrote {cfg.paths.prepared_dir}/{MANIFEST_FILE}")


if __name__ == "__main__":
    main()
