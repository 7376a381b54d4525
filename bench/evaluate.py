"""What `evaluate` costs per checkpoint, against generating the same fragments, in one process.

    uv run dvc repro finetune && uv run python bench/evaluate.py [--threads 2] [--rounds 2]

On the demo project (params.yaml, the latent cache, the fine-tune run of `dvc repro`), times each
part of one checkpoint's evaluation as `training.evaluation` runs it: loading the checkpoint's
weights, generating the fragments (latents, then decoding), the embeddings and Frechet distances;
then the reference, the same fragments generated and decoded by stable-audio-tools'
`generate_diffusion_cond` alone. Prints seconds (best of `--rounds`), the ratio evaluation /
generation (the metrics' own overhead; goal about 1), the fixed cost (bundle, held-out windows),
the fine-tune's own seconds per step (metrics/finetune.json) and the stage's estimated total for
the base plus the kept checkpoints (goal <= 60 s on 2 cores).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import time
from pathlib import Path

import torch
from omegaconf import OmegaConf

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, rounds: int):
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    from stable_audio_tools.inference.generation import generate_diffusion_cond

    from core.bundle import load_bundle, load_state_dict
    from core.checkpoint import find_weights
    from training.evaluation import finetune_checkpoints, generate, held_out, reconstructed, score
    from training.export import merged_state_dict
    from training.metrics import MelEmbedding

    cfg = OmegaConf.load(ROOT / "params.yaml")
    options, base = cfg.training.evaluate, cfg.training.base
    started = time.perf_counter()
    bundle = load_bundle(base.checkpoint, None, device="cpu",
                         text_encoder_dtype=base.text_encoder_dtype)  # fmt: skip
    windows, reference, latents = held_out(cfg, bundle)
    mel = MelEmbedding(bundle.sample_rate, **OmegaConf.to_container(options.mel))
    base_state = load_state_dict(find_weights(base.checkpoint))
    checkpoints = finetune_checkpoints(cfg.paths.finetune_dir)
    recon = reconstructed(bundle.model, windows, latents)
    fixed = time.perf_counter() - started
    name, (_, state) = next(iter(checkpoints.items()))

    warm = generate(bundle.model, windows, options)  # first calls allocate: warm both sides once
    del warm
    load_s, _ = timed(lambda: bundle.model.load_state_dict(
        merged_state_dict(state, base_state), strict=False), args.rounds)  # fmt: skip
    gen_s, clips = timed(lambda: generate(bundle.model, windows, options), args.rounds)
    score_s, _ = timed(lambda: score(clips, reference, recon, mel, None, bundle.sample_rate,
                                     options.covariance_eps), args.rounds)  # fmt: skip
    rate, ratio = bundle.sample_rate, int(bundle.model.pretransform.downsampling_ratio)
    seconds = max(w.samples for w in windows) / rate if options.seconds is None else options.seconds
    size = -(-int(seconds * rate) // ratio) * ratio

    def upstream() -> None:
        for seed in options.seeds:
            with (
                contextlib.redirect_stdout(io.StringIO()),
                contextlib.redirect_stderr(io.StringIO()),
            ):
                generate_diffusion_cond(
                    bundle.model, steps=options.steps, cfg_scale=options.cfg_scale,
                    conditioning=[w.metadata() for w in windows], batch_size=len(windows),
                    sample_size=size, seed=int(seed), device="cpu",
                )  # fmt: skip

    ref_s, _ = timed(upstream, args.rounds)
    per_checkpoint = load_s + gen_s + score_s
    fragments = len(windows) * len(options.seeds)
    print(f"evaluate bench ({args.threads} threads, {name}): {fragments} fragments of "
          f"{seconds:.2f} s, {options.steps} steps")  # fmt: skip
    print(f"  load weights        {load_s:7.3f} s")
    print(f"  generate + decode   {gen_s:7.3f} s")
    print(f"  embeddings + FD     {score_s:7.3f} s")
    print(f"  per checkpoint      {per_checkpoint:7.3f} s")
    print(f"  reference: generate_diffusion_cond, same fragments {ref_s:7.3f} s")
    print(f"  ratio per checkpoint / reference generation: {per_checkpoint / ref_s:.2f}")
    summary = Path(cfg.paths.metrics_dir) / "finetune.json"
    if summary.is_file() and (step := json.loads(summary.read_text()).get("seconds_per_step")):
        print(f"  ratio per checkpoint / one fine-tune step (finetune.json, {step:.3f} s): "
              f"{per_checkpoint / step:.1f}")  # fmt: skip
    total = fixed + (len(checkpoints) + 1) * per_checkpoint
    print(
        f"  fixed (bundle, held-out windows) {fixed:.2f} s; stage estimate for base + "
        f"{len(checkpoints)} checkpoint(s): {total:.1f} s (goal <= 60 s), plus process start"
    )


if __name__ == "__main__":
    main()
