"""Licence identifiers and the policy that decides which recordings may be trained on.

Every way a licence reaches us (SPDX ids in any case, Creative Commons URLs as Freesound reports
them, `LicenseRef-*` ids, free text with a CC URL in it, as in Vorbis `LICENSE` tags) is normalised
to one identifier by `normalise_licence`. `LicencePolicy` (built by Hydra from `conf/licences/`)
accepts or rejects an identifier and says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OWN_WORK = "LicenseRef-Own-Work"
SAMPLING_PLUS = "LicenseRef-CC-Sampling-Plus-1.0"

# SPDX has no ids for the CC sampling licences; the names follow the `LicenseRef-` convention.
_CC_SAMPLING = {
    "sampling+": SAMPLING_PLUS,
    "sampling": "LicenseRef-CC-Sampling-1.0",
    "nc-sampling+": "LicenseRef-CC-NC-Sampling-Plus-1.0",
}
_CANONICAL_REFS = {ref.lower(): ref for ref in [OWN_WORK, *_CC_SAMPLING.values()]}

_CC_URL = re.compile(
    r"(?:https?://)?(?:www\.)?creativecommons\.org/"
    r"(?:publicdomain/(?P<pd>zero)/(?P<pd_version>\d\.\d)"
    r"|licenses/(?P<kind>by(?:-nc)?(?:-nd|-sa)?|sampling\+?|nc-sampling\+)/(?P<version>\d\.\d)"
    r"(?:/(?P<port>[a-z]{2}(?:-[a-z]{2})?))?)"
    r"(?=[/?#\s\"'>)]|$)",
    re.IGNORECASE,
)
_CC_SPDX = re.compile(
    r"CC-BY(?P<nc>-NC)?(?P<ndsa>-ND|-SA)?-(?P<version>\d\.\d)(?P<port>-[A-Z]{2,5})?"
)
_CC0 = re.compile(r"CC0(?:-1\.0)?")
_GPL = re.compile(r"(?P<family>[AL]?GPL)-(?P<version>\d\.\d)(?P<suffix>-ONLY|-OR-LATER|\+)?")
_LICENSE_REF = re.compile(r"LicenseRef-[A-Za-z0-9.\-+]+", re.IGNORECASE)
_EXPRESSION = re.compile(r"\s(?:AND|OR|WITH)\s|[()]", re.IGNORECASE)

# Why a licence element rules a recording out; matched against the dash-separated parts of an id.
_VIOLATIONS = [
    ({"NC"}, "NonCommercial (the licence forbids commercial use)"),
    ({"ND"}, "NoDerivatives (a model trained on the recording is an adaptation)"),
    ({"SA"}, "ShareAlike (the model and its output would have to carry the same licence)"),
    ({"GPL", "LGPL", "AGPL"}, "GPL (a copyleft licence for software, not for training data)"),
]


class UnknownLicence(ValueError):
    """A licence string that is not an SPDX id, a Creative Commons URL or a `LicenseRef-` id."""


def normalise_licence(text: str | None) -> str | None:
    """One identifier for any accepted spelling; None when `text` is empty.

    Raises `UnknownLicence` (with the reason) for anything else.
    """
    if text is None or not text.strip():
        return None
    text = text.strip()
    if match := _CC_URL.search(text):
        return _from_cc_url(match)
    if _EXPRESSION.search(text):
        raise UnknownLicence(f"licence expression {text!r}: give exactly one licence per file")
    if _LICENSE_REF.fullmatch(text):
        return _CANONICAL_REFS.get(text.lower(), "LicenseRef-" + text.split("-", 1)[1])
    token = re.sub(r"[\s_]+", "-", text).upper()
    if _CC0.fullmatch(token):
        return "CC0-1.0"
    if match := _CC_SPDX.fullmatch(token):
        return _cc_spdx(match["nc"], match["ndsa"], match["version"], match["port"])
    if match := _GPL.fullmatch(token):
        suffix = {"-ONLY": "-only", "-OR-LATER": "-or-later", "+": "-or-later"}.get(
            match["suffix"] or "", ""
        )
        return f"{match['family']}-{match['version']}{suffix}"
    raise UnknownLicence(
        f"unknown licence {text!r}: not an SPDX id, a Creative Commons URL or a LicenseRef- id"
    )


def _cc_spdx(nc: str | None, ndsa: str | None, version: str, port: str | None) -> str:
    return f"CC-BY{nc or ''}{ndsa or ''}-{version}{(port or '').upper()}"


def _from_cc_url(match: re.Match[str]) -> str:
    if match["pd"]:
        return f"CC0-{match['pd_version']}"
    kind = match["kind"].lower()
    if kind in _CC_SAMPLING:
        return _CC_SAMPLING[kind]
    parts = kind.upper().split("-")  # ["BY", "NC", "SA"]
    nc = "-NC" if "NC" in parts else None
    ndsa = next((f"-{p}" for p in parts if p in ("ND", "SA")), None)
    port = f"-{match['port']}" if match["port"] else None
    return _cc_spdx(nc, ndsa, match["version"], port)


def licence_url(licence: str) -> str | None:
    """The canonical deed of a Creative Commons licence, None for anything else."""
    if licence == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    for kind, ref in _CC_SAMPLING.items():
        if licence == ref:
            return f"https://creativecommons.org/licenses/{kind}/1.0/"
    if match := _CC_SPDX.fullmatch(licence.upper()):
        kind = "by" + (match["nc"] or "").lower() + (match["ndsa"] or "").lower()
        port = (match["port"] or "").lower().replace("-", "/")
        return f"https://creativecommons.org/licenses/{kind}/{match['version']}{port}/"
    return None


def requires_attribution(licence: str) -> bool:
    """Every Creative Commons licence but CC0 obliges users to credit the author."""
    return licence != "CC0-1.0" and licence_url(licence) is not None


@dataclass(frozen=True)
class LicencePolicy:
    """Which normalised licences may reach the training data, and what a violation does.

    `on_violation`: `fail` (the audit stage exits non-zero after writing its full report) or
    `exclude` (rejected files are left out and the stage succeeds).
    """

    allow: tuple[str, ...]
    on_violation: str

    def __post_init__(self) -> None:
        if self.on_violation not in ("fail", "exclude"):
            raise ValueError(
                f"licences.on_violation must be 'fail' or 'exclude', not {self.on_violation!r}"
            )
        allow = []
        for entry in self.allow:
            try:
                allow.append(normalise_licence(str(entry)))
            except UnknownLicence as err:
                raise ValueError(f"licences.allow: {err}") from None
        object.__setattr__(self, "allow", tuple(a for a in allow if a))

    def violation(self, licence: str) -> str | None:
        """Why a normalised licence is refused, or None when it is allowed."""
        if licence in self.allow:
            return None
        parts = set(licence.upper().split("-"))
        found = [why for elements, why in _VIOLATIONS if parts & elements]
        if found:
            return f"{licence}: " + "; ".join(found)
        return f"{licence} is not an allowed licence (licences.allow: {', '.join(self.allow)})"

    def as_dict(self) -> dict[str, object]:
        return {"allow": list(self.allow), "on_violation": self.on_violation}
