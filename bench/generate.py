"""Speed of the stage loop against stable-audio-tools, measured in one process on the same inputs.

    uv run python bench/generate.py                # CPU: tiny bundle + random-weight SAO small
    uv run python bench/generate.py --device cuda  # GPU: + SAO 1.0 sized, 11 s prompt-to-file

For each model, on the same weights, prompt, steps, sampler and seed:
  (a) project generation time / stable-audio-tools `generate_diffusion_cond` time, medians of
      interleaved runs after a warm-up (goal <= 1.0), both asked for the same length, with a check
      that the audio is bit-identical; plus the ratio against upstream the way its own UI calls it
      (the model's full length, then cut);
  (b) post-processing + WAV write + index + OSC for 11 s of stereo, in ms and as % of generating
      those 11 s (goal < 30 ms and < 2 %);
  (c) prompt-to-file: `Engine.generate` end to end (status, generate, post-process, store, OSC);
  (d) the conditioning-cache ratio: ours on a repeated prompt (T5 skipped, its tensors cached) /
      upstream (which runs T5 every call), and the same with the cache emptied before each call
      (a new prompt); goal <= 0.8 on the SAO small architecture, 1 s, 8 steps (the CPU plan).
Random-weight models are built from conf/model/*.yaml with `core.bundle.build_model`; their T5
is a random one of t5-base's size (`sized_text_encoder`), as costly as the real one. Generator,
post-processing, store and engine take every setting from conf/ (the `generate` entry point's).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import socket
import statistics
import tempfile
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import torch
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

ROOT = Path(__file__).resolve().parents[1]
PROMPT = "gritty and noisy pad, Tempo: 107, Key: E minor, Genre: Ambient"
# name -> (seconds, steps, cfg scale) per device kind: CPU runs keep big models short.
PLANS = {
    "cpu": {"tiny": (4.0, 20, 6.0), "sao_small": (1.0, 8, 1.0), "sao_1_0": (1.0, 2, 6.0)},
    "cuda": {"tiny": (11.0, 20, 6.0), "sao_small": (11.0, 8, 1.0), "sao_1_0": (11.0, 100, 7.0)},
}


def compose_config(name: str, overrides: list[str] | None = None):
    with initialize_config_dir(config_dir=str(ROOT / "conf"), version_base="1.3"):
        return compose(config_name=name, overrides=overrides or [])


def stage_config():
    """What `python -m inference.generate` composes: generator, store, postprocess, delivery."""
    return compose_config("generate", ["prompt=x"])


def model_config(name: str) -> dict:
    cfg = compose_config("make_tiny", [f"model@demo_base={name}"])
    return OmegaConf.to_container(cfg.demo_base.model_config, resolve=True)


def sized_text_encoder(name: str) -> Path:
    """A random-weight T5 of the architecture's size (conf/model/<name>.yaml `text_encoder`,
    t5-base for SAO) with the tiny tokenizer, written once per process: on both sides of every
    ratio the text encoder then costs what the real one costs."""
    from training.make_tiny import write_text_encoder

    folder = Path(tempfile.gettempdir()) / f"sao-improv-bench-{os.getpid()}"
    out = folder / f"{name}-t5"
    if not (out / "config.json").is_file():
        atexit.register(shutil.rmtree, folder, True)  # ~0.5 GB: gone when the process ends
        model = compose_config("make_tiny", [f"model@demo_base={name}"]).demo_base
        words = compose_config("make_tiny").demo_base.tokenizer_words
        max_length = max(
            c["config"]["max_length"]
            for c in model_config(name)["model"]["conditioning"]["configs"]
            if c["type"] == "t5"
        )
        torch.manual_seed(0)
        encoder = OmegaConf.to_container(model.text_encoder)
        write_text_encoder(out, encoder, list(words), max_length)
    return out


def tiny_bundle_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    if (ROOT / "models" / "tiny" / "model_config.json").is_file():
        return ROOT / "models" / "tiny"
    from training.make_tiny import make_tiny

    return make_tiny(compose_config("make_tiny").demo_base, Path(tempfile.mkdtemp()) / "tiny")


def generator_options(device: str) -> dict:
    """conf/inference `generator` as keyword arguments, on `device` (warm-up as configured)."""
    options = OmegaConf.to_container(stage_config().inference.generator, resolve=True)
    return {**{k: v for k, v in options.items() if not k.startswith("_")}, "device": device}


def load_generator(name: str, tiny_dir: Path, device: str, **changes):
    """(our Generator, an untouched copy of the same model for stable-audio-tools' own call);
    `changes` replace generator settings (a half-precision DiT is given to upstream's copy too)."""
    from core.bundle import Bundle, build_model, load_bundle
    from inference.model.generator import Generator

    options = {**generator_options(device), **changes}
    if name == "tiny":
        pristine = load_bundle(
            tiny_dir, None, device=device, text_encoder_dtype=options["text_encoder_dtype"]
        )
        gen = Generator(**{**options, "bundle": tiny_dir})
        pristine.model.model.to(gen.dit_dtype)
        return gen, pristine.model
    config = model_config(name)
    encoder = sized_text_encoder(name)

    def build() -> (
        torch.nn.Module
    ):  # the same random weights each time (weight norm can't deepcopy)
        torch.manual_seed(0)
        model = build_model(config, encoder)
        return model.to(device).eval().requires_grad_(False)

    pristine = build()
    bundle = Bundle(build(), config, Path(f"<random {name}>"), f"random-{name}")
    gen = Generator(**{**options, "bundle": bundle})
    pristine.model.to(gen.dit_dtype)  # upstream casts noise and conditioning to the DiT's dtype
    if gen.vae_dtype != next(pristine.pretransform.parameters()).dtype:
        # SAO small's fp16 VAE, made fp32 on a CPU (~20x faster there): the same on both sides,
        # so that the comparison is about the pipeline and the audio can be compared.
        pristine.pretransform.model_half = False
        pristine.pretransform.to(gen.vae_dtype)
    return gen, pristine


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def timed(fn, device: str) -> tuple[float, object]:
    sync(device)
    started = time.perf_counter()
    result = fn()
    sync(device)
    return time.perf_counter() - started, result


def upstream_call(gen, model, seconds: float, steps: int, cfg: float, seed: int, full_length: bool):
    from stable_audio_tools.inference.generation import generate_diffusion_cond

    exact, size = gen.sample_sizes(seconds)
    size = gen.bundle.model_config["sample_size"] if full_length else size

    def run() -> np.ndarray:
        with open(os.devnull, "w") as quiet, redirect_stdout(quiet), redirect_stderr(quiet):
            audio = generate_diffusion_cond(
                model,
                steps=steps,
                cfg_scale=cfg,
                sample_size=size,
                seed=seed,
                device=str(gen.device),
                sampler_type=gen.default_sampler,
                **gen.sampler_options,
                conditioning=[{"prompt": PROMPT, "seconds_start": 0, "seconds_total": seconds}],
            )  # fmt: skip (its seed print and progress bars go to /dev/null)
        return audio[0, :, :exact].float().cpu().numpy()

    return run


def compare(
    gen, model, device: str, seconds: float, steps: int, cfg: float, runs: int, full_length: bool
) -> dict:
    """(a): interleaved runs of ours and upstream's, after one warm-up call of each."""
    seed = 1234
    ours = lambda: gen.generate(PROMPT, seconds, steps, cfg, seed=seed).audio  # noqa: E731
    theirs = upstream_call(gen, model, seconds, steps, cfg, seed, full_length=False)
    theirs_full = (
        upstream_call(gen, model, seconds, steps, cfg, seed, True) if full_length else None
    )
    times: dict[str, list[float]] = {
        "ours": [],
        "ours_new_prompt": [],
        "upstream": [],
        "upstream_full": [],
    }
    _, mine = timed(ours, device)
    _, reference = timed(theirs, device)
    if theirs_full:
        timed(theirs_full, device)
    for _ in range(runs):
        times["ours"].append(timed(ours, device)[0])
        times["upstream"].append(timed(theirs, device)[0])
        gen._cache.clear()  # a prompt seen for the first time: the text encoder runs
        times["ours_new_prompt"].append(timed(ours, device)[0])
        if theirs_full:
            times["upstream_full"].append(timed(theirs_full, device)[0])
    result = {k: statistics.median(v) for k, v in times.items() if v}
    result["min_ratio"] = min(times["ours"]) / min(times["upstream"])
    result["identical"] = bool(np.array_equal(mine, reference))
    return result


CACHE_GOAL = 0.8  # ours with cached conditioning / upstream, SAO small, 1 s, 8 steps


def cache_line(model: str, seconds: float, steps: int, m: dict) -> str:
    """(d): the conditioning-cache ratio of one `compare` result, against its goal."""
    ratio, uncached = m["ours"] / m["upstream"], m["ours_new_prompt"] / m["upstream"]
    verdict = "meets" if ratio <= CACHE_GOAL else "misses"
    return (
        f"{'':<10} conditioning-cache ratio ({model}, {seconds:g} s, {steps} steps, repeated "
        f"prompt): {ratio:.3f} ({verdict} goal <= {CACHE_GOAL}); new prompt (T5 runs): "
        f"{uncached:.3f}"
    )


def listener() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(2)
    return sock


def after_generation(gen, device: str, runs: int) -> tuple[float, float, float]:
    """(b) for 11 s: median ms up to the OSC send, ms with the sidecar + index, generation s."""
    from hydra.utils import instantiate

    from inference.live.delivery import OscDelivery

    conf = stage_config()
    seconds = min(11.0, gen.max_seconds)
    steps = 20 if gen.objective == "v" else 8
    generate = lambda: gen.generate(PROMPT, seconds, steps, 6.0, seed=7)  # noqa: E731
    runs_of_generation = [timed(generate, device) for _ in range(max(1, runs // 2))]
    generation = statistics.median(t for t, _ in runs_of_generation)
    generated = runs_of_generation[0][1]
    sock = listener()
    chain = instantiate(conf.postprocess)
    delivery = OscDelivery("127.0.0.1", sock.getsockname()[1])
    chain.warm_up(gen.sample_rate)
    fields = dict(
        prompt=PROMPT, seed=7, steps=steps, cfg_scale=6.0, sampler=generated.sampler,
        bundle_sha256=gen.bundle.weights_sha256, seconds=seconds,
    )  # fmt: skip
    to_osc, total = [], []
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:  # the disk fragments go to, not tmpfs
        store = instantiate(conf.inference.store, root=folder)
        for _ in range(runs + 1):
            started = time.perf_counter()
            audio, applied = chain.process(generated.audio, gen.sample_rate, PROMPT)
            fragment = store.write_audio(audio, gen.sample_rate, postprocess=applied, **fields)
            result = delivery.send_fragment(fragment)
            to_osc.append(time.perf_counter() - started)
            store.record(fragment, {"bench": True})
            total.append(time.perf_counter() - started)
            assert result.ok and sock.recv(65536).startswith(b"/sao/fragment")
    sock.close()
    return 1e3 * statistics.median(to_osc[1:]), 1e3 * statistics.median(total[1:]), generation


def prompt_to_file(gen, device: str, seconds: float, steps: int, cfg: float, runs: int) -> float:
    """(c): median seconds of Engine.generate, request to delivered WAV."""
    from hydra.utils import instantiate

    from inference.live.delivery import OscDelivery
    from inference.live.engine import Engine, GenerationRequest

    conf = stage_config()  # (`cfg` is the CFG scale here)
    sock = listener()
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(
            gen,
            instantiate(conf.postprocess),
            instantiate(conf.inference.store, root=folder),
            OscDelivery("127.0.0.1", sock.getsockname()[1]),
            None,
            defaults=OmegaConf.to_container(conf.inference.request, resolve=True),
            loop=instantiate(conf.inference.loop),
            warmup=True,  # as the stage starts: post-processing's first-call costs paid first
            tempo_lock=bool(conf.inference.tempo_lock),
        )
        request = GenerationRequest(PROMPT, seconds, steps, cfg, seed=3)
        times = [timed(lambda: engine.generate(request), device)[0] for _ in range(runs + 1)]
    sock.close()
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", help="cpu or cuda (default: cpu)")
    parser.add_argument("--models", nargs="+", help="tiny sao_small sao_1_0 (default: per device)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (median)")
    parser.add_argument("--seconds", type=float, help="override the planned length")
    parser.add_argument("--steps", type=int, help="override the planned steps")
    parser.add_argument("--bundle", help="tiny bundle directory (default: models/tiny, else made)")
    parser.add_argument(
        "--threads", type=int, help="torch CPU threads (fewer = steadier on a busy box)"
    )
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    warnings.filterwarnings("ignore")
    kind = "cuda" if args.device.startswith("cuda") else "cpu"
    models = args.models or (
        ["tiny", "sao_small"] if kind == "cpu" else ["tiny", "sao_small", "sao_1_0"]
    )
    tiny_dir = tiny_bundle_dir(args.bundle)
    name = (
        torch.cuda.get_device_name()
        if kind == "cuda"
        else f"cpu, {torch.get_num_threads()} threads"
    )
    print(f"device: {args.device} ({name}); torch {torch.__version__}; runs: {args.runs} (medians)")
    print(f"prompt: {PROMPT!r}\n")
    columns = ["model", "sec", "steps", "sampler", "ours s", "new-prompt s", "upstream s"]
    columns += ["ratio", "min-ratio", "identical", "vs-full"]
    print(" ".join(f"{c:>12}" for c in columns))
    for model in models:
        seconds, steps, cfg = PLANS[kind][model]
        seconds, steps = args.seconds or seconds, args.steps or steps
        gen, pristine = load_generator(model, tiny_dir, args.device)
        full = kind == "cuda" or model == "tiny"
        m = compare(gen, pristine, args.device, seconds, steps, cfg, args.runs, full)
        cells = [model, f"{seconds:.1f}", steps, gen.default_sampler, f"{m['ours']:.3f}"]
        cells += [f"{m['ours_new_prompt']:.3f}", f"{m['upstream']:.3f}"]
        cells += [f"{m['ours'] / m['upstream']:.3f}", f"{m['min_ratio']:.3f}", m["identical"]]
        cells += [f"{m['ours'] / m['upstream_full']:.3f}" if "upstream_full" in m else "-"]
        print(" ".join(f"{c!s:>12}" for c in cells), flush=True)
        print(cache_line(model, seconds, steps, m), flush=True)
        if model == "tiny" or kind == "cuda":
            to_osc, total, generation = after_generation(gen, args.device, args.runs)
            print(
                f"{'':<10} 11 s stereo, generated in {generation:.2f} s: "
                f"post-process + WAV write + OSC "
                f"{to_osc:.1f} ms ({to_osc / generation / 10:.2f} %); with sidecar + index "
                f"{total:.1f} ms ({total / generation / 10:.2f} %)",
                flush=True,
            )
        if kind == "cuda" or model == "tiny":
            seconds_p2f = min(11.0, gen.max_seconds)
            took = prompt_to_file(gen, args.device, seconds_p2f, steps, cfg, args.runs)
            print(
                f"{'':<10} prompt-to-file, {seconds_p2f:.0f} s, {steps} steps: {took * 1e3:.0f} ms",
                flush=True,
            )
        del gen, pristine
    print("\nratio = median ours / median upstream, same length (goal <= 1.0); min-ratio = fastest")
    print(
        "ours / fastest upstream (robust to other load); vs-full = ours / upstream generating the"
    )
    print(
        "model's full length then cutting, as its own UI does; new-prompt = ours, text encoder run."
    )


if __name__ == "__main__":
    main()
