"""The riff library: the performer's own licence-audited recordings, usable as init audio.

A folder (`conf/riffs/default.yaml`, by default `data/riffs/`) holds audio files and their records:
a `licences.csv` (columns `file`, `licence`, `author`, optional `tempo`, ...) and/or a sidecar
`<audio file>.json` per file, exactly as `data/raw` for training. `scan` runs the dataset's own
audit (`core.audit.audit`, with the policy of `conf/licences/`) over the folder: only accepted
files become riffs, every rejected file is listed with the audit's reason. A riff whose bytes
change after the scan is refused until the next scan (its sha256 no longer matches the audit).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.audio import read_audio
from core.audit import AuditChecks, AuditError, audit
from core.files import sha256_file
from core.licences import LicencePolicy

log = logging.getLogger(__name__)


class RiffError(ValueError):
    """A riff that cannot be used; the message names it and says why."""


@dataclass(frozen=True)
class Riff:
    """One accepted recording of the library."""

    name: str  # the path relative to the riff folder, as the audit names it
    path: Path
    sha256: str
    licence: str
    author: str | None
    tempo: float | None  # BPM from the record, None when not given (then it is never stretched)
    seconds: float
    sample_rate: int

    def describe(self) -> str:
        tempo = f", {self.tempo:g} BPM" if self.tempo else ""
        return f"{self.name} ({self.seconds:.1f} s{tempo}, {self.licence})"


class RiffLibrary:
    """The accepted riffs of one folder, and the rejected files with their reasons."""

    def __init__(
        self,
        root: str | Path,
        policy: LicencePolicy,
        audit: AuditChecks,
        licences_csv: str | Path | None,
        scan: bool = True,
    ) -> None:
        self.root = Path(root).expanduser().absolute()
        self.licences_csv = Path(licences_csv) if licences_csv else self.root / "licences.csv"
        self.policy = policy
        self.checks = audit
        self._lock = threading.Lock()
        self._riffs: dict[str, Riff] = {}
        self._rejected: list[dict[str, Any]] = []
        self.note = "not scanned yet"
        if scan:
            self.scan()

    def scan(self) -> None:
        """Audit the folder again (files added, removed, relicensed, edited)."""
        if not self.root.is_dir():
            riffs, rejected, note = {}, [], f"no riff folder at {self.root}"
        else:
            try:
                # a handful of riffs, audited while the page waits: workers would cost more
                report = audit(self.root, self.licences_csv, self.policy, self.checks, jobs=1)
            except AuditError as err:
                riffs, rejected, note = {}, [], f"riff library not usable: {err}"
            else:
                riffs = {e["file"]: self._riff(e) for e in report["accepted"]}
                rejected = [{"file": e["file"], "reason": e["reason"]} for e in report["rejected"]]
                note = f"{len(riffs)} riff(s) accepted, {len(rejected)} rejected in {self.root}"
        with self._lock:
            self._riffs, self._rejected, self.note = riffs, rejected, note
        for entry in rejected:
            log.warning("riff %s rejected: %s", entry["file"], entry["reason"])

    def _riff(self, entry: dict[str, Any]) -> Riff:
        tempo = entry.get("tempo")
        return Riff(
            name=entry["file"],
            path=self.root / entry["file"],
            sha256=entry["sha256"],
            licence=entry["licence"],
            author=entry.get("author"),
            tempo=float(tempo) if tempo not in (None, "") else None,
            seconds=float(entry["seconds"]),
            sample_rate=int(entry["sample_rate"]),
        )

    @property
    def riffs(self) -> list[Riff]:
        with self._lock:
            return sorted(self._riffs.values(), key=lambda r: r.name)

    @property
    def rejected(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._rejected)

    def get(self, name: str) -> Riff:
        with self._lock:
            riff = self._riffs.get(name)
            refused = next((e for e in self._rejected if e["file"] == name), None)
        if riff is not None:
            return riff
        if refused is not None:
            raise RiffError(f"riff '{name}' was rejected by the licence audit: {refused['reason']}")
        raise RiffError(f"riff '{name}' is not in the riff library ({self.note})")

    def load(self, name: str) -> tuple[Riff, np.ndarray, int]:
        """The riff, its audio (channels, samples) and sample rate, checked against the audit."""
        riff = self.get(name)
        try:
            digest = sha256_file(riff.path)
        except OSError as err:
            raise RiffError(f"riff '{name}': cannot read {riff.path} ({err.strerror})") from None
        if digest != riff.sha256:
            raise RiffError(
                f"riff '{name}' changed since the licence audit (sha256 {digest[:12]}, audited "
                f"{riff.sha256[:12]}): rescan the riff library"
            )
        try:
            audio, rate = read_audio(riff.path)
        except ValueError as err:
            raise RiffError(f"riff '{name}': {err}") from None
        return riff, audio, rate
