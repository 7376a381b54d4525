"""The Max for Live device's sources: the .amxd build, patcher wiring, OSC contract, parameters."""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
import struct
from pathlib import Path

import pytest
from omegaconf import OmegaConf

from m4l import build

ROOT = Path(__file__).resolve().parents[1]
DEVICE = ROOT / "m4l" / "device"
OSC_MD = ROOT / "m4l" / "OSC.md"
DELIVERY_YAML = ROOT / "conf" / "delivery" / "osc.yaml"
CONTROL_YAML = ROOT / "conf" / "control" / "default.yaml"  # the listener the device replies to
PATCHERS = ["sao-improv.maxpat", "sao-voice.maxpat"]


def load(name: str) -> dict:
    return json.loads((DEVICE / name).read_text(encoding="utf-8"))["patcher"]


def boxes(patcher: dict) -> dict[str, dict]:
    return {b["box"]["id"]: b["box"] for b in patcher["boxes"]}


def words(box: dict) -> list[str]:
    return box.get("text", "").split()


def objects(patcher: dict, head: str) -> list[dict]:
    return [b for b in boxes(patcher).values() if words(b)[:1] == [head]]


def feeding(patcher: dict, target_id: str) -> list[dict]:
    """Boxes with a patch cord into `target_id`."""
    by_id = boxes(patcher)
    lines = [line["patchline"] for line in patcher["lines"]]
    return [by_id[ln["source"][0]] for ln in lines if ln["destination"][0] == target_id]


def fed_by(patcher: dict, source_id: str) -> list[dict]:
    by_id = boxes(patcher)
    lines = [line["patchline"] for line in patcher["lines"]]
    return [by_id[ln["destination"][0]] for ln in lines if ln["source"][0] == source_id]


def osc_tables() -> dict[str, set[str]]:
    """Addresses per '## ...' section of m4l/OSC.md (first column of its tables)."""
    tables: dict[str, set[str]] = {}
    section = None
    for line in OSC_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].split("(")[0].strip()
        elif section and (m := re.match(r"\|\s*`(/[^`]+)`\s*\|", line)):
            tables.setdefault(section, set()).add(m.group(1))
    return tables


def delivery_defaults() -> dict:
    """host/port from conf/delivery/osc.yaml and listen_port from conf/control (the listener),
    else from OSC.md's section headings."""
    if DELIVERY_YAML.exists() and CONTROL_YAML.exists():
        cfg = OmegaConf.to_container(OmegaConf.load(DELIVERY_YAML), resolve=True)
        control = OmegaConf.to_container(OmegaConf.load(CONTROL_YAML), resolve=True)
        return {"host": cfg["host"], "port": cfg["port"], "listen_port": control["port"]}
    text = OSC_MD.read_text(encoding="utf-8")
    (host, port), (_, listen) = re.findall(r"default `([\d.]+):(\d+)`", text)[:2]
    return {"host": host, "port": int(port), "listen_port": int(listen)}


def parameters(patcher: dict) -> dict[str, dict]:
    """Long name -> `valueof` of every parameter-enabled live.* object."""
    found = {}
    for box in boxes(patcher).values():
        if box["maxclass"].startswith("live.") and box["maxclass"] != "live.comment":
            valueof = box.get("saved_attribute_attributes", {}).get("valueof", {})
            what = f"{box['id']} ({box['maxclass']})"
            assert box.get("parameter_enable") == 1, f"{what} is not a parameter"
            name = valueof.get("parameter_longname")
            assert name, f"{what} has no parameter_longname"
            assert name not in found, f"parameter long name '{name}' is used twice"
            found[name] = valueof
    return found


# -- the .amxd -------------------------------------------------------------------------------


def test_amxd_header_chunks_are_valid_and_hold_the_source_json():
    data = build.TARGET.read_bytes()
    assert data[:4] == b"ampf" and struct.unpack_from("<I", data, 4)[0] == 4
    assert data[8:12] == b"iiii", "the device is an instrument (MIDI in, audio out)"
    assert data[12:16] == b"meta" and struct.unpack_from("<I", data, 16)[0] == 4
    assert data[24:28] == b"ptch"
    size = struct.unpack_from("<I", data, 28)[0]
    assert 32 + size == len(data), "ptch must run to the end of the file"
    payload = data[32:]
    assert payload.endswith(b"\x00") and not payload.startswith(build.FROZEN_MAGIC)
    source = json.loads((DEVICE / "sao-improv.maxpat").read_text(encoding="utf-8"))
    assert json.loads(payload[:-1].decode("utf-8")) == source


def test_committed_amxd_is_the_build_of_the_source():
    assert build.check() is None
    assert build.main(["--check"]) == 0


def test_build_is_reproducible_and_check_catches_a_stale_device(tmp_path):
    out = tmp_path / "device.amxd"
    assert build.main(["--out", str(out)]) == 0
    first = out.read_bytes()
    assert build.main(["--out", str(out)]) == 0
    assert out.read_bytes() == first == build.build()
    source = tmp_path / "edited.maxpat"
    source.write_text(
        (DEVICE / "sao-improv.maxpat").read_text(encoding="utf-8").replace('"Slot 1 Gain"', '"X"')
    )
    assert "is stale" in build.check(source, out)
    assert build.main(["--check", "--source", str(source), "--out", str(out)]) == 1
    assert "is missing" in build.check(source, tmp_path / "absent.amxd")


def test_extract_round_trips_a_device_saved_from_live(tmp_path):
    source = tmp_path / "device.maxpat"
    amxd = tmp_path / "saved.amxd"
    raw, _ = build.load_source(build.SOURCE)
    amxd.write_bytes(build.pack_amxd(raw.replace(b"\n", b"\r\n"), b"iiii"))  # saved on Windows
    assert build.main(["--extract", str(amxd), "--source", str(source)]) == 0
    assert build.build(source) == build.build()


def test_broken_inputs_are_refused_with_file_and_reason(tmp_path):
    bad_json = tmp_path / "bad.maxpat"
    bad_json.write_text('{"patcher": ')
    with pytest.raises(build.AmxdError, match=r"bad\.maxpat: not UTF-8 JSON"):
        build.build(bad_json)
    no_type = tmp_path / "no_type.maxpat"
    no_type.write_text('{"patcher": {"boxes": [], "lines": []}}')
    with pytest.raises(build.AmxdError, match=r"no_type\.maxpat: patcher\.project\.amxdtype"):
        build.build(no_type)
    frozen = build.chunk(b"ampf", b"iiii") + build.chunk(b"meta", bytes(4))
    frozen += build.chunk(b"ptch", build.FROZEN_MAGIC + bytes(12))
    with pytest.raises(build.AmxdError, match="frozen device"):
        build.unpack_amxd(frozen, "frozen.amxd")
    with pytest.raises(build.AmxdError, match="past the end"):
        build.unpack_amxd(build.build()[:100], "cut.amxd")
    assert build.main(["--source", str(bad_json), "--out", str(tmp_path / "x.amxd")]) == 1
    assert not (tmp_path / "x.amxd").exists()


# -- patcher wiring --------------------------------------------------------------------------


@pytest.mark.parametrize("name", PATCHERS)
def test_every_patch_cord_joins_existing_boxes_within_their_inlets_and_outlets(name):
    patcher = load(name)
    ids = [b["box"]["id"] for b in patcher["boxes"]]
    assert len(ids) == len(set(ids)), "box ids must be unique"
    by_id = boxes(patcher)
    assert patcher["lines"], "a patcher without cords"
    for line in patcher["lines"]:
        (src, outlet), (dst, inlet) = line["patchline"]["source"], line["patchline"]["destination"]
        assert src in by_id and dst in by_id, f"{name}: cord {src} -> {dst} to a missing box"
        assert 0 <= outlet < by_id[src]["numoutlets"], f"{name}: {src} has no outlet {outlet}"
        assert 0 <= inlet < by_id[dst]["numinlets"], f"{name}: {dst} has no inlet {inlet}"


def test_voice_boxes_match_the_voice_abstraction_and_every_file_referenced_exists():
    voice = boxes(load("sao-voice.maxpat")).values()
    inlets = sum(b["maxclass"] == "inlet" for b in voice)
    outlets = sum(b["maxclass"] == "outlet" for b in voice)
    device = load("sao-improv.maxpat")
    voices = objects(device, "sao-voice")
    assert sorted(int(words(b)[1]) for b in voices) == list(range(1, 9))
    for box in voices:
        assert (box["numinlets"], box["numoutlets"]) == (inlets, outlets)
    for head in ("node.script", "js"):
        for box in objects(device, head):
            assert (DEVICE / words(box)[1]).is_file(), f"{box['text']}: file missing in m4l/device"
    assert (DEVICE / "sao-voice.maxpat").is_file()


def test_each_slot_control_feeds_its_own_voice():
    device = load("sao-improv.maxpat")
    by_name = {b.get("varname"): b for b in boxes(device).values()}
    for slot in range(1, 9):
        for key in ("Mode", "Start", "Length", "Speed", "Pitch", "Gain", "Filter", "Send"):
            targets = fed_by(device, by_name[f"Slot {slot} {key}"]["id"])
            assert [b["text"] for b in targets] == [f"sao-voice {slot}"], f"Slot {slot} {key}"


# -- OSC contract ----------------------------------------------------------------------------


def test_udp_ports_and_host_equal_the_python_delivery_defaults():
    defaults = delivery_defaults()
    device = load("sao-improv.maxpat")
    params = parameters(device)
    (udpin,) = objects(device, "udpreceive")
    (udpout,) = objects(device, "udpsend")
    assert int(words(udpin)[1]) == defaults["port"]
    assert params["OSC In Port"]["parameter_initial"] == [defaults["port"]]
    assert words(udpout)[1:] == [defaults["host"], str(defaults["listen_port"])]
    assert params["OSC Reply Port"]["parameter_initial"] == [defaults["listen_port"]]


def test_device_routes_exactly_the_python_to_device_addresses():
    device = load("sao-improv.maxpat")
    (udpin,) = objects(device, "udpreceive")
    routes = [b for b in fed_by(device, udpin["id"]) if words(b)[0] == "route"]
    assert routes, "udpreceive must feed a route"
    routed = {w for b in routes for w in words(b)[1:]}
    assert routed == osc_tables()["Python -> device"]


def test_python_sender_addresses_are_routed_by_the_device():
    if importlib.util.find_spec("inference.live.delivery") is None:
        pytest.skip("inference/live/delivery.py (the Python sender) is not in this tree yet")
    module = importlib.import_module("inference.live.delivery")
    sent = {v for k, v in vars(module).items() if k.endswith("_ADDRESS") and str(v).startswith("/")}
    assert sent, "inference.live.delivery defines no *_ADDRESS constants"
    device = load("sao-improv.maxpat")
    routed = {w for b in objects(device, "route") for w in words(b)[1:] if w.startswith("/")}
    assert sent <= routed


def test_device_sends_exactly_the_device_to_python_addresses():
    device = load("sao-improv.maxpat")
    (udpout,) = objects(device, "udpsend")
    sent = set()
    for box in feeding(device, udpout["id"]):
        w = words(box)
        address = w[0] if box["maxclass"] == "message" else w[1]
        if address.startswith("/"):
            sent.add(address)
        else:
            assert w == ["prepend", "port"], f"unexpected input to udpsend: {box.get('text')}"
    assert sent == osc_tables()["Device -> Python"]


# -- Live parameters -------------------------------------------------------------------------


def test_every_live_parameter_is_enabled_automated_and_stored_with_a_unique_long_name():
    params = parameters(load("sao-improv.maxpat"))
    assert len(params) == 8 * 9 + 11 + 4  # + the four adapter dials
    for name, valueof in params.items():
        assert valueof.get("parameter_invisible", 0) == 0, f"'{name}' must be Automated and Stored"
        assert valueof.get("parameter_shortname"), f"'{name}' has no short name"
        assert valueof["parameter_mmin"] < valueof["parameter_mmax"], name
        (initial,) = valueof["parameter_initial"]
        assert valueof["parameter_mmin"] <= initial <= valueof["parameter_mmax"], name
    for slot in range(1, 9):
        for key in ("Play", "Mode", "Start", "Length", "Speed", "Pitch", "Gain", "Filter", "Send"):
            assert f"Slot {slot} {key}" in params
    assert parameters(load("sao-voice.maxpat")) == {}, "parameters live in the device, not a voice"


def test_midi_notes_and_play_buttons_reach_the_voice_trigger_inlets():
    device = load("sao-improv.maxpat")
    assert parameters(device)["Base Note"]["parameter_initial"] == [36]
    by_id = boxes(device)
    (notein,) = objects(device, "notein")
    (minus,) = [b for b in fed_by(device, notein["id"]) if words(b)[0] == "-"]
    (pack,) = fed_by(device, minus["id"])  # pitch - (Base Note - 1) = slot, packed with velocity
    assert pack in fed_by(device, notein["id"])
    (trigger,) = fed_by(device, pack["id"])  # [t l l]: the merge of notes and Play buttons
    buttons = [b for b in feeding(device, trigger["id"]) if words(b)[0] == "prepend"]
    assert sorted(words(b)[1] for b in buttons) == [str(s) for s in range(1, 9)]
    (route,) = [b for b in fed_by(device, trigger["id"]) if words(b)[0] == "route"]
    cords = {
        (ln["source"][1], by_id[ln["destination"][0]]["text"], ln["destination"][1])
        for ln in (line["patchline"] for line in device["lines"])
        if ln["source"][0] == route["id"]
    }
    assert cords == {(s - 1, f"sao-voice {s}", 1) for s in range(1, 9)}
