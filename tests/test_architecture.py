"""The architecture as rules that fail when broken: a one-way import graph, small modules, file-name
contracts defined once, no config default written twice, and a dvc.yaml whose params and code deps
are complete by construction."""

from __future__ import annotations

import ast
import inspect
import re
from collections.abc import Iterator, Mapping
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import yaml
from omegaconf import OmegaConf

from tests.helpers import ROOT, compose_config

PACKAGES = ("core", "training", "inference", "ui", "m4l")
# The top-level graph the README draws: who may import whom (everything else is a back-edge).
ALLOWED = {
    "core": set(),
    "training": {"core"},
    "inference": {"core"},
    "ui": {"core", "inference"},
    "m4l": set(),
}
# Inside inference: model and audio know nothing of the stage; live uses both; remote uses live.
INFERENCE_ALLOWED = {
    "inference.model": set(),
    "inference.audio": set(),
    "inference.live": {"inference.model", "inference.audio"},
    "inference.remote": {"inference.live"},
    "inference": {"inference.live", "inference.remote"},  # the entry points
}
MAX_LINES = 400
EMPTY = inspect.Parameter.empty
ENTRY_CONFIGS = ("generate", "ui", "control", "feed", "bridge", "pipeline")


# -- the import graph -----------------------------------------------------------------------------
def module_files() -> dict[str, Path]:
    """Every project module by dotted name (packages by their `__init__`)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imported_names(path: Path) -> Iterator[str]:
    """Every module an `import` anywhere in the file names (in functions and TYPE_CHECKING too)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    """Project module -> the project modules it imports."""
    files = module_files()
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = {t for t in imported_names(path) if t in files and t != name}
        graph[name] = targets
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of a directed graph as a path (first node repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node], _ = 1, path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node], _ = 2, path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def collapse(graph: Mapping[str, set[str]], group) -> dict[str, set[str]]:
    """The graph between groups of modules (`group(name)`; None leaves a module out)."""
    collapsed: dict[str, set[str]] = {}
    for source, targets in graph.items():
        if (a := group(source)) is None:
            continue
        collapsed.setdefault(a, set())
        collapsed[a] |= {b for t in targets if (b := group(t)) not in (None, a)}
    return collapsed


def top_level(name: str) -> str:
    return name.split(".")[0]


def inference_subpackage(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "inference":
        return None
    is_subpackage = len(parts) > 1 and (ROOT / "inference" / parts[1]).is_dir()
    return ".".join(parts[:2]) if is_subpackage else "inference"


def test_no_import_cycle_between_modules() -> None:
    assert find_cycle(import_graph()) is None, f"import cycle: {find_cycle(import_graph())}"


def test_top_level_packages_depend_one_way_as_the_readme_draws() -> None:
    graph = collapse(import_graph(), top_level)
    for package, targets in graph.items():
        assert targets <= ALLOWED[package], f"{package} imports {targets - ALLOWED[package]}"
    assert find_cycle(graph) is None


def test_inference_subpackages_depend_one_way() -> None:
    graph = collapse(import_graph(), inference_subpackage)
    assert set(graph) == set(INFERENCE_ALLOWED)
    for package, targets in graph.items():
        assert targets <= INFERENCE_ALLOWED[package], f"{package} imports {targets}"


@pytest.mark.parametrize(
    "edge",
    [
        ("core.files", "training.audit"),  # a back-import into the shared core
        ("inference.model.generator", "inference.live.engine"),  # the model knowing the stage
        ("inference.live.store", "inference.live.engine"),  # a module cycle inside one package
    ],
)
def test_the_cycle_check_catches_a_back_import(edge: tuple[str, str]) -> None:
    graph = {k: set(v) for k, v in import_graph().items()}
    graph[edge[0]].add(edge[1])
    assert find_cycle(graph) is not None


def test_no_module_is_over_about_400_lines() -> None:
    sizes = {name: len(p.read_text().splitlines()) for name, p in module_files().items()}
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_no_test_module_imports_another() -> None:
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        others = {n for n in imported_names(path) if re.match(r"tests\.(test_|conftest)", n)}
        assert not others, f"{path.name} imports {others}: shared helpers go in tests/helpers.py"


# -- file-name contracts --------------------------------------------------------------------------
def file_name_constants() -> Iterator[tuple[str, str, str]]:
    """(module, constant, value) of every module-level `*_FILE`/`*_SUBDIR`/`*_DIR` string."""
    for name, path in module_files().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                for target in node.targets:
                    is_name = isinstance(target, ast.Name)
                    if is_name and re.search(r"_(FILE|SUBDIR|DIR)$", target.id):
                        if isinstance(node.value.value, str):
                            yield name, target.id, node.value.value


def test_every_file_name_contract_is_defined_once() -> None:
    """One constant per contract (readers import it), and no module spells another's name."""
    constants = list(file_name_constants())
    owners: dict[tuple[str, str], list[str]] = {}
    for module, constant, value in constants:
        owners.setdefault((constant, value), []).append(module)
    assert {k: o for k, o in owners.items() if len(o) > 1} == {}
    defined: dict[str, set[str]] = {}
    for module, _, value in constants:
        if "." in value:  # a file name: folder names ("windows") are too common a word to police
            defined.setdefault(value, set()).add(module)
    for name, path in module_files().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree) if _has_docstring(n)}
        for node in ast.walk(tree):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and id(node) not in docstrings:
                owners = defined.get(node.value, {name})
                assert name in owners, f"{name} spells {node.value!r}: import it from {owners}"


def _has_docstring(node: ast.AST) -> bool:
    body = getattr(node, "body", None)
    return bool(
        isinstance(body, list)
        and body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    )


# -- configuration: one default, in conf/ ---------------------------------------------------------
def targets(node: Any, where: str = "") -> Iterator[tuple[str, str, dict]]:
    """(config path, _target_, its keys) of every node with a project `_target_`."""
    if isinstance(node, dict):
        target = node.get("_target_")
        if isinstance(target, str) and target.split(".")[0] in PACKAGES:
            yield where, target, {k: v for k, v in node.items() if not k.startswith("_")}
        for key, value in node.items():
            yield from targets(value, f"{where}.{key}".lstrip("."))


def resolve_target(target: str):
    module, _, attr = target.rpartition(".")
    return getattr(import_module(module), attr)


@pytest.mark.parametrize("entry", ENTRY_CONFIGS)
def test_no_setting_has_a_second_default_in_code(entry: str) -> None:
    """A key conf/ gives a project class must have no default in its signature: one source."""
    cfg = OmegaConf.to_container(compose_config(entry), resolve=False)
    seen = 0
    for where, target, keys in targets(cfg):
        parameters = inspect.signature(resolve_target(target)).parameters
        doubled = [k for k in keys if k in parameters and parameters[k].default is not EMPTY]
        assert not doubled, f"{entry}: {where} ({target}) also defaults {doubled} in code"
        seen += 1
    assert seen, f"{entry}: no project _target_ found"


# -- dvc.yaml -------------------------------------------------------------------------------------
def leaf_keys(node: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from leaf_keys(value, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix


def untracked_keys(params: dict, stages: dict) -> list[str]:
    """Keys of params.yaml no stage tracks (`paths.*` count as tracked by the deps/outs that
    name them)."""
    tracked = [p for stage in stages.values() for p in stage.get("params", [])]
    return [
        key
        for key in leaf_keys(params)
        if not key.startswith("paths.")
        and not any(key == t or key.startswith(f"{t}.") for t in tracked)
    ]


def stage_paths(stage: dict) -> Iterator[str]:
    for field in ("deps", "outs", "metrics", "plots"):
        for entry in stage.get(field, []):
            yield next(iter(entry)) if isinstance(entry, dict) else entry


@pytest.fixture(scope="module")
def dvc() -> tuple[dict, dict]:
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    return params, stages


def test_every_params_key_is_tracked_by_a_stage(dvc: tuple[dict, dict]) -> None:
    params, stages = dvc
    assert untracked_keys(params, stages) == []


def test_the_tracking_check_catches_a_new_untracked_key(dvc: tuple[dict, dict]) -> None:
    params, stages = dvc
    params = {**params, "training": {**params["training"], "new_setting": 1}}
    assert untracked_keys(params, stages) == ["training.new_setting"]


def test_every_data_model_and_metrics_path_comes_from_params(dvc: tuple[dict, dict]) -> None:
    params, stages = dvc
    for name, stage in stages.items():
        for path in stage_paths(stage):
            if path.split("/")[0] in PACKAGES:
                continue  # code: a package folder
            assert re.match(r"^\$\{paths\.\w+\}", path), f"{name}: literal path {path}"
            key = path[len("${paths.") :].split("}")[0]
            assert key in params["paths"], f"{name}: {path} names no paths key"


def stage_module(stage: dict) -> str:
    return re.search(r"python -m ([\w.]+)", stage["cmd"]).group(1)


def closure(graph: Mapping[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph.get(name, ()))
    return seen


def test_code_deps_cover_every_module_a_stage_imports(dvc: tuple[dict, dict]) -> None:
    _, stages = dvc
    graph, files = import_graph(), module_files()
    for name, stage in stages.items():
        deps = [d for d in stage_paths(stage) if not d.startswith("${")]
        for module in closure(graph, stage_module(stage)):
            rel = files[module].relative_to(ROOT).as_posix()
            covered = any(rel == d or rel.startswith(d.rstrip("/") + "/") for d in deps)
            assert covered, f"stage {name} runs {module} ({rel}), which no dep covers"
