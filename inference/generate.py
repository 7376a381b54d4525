"""Command line: one prompt in, one fragment file out.

`uv run python -m inference.generate bundle=DIR prompt="..." seconds=4 seed=N`
"""

from __future__ import annotations

from pathlib import Path

import hydra
import soundfile as sf
import torch
from omegaconf import DictConfig
from stable_audio_tools.inference.generation import generate_diffusion_cond

from inference.bundle import load_bundle


def pick_device(name: str) -> str:
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


@hydra.main(version_base="1.3", config_path="../conf", config_name="generate")
def main(cfg: DictConfig) -> None:
    device = pick_device(cfg.device)
    bundle = load_bundle(cfg.bundle, cfg.text_encoder_dir, device=device)
    seed = int(cfg.seed) if cfg.seed is not None else int(torch.randint(0, 2**31 - 1, ()).item())
    ratio = bundle.model.pretransform.downsampling_ratio
    sample_size = -(-int(cfg.seconds * bundle.sample_rate) // ratio) * ratio
    conditioning = [{"prompt": cfg.prompt, "seconds_start": 0, "seconds_total": cfg.seconds}]
    audio = generate_diffusion_cond(
        bundle.model, steps=cfg.steps, cfg_scale=cfg.cfg_scale, conditioning=conditioning,
        sample_size=sample_size, seed=seed, device=device,
    )[0, :, : int(cfg.seconds * bundle.sample_rate)]
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"seed{seed}.wav"
    sf.write(path, audio.T.float().cpu().numpy(), bundle.sample_rate)
    print(path.resolve())


if __name__ == "__main__":
    main()
