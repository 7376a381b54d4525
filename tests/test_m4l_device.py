"""Wiring of the device's newer parts in sao-improv.maxpat: the adapter dials, the Out port's
request for the blend, the In port self-check and the output choosers. Node's side of each is
tested in m4l/node-tests; these tests check that the patcher hands Node what those tests assume.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEVICE = ROOT / "m4l" / "device"
NODE = "node.script sao-improv.js @autostart 1"


@pytest.fixture(scope="module")
def patcher() -> dict:
    return json.loads((DEVICE / "sao-improv.maxpat").read_text(encoding="utf-8"))["patcher"]


def by_id(patcher: dict) -> dict[str, dict]:
    return {b["box"]["id"]: b["box"] for b in patcher["boxes"]}


def one(patcher: dict, **attrs) -> dict:
    found = [b for b in by_id(patcher).values() if all(b.get(k) == v for k, v in attrs.items())]
    assert len(found) == 1, f"{attrs}: {len(found)} boxes"
    return found[0]


def cords(patcher: dict, source: dict, outlet: int | None = None) -> list[tuple[dict, int]]:
    """(box, inlet) fed by `source` (from `outlet`, or any outlet)."""
    boxes = by_id(patcher)
    return [
        (boxes[ln["destination"][0]], ln["destination"][1])
        for ln in (line["patchline"] for line in patcher["lines"])
        if ln["source"][0] == source["id"] and outlet in (None, ln["source"][1])
    ]


def fed(patcher: dict, source: dict, outlet: int | None = None) -> list[str]:
    return sorted(b.get("text") or b.get("varname") for b, _ in cords(patcher, source, outlet))


def route_outlet(route: dict, selector: str) -> int:
    return route["text"].split()[1:].index(selector)


def node_route(patcher: dict) -> dict:
    (route,) = [b for b, _ in cords(patcher, one(patcher, text=NODE), 0)]
    assert route["text"].startswith("route ")
    return route


# -- adapters --------------------------------------------------------------------------------


def test_four_adapter_dials_are_automated_and_stored_0_to_1(patcher):
    for n in range(1, 5):
        dial = one(patcher, varname=f"Adapter {n}")
        valueof = dial["saved_attribute_attributes"]["valueof"]
        assert dial["maxclass"] == "live.dial" and dial["parameter_enable"] == 1
        assert valueof["parameter_longname"] == f"Adapter {n}"
        assert valueof["parameter_invisible"] == 0, "only Automated and Stored maps to MIDI"
        kind = [valueof[k] for k in ("parameter_type", "parameter_mmin", "parameter_mmax")]
        assert kind == [0, 0.0, 1.0], "a float from 0 to 1"
        assert valueof["parameter_initial"] == [0.0]
        assert dial["presentation"] == 1
        assert one(patcher, varname=f"adapter-label-{n}")["text"] == "-"
    banks = patcher["parameters"]["parameterbanks"].values()
    assert [f"Adapter {n}" for n in range(1, 5)] + ["-"] * 4 in [b["parameters"] for b in banks]


def test_a_turned_dial_reaches_node_as_blend_with_its_number(patcher):
    node = one(patcher, text=NODE)
    for n in range(1, 5):
        dial = one(patcher, varname=f"Adapter {n}")
        (prepend, inlet) = cords(patcher, dial, 0)[0]
        assert (prepend["text"], inlet) == (f"prepend blend {n}", 0)
        assert cords(patcher, prepend) == [(node, 0)]


def test_node_sets_each_dial_through_its_own_route_outlet(patcher):
    route = node_route(patcher)
    ((dials, _),) = cords(patcher, route, route_outlet(route, "dial"))
    assert dials["text"] == "route 1 2 3 4"
    for n in range(1, 5):
        assert cords(patcher, dials, n - 1) == [(one(patcher, varname=f"Adapter {n}"), 0)]


def test_blend_and_the_request_for_the_list_go_out_of_udpsend(patcher):
    route = node_route(patcher)
    udpsend = one(patcher, text="udpsend 127.0.0.1 7401")
    ((blend, _),) = cords(patcher, route, route_outlet(route, "blend"))
    assert blend["text"] == "prepend /sao/blend" and cords(patcher, blend) == [(udpsend, 0)]
    ((ask, _),) = cords(patcher, route, route_outlet(route, "askadapters"))
    assert (ask["maxclass"], ask["text"]) == ("message", "/sao/adapters")
    assert cords(patcher, ask) == [(udpsend, 0)]


def test_incoming_adapter_lists_reach_node(patcher):
    udpin = one(patcher, text="udpreceive 7400")
    ((route, _),) = cords(patcher, udpin)
    ((prepend, _),) = cords(patcher, route, route_outlet(route, "/sao/adapters"))
    assert prepend["text"] == "prepend adapters"
    assert cords(patcher, prepend) == [(one(patcher, text=NODE), 0)]


def test_the_out_port_sets_udpsend_first_then_tells_node(patcher):
    out_port = one(patcher, varname="OSC Reply Port")
    ((trigger, _),) = cords(patcher, out_port)
    assert trigger["text"] == "t i i"  # a trigger fires right to left
    assert fed(patcher, trigger, 1) == ["prepend port"]
    ((prepend, _),) = cords(patcher, trigger, 0)
    assert prepend["text"] == "prepend outport"
    assert cords(patcher, prepend) == [(one(patcher, text=NODE), 0)]
    ((port, _),) = cords(patcher, trigger, 1)
    assert cords(patcher, port) == [(one(patcher, text="udpsend 127.0.0.1 7401"), 0)]


def test_once_node_listens_ready_bangs_each_port_once(patcher):
    """So Node checks the In port, and asks for the blend when it can hear the answer."""
    route = node_route(patcher)
    ((ready, _),) = cords(patcher, route, route_outlet(route, "ready"))
    assert ready["text"].split()[0] == "t" and set(ready["text"].split()[1:]) == {"b"}
    banged = [b.get("varname") for b, _ in cords(patcher, ready)]
    assert banged.count("OSC Reply Port") == 1 and banged.count("OSC In Port") == 1
    assert len(banged) == len(ready["text"].split()) - 1, "every outlet bangs one setting"


# -- the In port self-check ------------------------------------------------------------------


def test_the_in_port_rebinds_udpreceive_only_on_a_change_then_node_checks_it(patcher):
    in_port = one(patcher, varname="OSC In Port")
    ((trigger, _),) = cords(patcher, in_port)
    assert trigger["text"] == "t i i"
    ((change, _),) = cords(patcher, trigger, 1)
    assert change["text"] == "change", "a resent setting must not rebind the socket"
    ((port, _),) = cords(patcher, change, 0)
    assert port["text"] == "prepend port"
    assert cords(patcher, port) == [(one(patcher, text="udpreceive 7400"), 0)]
    ((prepend, _),) = cords(patcher, trigger, 0)
    assert prepend["text"] == "prepend inport"
    assert cords(patcher, prepend) == [(one(patcher, text=NODE), 0)]


def test_the_device_s_own_ping_reaches_node_and_other_addresses_stay_unknown(patcher):
    udpin = one(patcher, text="udpreceive 7400")
    ((contract, _),) = cords(patcher, udpin)
    unmatched = len(contract["text"].split()) - 1
    ((ping_route, _),) = cords(patcher, contract, unmatched)
    assert ping_route["text"] == "route /sao/ping"
    ((ping, _),) = cords(patcher, ping_route, 0)
    assert ping["text"] == "prepend ping"
    node = one(patcher, text=NODE)
    assert cords(patcher, ping) == [(node, 0)]
    ((unknown, _),) = cords(patcher, ping_route, 1)
    assert unknown["text"] == "prepend unknown" and cords(patcher, unknown) == [(node, 0)]


def test_python_osc_reads_the_ping_the_node_script_sends():
    """The bytes Node writes are an OSC message another implementation decodes the same way."""
    from pythonosc.osc_message import OscMessage

    script = (
        "const { oscMessage } = require('./m4l/device/sao-probe.js');"
        "process.stdout.write(oscMessage('/sao/ping', 'p0a1b2c3d4e5').toString('hex'));"
    )
    node = shutil.which("node")
    assert node, "Node.js is needed for the device's tests"
    result = subprocess.run(
        [node, "-e", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    message = OscMessage(bytes.fromhex(result.stdout))
    assert (message.address, message.params) == ("/sao/ping", ["p0a1b2c3d4e5"])


# -- layout ----------------------------------------------------------------------------------


def test_every_presented_box_fits_the_device(patcher):
    width, height = patcher["devicewidth"], 169.0  # Live shows 169 pixels of a device
    for box in by_id(patcher).values():
        if box.get("presentation"):
            x, y, w, h = box["presentation_rect"]
            assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, box["id"]


# -- the output choosers ---------------------------------------------------------------------


def test_sao_live_js_fills_four_menus_and_hears_each_pick(patcher):
    js = one(patcher, text="js sao-live.js")
    ((route, _),) = cords(patcher, js)
    ((menus, _),) = cords(patcher, route, route_outlet(route, "menu"))
    names = menus["text"].split()[1:]
    assert names == ["rear-type", "rear-channel", "send-type", "send-channel"]
    for outlet, name in enumerate(names):
        output, kind = name.split("-")
        menu = one(patcher, varname=name)
        assert menu["maxclass"] == "umenu" and menu["presentation"] == 1
        assert cords(patcher, menus, outlet) == [(menu, 0)]
        ((pick, _),) = cords(patcher, menu, 0)
        assert pick["text"] == f"prepend pick {output} {kind}"
        assert cords(patcher, pick) == [(js, 0)]


def test_the_device_has_the_six_outputs_the_menus_route(patcher):
    texts = [b.get("text", "") for b in by_id(patcher).values()]
    outputs = [t for t in texts if t.startswith("plugout~")]
    assert outputs == ["plugout~ 1 2 3 4 5 6"], "1/2 the track, 3/4 rear, 5/6 send"
