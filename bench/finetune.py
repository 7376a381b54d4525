"""Fine-tuning memory and speed: full, LoRA and LoRA + gradient checkpointing, in one process.

    uv run python bench/finetune.py --rounds 1 --models sao_small   # CPU, random weights
    uv run python bench/finetune.py --device cuda                   # GPU: + SAO 1.0 sized

For each model, the stage's own module (`training.fit.build_module` on conf/: AdamW, schedule,
EMA for a full run, none for LoRA) runs a few optimizer steps on the same random windows for each
variant: `full` (conf/training/default.yaml), `lora` (`training=lora`) and `lora_ckpt` (LoRA with
`training.finetune.gradient_checkpointing=true`); gradient checkpointing is off in the other two.
`uncached` (a full run encoding the audio every step, `use_latent_cache=false`) is on request
(`--variants`). Prints trainable parameters, seconds per step (median after a warm-up step), peak
memory (process RSS sampled every 5 ms on the CPU: weights, optimizer, activations and the Python
runtime together; peak allocated memory on a GPU; the lowest over `--rounds`), the ratio LoRA /
full peak (goal <= 0.45), the adapter file's size as % of the base weights (goal <= 2 %), and the
arithmetic for SAO 1.0 LoRA at batch 1, 10 s windows, bf16 on a GPU (goal <= 12 GB).
Random-weight models are built from conf/model/*.yaml with `core.bundle.build_model`; their T5 is
the tiny checkpoint's. On a CPU shared with other jobs pass `--threads 1`.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import statistics
import tempfile
import threading
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytorch_lightning as pl
import torch
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from training.data import collate_windows, latent_mask
from training.fit import build_module

ROOT = Path(__file__).resolve().parents[1]
# name -> (seconds per window, batch size, timed steps) per device kind.
PLANS = {
    "cpu": {"tiny": [2.0, 4, 8], "sao_small": [1.0, 1, 2], "sao_1_0": [1.0, 1, 2]},
    "cuda": {"tiny": [11.0, 8, 10], "sao_small": [11.0, 4, 5], "sao_1_0": [10.0, 1, 5]},
}
# variant -> overrides of conf/ (the pipeline config) that make it.
VARIANTS = {
    "full": ["training.finetune.gradient_checkpointing=false"],
    "full_ckpt": ["training.finetune.gradient_checkpointing=true"],
    "uncached": ["training.finetune.gradient_checkpointing=false",
                 "training.finetune.use_latent_cache=false"],
    "lora": ["training=lora", "training.finetune.gradient_checkpointing=false"],
    "lora_ckpt": ["training=lora", "training.finetune.gradient_checkpointing=true"],
}  # fmt: skip


def compose_config(name: str, overrides: list[str] | None = None):
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        return compose(config_name=name, overrides=overrides or [])


def model_config(name: str) -> dict:
    cfg = compose_config("make_tiny", [f"model@demo_base={name}"])
    return OmegaConf.to_container(cfg.demo_base.model_config, resolve=True)


def tiny_dir() -> Path:
    if (ROOT / "models" / "tiny" / "model_config.json").is_file():
        return ROOT / "models" / "tiny"
    from training.make_tiny import make_tiny

    return make_tiny(compose_config("make_tiny").demo_base, Path(tempfile.mkdtemp()) / "tiny")


def build(name: str, device: str) -> torch.nn.Module:
    from core.bundle import build_model, load_bundle

    if name == "tiny":
        dtype = compose_config("pipeline").training.base.text_encoder_dtype
        return load_bundle(tiny_dir(), None, device="cpu", text_encoder_dtype=dtype).model
    config = model_config(name)
    if device == "cpu":  # half-precision convolutions crawl on a CPU
        config["model"]["pretransform"]["model_half"] = False
    torch.manual_seed(0)
    return build_model(config, tiny_dir() / "text_encoder")


class PeakMemory:
    """Peak RSS (CPU, sampled every 5 ms) or peak allocated memory (CUDA) while in the block."""

    def __init__(self, device: str) -> None:
        self.device, self.peak, self.start, self._stop = device, 0, 0, threading.Event()

    def _rss(self) -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> PeakMemory:
        if self.device == "cuda":
            torch.cuda.reset_peak_memory_stats()
            self.start = torch.cuda.memory_allocated()
        else:
            self.peak = self.start = self._rss()
            self._thread = threading.Thread(target=self._sample, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.device == "cuda":
            self.peak = torch.cuda.max_memory_allocated()
        else:
            self._stop.set()
            self._thread.join()


class StepTimer(pl.Callback):
    def __init__(self, device: str) -> None:
        self.device, self.times, self._start = device, [], 0.0

    def on_train_batch_start(self, *args: object) -> None:
        if self.device == "cuda":
            torch.cuda.synchronize()
        self._start = time.perf_counter()

    def on_train_batch_end(self, *args: object) -> None:
        if self.device == "cuda":
            torch.cuda.synchronize()
        self.times.append(time.perf_counter() - self._start)


def windows(model: torch.nn.Module, seconds: float, count: int, cached: bool) -> list[dict]:
    """Random stereo windows (the last one padded), as audio or as their latents."""
    ratio = int(model.pretransform.downsampling_ratio)
    length = -(-int(seconds * model.sample_rate) // ratio) * ratio
    generator = torch.Generator().manual_seed(0)
    items = []
    for i in range(count):
        real = length if i < count - 1 else length * 3 // 4
        audio = torch.zeros(2, length)
        audio[:, :real] = 0.1 * torch.randn(2, real, generator=generator)
        meta = {
            "prompt": "warm analog pad, Tempo: 90",
            "seconds_start": 0,
            "seconds_total": seconds,
        }
        item = {"audio": audio, "mask": latent_mask(real, length // ratio, ratio), "metadata": meta}
        items.append(item)
    if cached:
        device = next(model.parameters()).device
        with torch.no_grad():
            for item in items:
                latents = model.pretransform.encode(item.pop("audio")[None].to(device))
                item["latents"] = latents[0].float().cpu()
    return items


def adapter_bytes(module) -> int:
    """Size of the adapter as export writes it (`core.checkpoint.write_adapter_bundle`)."""
    from core.adapters import adapter_state
    from core.checkpoint import write_adapter_bundle

    adapter = module.adapter
    state = adapter_state(module.diffusion, adapter["name"], list(adapter["configs"]))
    with tempfile.TemporaryDirectory() as out:
        weights = write_adapter_bundle(Path(out), {}, state, adapter["configs"])
        return weights.stat().st_size


def run_variant(name: str, model, device: str, variant: str, precision: str) -> dict:
    """One variant's run: {seconds, peak, trainable, adapter_bytes}."""
    seconds, batch, steps = PLANS[device][name]
    cfg = compose_config("pipeline", VARIANTS[variant])
    cached = bool(cfg.training.finetune.use_latent_cache)
    data = windows(model, seconds, batch, cached)
    loader = torch.utils.data.DataLoader(data * (steps + 1), batch_size=batch,
                                         collate_fn=collate_windows)  # fmt: skip
    with PeakMemory(device) as memory:
        module = build_module(cfg, model)
        timer = StepTimer(device)
        trainer = pl.Trainer(
            accelerator="gpu" if device == "cuda" else "cpu", devices=1, precision=precision,
            max_steps=steps + 1, gradient_clip_val=1.0, logger=False, enable_checkpointing=False,
            enable_progress_bar=False, enable_model_summary=False, callbacks=[timer],
            limit_val_batches=0,
        )  # fmt: skip
        trainer.fit(module, train_dataloaders=loader)
    trainable = sum(p.numel() for p in module.parameters() if p.requires_grad)
    size = adapter_bytes(module) if module.adapter is not None else None
    del trainer, module, loader  # the next run's peak should not include this one's state
    gc.collect()
    return {"seconds": statistics.median(timer.times[1:]), "peak": memory.peak,
            "start": memory.start, "trainable": trainable, "adapter_bytes": size}  # fmt: skip


def quietly(fn, *args):
    logging.getLogger("pytorch_lightning").setLevel(logging.WARNING)  # Lightning's banners
    with open(os.devnull, "w") as sink, redirect_stdout(sink), redirect_stderr(sink):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)


def sao_1_0_arithmetic(lora_params: int, act_gib: float | None, act_seconds: float, note: str):
    """Expected peak of SAO 1.0 LoRA at batch 1, 10 s windows, bf16-mixed on a GPU."""
    from core.bundle import build_model

    with torch.device("meta"):
        model = build_model(model_config("sao_1_0"), None)
    dit = sum(p.numel() for p in model.model.parameters())
    vae = sum(p.numel() for p in model.pretransform.parameters())
    lora = lora_params
    gib = 2**30
    rows = [
        ("DiT weights, fp32 (Lightning's bf16-mixed keeps fp32 weights)", dit * 4),
        ("LoRA weights + grads + AdamW moments, fp32 (16 B/param)", lora * 16),
        ("VAE, fp16 (off the device with cached latents: 0)", vae * 2),
        ("T5-base encoder, fp16 (109.6 M)", int(109.6e6 * 2)),
        ("CUDA context + allocator slack (typical)", int(0.8 * gib)),
    ]
    if act_gib is not None:
        scale = 10.0 / act_seconds * 0.5  # frames scale with seconds; bf16 halves fp32
        rows.append((f"training step (activations, RSS growth): {act_gib:.2f} GiB {note} at "
                     f"{act_seconds:g} s fp32, x {10 / act_seconds:g} (10 s) x 0.5 (bf16)",
                     int(act_gib * scale * gib)))  # fmt: skip
    total = sum(b for _, b in rows)
    print(f"SAO 1.0 LoRA, batch 1, 10 s, bf16-mixed, GPU: DiT {dit / 1e6:.1f} M params, "
          f"adapter {lora / 1e6:.2f} M")  # fmt: skip
    for what, size in rows:
        print(f"  {size / gib:6.2f} GiB  {what}")
    verdict = "meets" if total <= 12 * gib else "misses"
    print(f"  {total / gib:6.2f} GiB  expected peak ({verdict} goal <= 12 GB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--models", default=None, help="comma list (default: per device)")
    parser.add_argument("--variants", default="lora_ckpt,lora,full",
                        help=f"comma list of {', '.join(VARIANTS)}")  # fmt: skip
    parser.add_argument("--precision", default=None, help="default: 32-true cpu, bf16-mixed cuda")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--rounds", type=int, default=1, help="repeats of every variant")
    parser.add_argument("--seconds", type=float, default=None, help="window length, all models")
    parser.add_argument("--batch-size", type=int, default=None, help="batch size, all models")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    for plan in PLANS[args.device].values():
        plan[0] = args.seconds or plan[0]
        plan[1] = args.batch_size or plan[1]
    names = args.models.split(",") if args.models else (
        ["tiny", "sao_small"] + (["sao_1_0"] if args.device == "cuda" else [])
    )  # fmt: skip
    variants = args.variants.split(",")
    precision = args.precision or ("bf16-mixed" if args.device == "cuda" else "32-true")
    print(f"fine-tuning step, {args.device}, {precision}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads; memory: "
          f"{'peak allocated' if args.device == 'cuda' else 'peak process RSS'}")  # fmt: skip
    measured = {}
    for name in names:
        seconds, batch, steps = PLANS[args.device][name]
        results = {}
        for variant in variants:
            runs = []
            for _ in range(args.rounds):  # a fresh model each run: LoRA rewrites its layers
                model = quietly(build, name, args.device)
                runs.append(quietly(run_variant, name, model, args.device, variant, precision))
                del model
                gc.collect()
            results[variant] = {
                **runs[0],
                "seconds": statistics.median(r["seconds"] for r in runs),
                "peak": min(r["peak"] for r in runs),
            }
        base_bytes = sum(t.numel() * t.element_size() for t in quietly(build, name, "cpu")
                         .state_dict().values())  # fmt: skip
        print(f"{name}: batch {batch} x {seconds:g} s, {steps} steps, base weights "
              f"{base_bytes / 2**20:.1f} MiB")  # fmt: skip
        for variant, r in results.items():
            line = (f"  {variant:9s} trainable {r['trainable'] / 1e6:9.3f} M  "
                    f"{r['seconds']:7.3f} s/step  peak {r['peak'] / 2**30:6.2f} GiB")  # fmt: skip
            if r["adapter_bytes"]:
                line += (f"  adapter {r['adapter_bytes'] / 2**20:.2f} MiB = "
                         f"{100 * r['adapter_bytes'] / base_bytes:.2f} % of the base")  # fmt: skip
            print(line)
        if "full" in results:
            for variant in [v for v in results if v.startswith("lora")]:
                ratio = results[variant]["peak"] / results["full"]["peak"]
                goal = "meets" if ratio <= 0.45 else "misses"
                print(f"  {variant} / full peak memory {ratio:.2f} ({goal} goal <= 0.45)")
        if "full" in results and "uncached" in results:
            ratio = results["full"]["seconds"] / results["uncached"]["seconds"]
            print(f"  cached / uncached s/step {ratio:.2f}")
        measured[name] = results
    if args.device == "cpu" or "sao_1_0" not in measured:
        own, small = (measured.get(n, {}).get("lora_ckpt") for n in ("sao_1_0", "sao_small"))
        # SAO 1.0's blocks are 1536 wide x 24 deep, SAO small's 1024 x 16: 2.25 x the activations
        run, factor, note = (own, 1.0, "measured") if own else (small, 2.25, "SAO small's x 2.25")
        act = (run["peak"] - run["start"]) / 2**30 * factor if run else None
        seconds = PLANS[args.device]["sao_1_0" if own else "sao_small"][0]
        lora = own["trainable"] if own else quietly(lora_params_of, "sao_1_0")
        sao_1_0_arithmetic(lora, act, seconds, note)


def lora_params_of(name: str) -> int:
    """Trainable parameters of the conf/training/lora.yaml adapter on a meta-device model."""
    from core.adapters import add_lora
    from core.bundle import build_model

    cfg = compose_config("pipeline", ["training=lora"])
    with torch.device("meta"):
        model = build_model(model_config(name), None)
    settings = OmegaConf.to_container(cfg.training.finetune.lora, resolve=True)
    add_lora(model, settings, str(settings["name"]))
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


if __name__ == "__main__":
    main()
