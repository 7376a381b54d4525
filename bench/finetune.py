"""Fine-tuning speed with the latent cache against encoding the audio every step, in one process.

    uv run python bench/finetune.py                # CPU: tiny + random-weight SAO small
    uv run python bench/finetune.py --device cuda  # GPU: + SAO 1.0 sized

For each model, the same Lightning loop (`training.diffusion.DiffusionFineTuner`, AdamW, EMA,
gradient clipping) runs a few optimizer steps on the same random windows twice: from cached
latents (what `training.finetune.use_latent_cache=true` trains on) and from raw audio encoded by
the frozen autoencoder every step (`false`). Prints seconds per step (median after a warm-up
step), peak memory of each run (process RSS on the CPU, allocated memory on a GPU; the lowest
over `--rounds`, as freed memory may linger in the process) and the ratio cached / uncached
(goal <= 0.5). Random-weight models are built from conf/model/*.yaml with
`core.bundle.build_model`; their T5 is the tiny checkpoint's (it runs alike in both modes). The
module's other settings (seed, CFG dropout, masking, timesteps, EMA) are conf/training `finetune`.
On a CPU shared with other jobs pass `--threads 1`: two busy-waiting threads per process stall
each other there, and the timings stop meaning anything.
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
from functools import partial
from pathlib import Path

import pytorch_lightning as pl
import torch
from hydra import compose, initialize_config_dir
from hydra.utils import instantiate
from omegaconf import OmegaConf

from training.data import collate_windows, latent_mask
from training.diffusion import DiffusionFineTuner

ROOT = Path(__file__).resolve().parents[1]
# name -> (seconds per window, batch size, timed steps) per device kind.
PLANS = {
    "cpu": {"tiny": [2.0, 4, 8], "sao_small": [2.0, 1, 2], "sao_1_0": [1.0, 1, 2]},
    "cuda": {"tiny": [11.0, 8, 10], "sao_small": [11.0, 4, 5], "sao_1_0": [30.0, 2, 5]},
}


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
        self.device, self.peak, self._stop = device, 0, threading.Event()

    def _rss(self) -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> PeakMemory:
        if self.device == "cuda":
            torch.cuda.reset_peak_memory_stats()
        else:
            self.peak = self._rss()
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


def seconds_per_step(name: str, model, device: str, cached: bool, precision: str) -> tuple:
    seconds, batch, steps = PLANS[device][name]
    data = windows(model, seconds, batch, cached)
    loader = torch.utils.data.DataLoader(data * (steps + 1), batch_size=batch,
                                         collate_fn=collate_windows)  # fmt: skip
    t = compose_config("pipeline").training.finetune
    module = DiffusionFineTuner(
        model,
        optimizer=partial(torch.optim.AdamW, lr=1e-4),
        scheduler=None,
        ema=instantiate(t.ema),
        seed=t.seed,
        cfg_dropout_prob=t.cfg_dropout_prob,
        mask_padding=t.mask_padding,
        timestep_sampler=t.timestep_sampler,
        train_conditioners=t.train_conditioners,
        val_timesteps=tuple(t.val_timesteps),
        pre_encoded=cached,
    )
    timer = StepTimer(device)
    trainer = pl.Trainer(
        accelerator="gpu" if device == "cuda" else "cpu", devices=1, precision=precision,
        max_steps=steps + 1, gradient_clip_val=1.0, logger=False, enable_checkpointing=False,
        enable_progress_bar=False, enable_model_summary=False, callbacks=[timer],
        limit_val_batches=0,
    )  # fmt: skip
    with PeakMemory(device) as memory:
        trainer.fit(module, train_dataloaders=loader)
    del trainer, module, loader  # the next run's peak should not include this one's state
    gc.collect()
    return statistics.median(timer.times[1:]), memory.peak


def quietly(fn, *args):
    logging.getLogger("pytorch_lightning").setLevel(logging.WARNING)  # Lightning's banners
    with open(os.devnull, "w") as sink, redirect_stdout(sink), redirect_stderr(sink):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    parser.add_argument("--models", default=None, help="comma list (default: per device)")
    parser.add_argument("--precision", default=None, help="default: 32-true cpu, bf16-mixed cuda")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--rounds", type=int, default=2, help="alternating cached/uncached runs")
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
    if "sao_small" in names and not (ROOT / "conf/model/sao_small.yaml").is_file():
        names = [n if n != "sao_small" else "sao_1_0" for n in names]  # fall back, tiny batch
    precision = args.precision or ("bf16-mixed" if args.device == "cuda" else "32-true")
    print(f"fine-tuning step, {args.device}, {precision}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")  # fmt: skip
    for name in names:
        seconds, batch, steps = PLANS[args.device][name]
        base = quietly(build, name, args.device)
        state = {k: v.clone() for k, v in base.state_dict().items()}
        runs = {True: [], False: []}
        for _ in range(args.rounds):  # alternating, so a busy neighbour slows both alike
            for cached in (True, False):
                base.load_state_dict(state)  # each run starts from the same weights
                runs[cached].append(
                    quietly(seconds_per_step, name, base, args.device, cached, precision)
                )
        (fast, fast_mem), (slow, slow_mem) = (
            (statistics.median(t for t, _ in runs[c]), min(m for _, m in runs[c]))
            for c in (True, False)
        )
        ratio = fast / slow
        print(
            f"{name:9s} batch {batch} x {seconds:g} s, {steps} steps: "
            f"cached {fast:.3f} s/step (peak {fast_mem / 2**30:.2f} GiB), "
            f"encoding every step {slow:.3f} s/step (peak {slow_mem / 2**30:.2f} GiB), "
            f"cached/uncached {ratio:.2f} ({'meets' if ratio <= 0.5 else 'misses'} goal <= 0.5)"
        )
        del base, state


if __name__ == "__main__":
    main()
