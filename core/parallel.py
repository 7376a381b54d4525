"""Per-file work spread over processes: results in input order, with a progress display.

The audit and `ingest` hand each file to `map_in_order`; `jobs` (conf `dataset.jobs`) is the
number of worker processes, 0 meaning one per core (`os.cpu_count()`), 1 meaning none (the work
runs in this process). Workers are forked only while torch is not loaded (a forked copy of a
process that holds torch's thread pools can hang), else spawned. A progress bar is drawn on a
terminal (tqdm); elsewhere (DVC logs, CI) about ten plain lines say how far the run is.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

# A spawned worker costs an interpreter and its imports (1-2 s measured), a file 3-10 ms: below
# this many files per worker, fewer workers (a small corpus, the demo set too, stays in process).
MIN_ITEMS_PER_WORKER = 64
T = TypeVar("T")
R = TypeVar("R")


class JobsError(ValueError):
    """A `jobs` setting that is not a count of processes."""


def resolve_jobs(jobs: int) -> int:
    """Worker processes for a `jobs` setting: 0 = one per core; JobsError below 0."""
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise JobsError(f"dataset.jobs must be 0 (one per core) or a positive count, not {jobs!r}")
    return jobs or os.cpu_count() or 1


def map_in_order(
    fn: Callable[[T], R], items: list[T], jobs: int, label: str, crashed: Callable[[T, str], R]
) -> Iterator[R]:
    """fn(item) for every item, in the order of `items`, over `jobs` processes (resolve_jobs).

    A worker that dies (a decoder crashing on a hostile file, the kernel's OOM killer) does not end
    the run: the item it stopped at is run again alone, and `crashed(item, why)` stands for its
    result when that kills its worker too; then the rest go on in a fresh pool.
    """
    workers = min(resolve_jobs(jobs), max(1, len(items) // MIN_ITEMS_PER_WORKER))
    progress = Progress(label, len(items))
    try:
        if workers == 1:
            for item in items:
                yield fn(item)
                progress.step()
            return
        done = 0
        while done < len(items):
            try:
                for result in _pool_map(fn, items[done:], workers):
                    yield result
                    done += 1
                    progress.step()
            except BrokenProcessPool:
                yield _alone(fn, items[done], crashed)
                done += 1
                progress.step()
    finally:
        progress.close()


def _pool_map(fn: Callable[[T], R], items: list[T], workers: int) -> Iterator[R]:
    chunk = max(1, min(64, len(items) // (workers * 8)))
    context = multiprocessing.get_context(start_method())
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        yield from pool.map(fn, items, chunksize=chunk)
    finally:  # a caller that stops early (an error) does not wait for the rest of the work
        pool.shutdown(wait=True, cancel_futures=True)


def start_method() -> str:
    """fork where it is safe (Linux, torch not loaded: no thread pools to copy), else spawn; a
    spawned worker imports the project again, which costs seconds on a busy machine."""
    return "fork" if sys.platform == "linux" and "torch" not in sys.modules else "spawn"


def _alone(fn: Callable[[T], R], item: T, crashed: Callable[[T, str], R]) -> R:
    try:
        return next(_pool_map(fn, [item], 1))
    except BrokenProcessPool:
        return crashed(item, "its worker process died while reading it (crash or out of memory)")


class Progress:
    """tqdm on a terminal, else a plain line at every tenth of the way and at the end."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, total, 0
        self.started = time.perf_counter()
        self.bar: Any = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=label, unit="file", leave=False)
        self.every = max(1, total // 10)

    def step(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update()
        elif self.done % self.every == 0 or self.done == self.total:
            rate = self.done / max(time.perf_counter() - self.started, 1e-9)
            print(f"{self.label}: {self.done}/{self.total} files ({rate:.0f}/s)", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
