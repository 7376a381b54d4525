"""The DVC pipeline: licence audit, ingest, encode, fine-tune, export (and the tiny demo base).

Each stage module is one `python -m training.<stage>` entry point; `data`, `latents`, `diffusion`
and `callbacks` are what the stages share. Everything here stands on `core`, never on `inference`.
"""
