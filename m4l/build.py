"""Packs the Max for Live device: the patcher JSON in git becomes the .amxd that Live loads.

An unfrozen .amxd is three chunks, each a 4-byte tag and a little-endian uint32 size: `ampf`
(device type: `aaaa` audio effect, `iiii` instrument, `mmmm` MIDI effect), `meta` (4 zero bytes)
and `ptch` (the patcher JSON, NUL-terminated). The JSON goes in byte for byte (line endings
normalised), so the same source always gives the same .amxd.

    uv run python -m m4l.build                    # write m4l/device/sao-improv.amxd
    uv run python -m m4l.build --check            # exit 1 unless that .amxd is the source's build
    uv run python -m m4l.build --extract x.amxd   # a device saved from Live back into the source
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import tempfile
from pathlib import Path

DEVICE_DIR = Path(__file__).resolve().parent / "device"
SOURCE = DEVICE_DIR / "sao-improv.maxpat"
TARGET = DEVICE_DIR / "sao-improv.amxd"
DEVICE_TYPES = {b"aaaa": "audio effect", b"iiii": "instrument", b"mmmm": "MIDI effect"}
FROZEN_MAGIC = b"mx@c"


class AmxdError(ValueError):
    """A patcher or .amxd that cannot be packed or unpacked; the message names file and reason."""


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
    """None when `target` is exactly the build of `source`, else why not."""
    if not target.exists():
        return f"{target} is missing: run `uv run python -m m4l.build`"
    if target.read_bytes() != build(source):
        return f"{target} is stale (not the build of {source}): run `uv run python -m m4l.build`"
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m m4l.build", description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=TARGET)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail unless --out is the build")
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
        if args.extract:
            extract(args.extract, args.source)
            print(f"wrote {args.source} from {args.extract}; now run `uv run python -m m4l.build`")
            return 0
        data = build(args.source)
        write_atomic(args.out, data)
        print(f"wrote {args.out} ({len(data)} bytes)")
        return 0
    except (AmxdError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
