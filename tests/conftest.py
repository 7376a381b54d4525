"""Shared fixtures: a tiny checkpoint made once per test session, by the project's own script."""

from __future__ import annotations

from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

CONF_DIR = Path(__file__).resolve().parents[1] / "conf"


def compose_config(name: str, overrides: list[str] | None = None):
    """Compose an entry-point config from conf/ with Hydra's compose API."""
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return compose(config_name=name, overrides=overrides or [])


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from training.make_tiny import make_tiny

    cfg = compose_config("make_tiny")
    return make_tiny(cfg.model, tmp_path_factory.mktemp("ckpt") / "tiny")


@pytest.fixture(scope="module")
def generator(tiny_checkpoint: Path):
    """A generator on the tiny checkpoint, one per test module (its caches stay module-local)."""
    from inference.generator import Generator

    return Generator(tiny_checkpoint, device="cpu", warmup=False)
