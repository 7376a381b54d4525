"""Building a dataset at scale: disk used by the prepared data, and audit/ingest files per second.

    uv run python bench/dataset.py                   # 1,000 files, jobs = every core
    uv run python bench/dataset.py --files 2000 --jobs 4

Generates a corpus in a temporary folder: `--files` stereo 16-bit WAVs of `--seconds` at 44.1 kHz
(each its own noise and tone, so none is a duplicate), listed CC0-1.0 in `licences.csv`. Runs the
licence audit (`core.audit.audit`) and `ingest` (`training.ingest.ingest`), the functions the DVC
stages run, with the pipeline's config (conf/pipeline.yaml), once with jobs=1 and once with
`--jobs`, checks that both give the same report and manifest, and prints:
- the disk ratio: (prepared outputs + a DVC-cache-equivalent copy of them) / raw corpus, with the
  ratio the former layout (every window copied as float32 WAV) would have had beside it;
- files per second of audit and ingest at jobs=1 and jobs=N, and the speed-up (N / 1).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import soundfile as sf
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.audit import audit  # noqa: E402
from core.parallel import resolve_jobs  # noqa: E402
from training.audit import REPORT_FILE, write_report  # noqa: E402
from training.ingest import MANIFEST_FILE, ingest  # noqa: E402

RATE = 44100
WAV_HEADER = 44  # bytes of a plain WAV header (the float32 windows' were 80: negligible)


def make_corpus(raw: Path, files: int, seconds: float) -> None:
    rng = np.random.default_rng(0)
    frames = int(seconds * RATE)
    t = np.arange(frames) / RATE
    rows = ["file,licence,author,prompt"]
    for i in range(files):
        tone = 0.3 * np.sin(2 * np.pi * (100 + i) * t)
        audio = tone[:, None] + 0.05 * rng.standard_normal((frames, 2))
        name = f"set{i // 250:02d}/take{i:05d}.wav"
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        sf.write(raw / name, audio.astype(np.float32), RATE, subtype="PCM_16")
        rows.append(f"{name},CC0-1.0,,generated take {i}")
    (raw / "licences.csv").write_text("\n".join(rows) + "\n")


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    with redirect_stdout(io.StringIO()):  # the progress lines
        result = fn(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--jobs", type=int, default=0, help="0 = one per core")
    args = parser.parse_args()
    jobs = resolve_jobs(args.jobs)
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        cfg = compose(config_name="pipeline")
    policy, checks = instantiate(cfg.licences), instantiate(cfg.dataset.audit)
    with tempfile.TemporaryDirectory(prefix="bench-dataset-") as tmp:
        root = Path(tmp)
        raw = root / "raw"
        make_corpus(raw, args.files, args.seconds)
        raw_bytes = folder_bytes(raw)
        print(f"corpus: {args.files} files, {raw_bytes / 1e6:.1f} MB, jobs=N is {jobs}")

        seconds, reports = {}, {}
        for n in (1, jobs):
            seconds["audit", n], reports[n] = timed(
                audit, raw, raw / "licences.csv", policy, checks, n
            )
        assert reports[1] == reports[jobs], "the audit differs between jobs=1 and jobs=N"
        assert reports[1]["summary"]["accepted"] == args.files
        write_report(reports[1], root / "audit")
        manifests = {}
        for n in (1, jobs):
            out = root / f"prepared-{n}"
            seconds["ingest", n], summary = timed(
                ingest, root / "audit" / REPORT_FILE, raw, out, cfg.dataset.windows, n
            )
            manifests[n] = (out / MANIFEST_FILE).read_bytes()
        assert manifests[1] == manifests[jobs], "the manifest differs between jobs=1 and jobs=N"

        prepared = folder_bytes(root / f"prepared-{jobs}")
        ratio = 2 * prepared / raw_bytes  # the outputs + DVC's cached copy of them
        old = 2 * (summary["seconds"] * RATE * 2 * 4 + summary["windows"] * WAV_HEADER) / raw_bytes
        print(
            f"disk: prepared {prepared / 1e6:.2f} MB ({summary['windows']} windows); "
            f"(prepared + DVC cache) / raw = {ratio:.4f} (goal <= 0.25; float32 window copies "
            f"were {old:.2f})"
        )
        for stage in ("audit", "ingest"):
            one, many = args.files / seconds[stage, 1], args.files / seconds[stage, jobs]
            print(
                f"{stage}: jobs=1 {one:.0f} files/s, jobs={jobs} {many:.0f} files/s, "
                f"speed-up {many / one:.2f}x"
            )
    print(f"cores: {os.cpu_count()} (shared with whatever else runs on this machine)")


if __name__ == "__main__":
    main()
