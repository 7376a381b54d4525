"""A frozen copy of the device keeps every script it loads, and the device carries the blocks Max
writes when it saves one (`parameters`, `dependency_cache`, the project's code list).

Max freezes what a `js`/`node.script` box names and what the device's project lists; it cannot
see the files a script `require`s. So these tests read the built .amxd, follow the require graph
of every script a box loads (their own reading of the JS, not m4l/build.py's) and check that
each file is listed, and that node.script's script needs no file beside it at all.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from m4l import build
from m4l import bundle as bundler

ROOT = Path(__file__).resolve().parents[1]
DEVICE = ROOT / "m4l" / "device"
RELATIVE_REQUIRE = re.compile(r"""\brequire\(\s*["'](\.{1,2}/[^"']*)["']\s*\)""")
ANY_REQUIRE = re.compile(r"""\brequire\(\s*["']([^"']+)["']\s*\)""")
PROVIDED = re.compile(r"^(node:[a-z_/]+|max-api)$")  # Node's own modules and Max's max-api


def patcher_of(amxd: Path) -> dict:
    chunks = build.unpack_amxd(amxd.read_bytes(), str(amxd))
    return json.loads(chunks[b"ptch"].decode("utf-8"))["patcher"]


def all_boxes(patcher: dict, folder: Path, prefix: str = ""):
    """(id path, box), looking into embedded subpatchers and abstractions found in `folder`."""
    for entry in patcher["boxes"]:
        box = entry["box"]
        yield prefix + box["id"], box
        inner = box.get("patcher")
        head = box.get("text", "").split()[:1] if box["maxclass"] == "newobj" else []
        if inner is None and head and (folder / f"{head[0]}.maxpat").is_file():
            inner = json.loads((folder / f"{head[0]}.maxpat").read_text("utf-8"))["patcher"]
        if inner:
            yield from all_boxes(inner, folder, prefix + box["id"] + "::")


def script_files(patcher: dict, folder: Path) -> list[Path]:
    found = []
    for _, box in all_boxes(patcher, folder):
        words = box.get("text", "").split() if box["maxclass"] == "newobj" else []
        if len(words) > 1 and words[0] in ("js", "node.script", "v8"):
            found.append(folder / (words[1] if "." in words[1] else words[1] + ".js"))
    return found


def required_files(script: Path) -> set[Path]:
    """`script` and every file it requires through relative paths, transitively."""
    seen, todo = set(), [script]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.is_file():
            text = path.read_text("utf-8")
            todo += [(path.parent / name).resolve() for name in RELATIVE_REQUIRE.findall(text)]
    return seen


def freeze_gaps(patcher: dict, folder: Path) -> list[str]:
    """Files some script loads that a frozen copy would lack, each with the reason."""
    code = patcher.get("project", {}).get("contents", {}).get("code", {})
    cached = {d["name"] for d in patcher.get("dependency_cache", []) if d.get("type") == "TEXT"}
    gaps = []
    for script in script_files(patcher, folder):
        for path in sorted(required_files(script)):
            if not path.is_file():
                gaps.append(f"{path.name} (loaded via {script.name}) does not exist")
            elif path.parent != folder.resolve() and path.parent != folder:
                gaps.append(f"{path.name} is outside the device folder")
            elif path.name not in code:
                gaps.append(f"{path.name} (loaded via {script.name}) is not in the project")
            elif path.name not in cached:
                gaps.append(f"{path.name} (loaded via {script.name}) is not in dependency_cache")
    return gaps


# -- freezing --------------------------------------------------------------------------------


def test_every_file_a_script_of_the_built_device_loads_is_listed_for_freezing():
    patcher = patcher_of(build.TARGET)
    names = sorted(p.name for p in script_files(patcher, DEVICE))
    assert names == ["sao-improv.js", "sao-live.js"], "the device's js and node.script boxes"
    assert freeze_gaps(patcher, DEVICE) == []


def test_node_script_loads_one_file_that_needs_nothing_beside_it():
    patcher = patcher_of(build.TARGET)
    for script in script_files(patcher, DEVICE):
        assert required_files(script) == {script}, f"{script.name} requires files beside it"
        outside = set(ANY_REQUIRE.findall(script.read_text("utf-8")))
        assert all(PROVIDED.match(name) for name in outside), f"{script.name}: {outside}"


def test_the_gap_check_finds_a_required_module_a_frozen_copy_would_lack(tmp_path):
    (tmp_path / "main.js").write_text('require("./helper.js"); require("./gone.js");\n')
    (tmp_path / "helper.js").write_text('module.exports = require("max-api");\n')
    box = {"id": "obj-1", "maxclass": "newobj", "text": "node.script main.js @autostart 1"}
    patcher = {
        "boxes": [{"box": box}],
        "project": {"contents": {"code": {"main.js": {"kind": "javascript", "local": 1}}}},
        "dependency_cache": [{"name": "main.js", "type": "TEXT", "implicit": 1}],
    }
    gaps = freeze_gaps(patcher, tmp_path)
    assert "helper.js (loaded via main.js) is not in the project" in gaps
    assert "gone.js (loaded via main.js) does not exist" in gaps
    assert len(gaps) == 2


def test_the_committed_bundle_holds_every_module_of_the_entry_script():
    bundled = (DEVICE / build.BUNDLE_NAME).read_text("utf-8")
    assert bundled.encode("utf-8") == bundler.bundle(), "stale: run `uv run python -m m4l.build`"
    modules = required_files(bundler.NODE_ENTRY)
    assert {p.name for p in modules} >= {"sao-main.js", "sao-controller.js", "sao-paths.js"}
    for path in modules:
        assert f'"./{path.name}": function (module, exports) {{' in bundled, path.name


def test_the_bundler_refuses_a_require_it_cannot_resolve(tmp_path):
    entry = tmp_path / "main.js"
    entry.write_text('require("../elsewhere.js");\n')
    with pytest.raises(bundler.BundleError, match=r"main\.js: require\('\.\./elsewhere\.js'\)"):
        bundler.bundle(entry)
    entry.write_text('require("./missing.js");\n')
    with pytest.raises(bundler.BundleError, match=r"missing\.js'\) is not a \.js file beside it"):
        bundler.bundle(entry)


def test_two_builds_write_identical_devices_and_bundles(tmp_path):
    outputs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        assert build.main(["--out", str(tmp_path / run / "device.amxd")]) == 0
        names = ("device.amxd", build.BUNDLE_NAME)
        outputs.append([(tmp_path / run / name).read_bytes() for name in names])
    assert outputs[0] == outputs[1]
    assert outputs[0] == [build.TARGET.read_bytes(), (DEVICE / build.BUNDLE_NAME).read_bytes()]


# -- the blocks Max writes -------------------------------------------------------------------


def test_parameters_lists_every_parameter_object_as_max_does():
    patcher = patcher_of(build.TARGET)
    expected = {}
    for path, box in all_boxes(patcher, DEVICE):
        if 1 in (
            box.get("parameter_enable"),
            box.get("saved_object_attributes", {}).get("parameter_enable"),
        ):
            valueof = box["saved_attribute_attributes"]["valueof"]
            expected[path] = [valueof["parameter_longname"], valueof["parameter_shortname"], 0]
    listed = {k: v for k, v in patcher["parameters"].items() if k.startswith("obj-")}
    assert listed == expected
    assert ["Fragments Folder", "Folder", 0] in listed.values(), "the pattr is a parameter too"
    long_names = {v[0] for v in listed.values()}
    for bank in patcher["parameters"]["parameterbanks"].values():
        assert set(bank["parameters"]) - {"-"} <= long_names, bank["name"]


def test_dependency_cache_lists_the_abstraction_and_scripts_as_max_8_writes_them():
    patcher = patcher_of(build.TARGET)
    entries = patcher["dependency_cache"]
    assert [(d["name"], d["type"]) for d in entries] == [
        ("sao-improv.js", "TEXT"),
        ("sao-live.js", "TEXT"),
        ("sao-voice.maxpat", "JSON"),
    ]
    for entry in entries:
        assert set(entry) == {"name", "bootpath", "patcherrelativepath", "type", "implicit"}
        assert entry["implicit"] == 1 and entry["patcherrelativepath"] == "."
        assert (DEVICE / entry["name"]).is_file()


def test_the_project_lists_the_scripts_and_keeps_them_where_node_script_looks():
    project = patcher_of(build.TARGET)["project"]
    assert project["contents"]["code"] == {
        "sao-improv.js": {"kind": "javascript", "local": 1},
        "sao-live.js": {"kind": "javascript", "local": 1},
    }
    assert project["autoorganize"] == 0, "Max would move the .js files into code/ on save"


def test_sync_is_a_no_op_on_the_committed_source_and_the_build_refuses_stale_blocks(tmp_path):
    raw, doc = build.load_source(build.SOURCE)
    assert (build.dump_patcher(build.synced(doc)) + "\n").encode("utf-8") == raw
    stale = tmp_path / "stale.maxpat"
    shutil.copy(build.SOURCE, stale)
    _, doc = build.load_source(stale)
    del doc["patcher"]["parameters"]["obj-18"]  # Slot 1 Gain
    doc["patcher"]["dependency_cache"].pop()
    stale.write_text(build.dump_patcher(doc) + "\n", encoding="utf-8")
    problems = build.block_problems(build.load_source(stale)[1])
    assert problems[0] == "parameters[obj-18] is None, its box says ['Slot 1 Gain', 'Gain 1', 0]"
    assert "dependency_cache lists" in problems[1]
    assert build.main(["--source", str(stale), "--out", str(tmp_path / "x.amxd")]) == 1
    assert not (tmp_path / "x.amxd").exists()
    assert build.main(["--sync", "--source", str(stale)]) == 0
    assert stale.read_bytes() == build.SOURCE.read_bytes()
