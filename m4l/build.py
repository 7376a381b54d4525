"""Packs the Max for Live device: the patcher JSON and scripts in git become what Live loads.

An unfrozen .amxd is three chunks, each a 4-byte tag and a little-endian uint32 size: `ampf`
(device type: `aaaa` audio effect, `iiii` instrument, `mmmm` MIDI effect), `meta` (4 zero bytes)
and `ptch` (the patcher JSON, NUL-terminated). The JSON goes in byte for byte (line endings
normalised), so the same source always gives the same .amxd.

node.script loads one self-contained file, `sao-improv.js`, bundled here from `sao-main.js` and
the modules it requires: a frozen device embeds the script a `js`/`node.script` box names, but not
the modules that script requires, so a `require("./x.js")` left in it would fail once frozen.

The patcher carries the blocks Max writes when it saves a device: `parameters` (every parameter
object), `dependency_cache` (abstractions and scripts) and the project's list of code files.
`--sync` writes them from the boxes, for sources edited outside Max; building refuses a patcher
whose blocks disagree with its boxes.

    uv run python -m m4l.build                    # write sao-improv.amxd and sao-improv.js
    uv run python -m m4l.build --check            # exit 1 unless both are the sources' build
    uv run python -m m4l.build --sync             # rewrite the patcher's Max blocks from its boxes
    uv run python -m m4l.build --extract x.amxd   # a device saved from Live back into the source
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from m4l.bundle import BUNDLE_NAME, BundleError, bundle, module_closure

DEVICE_DIR = Path(__file__).resolve().parent / "device"
SOURCE = DEVICE_DIR / "sao-improv.maxpat"
TARGET = DEVICE_DIR / "sao-improv.amxd"
DEVICE_TYPES = {b"aaaa": "audio effect", b"iiii": "instrument", b"mmmm": "MIDI effect"}
FROZEN_MAGIC = b"mx@c"
SCRIPT_OBJECTS = ("js", "node.script", "v8")  # their first argument is a script file Max loads
# Max records where it last found each dependency; it looks files up by name when that place is
# gone, so this is only a hint: the folder the README installs the device to (macOS form).
INSTALL_BOOTPATH = "~/Music/Ableton/User Library/Presets/Instruments/Max Instrument/sao-improv"


class AmxdError(ValueError):
    """A patcher or .amxd that cannot be packed or unpacked; the message names file and reason."""


# -- patcher JSON ----------------------------------------------------------------------------


def load_source(path: Path) -> tuple[bytes, dict]:
    """The patcher file's UTF-8 bytes (LF line endings) and its parsed JSON."""
    raw = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AmxdError(f"{path}: not UTF-8 JSON ({err})") from err
    if not isinstance(doc, dict) or not isinstance(doc.get("patcher"), dict):
        raise AmxdError(f"{path}: the top level must be an object with a 'patcher' object")
    return raw, doc


def dump_patcher(value, indent: int = 0) -> str:
    """JSON laid out as the sources are: tab-indented objects, lists of plain values on one line."""
    pad = "\t" * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {dump_patcher(v, indent + 1)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + "\n" + "\t" * indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if not any(isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(dump_patcher(v) for v in value) + "]"
        items = [pad + dump_patcher(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + "\t" * indent + "]"
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def boxes_in(patcher: dict, folder: Path, prefix: str = "") -> Iterator[tuple[str, dict]]:
    """(Max's id path, box) for every box, into saved subpatchers and abstractions in `folder`."""
    for entry in patcher.get("boxes", []):
        box = entry["box"]
        path = prefix + box["id"]
        yield path, box
        inner = box.get("patcher")
        if inner is None and (name := abstraction_name(box, folder)):
            inner = load_source(folder / name)[1]["patcher"]
        if isinstance(inner, dict):
            yield from boxes_in(inner, folder, path + "::")


def words(box: dict) -> list[str]:
    return box.get("text", "").split() if box.get("maxclass") == "newobj" else []


def abstraction_name(box: dict, folder: Path) -> str | None:
    """The .maxpat an object box or bpatcher loads from `folder`, if any."""
    name = box.get("name") if box.get("maxclass") == "bpatcher" else None
    if not name and words(box):
        name = words(box)[0] + ".maxpat"
    return name if name and (folder / name).is_file() else None


def script_name(box: dict) -> str | None:
    """The script file a js / node.script / v8 box loads (Max adds .js to a bare name)."""
    w = words(box)
    if len(w) < 2 or w[0] not in SCRIPT_OBJECTS or w[1].startswith("@"):
        return None
    return w[1] if "." in w[1] else w[1] + ".js"


def is_parameter(box: dict) -> bool:
    return 1 in (
        box.get("parameter_enable"),
        box.get("saved_object_attributes", {}).get("parameter_enable"),
    )


# -- the blocks Max writes -------------------------------------------------------------------


def parameter_entries(patcher: dict, folder: Path) -> dict[str, list]:
    """Max's `parameters` entries: id path -> [long name, short name, 0] per parameter object."""
    entries = {}
    for path, box in boxes_in(patcher, folder):
        if not is_parameter(box):
            continue
        valueof = box.get("saved_attribute_attributes", {}).get("valueof", {})
        long = valueof.get("parameter_longname")
        if not long:
            raise AmxdError(f"{path} ({box.get('maxclass')}) is a parameter with no long name")
        entries[path] = [long, valueof.get("parameter_shortname", long), 0]
    return dict(sorted(entries.items()))


def loaded_scripts(patcher: dict, folder: Path) -> list[str]:
    """Every script file the device loads: each script box's file and what that file requires."""
    names: list[str] = []
    for _, box in boxes_in(patcher, folder):
        if (name := script_name(box)) and (folder / name).is_file():
            names += [p.name for p in module_closure(folder / name) if p.name not in names]
        elif name:
            raise AmxdError(f"{box['id']}: '{box['text']}' loads {name}, missing from {folder}")
    return sorted(names)


def dependencies(patcher: dict, folder: Path) -> list[dict]:
    """`dependency_cache` as Max writes it: abstractions (JSON) and scripts (TEXT) by name."""
    found = {
        name: "JSON"
        for _, box in boxes_in(patcher, folder)
        if (name := abstraction_name(box, folder))
    }
    found.update((name, "TEXT") for name in loaded_scripts(patcher, folder))
    return [
        {
            "name": name,
            "bootpath": INSTALL_BOOTPATH,
            "patcherrelativepath": ".",
            "type": kind,
            "implicit": 1,
        }
        for name, kind in sorted(found.items())
    ]


def synced(doc: dict, folder: Path = DEVICE_DIR) -> dict:
    """`doc` with its parameters, dependency_cache and project code list written from its boxes."""
    patcher = doc["patcher"]
    kept = {k: v for k, v in patcher.get("parameters", {}).items() if not k.startswith("obj-")}
    patcher["parameters"] = parameter_entries(patcher, folder) | kept
    patcher["dependency_cache"] = dependencies(patcher, folder)
    project = patcher.setdefault("project", {})
    code = {name: {"kind": "javascript", "local": 1} for name in loaded_scripts(patcher, folder)}
    project["contents"] = {"patchers": {}, "media": {}, "code": code, "data": {}, "other": {}}
    # Node for Max's guide: with "Keep Project Folder Organized" on, Max moves .js files into a
    # code/ folder on save, away from where node.script and the device expect them.
    project["autoorganize"] = 0
    return doc


def block_problems(doc: dict, folder: Path = DEVICE_DIR) -> list[str]:
    """How the patcher's Max blocks disagree with its boxes (names and types, not Max's paths)."""
    patcher = doc["patcher"]
    problems = []
    have = {k: v for k, v in patcher.get("parameters", {}).items() if k.startswith("obj-")}
    want = parameter_entries(patcher, folder)
    for key in sorted(have.keys() | want.keys()):
        if have.get(key) != want.get(key):
            problems.append(f"parameters[{key}] is {have.get(key)}, its box says {want.get(key)}")
    cached = sorted((d.get("name"), d.get("type")) for d in patcher.get("dependency_cache", []))
    needed = [(d["name"], d["type"]) for d in dependencies(patcher, folder)]
    if cached != needed:
        problems.append(f"dependency_cache lists {cached}, the device uses {needed}")
    code = sorted(patcher.get("project", {}).get("contents", {}).get("code", {}))
    if code != loaded_scripts(patcher, folder):
        problems.append(
            f"project code lists {code}, the device loads {loaded_scripts(patcher, folder)}"
        )
    return problems


# -- the .amxd -------------------------------------------------------------------------------


def device_type(doc: dict, path: Path) -> bytes:
    """The `ampf` tag, read from patcher.project.amxdtype (Max stores the tag as an integer)."""
    value = doc["patcher"].get("project", {}).get("amxdtype")
    tag = value.to_bytes(4, "big") if isinstance(value, int) and 0 <= value < 2**32 else None
    if tag not in DEVICE_TYPES:
        raise AmxdError(
            f"{path}: patcher.project.amxdtype must be one of "
            f"{', '.join(str(int.from_bytes(t, 'big')) for t in DEVICE_TYPES)}, got {value!r}"
        )
    return tag


def chunk(tag: bytes, data: bytes) -> bytes:
    return tag + struct.pack("<I", len(data)) + data


def pack_amxd(patcher_json: bytes, tag: bytes) -> bytes:
    """The .amxd bytes for a patcher's JSON text and device type."""
    body = patcher_json if patcher_json.endswith(b"\n") else patcher_json + b"\n"
    return chunk(b"ampf", tag) + chunk(b"meta", bytes(4)) + chunk(b"ptch", body + b"\x00")


def unpack_amxd(data: bytes, name: str = "<amxd>") -> dict[bytes, bytes]:
    """The chunks of an unfrozen .amxd by tag; `ptch` without its NUL terminator."""
    chunks: dict[bytes, bytes] = {}
    offset = 0
    while offset < len(data):
        if offset + 8 > len(data):
            raise AmxdError(f"{name}: truncated chunk header at byte {offset}")
        tag, size = data[offset : offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        if offset + 8 + size > len(data):
            raise AmxdError(f"{name}: chunk {tag!r} claims {size} bytes, past the end of the file")
        chunks[tag] = data[offset + 8 : offset + 8 + size]
        offset += 8 + size
    for tag in (b"ampf", b"meta", b"ptch"):
        if tag not in chunks:
            raise AmxdError(f"{name}: missing the '{tag.decode()}' chunk")
    if chunks[b"ptch"].startswith(FROZEN_MAGIC):
        raise AmxdError(f"{name}: a frozen device; unfreeze it in Max (Device > Unfreeze) first")
    chunks[b"ptch"] = chunks[b"ptch"].rstrip(b"\x00")
    return chunks


def build(source: Path = SOURCE) -> bytes:
    raw, doc = load_source(source)
    return pack_amxd(raw, device_type(doc, source))


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the device is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check(source: Path = SOURCE, target: Path = TARGET) -> str | None:
    """None when `target` and the bundle beside it are the build of the sources, else why not."""
    if not target.exists():
        return f"{target} is missing: run `uv run python -m m4l.build`"
    if target.read_bytes() != build(source):
        return f"{target} is stale (not the build of {source}): run `uv run python -m m4l.build`"
    if problems := block_problems(load_source(source)[1]):
        return f"{source}: {problems[0]}: run `uv run python -m m4l.build --sync`"
    scripts = target.parent / BUNDLE_NAME
    if not scripts.exists() or scripts.read_bytes() != bundle():
        return f"{scripts} is missing or stale: run `uv run python -m m4l.build`"
    return None


def extract(amxd: Path, source: Path = SOURCE) -> None:
    """Write the patcher JSON of a device saved from Live/Max back over the source."""
    chunks = unpack_amxd(amxd.read_bytes(), str(amxd))
    if chunks[b"ampf"] not in DEVICE_TYPES:
        raise AmxdError(f"{amxd}: unknown device type {chunks[b'ampf']!r}")
    try:
        json.loads(chunks[b"ptch"].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AmxdError(f"{amxd}: the 'ptch' chunk is not UTF-8 JSON ({err})") from err
    write_atomic(source, chunks[b"ptch"].replace(b"\r\n", b"\n"))


def write_device(source: Path, out: Path) -> str:
    """Build the .amxd and, beside it, the bundle node.script loads; refuse unsynced blocks."""
    _, doc = load_source(source)
    if problems := block_problems(doc):
        raise AmxdError(f"{source}: {problems[0]}: run `uv run python -m m4l.build --sync`")
    data = build(source)
    write_atomic(out, data)
    write_atomic(out.parent / BUNDLE_NAME, bundle())
    return f"wrote {out} ({len(data)} bytes) and {out.parent / BUNDLE_NAME}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m m4l.build", description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument(
        "--out",
        type=Path,
        default=TARGET,
        help=f"the .amxd to write or check; {BUNDLE_NAME} goes beside it",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail unless --out is the build")
    mode.add_argument("--sync", action="store_true", help="write --source's Max blocks")
    mode.add_argument("--extract", type=Path, metavar="AMXD", help="AMXD's patcher to --source")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problem = check(args.source, args.out)
            if problem:
                print(f"error: {problem}", file=sys.stderr)
                return 1
            print(f"{args.out} is up to date")
            return 0
        if args.sync:
            doc = synced(load_source(args.source)[1])
            write_atomic(args.source, (dump_patcher(doc) + "\n").encode("utf-8"))
            print(f"wrote the parameters, dependency_cache and project blocks of {args.source}")
            return 0
        if args.extract:
            extract(args.extract, args.source)
            print(f"wrote {args.source} from {args.extract}; now run `uv run python -m m4l.build`")
            return 0
        print(write_device(args.source, args.out))
        return 0
    except (AmxdError, BundleError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
