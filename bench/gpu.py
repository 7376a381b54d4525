"""The GPU run-book in one command: every GPU check of the project, one JSON, one markdown table.

    bash bench/gpu.sh                        # on a lent GPU: <= 8 minutes (uv sync --frozen first)
    uv run python bench/gpu.py --device cpu --quick  # here: the same rows, tiny and short

Rows (each in its own process with a time budget, so one failing or slow row records its error
and the others still run; GPU memory is measured per row):
  sao_small    SAO small architecture (random weights), 11 s stereo, 8 steps pingpong: warm
               prompt-to-file through the Engine (goal <= 150 ms) and ours / upstream
               `generate_diffusion_cond` (goal <= 0.8)
  sao_small_fp16  the same with `inference.generator.dit_dtype=float16` (upstream's DiT in fp16
               too); on a CPU, where half precision is refused, fp32
  sao_1_0      SAO 1.0 architecture, 11 s and 47 s, 100 steps: time and ratio
  finetune     SAO 1.0 architecture, batch 1, 10 s windows, bf16: full vs LoRA, with and without
               gradient checkpointing: seconds per step and peak memory
  trainer_gpu  20 bf16 steps of the tiny model under trainer=gpu: finite losses
  trainer_ddp  the same under trainer=ddp with one device
`--quick` runs every row on the tiny model with short lengths and few steps; on `--device cpu`
the trainer rows use trainer=cpu (and ddp on the CPU). Random weights: no download anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # `bench.*` importable when run as a script
SOFT_LIMIT_S = 480  # the whole run on one GPU: 8 minutes
SMALL, SAO_1_0 = "sao_small", "sao_1_0"
QUICK_BUDGET_S = 300
GOALS = {"sao_small": "prompt-to-file <= 150 ms, ratio <= 0.8", "sao_1_0": "ratio <= 1.0"}


def plans(device: str, quick: bool) -> dict[str, dict]:
    """Row name -> (function, budget in s, arguments); quick = tiny stand-ins, short and few."""
    small, big = ("tiny", "tiny") if quick else (SMALL, SAO_1_0)
    cpu = device == "cpu"
    trainer_gpu = ("cpu", []) if cpu else ("gpu", [])
    trainer_ddp = ("ddp", ["trainer.accelerator=cpu", "trainer.devices=1"]) if cpu else (
        "ddp", ["trainer.devices=1"]
    )  # fmt: skip
    steps = 4 if quick else 20
    rows = {
        "sao_small": ("generation", 70, {
            "model": small, "seconds": [1.0 if quick else 11.0], "steps": 2 if quick else 8,
            "cfg": 1.0, "runs": [1 if quick else 3], "prompt_to_file": True}),
        "sao_small_fp16": ("generation", 55, {
            "model": small, "seconds": [1.0 if quick else 11.0], "steps": 2 if quick else 8,
            "cfg": 1.0, "runs": [1 if quick else 3], "prompt_to_file": True,
            "generator": {"dit_dtype": "float32" if cpu else "float16"}}),
        "sao_1_0": ("generation", 145, {
            "model": big, "seconds": [1.0, 2.0] if quick else [11.0, 47.0],
            "steps": 2 if quick else 100, "cfg": 7.0, "runs": [1, 1] if quick else [2, 1]}),
        "finetune": ("finetune_step", 110, {
            "model": big, "seconds": 1.0 if quick else 10.0, "batch": 1, "steps": 2 if quick else 3,
            "precision": "bf16-mixed"}),
        "trainer_gpu": ("tiny_trainer", 45, {
            "trainer": trainer_gpu[0], "extra": trainer_gpu[1], "steps": steps}),
        "trainer_ddp": ("tiny_trainer", 45, {
            "trainer": trainer_ddp[0], "extra": trainer_ddp[1], "steps": steps}),
    }  # fmt: skip
    # A quick run is for a shared CPU: its budgets only stop a hung row, they time nothing.
    budget = (lambda b: QUICK_BUDGET_S) if quick else (lambda b: b)
    return {
        name: {"function": f, "budget_s": budget(b), "plan": p} for name, (f, b, p) in rows.items()
    }


def run_row(name: str, row: dict, device: str, tiny: Path, scratch: Path) -> dict:
    """One row in a child process, killed at its budget; what it reported survives either way."""
    out = scratch / f"{name}.json"
    plan = {**row["plan"], "device": device, "tiny": str(tiny)}
    spec = json.dumps({"function": row["function"], "plan": plan, "out": str(out)})
    started = time.perf_counter()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--row", spec], cwd=ROOT, env=env,
            capture_output=True, text=True, timeout=row["budget_s"],
        )  # fmt: skip
        error = None if done.returncode == 0 else last_line(done.stderr) or f"rc {done.returncode}"
    except subprocess.TimeoutExpired:
        error = f"over its budget of {row['budget_s']} s"
    result = json.loads(out.read_text()) if out.is_file() else {}
    result.update(wall_s=round(time.perf_counter() - started, 1), ok=error is None)
    if error:
        result["error"] = error
    return result


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def child(spec_text: str) -> None:
    """In the row's process: run its function, writing the report after every measurement."""
    from bench.gpu_rows import ROWS

    spec = json.loads(spec_text)
    out, fields = Path(spec["out"]), {}

    def report(**values: object) -> None:
        fields.update(values)
        out.write_text(json.dumps(fields))

    ROWS[spec["function"]](spec["plan"], report)


def table(results: dict[str, dict]) -> str:
    """One markdown table: a line per row, its measured fields as `key=value`."""
    lines = ["| row | ok | s | results |", "| --- | --- | --- | --- |"]
    for name, result in results.items():
        shown = {k: v for k, v in result.items() if k not in ("ok", "wall_s")}
        cells = "; ".join(f"{k}={v}" for k, v in shown.items()).replace("|", "/")
        lines.append(
            f"| {name} | {'yes' if result['ok'] else 'no'} | {result['wall_s']} | {cells} |"
        )
    return "\n".join(lines)


def environment(device: str) -> dict:
    import torch

    name = torch.cuda.get_device_name() if device == "cuda" else f"cpu, {os.cpu_count()} cores"
    return {"device": device, "name": name, "torch": torch.__version__,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}  # fmt: skip


def tiny_bundle(scratch: Path) -> Path:
    """The tiny checkpoint the rows share: models/tiny when built, else made once, in `scratch`."""
    if (ROOT / "models" / "tiny" / "model_config.json").is_file():
        return ROOT / "models" / "tiny"
    from bench.generate import compose_config
    from training.make_tiny import make_tiny

    return make_tiny(compose_config("make_tiny").demo_base, scratch / "tiny")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--quick", action="store_true", help="tiny model, short, few steps")
    parser.add_argument("--rows", nargs="+", help="only these rows (default: all)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "gpu.json")
    parser.add_argument("--bundle", type=Path, help="tiny checkpoint (default: made)")
    parser.add_argument("--budget-scale", type=float, default=1.0, help="multiplies every budget")
    parser.add_argument("--row", help=argparse.SUPPRESS)  # internal: run one row (child process)
    args = parser.parse_args()
    if args.row:
        return child(args.row)
    rows = plans(args.device, args.quick)
    unknown = set(args.rows or []) - set(rows)
    if unknown:
        parser.error(f"--rows: unknown {sorted(unknown)}; rows are {', '.join(rows)}")
    started = time.perf_counter()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        tiny = args.bundle or tiny_bundle(scratch)
        for name in args.rows or rows:
            row = {**rows[name], "budget_s": rows[name]["budget_s"] * args.budget_scale}
            results[name] = run_row(name, row, args.device, tiny, scratch)
            print(f"{name}: {'ok' if results[name]['ok'] else results[name]['error']} "
                  f"({results[name]['wall_s']} s)", flush=True)  # fmt: skip
    total = round(time.perf_counter() - started, 1)
    document = {**environment(args.device), "quick": args.quick, "total_s": total,
                "goals": GOALS, "rows": results}  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"\n{document['name']}, torch {document['torch']}, {document['date']}, "
          f"quick={args.quick}, total {total} s (limit {SOFT_LIMIT_S} s)\n")  # fmt: skip
    print(table(results))
    print(f"\nJSON: {args.out}")


if __name__ == "__main__":
    main()
