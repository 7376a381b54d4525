"""Training windows: the manifest's records, their audio, the split and the step-seeded order.

`read_manifest` reads what `training.ingest` wrote (one `Window` per line); `AudioWindows` is the
dataset of their audio, read from the source recordings (`training.sources`), padded, with a
latent-rate mask; `split_windows` holds out whole source recordings for validation; `StepSampler`
makes the data order a pure function of (seed, step), so a resumed run sees exactly what an
uninterrupted one would; `WindowData` is the Lightning module.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytorch_lightning as pl
import torch
from omegaconf import DictConfig

from training.sources import SourceError, SourceReader

# Decoded recordings a reader keeps: windows come in manifest (source) order, or at random from
# many sources, where a larger cache would rarely hit and only cost memory.
SOURCES_KEPT = 2


class DataError(ValueError):
    """Training data that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Window:
    """One training window: where its audio is and what the model is told about it."""

    id: str
    start: int  # first sample of the window in its source, at the model's sample rate
    prompt: str
    seconds_start: float  # offset of the window in its source recording
    seconds_total: float  # length of the source recording
    samples: int  # real (unpadded) length at the model's sample rate
    source: str  # the recording, relative to paths.raw_dir
    sha256: str  # of the source recording

    def metadata(self) -> dict[str, Any]:
        """The conditioning stable-audio-tools' conditioners read."""
        return {
            "prompt": self.prompt,
            "seconds_start": self.seconds_start,
            "seconds_total": self.seconds_total,
        }


def window_from_record(record: dict[str, Any], sample_rate: int) -> Window:
    """One manifest line -> Window; ValueError when it is not a window at `sample_rate`."""
    if int(record["sample_rate"]) != sample_rate:
        raise ValueError(
            f"windows at {record['sample_rate']} Hz, the model needs {sample_rate} Hz "
            "(set dataset.windows.sample_rate and rerun ingest)"
        )
    start, samples = int(record["start"]), int(record["samples"])
    if start < 0 or samples < 1 or not isinstance(record["source"], str):
        raise ValueError(f"start {start}, samples {samples}: not a span of a recording")
    offset = float(record["offset"])
    source_seconds = float(record.get("source_seconds") or offset + samples / sample_rate)
    return Window(
        id=str(record.get("id") or f"{record['sha256'][:16]}@{offset:.3f}"),
        start=start,
        prompt=str(record["prompt"]),
        seconds_start=offset,
        seconds_total=source_seconds,
        samples=samples,
        source=record["source"],
        sha256=str(record["sha256"]),
    )


def read_manifest(path: str | Path, sample_rate: int) -> list[Window]:
    """All windows of a manifest; a missing file, a bad line or no windows at all is an error."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: missing (run the `ingest` stage first: dvc repro ingest)")
    windows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            windows.append(window_from_record(json.loads(line), sample_rate))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            raise DataError(
                f"{path}:{number}: not a valid window record ({err!r}); rerun the `ingest` stage"
            ) from err
    if not windows:
        raise DataError(
            f"{path}: no training windows (every recording was rejected by the audit or is "
            "shorter than dataset.windows.min_seconds)"
        )
    return windows


def window_samples(windows: list[Window], ratio: int) -> int:
    """One padded length for every window: the longest, rounded up to the downsampling ratio."""
    return math.ceil(max(w.samples for w in windows) / ratio) * ratio


def latent_mask(samples: int, frames: int, ratio: int) -> torch.Tensor:
    """Frames that hold real audio: the first ceil(samples / ratio)."""
    return torch.arange(frames) < math.ceil(samples / ratio)


def load_window_audio(window: Window, reader: SourceReader, length: int) -> torch.Tensor:
    """The window's audio as stereo float32 (2 x length) from its source, zero-padded at the end."""
    try:
        audio = reader.window(window.source, window.sha256, window.start, window.samples)
    except SourceError as err:
        raise DataError(str(err)) from err
    out = torch.zeros(2, length)
    out[:, : min(length, audio.shape[1])] = torch.from_numpy(audio[:, :length])
    return out


class AudioWindows(torch.utils.data.Dataset):
    """The windows' audio, padded to one length: {audio, mask (latent rate), metadata}."""

    def __init__(
        self, windows: list[Window], sample_rate: int, ratio: int, raw_dir: str | Path
    ) -> None:
        self.windows = windows
        self.reader = SourceReader(raw_dir, sample_rate, SOURCES_KEPT)
        self.ratio = ratio
        self.length = window_samples(windows, ratio)
        self.ids = [w.id for w in windows]
        self.sources = [w.sha256 for w in windows]

    def __len__(self) -> int:
        return len(self.windows)

    def __getitem__(self, i: int) -> dict[str, Any]:
        window = self.windows[i]
        audio = load_window_audio(window, self.reader, self.length)
        mask = latent_mask(window.samples, self.length // self.ratio, self.ratio)
        return {"audio": audio, "mask": mask, "metadata": window.metadata()}


def collate_windows(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Stack tensors; keep the conditioning as the list of dicts the conditioners expect."""
    batch = {k: torch.stack([item[k] for item in items]) for k in items[0] if k != "metadata"}
    batch["metadata"] = [item["metadata"] for item in items]
    return batch


def split_windows(sources: list[str], val_fraction: float) -> tuple[list[int], list[int]]:
    """Hold out whole source recordings (in a hash order), about `val_fraction` of the windows.

    With a single source the split is by window instead. Fewer than 2 windows: no validation.
    """
    n = len(sources)
    if n < 2 or val_fraction <= 0:
        return list(range(n)), []
    keys = sources if len(set(sources)) > 1 else [str(i) for i in range(n)]
    counts = Counter(keys)
    wanted, held, size = max(1, round(val_fraction * n)), set(), 0
    for key in sorted(counts, key=lambda k: hashlib.sha256(k.encode()).hexdigest()):
        if size >= wanted or size + counts[key] == n:  # never hold out everything
            break
        held.add(key)
        size += counts[key]
    return [i for i in range(n) if keys[i] not in held], [i for i in range(n) if keys[i] in held]


class StepSampler(torch.utils.data.Sampler):
    """Indices of one epoch (= one checkpoint interval) as a pure function of (seed, batch).

    The stream is an endless sequence of seeded permutations; global batch k is positions
    [k*B*W, (k+1)*B*W), rank r takes its B of them. Where an epoch starts comes from the trainer
    at iteration time, after a resume has restored the global step.
    """

    def __init__(self, n: int, batch_size: int, seed: int, epoch_batches: int, trainer: pl.Trainer):
        self.n, self.batch_size, self.seed = n, batch_size, seed
        self.epoch_batches = epoch_batches
        self.trainer = trainer
        self._order: tuple[int, list[int]] = (-1, [])

    def _span(self) -> tuple[int, int]:
        accumulate = self.trainer.accumulate_grad_batches
        start = self.trainer.global_step * accumulate
        total = self.trainer.max_steps * accumulate
        end = min(total, (start // self.epoch_batches + 1) * self.epoch_batches)
        return start, max(start, end)

    def __len__(self) -> int:
        start, end = self._span()
        return (end - start) * self.batch_size

    def position(self, p: int) -> int:
        epoch, offset = divmod(p, self.n)
        if self._order[0] != epoch:
            generator = torch.Generator().manual_seed(self.seed + epoch)
            self._order = (epoch, torch.randperm(self.n, generator=generator).tolist())
        return self._order[1][offset]

    def __iter__(self):
        start, end = self._span()
        world, rank = self.trainer.world_size, self.trainer.global_rank
        for k in range(start, end):
            first = (k * world + rank) * self.batch_size
            yield from (self.position(first + j) for j in range(self.batch_size))


class WindowData(pl.LightningDataModule):
    """Train / validation loaders over a windows dataset and a split."""

    def __init__(
        self, dataset: torch.utils.data.Dataset, split: tuple[list[int], list[int]], cfg: DictConfig
    ) -> None:
        super().__init__()
        self.train_set = torch.utils.data.Subset(dataset, split[0])
        self.val_set = torch.utils.data.Subset(dataset, split[1]) if split[1] else None
        self.cfg = cfg

    def loader(self, dataset: torch.utils.data.Dataset, sampler: Any = None) -> Any:
        return torch.utils.data.DataLoader(
            dataset,
            batch_size=self.cfg.batch_size,
            sampler=sampler,
            shuffle=False,
            num_workers=self.cfg.num_workers,
            collate_fn=collate_windows,
        )

    def train_dataloader(self) -> Any:
        epoch = self.cfg.checkpoint_every * self.trainer.accumulate_grad_batches
        sampler = StepSampler(
            len(self.train_set), self.cfg.batch_size, self.cfg.seed, epoch, self.trainer
        )
        return self.loader(self.train_set, sampler)

    def val_dataloader(self) -> Any:
        return self.loader(self.val_set) if self.val_set is not None else []
