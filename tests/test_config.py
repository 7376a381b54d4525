"""Every entry-point config and every option of every config group composes with Hydra."""

from __future__ import annotations

import pytest
from omegaconf import OmegaConf

from tests.conftest import CONF_DIR, compose_config

ENTRY_POINTS = sorted(p.stem for p in CONF_DIR.glob("*.yaml"))
GROUPS = sorted(p.name for p in CONF_DIR.iterdir() if p.is_dir() and p.name != "runtime")


def group_options() -> list[tuple[str, str]]:
    return [(g, p.stem) for g in GROUPS for p in sorted((CONF_DIR / g).glob("*.yaml"))]


def entry_point_using(group: str) -> str | None:
    """The first entry-point config whose defaults list selects this group."""
    for name in ENTRY_POINTS:
        defaults = OmegaConf.load(CONF_DIR / f"{name}.yaml").get("defaults", [])
        if any(isinstance(d, dict) and group in d for d in defaults):
            return name
    return None


@pytest.mark.parametrize("name", ENTRY_POINTS)
def test_entry_point_composes_and_resolves(name: str) -> None:
    cfg = compose_config(name)
    resolved = OmegaConf.to_container(cfg, resolve=True, throw_on_missing=False)
    assert isinstance(resolved, dict) and resolved


@pytest.mark.parametrize(("group", "option"), group_options())
def test_group_option_composes(group: str, option: str) -> None:
    entry = entry_point_using(group)
    if entry is None:
        cfg = compose_config_without_primary(group, option)
    else:
        cfg = compose_config(entry, [f"{group}={option}"])
    assert group in cfg and cfg[group] is not None
    OmegaConf.to_container(cfg[group], resolve=entry is not None, throw_on_missing=False)


def compose_config_without_primary(group: str, option: str):
    from hydra import compose, initialize_config_dir

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return compose(overrides=[f"+{group}={option}"])


def test_every_group_has_an_option() -> None:
    empty = [g for g in GROUPS if not list((CONF_DIR / g).glob("*.yaml"))]
    assert not empty, f"config groups without options: {empty}"
