"""Runs the device's JavaScript tests (Node's built-in runner, m4l/node-tests) from pytest."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_node_tests_of_the_device_logic_pass():
    node = shutil.which("node")
    assert node, "Node.js (18 or newer) is needed for the device's tests: apt-get install nodejs"
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True)
    assert int(version.stdout.strip().lstrip("v").split(".")[0]) >= 18, version.stdout
    result = subprocess.run(
        [node, "--test", "m4l/"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report[-4000:]
    passed = int(re.search(r"^# pass (\d+)$", report, re.M).group(1))
    failed = int(re.search(r"^# fail (\d+)$", report, re.M).group(1))
    assert failed == 0 and passed >= 40, report[-2000:]
