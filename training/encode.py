"""DVC stage `encode`: every prepared window, encoded once by the base's frozen autoencoder.

`uv run python -m training.encode [training.encode.device=cuda] [trainer=ddp]`

Reads the manifest `training.ingest` wrote in `paths.prepared_dir`, the windows' samples from the
recordings in `paths.raw_dir`, and writes the latent cache (`training.latents`) into
`paths.latents_dir`; every fine-tune with the same autoencoder reuses it. `conf/trainer/` says how
many processes, devices and nodes share the work (`trainer=ddp`: every GPU); the latents are the
same for any of them, in fp32; `training.encode.device` picks the accelerator.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig

from core.checkpoint import BundleError
from core.cli import quiet_third_party
from core.files import sha256_file
from training.ingest import MANIFEST_FILE

# training.encode.device -> Lightning's accelerator (auto: cuda when available, else cpu)
ACCELERATORS = {"auto": "auto", "cpu": "cpu", "cuda": "gpu"}


def build_trainer(cfg: DictConfig):
    """conf/trainer/'s processes, devices and nodes; what encoding needs for the rest."""
    from hydra.utils import instantiate

    device = cfg.training.encode.device
    if device not in ACCELERATORS:
        print(
            f"encode: training.encode.device must be auto, cpu or cuda, not {device!r}",
            file=sys.stderr,
        )
        sys.exit(2)
    return instantiate(
        cfg.trainer,
        accelerator=ACCELERATORS[device],
        precision="32-true",  # latents are cached in fp32 whatever the fine-tune's precision
        logger=False,
        enable_checkpointing=False,
        enable_progress_bar=False,
        use_distributed_sampler=False,  # LatentEncoder gives each rank its batches itself
    )


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    from core.bundle import load_bundle
    from training.data import DataError, read_manifest
    from training.latents import encode_windows

    trainer = build_trainer(cfg)
    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    base, options = cfg.training.base, cfg.training.encode
    try:
        bundle = load_bundle(
            base.checkpoint,
            base.text_encoder_dir,
            device="cpu",  # the trainer moves the autoencoder to each rank's device
            text_encoder_dtype=base.text_encoder_dtype,
        )
        windows = read_manifest(manifest, bundle.sample_rate)
        out = encode_windows(
            bundle.model,
            windows,
            cfg.paths.raw_dir,
            cfg.paths.latents_dir,
            manifest_sha256=sha256_file(manifest),
            batch_size=options.batch_size,
            seed=options.seed,
            trainer=trainer,
        )
    except (BundleError, DataError) as err:
        print(f"encode: {err}", file=sys.stderr)
        sys.exit(2)
    if trainer.is_global_zero:
        print(f"encoded {len(windows)} windows into {out} ({trainer.world_size} process(es))")


if __name__ == "__main__":
    quiet_third_party()
    main()
