"""DVC stage `ingest`: turns the audited recordings into a manifest of training windows.

`uv run python -m training.ingest [dataset.windows.seconds=4] [dataset.jobs=4]`

Reads only the files the audit accepted (`data/audit/licence_report.json`), each checked against
the sha256 the audit recorded, over `dataset.jobs` processes. Decodes each (`training.sources`:
stereo, resampled to `dataset.windows.sample_rate`), cuts windows and drops exact duplicates (files
with the same sha256, windows with the same samples). No audio is copied: a window is a span of
its source, read again from `paths.raw_dir` by whoever needs its samples (`training.sources`).

Layout of `data/prepared/` (what `training.encode` reads):
- `manifest.jsonl`: one line per window: `id`, `source` (the recording, relative to
  `paths.raw_dir`), `sha256` (of the recording, from the licence report), `start` and `samples`
  (the window's first sample and its real length, at `sample_rate`, after resampling; a tail
  window is shorter: pad it to `window_samples` of `dataset.json` and mask with
  `arange(window_samples) < samples`), `offset` and `duration` (the same in seconds; `offset` is
  the model's `seconds_start`), `source_seconds` (the recording's length: `seconds_total`),
  `prompt`, `licence`, `author`, `window_sha256` (of the samples, float32 frames x 2).
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
from omegaconf import DictConfig

from core.files import sha256_file, staged_dir
from core.parallel import JobsError, map_in_order, resolve_jobs
from core.prompt import build_prompt
from training.audit import REPORT_FILE
from training.sources import SourceError, decode

MANIFEST_FILE = "manifest.jsonl"
DATASET_FILE = "dataset.json"


class IngestError(Exception):
    """The stage cannot start: no usable audit report."""


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


def cut_source(job: tuple[Path, dict[str, Any], int, tuple[int, int, int]]) -> dict[str, Any]:
    """One accepted file's windows (start, samples, sha256 of the samples), or why it has none.

    Runs in a worker process (`core.parallel`); whatever goes wrong is a reason, never an abort.
    """
    raw_dir, entry, rate, (window, hop, min_samples) = job
    path = raw_dir / entry["file"]
    try:
        if not path.is_file():
            return {"reason": "missing from data/raw since the audit: rerun the audit"}
        if sha256_file(path) != entry["sha256"]:
            return {"reason": "changed since the audit (sha256 differs): rerun the audit"}
        audio = decode(path, rate)
    except SourceError as err:
        return {"reason": str(err)}
    except Exception as err:  # one bad file among thousands must not stop the others
        return {"reason": f"cannot be read: {err!r}"}
    cuts = []
    for start in window_starts(audio.shape[1], window, hop, min_samples):
        chunk = np.ascontiguousarray(audio[:, start : start + window].T)
        cuts.append((start, len(chunk), hashlib.sha256(chunk.tobytes()).hexdigest()))
    return {"frames": audio.shape[1], "windows": cuts}


def prompt_of(entry: dict[str, Any]) -> str:
    fields = {k: entry.get(k) for k in ("tempo", "key", "genre", "instrument")}
    return build_prompt(entry.get("prompt") or "", **fields)


@dataclass
class WindowIndex:
    """The manifest being built: windows kept in source order, what was dropped and why."""

    rate: int
    window: int
    hop: int
    min_samples: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    seen_windows: set[str] = field(default_factory=set)
    duplicate_windows: int = 0

    def add(self, entry: dict[str, Any], cut: dict[str, Any]) -> None:
        if "reason" in cut:
            return self.skip(entry, cut["reason"])
        try:
            prompt = prompt_of(entry)
        except ValueError as err:
            return self.skip(entry, str(err))
        kept = 0
        for start, samples, digest in cut["windows"]:
            if digest in self.seen_windows:
                self.duplicate_windows += 1
                continue
            self.seen_windows.add(digest)
            self.lines.append(
                {
                    "id": f"{entry['sha256'][:16]}-{kept:04d}",
                    "source": entry["file"],
                    "sha256": entry["sha256"],
                    "start": start,
                    "samples": samples,
                    "sample_rate": self.rate,
                    "offset": round(start / self.rate, 6),
                    "duration": round(samples / self.rate, 6),
                    "source_seconds": round(cut["frames"] / self.rate, 6),
                    "prompt": prompt,
                    "licence": entry["licence"],
                    "author": entry.get("author"),
                    "window_sha256": digest,
                }
            )
            kept += 1
        if not kept:
            self.skip(entry, self._no_window_reason(cut["frames"]))

    def skip(self, entry: dict[str, Any], reason: str) -> None:
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


def unique_sources(accepted: list[dict[str, Any]], index: WindowIndex) -> list[dict[str, Any]]:
    """Accepted entries in file order, a file with the content of an earlier one skipped."""
    seen: dict[str, str] = {}
    unique = []
    for entry in sorted(accepted, key=lambda e: e["file"]):
        if entry["sha256"] in seen:
            index.skip(entry, f"same content as {seen[entry['sha256']]}")
        else:
            seen[entry["sha256"]] = entry["file"]
            unique.append(entry)
    return unique


def ingest(
    report_path: str | Path, raw_dir: str | Path, out: str | Path, cfg: DictConfig, jobs: int
) -> dict:
    """Write `out` (built beside it, then swapped in); returns what dataset.json holds.

    Sources are decoded over `jobs` processes (`core.parallel`); windows are deduplicated here,
    in file order, so the manifest is the same for any `jobs`.
    """
    report_path, raw_dir, out = Path(report_path), Path(raw_dir), Path(out)
    accepted = read_report(report_path)
    index = WindowIndex(int(cfg.sample_rate), *window_sizes(cfg))
    sources = unique_sources(accepted, index)
    sizes = (index.window, index.hop, index.min_samples)
    work = [(raw_dir, entry, index.rate, sizes) for entry in sources]
    cuts = map_in_order(cut_source, work, jobs, "ingest", lambda job, why: {"reason": why})
    for entry, cut in zip(sources, cuts, strict=True):
        index.add(entry, cut)
    index.skipped.sort(key=lambda s: s["file"])
    summary = index.summary() | {"report_sha256": sha256_file(report_path)}
    manifest = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in index.lines)
    with staged_dir(out) as staging:
        (staging / MANIFEST_FILE).write_text(manifest, encoding="utf-8")
        (staging / DATASET_FILE).write_text(json.dumps(summary, indent=2) + "\n")
    return summary


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    report = Path(cfg.paths.audit_dir) / REPORT_FILE
    try:
        resolve_jobs(cfg.dataset.jobs)
        summary = ingest(
            report, cfg.paths.raw_dir, cfg.paths.prepared_dir, cfg.dataset.windows,
            cfg.dataset.jobs,
        )  # fmt: skip
    except (IngestError, JobsError) as err:
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
