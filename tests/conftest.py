"""Shared fixtures (a tiny checkpoint made once per session by the project's own script, a
generator on it, an OSC stand-in for Max) and the `gpu` marker's skip. Plain helpers: helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import Listener, compose_config, make_generator, skip_gpu_tests_without_cuda


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`gpu` tests are skipped, with the reason, where torch sees no CUDA device."""
    skip_gpu_tests_without_cuda(items)


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from training.make_tiny import make_tiny

    cfg = compose_config("make_tiny")
    return make_tiny(cfg.demo_base, tmp_path_factory.mktemp("ckpt") / "tiny")


@pytest.fixture(scope="module")
def generator(tiny_checkpoint: Path):
    """A generator on the tiny checkpoint, one per test module (its caches stay module-local)."""
    return make_generator(tiny_checkpoint)


@pytest.fixture
def listener():
    """A UDP socket on loopback standing in for Max's `udpreceive`."""
    receiver = Listener()
    yield receiver
    receiver.close()
