"""The cost of switching the adapter blend, against a generation step, in one process.

    uv run python bench/adapters.py                # CPU: tiny bundle + random-weight SAO small
    uv run python bench/adapters.py --device cuda

For each model, `--adapters` LoRA adapters (conf/training/lora.yaml's rank and targets, random
weights) are put on one base and blended by `inference.model.adapters.AdapterBlend`, as the stage
does. Prints the median time of applying a new blend (every strength changed; goal <= 50 ms on the
tiny model on a CPU) and of one where an adapter joins or leaves the active set ("toggle"), the
median generation step (a generation of `steps` steps minus one of the sampler's fewest, divided
by the steps in between: the DiT passes alone), their ratio, and the generation time with no
adapter active against all of them active (what LoRA layers add).
Random-weight models are built from conf/model/*.yaml; their T5 is the tiny checkpoint's.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import torch
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

ROOT = Path(__file__).resolve().parents[1]
PLANS = {  # name -> (seconds, steps) per device kind
    "cpu": {"tiny": (4.0, 10), "sao_small": (1.0, 5)},
    "cuda": {"tiny": (11.0, 8), "sao_small": (11.0, 8), "sao_1_0": (11.0, 8)},
}


def compose_config(name: str, overrides: list[str] | None = None):
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        return compose(config_name=name, overrides=overrides or [])


def tiny_bundle_dir() -> Path:
    if (ROOT / "models" / "tiny" / "model_config.json").is_file():
        return ROOT / "models" / "tiny"
    from training.make_tiny import make_tiny

    return make_tiny(compose_config("make_tiny").demo_base, Path(tempfile.mkdtemp()) / "tiny")


def load_generator(name: str, tiny_dir: Path, device: str):
    """A Generator on the tiny bundle, or on a random-weight published architecture."""
    from core.bundle import Bundle, build_model
    from inference.model.generator import Generator

    generator = compose_config("generate", ["prompt=x"]).inference.generator
    options = OmegaConf.to_container(generator, resolve=True)
    options = {k: v for k, v in options.items() if not k.startswith("_")}
    options |= {"device": device, "warmup": False, "adapters": []}
    if name == "tiny":
        return Generator(**{**options, "bundle": tiny_dir})
    config = compose_config("make_tiny", [f"model@demo_base={name}"]).demo_base.model_config
    config = OmegaConf.to_container(config, resolve=True)
    torch.manual_seed(0)
    model = build_model(config, tiny_dir / "text_encoder").to(device).eval()
    bundle = Bundle(model.requires_grad_(False), config, Path(f"<random {name}>"), "random")
    return Generator(**{**options, "bundle": bundle})


def add_random_adapters(gen, count: int) -> list[str]:
    """`count` LoRA adapters with random weights, blended by the generator's AdapterBlend."""
    from core.adapters import add_lora
    from inference.model.adapters import Adapter, AdapterBlend

    settings = compose_config("pipeline", ["training=lora"]).training.finetune.lora
    names = [f"adapter{i}" for i in range(count)]
    for name in names:
        add_lora(gen.model, settings, name)
    torch.manual_seed(1)
    with torch.no_grad():
        for key, param in gen.model.named_parameters():
            if "lora_" in key:
                param.normal_(0.0, 0.02)
    gen.model.requires_grad_(False)
    adapters = [Adapter(n, Path("<random>"), "random", False) for n in names]
    strength = compose_config("generate", ["prompt=x"]).inference.generator.adapter_strength
    gen.adapters = AdapterBlend(gen.model, adapters, strength.min, strength.max)
    return names


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def median_time(fn, device: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        sync(device)
        start = time.perf_counter()
        fn()
        sync(device)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(name: str, tiny_dir: Path, device: str, count: int, runs: int) -> list[str]:
    seconds, steps = PLANS["cuda" if device.startswith("cuda") else "cpu"][name]
    gen = load_generator(name, tiny_dir, device)
    names = add_random_adapters(gen, count)
    state = {"i": 0}

    def switch() -> None:  # every strength differs from the blend before
        state["i"] += 1
        gen.adapters.apply({n: ((state["i"] + j) % 97) / 97 for j, n in enumerate(names)})

    def generate(n: int, blend: dict) -> None:
        gen.generate("dark drone", seconds, n, 6.0, seed=0, blend=blend)

    every = dict.fromkeys(names, 0.5)
    generate(2, every)  # warm-up
    bare = median_time(lambda: generate(steps, {}), device, runs)
    switch_s = median_time(switch, device, max(50, runs * 10))

    def toggle() -> None:  # an adapter joins or leaves the active set: peft's set_adapter runs
        state["i"] += 1
        gen.adapters.apply({n: 0.5 for n in names[: 1 + state["i"] % 2]})

    toggle_s = median_time(toggle, device, max(50, runs * 10))
    from inference.model.sampling import MIN_STEPS

    low = MIN_STEPS.get(gen.default_sampler, 1)
    few = median_time(lambda: generate(low, every), device, runs)
    many = median_time(lambda: generate(steps, every), device, runs)
    step_s = (many - few) / (steps - low)
    layers = len(gen.adapters.layers)
    cells = [name, str(count), str(layers), f"{1e3 * switch_s:.2f}", f"{1e3 * toggle_s:.2f}"]
    cells += [f"{1e3 * step_s:.1f}"]
    return cells + [f"{switch_s / step_s:.4f}", f"{bare:.3f}", f"{many:.3f}", f"{many / bare:.3f}"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    parser.add_argument("--models", nargs="+", help="tiny sao_small sao_1_0 (default: per device)")
    parser.add_argument("--adapters", type=int, default=4, help="adapters blended (default 4)")
    parser.add_argument("--runs", type=int, default=3, help="timed generations (median)")
    parser.add_argument("--threads", type=int, help="torch CPU threads")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore")
    models = args.models or list(PLANS["cuda" if args.device.startswith("cuda") else "cpu"])
    tiny_dir = tiny_bundle_dir()
    print(f"device: {args.device}; torch {torch.__version__}; {torch.get_num_threads()} threads")
    columns = ["model", "adapters", "lora layers", "switch ms", "toggle ms", "step ms"]
    columns += ["switch/step"]
    columns += ["bare gen s", "blended s", "blended/bare"]
    print(" ".join(f"{c:>12}" for c in columns))
    for model in models:
        cells = measure(model, tiny_dir, args.device, args.adapters, args.runs)
        print(" ".join(f"{c:>12}" for c in cells), flush=True)
    print("goal: switch <= 50 ms on the tiny model on a CPU")


if __name__ == "__main__":
    main()
