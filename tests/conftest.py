"""Shared fixtures (a tiny checkpoint made once per session by the project's own script, a
generator on it, an OSC stand-in for Max) and the `gpu` marker's skip. Plain helpers: helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Listener,
    compose_config,
    make_generator,
    make_project,
    single_thread,
    skip_gpu_tests_without_cuda,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`gpu` tests are skipped, with the reason, where torch sees no CUDA device."""
    skip_gpu_tests_without_cuda(items)


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from training.make_tiny import make_tiny

    # Random weights (not the committed pre-trained ones): tests of the machinery need no sound.
    cfg = compose_config("make_tiny", ["demo_base.weights=null"])
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


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """(a folder whose file system is full, how): a real 64 KiB tmpfs where it can be mounted
    (root), else ("injected") a folder whose temporary files' writes raise ENOSPC."""
    import errno
    import os
    import subprocess
    import tempfile

    folder = tmp_path / "full"
    folder.mkdir()
    command = ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)]
    mounted = os.geteuid() == 0 and subprocess.run(command, capture_output=True).returncode == 0
    if not mounted:
        real = tempfile.NamedTemporaryFile

        class Full:
            def __init__(self, handle) -> None:
                self._handle = handle

            def write(self, data) -> int:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

            def __getattr__(self, name):
                return getattr(self._handle, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc) -> None:
                self._handle.close()

        def opened(*args, **kwargs):
            handle = real(*args, **kwargs)
            return Full(handle) if str(kwargs.get("dir", "")).startswith(str(folder)) else handle

        monkeypatch.setattr(tempfile, "NamedTemporaryFile", opened)
    yield folder, "tmpfs" if mounted else "injected"
    if mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture(scope="module")
def project(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of prepared demo windows and their latents on the tiny base (one per module)."""
    return make_project(tmp_path_factory.mktemp("project"), tiny_checkpoint)


@pytest.fixture
def one_thread():
    """Tiny-model training on one thread (`pytestmark = pytest.mark.usefixtures("one_thread")`)."""
    with single_thread():
        yield


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for the page tests; they skip, loudly, where it is not installed."""
    import sys

    if not Path(CHROMIUM).exists():
        message = (
            f"CHROMIUM NOT FOUND at {CHROMIUM}: the browser tests are SKIPPED. Install "
            "Debian's `chromium` package (CI must) or set SAO_CHROMIUM."
        )
        print(f"\n{'!' * 20} {message}", file=sys.stderr)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
