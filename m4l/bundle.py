"""The Node for Max bundle: `sao-main.js` and every module it requires, as one script file.

A frozen device embeds the script a `js`/`node.script` box names, but not the modules that script
requires, so node.script loads `sao-improv.js`, built here: each module wrapped as Node wraps a
CommonJS module, its local requires pointed at the bundle's own table. `m4l.build` writes it.
"""

from __future__ import annotations

import re
from pathlib import Path

DEVICE_DIR = Path(__file__).resolve().parent / "device"
NODE_ENTRY = DEVICE_DIR / "sao-main.js"
BUNDLE_NAME = "sao-improv.js"
REQUIRE = re.compile(r"""\brequire\(\s*(["'])([^"']+)\1\s*\)""")
LOCAL_MODULE = re.compile(r"^\./[A-Za-z0-9][A-Za-z0-9._-]*\.js$")
# Inside the bundle a module's own requires go to the bundle's table, as bundlers rename them.
LOCAL_REQUIRE_CALL = re.compile(r"""\brequire\((\s*["']\./)""")

BUNDLE_HEADER = """\
// {bundle}: the script node.script loads, built by `uv run python -m m4l.build` from
// {entry} and the modules it requires. Edit those in m4l/device/ and rebuild, never this
// file: it is one self-contained file because a frozen device embeds the script node.script
// names, but not the modules that script requires.
"use strict";
const SAO_MODULES = {{
"""
BUNDLE_LOADER = """\
}};
const saoLoaded = {{}};
function saoRequire(name) {{
  if (!Object.prototype.hasOwnProperty.call(SAO_MODULES, name)) {{
    throw new Error(`${{name}} is not in {bundle}: rebuild it with m4l/build.py`);
  }}
  if (!saoLoaded[name]) {{
    const module = {{ exports: {{}} }};
    saoLoaded[name] = module;
    SAO_MODULES[name](module, module.exports);
  }}
  return saoLoaded[name].exports;
}}
saoRequire("./{entry}");
"""


class BundleError(ValueError):
    """A script whose requires cannot be bundled; the message names the file and the require."""


def local_requires(path: Path) -> list[Path]:
    """The files in the script's own folder that it requires; refuses any other relative require."""
    found = []
    for match in REQUIRE.finditer(path.read_text(encoding="utf-8")):
        name = match.group(2)
        if not name.startswith("."):
            continue  # node:fs, max-api: provided by Node and Max, not files of the device
        target = path.parent / name[2:]
        if not LOCAL_MODULE.match(name) or not target.is_file():
            raise BundleError(f"{path}: require('{name}') is not a .js file beside it")
        found.append(target)
    return found


def module_closure(entry: Path) -> list[Path]:
    """`entry` and every file it requires, directly or not, in first-use order."""
    order: list[Path] = []

    def visit(path: Path) -> None:
        if path in order:
            return
        order.append(path)
        for dep in local_requires(path):
            visit(dep)

    visit(entry)
    return order


def read_script(path: Path) -> str:
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").decode("utf-8")
    return text if text.endswith("\n") else text + "\n"


def bundle(entry: Path = NODE_ENTRY) -> bytes:
    """One script holding `entry` and its modules, each wrapped as Node wraps a CommonJS module."""
    modules = module_closure(entry)
    if any(m.name == BUNDLE_NAME for m in modules):
        raise BundleError(f"{entry}: the bundle {BUNDLE_NAME} cannot be one of its own modules")
    parts = [BUNDLE_HEADER.format(bundle=BUNDLE_NAME, entry=entry.name)]
    for path in modules:
        parts.append(f'"./{path.name}": function (module, exports) {{\n')
        parts.append(LOCAL_REQUIRE_CALL.sub(r"saoRequire(\1", read_script(path)))
        parts.append("},\n")
    parts.append(BUNDLE_LOADER.format(bundle=BUNDLE_NAME, entry=entry.name))
    return "".join(parts).encode("utf-8")
