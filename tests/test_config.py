"""Every entry-point config and every option of every config group composes with Hydra; the
test suite's own settings (strict markers, `gpu` tests skipped without CUDA)."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
from omegaconf import OmegaConf

from tests.helpers import CONF_DIR, ROOT, compose_config, skip_gpu_tests_without_cuda

ENTRY_POINTS = sorted(p.stem for p in CONF_DIR.glob("*.yaml"))
HYDRA_GROUPS = {"runtime", "hydra"}  # Hydra's own settings (`@package hydra`, hydra/help)
GROUPS = sorted(p.name for p in CONF_DIR.iterdir() if p.is_dir() and p.name not in HYDRA_GROUPS)


def group_options() -> list[tuple[str, str]]:
    return [(g, p.stem) for g in GROUPS for p in sorted((CONF_DIR / g).glob("*.yaml"))]


def entry_point_using(group: str) -> tuple[str, str] | None:
    """(the first entry-point config whose defaults list selects this group, the key it is
    selected by: `group` or `group@package`)."""
    for name in ENTRY_POINTS:
        defaults = OmegaConf.to_container(OmegaConf.load(CONF_DIR / f"{name}.yaml"))
        for entry in defaults.get("defaults", []):
            for key in entry if isinstance(entry, dict) else []:
                if key.split("@")[0] == group:
                    return name, key
    return None


def is_global(group: str, option: str) -> bool:
    """A `# @package _global_` option (an experiment) merges into the root, not into `group`."""
    first = (CONF_DIR / group / f"{option}.yaml").read_text().splitlines()[0]
    return first.strip() == "# @package _global_"


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_point_composes_and_resolves(name: str) -> None:
    cfg = compose_config(name)
    resolved = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=False)
    assert isinstance(resolved, dict) and resolved


@pytest.mark.parametrize(("group", "option"), group_options())
def test_group_option_composes(group: str, option: str) -> None:
    found = entry_point_using(group)
    if found is None:
        cfg = compose_config_without_primary(group, option)
        node = cfg[group]
    else:
        entry, key = found
        cfg = compose_config(entry, [f"{key}={option}"])
        package = key.partition("@")[2] or group
        node = cfg if is_global(group, option) else cfg[package]
    assert node is not None and (is_global(group, option) or len(node) > 0)
    OmegaConf.to_container(node, resolve=found is not None, throw_on_missing=False)


def test_every_group_is_selected_by_an_entry_point() -> None:
    assert [g for g in GROUPS if entry_point_using(g) is None] == []


def compose_config_without_primary(group: str, option: str):
    from hydra import compose, initialize_config_dir

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return compose(overrides=[f"+{group}={option}"])


def test_every_group_has_an_option() -> None:
    empty = [g for g in GROUPS if not list((CONF_DIR / g).glob("*.yaml"))]
    assert not empty, f"config groups without options: {empty}"


class Item:
    """What the collection hook sees of a test: its markers, and the ones it adds."""

    def __init__(self, *marks: pytest.MarkDecorator) -> None:
        self.marks = [m.mark for m in marks]
        self.added: list[pytest.MarkDecorator] = []

    def get_closest_marker(self, name: str):
        return next((m for m in self.marks if m.name == name), None)

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.added.append(marker)


def test_gpu_tests_are_skipped_without_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    gpu, slow = Item(pytest.mark.gpu), Item(pytest.mark.slow)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert skip_gpu_tests_without_cuda([gpu, slow]) == 1
    (skip,) = gpu.added
    assert skip.mark.name == "skip" and "needs CUDA" in skip.mark.kwargs["reason"]
    assert slow.added == []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    on_a_gpu = Item(pytest.mark.gpu)
    assert skip_gpu_tests_without_cuda([on_a_gpu]) == 0 and on_a_gpu.added == []


def test_no_gpu_test_means_no_torch_import() -> None:
    code = (
        "import sys; from tests.helpers import skip_gpu_tests_without_cuda as skip; "
        "assert skip([]) == 0; assert 'torch' not in sys.modules, 'torch was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_markers_are_strict_and_declared() -> None:
    with open(ROOT / "pyproject.toml", "rb") as handle:
        options = tomllib.load(handle)["tool"]["pytest"]["ini_options"]
    assert "--strict-markers" in options["addopts"].split()
    declared = {marker.split(":")[0].strip() for marker in options["markers"]}
    assert {"slow", "gpu"} <= declared
