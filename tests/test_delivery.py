"""OSC delivery over real UDP on 127.0.0.1, checked against the contract in m4l/OSC.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inference.live.delivery import FRAGMENT_ADDRESS, STATUS_ADDRESS, OscDelivery
from inference.live.store import Fragment, new_id
from tests.helpers import ROOT, Listener, free_udp_port

OSC_MD = ROOT / "m4l" / "OSC.md"
OSC_TYPES = {"s": str, "f": float, "i": int}


def contract(address: str) -> list[tuple[str, str]]:
    """(name, type) of each argument of `address` in m4l/OSC.md's Python -> device table."""
    row = next(
        line for line in OSC_MD.read_text().splitlines() if line.startswith(f"| `{address}`")
    )
    return re.findall(r"`(\w+)` ([sfi])\b", row.split("|")[2])


def fragment(path: Path) -> Fragment:
    return Fragment(
        id=new_id(), path=path, created="2025-01-01T00:00:00.000+00:00", duration=3.25,
        sample_rate=44100, prompt="gritty pad, Tempo: 107", seed=1, steps=4, cfg_scale=6.0,
        sampler="dpmpp-3m-sde", bundle_sha256="0" * 64,
    )  # fmt: skip


def test_fragment_message_follows_the_contract(listener: Listener, tmp_path: Path) -> None:
    sent = fragment(tmp_path / "x.wav")
    result = OscDelivery("127.0.0.1", listener.port).send_fragment(sent)
    assert result.ok and result.describe() == f"sent to 127.0.0.1:{listener.port}"
    message, datagram = listener.receive()
    assert message.address == FRAGMENT_ADDRESS
    expected = contract(FRAGMENT_ADDRESS)
    assert [name for name, _ in expected] == ["id", "path", "duration", "sample_rate", "prompt"]
    assert b"," + "".join(t for _, t in expected).encode() + b"\0" in datagram  # OSC type tags
    assert message.params == [sent.id, str(tmp_path / "x.wav"), 3.25, 44100, sent.prompt]
    assert re.fullmatch(r"f[0-9a-f]{12}", sent.id)  # a letter first: Max keeps it a symbol
    assert all(
        isinstance(v, OSC_TYPES[t]) for v, (_, t) in zip(message.params, expected, strict=True)
    )


def test_status_message_follows_the_contract(listener: Listener) -> None:
    delivery = OscDelivery("localhost", listener.port)  # must reach an IPv4 listener
    assert delivery.send_status("error", "seconds: must be more than 0").ok
    message, datagram = listener.receive()
    assert message.address == STATUS_ADDRESS and [n for n, _ in contract(STATUS_ADDRESS)] == [
        "state",
        "message",
    ]
    assert message.params == ["error", "seconds: must be more than 0"] and b",ss\0" in datagram
    with pytest.raises(ValueError, match="not one of generating, ready, error"):
        delivery.send_status("done")


def test_target_changes_without_restart(tmp_path: Path) -> None:
    first, second = Listener(), Listener()
    try:
        delivery = OscDelivery("127.0.0.1", first.port)
        delivery.send_status("ready", "one")
        delivery.set_target("127.0.0.1", str(second.port))
        delivery.send_status("ready", "two")
        assert first.receive()[0].params == ["ready", "one"]
        assert second.receive()[0].params == ["ready", "two"]
        assert delivery.target == f"127.0.0.1:{second.port}"
    finally:
        first.close(), second.close()


def test_nobody_listening_is_not_a_failure(tmp_path: Path) -> None:
    delivery = OscDelivery("127.0.0.1", free_udp_port())
    assert all(delivery.send_fragment(fragment(tmp_path / "x.wav")).ok for _ in range(3))


def test_unresolvable_host_is_a_result_not_an_exception(tmp_path: Path) -> None:
    result = OscDelivery("no-such-host.invalid", 7400).send_fragment(fragment(tmp_path / "x.wav"))
    assert not result.ok and "no-such-host.invalid" in result.error
    assert result.describe().startswith("not sent: host 'no-such-host.invalid' not found")


@pytest.mark.parametrize(
    ("host", "port", "message"),
    [("", 7400, "delivery.host"), ("127.0.0.1", "abc", "delivery.port: 'abc' is not a number"),
     ("127.0.0.1", 70000, "delivery.port: 70000 is outside 1..65535")],
)  # fmt: skip
def test_bad_target_is_named(host, port, message) -> None:
    with pytest.raises(ValueError, match=message):
        OscDelivery(host, port)
