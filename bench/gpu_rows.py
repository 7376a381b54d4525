"""The rows of `bench/gpu.py`, each a function of (plan, report) that calls `report(**fields)`
after every measurement, so a row stopped by its time budget still leaves what it measured.

Generation rows reuse `bench/generate.py` (our generator and `Engine` against stable-audio-tools'
`generate_diffusion_cond` on the same random-weight model); fine-tune rows reuse
`bench/finetune.py` (the project's Lightning module); tiny training rows run `training.fit` on a
small prepared project made by the test helpers. Architectures come from conf/model/*.yaml.
"""

from __future__ import annotations

import csv
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

Report = Callable[..., None]
ROOT = Path(__file__).resolve().parents[1]


def gib(value: int) -> float:
    return round(value / 2**30, 3)


# -- generation -----------------------------------------------------------------------------------


def generation(plan: dict[str, Any], report: Report) -> None:
    """Ours vs upstream (same model, seed, steps; medians) and, if asked, warm prompt-to-file
    through the Engine, for each length in `plan["seconds"]` (timed `plan["runs"]` times each)."""
    from bench import generate as bench

    device, model = plan["device"], plan["model"]
    changes = plan.get("generator", {})
    gen, pristine = bench.load_generator(model, Path(plan["tiny"]), device, **changes)
    report(model=model, sampler=gen.default_sampler, dit_dtype=str(gen.dit_dtype).split(".")[-1])
    for seconds, runs in zip(plan["seconds"], plan["runs"], strict=True):
        key = f"{seconds:g}s"
        m = bench.compare(gen, pristine, device, seconds, plan["steps"], plan["cfg"], runs, False)
        report(**{
            f"{key}_ours_s": round(m["ours"], 4),
            f"{key}_upstream_s": round(m["upstream"], 4),
            f"{key}_ratio": round(m["ours"] / m["upstream"], 3),
            f"{key}_new_prompt_ratio": round(m["ours_new_prompt"] / m["upstream"], 3),
            f"{key}_identical": m["identical"],
        })  # fmt: skip
        if plan.get("prompt_to_file"):
            took = bench.prompt_to_file(gen, device, seconds, plan["steps"], plan["cfg"], runs)
            report(**{f"{key}_prompt_to_file_ms": round(took * 1e3, 1)})


# -- fine-tune step -------------------------------------------------------------------------------


def lora_available() -> bool:
    """The adapter issue (LoRA fine-tuning) has landed when `training=lora` can be composed."""
    return (ROOT / "conf" / "training" / "lora.yaml").is_file()


def finetune_step(plan: dict[str, Any], report: Report) -> None:
    """Seconds per step and peak memory: full fine-tune and LoRA, each with and without gradient
    checkpointing, each on freshly built (seeded, so identical) weights: `bench/finetune.py`'s
    variants, so this row and that bench measure the same thing."""
    from bench import finetune as bench

    device, name = plan["device"], plan["model"]
    kind = "cuda" if device.startswith("cuda") else "cpu"
    bench.PLANS[kind][name] = [plan["seconds"], plan["batch"], plan["steps"]]
    report(model=name, precision=plan["precision"], window_s=plan["seconds"], batch=plan["batch"])
    for mode in ("full", "lora"):
        for checkpointing in (True, False):
            key = f"{mode}_{'ckpt' if checkpointing else 'no_ckpt'}"
            if mode == "lora" and not lora_available():
                report(**{key: "pending: adapter issue"})
                continue
            model = bench.quietly(bench.build, name, kind)
            variant = mode + ("_ckpt" if checkpointing else "")
            run = bench.quietly(bench.run_variant, name, model, kind, variant, plan["precision"])
            report(**{f"{key}_s_per_step": round(run["seconds"], 4),
                      f"{key}_peak_gib": gib(run["peak"])})  # fmt: skip
            del model


# -- tiny model under a trainer -------------------------------------------------------------------


def tiny_training_losses(root: Path, base: Path, trainer: str, steps: int, *extra: str) -> list:
    """Losses of `steps` bf16 fine-tune steps of the tiny model under `trainer=<trainer>`
    (a project of a few prepared windows with their latents, made as the tests make it)."""
    from tests.helpers import finetune_config, make_project
    from training.callbacks import LOSS_FILE
    from training.fit import finetune

    project = make_project(root / "project", base)
    cfg = finetune_config(
        project, base, f"trainer={trainer}", f"training.finetune.max_steps={steps}",
        f"training.finetune.checkpoint_every={steps}", "trainer.precision=bf16-mixed",
        f"paths.finetune_dir={root}/run", f"paths.metrics_dir={root}/metrics", *extra,
    )  # fmt: skip
    finetune(cfg)
    with open(root / "metrics" / LOSS_FILE, newline="") as handle:
        return [float(row["loss"]) for row in csv.DictReader(handle)]


def tiny_trainer(plan: dict[str, Any], report: Report) -> None:
    """`plan["steps"]` bf16 steps under `plan["trainer"]`: are all losses finite?"""
    base = Path(plan["tiny"])
    report(trainer=plan["trainer"], overrides=plan["extra"])
    with tempfile.TemporaryDirectory() as folder:
        losses = tiny_training_losses(
            Path(folder), base, plan["trainer"], plan["steps"], *plan["extra"]
        )
    finite = bool(losses) and all(math.isfinite(x) for x in losses)
    report(steps=len(losses), finite=finite, first_loss=round(losses[0], 4),
           last_loss=round(losses[-1], 4))  # fmt: skip
    if not finite or len(losses) != plan["steps"]:
        raise RuntimeError(f"{len(losses)} losses of {plan['steps']} steps, finite: {finite}")


ROWS = {"generation": generation, "finetune_step": finetune_step, "tiny_trainer": tiny_trainer}
