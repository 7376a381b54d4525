"""DVC stage `encode`: every prepared window, encoded once by the base's frozen autoencoder.

`uv run python -m training.encode [training.encode.device=cuda]`

Reads the manifest `training.ingest` wrote in `paths.prepared_dir` and writes the latent cache
(`training.latents`) into `paths.latents_dir`; every fine-tune with the same autoencoder reuses it.
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


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    from core.bundle import load_bundle
    from training.data import DataError, read_manifest
    from training.latents import encode_windows

    manifest = Path(cfg.paths.prepared_dir) / MANIFEST_FILE
    base, options = cfg.training.base, cfg.training.encode
    try:
        bundle = load_bundle(
            base.checkpoint,
            base.text_encoder_dir,
            device=options.device,
            text_encoder_dtype=base.text_encoder_dtype,
        )
        windows = read_manifest(manifest, bundle.sample_rate)
        out = encode_windows(
            bundle.model,
            windows,
            cfg.paths.latents_dir,
            manifest_sha256=sha256_file(manifest),
            batch_size=options.batch_size,
            seed=options.seed,
        )
    except (BundleError, DataError) as err:
        print(f"encode: {err}", file=sys.stderr)
        sys.exit(2)
    print(f"encoded {len(windows)} windows into {out}")


if __name__ == "__main__":
    quiet_third_party()
    main()
