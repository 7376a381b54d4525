"""Licence identifiers and the policy that decides which recordings may be trained on.

A licence field is accepted only when the whole field (trimmed, case-folded) is exactly one
recognised licence: an SPDX id (`CC-BY-4.0`, `CC0-1.0`, `GPL-2.0-or-later`, ...), a `LicenseRef-`
id this module or the policy defines, or one Creative Commons URL on creativecommons.org (http or
https, optional `www.`, optional trailing `deed.xx` or `legalcode`), as Freesound reports them.
`normalise_licence` turns it into one identifier; anything else (free text, several licences,
`OR`/`AND` expressions, a URL with words around it, another host, any non-ASCII character, which
is how zero-width and look-alike characters are kept out) raises `UnknownLicence` with the reason
"ambiguous licence text". `LicencePolicy` (built by Hydra from `conf/licences/`) accepts or
rejects an identifier and says why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

OWN_WORK = "LicenseRef-Own-Work"
SAMPLING_PLUS = "LicenseRef-CC-Sampling-Plus-1.0"
AMBIGUOUS = "ambiguous licence text"

# SPDX has no ids for the CC sampling licences; the names follow the `LicenseRef-` convention.
_CC_SAMPLING = {
    "sampling+": SAMPLING_PLUS,
    "sampling": "LicenseRef-CC-Sampling-1.0",
    "nc-sampling+": "LicenseRef-CC-NC-Sampling-Plus-1.0",
}
BUILT_IN_REFS = (OWN_WORK, *_CC_SAMPLING.values())

# Matched against the whole case-folded field: nothing may come before or after the URL.
_LANGUAGE = r"[a-z]{2,3}(?:[-_][a-z0-9]{2,8})?"
_CC_URL = re.compile(
    r"(?:https?://)?(?:www\.)?creativecommons\.org/"
    r"(?:publicdomain/(?P<pd>zero)/1\.0"
    r"|licenses/(?P<kind>by(?:-nc)?(?:-nd|-sa)?|sampling\+?|nc-sampling\+)/(?P<version>\d\.\d)"
    r"(?:/(?P<port>[a-z]{2,3}))?)"
    rf"(?:/(?:deed\.{_LANGUAGE}|legalcode(?:\.{_LANGUAGE})?)?)?"
)
_CC_SPDX = re.compile(
    r"CC-BY(?P<nc>-NC)?(?P<ndsa>-ND|-SA)?-(?P<version>\d\.\d)(?P<port>-[A-Z]{2,3})?"
)
_GPL = re.compile(r"(?P<family>[AL]?GPL)-(?P<version>\d\.\d)(?P<suffix>-ONLY|-OR-LATER|\+)?")
_LICENSE_REF = re.compile(r"licenseref-[a-z0-9.+]+(?:-[a-z0-9.+]+)*")
_TRIM = " \t\r\n"  # only ASCII white space is trimmed: anything else makes the field ambiguous

# Why a licence element rules a recording out; matched against the dash-separated parts of an id.
_VIOLATIONS = [
    ({"NC"}, "NonCommercial (the licence forbids commercial use)"),
    ({"ND"}, "NoDerivatives (a model trained on the recording is an adaptation)"),
    ({"SA"}, "ShareAlike (the model and its output would have to carry the same licence)"),
    ({"GPL", "LGPL", "AGPL"}, "GPL (a copyleft licence for software, not for training data)"),
]


class UnknownLicence(ValueError):
    """A licence field that is not exactly one recognised licence; the message says why."""


def normalise_licence(text: Any, refs: Iterable[str] = ()) -> str | None:
    """The one identifier a licence field names; None when the field is empty.

    `refs` are the `LicenseRef-` ids recognised besides this module's own (the policy's).
    Raises `UnknownLicence` ("ambiguous licence text ...") for anything else.
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise _ambiguous(text, f"a {type(text).__name__}, not text")
    field = text.strip(_TRIM)
    if not field:
        return None
    if why := _unsafe_characters(field):
        raise _ambiguous(text, why)
    folded = field.casefold()
    if match := _CC_URL.fullmatch(folded):
        return _from_cc_url(match)
    if _LICENSE_REF.fullmatch(folded):
        known = {ref.casefold(): ref for ref in (*BUILT_IN_REFS, *refs)}
        if folded in known:
            return known[folded]
        raise _ambiguous(text, "not a LicenseRef- id of the policy (licences.allow)")
    upper = field.upper()
    if upper == "CC0-1.0":
        return "CC0-1.0"
    if match := _CC_SPDX.fullmatch(upper):
        return _cc_spdx(match["nc"], match["ndsa"], match["version"], match["port"])
    if match := _GPL.fullmatch(upper):
        suffix = {"-ONLY": "-only", "-OR-LATER": "-or-later", "+": "-or-later"}.get(
            match["suffix"] or "", ""
        )
        return f"{match['family']}-{match['version']}{suffix}"
    raise _ambiguous(
        text,
        "the whole field must be exactly one SPDX id, LicenseRef- id or Creative Commons URL "
        "(creativecommons.org)",
    )


def _unsafe_characters(field: str) -> str | None:
    """Why a trimmed field cannot be one identifier: non-ASCII (zero-width, look-alikes), white
    space or control characters inside it."""
    for char in field:
        if not char.isascii():
            name = unicodedata.name(char, "unnamed")
            return f"holds the non-ASCII character U+{ord(char):04X} ({name})"
        if char.isspace() or not char.isprintable():
            return f"holds {'white space' if char.isspace() else 'a control character'} " + (
                f"(U+{ord(char):04X}): several words are not one licence"
            )
    return None


def _ambiguous(text: Any, why: str) -> UnknownLicence:
    return UnknownLicence(f"{AMBIGUOUS} {text!r}: {why}")


def _cc_spdx(nc: str | None, ndsa: str | None, version: str, port: str | None) -> str:
    return f"CC-BY{nc or ''}{ndsa or ''}-{version}{(port or '').upper()}"


def _from_cc_url(match: re.Match[str]) -> str:
    if match["pd"]:
        return "CC0-1.0"
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


_CC_ELEMENTS = {
    "BY": "Attribution",
    "NC": "NonCommercial",
    "ND": "NoDerivatives",
    "SA": "ShareAlike",
}
_SAMPLING_NAMES = {
    "sampling+": "Sampling Plus",
    "sampling": "Sampling",
    "nc-sampling+": "NonCommercial Sampling Plus",
}


def licence_name(licence: str) -> str:
    """The licence's full name as its deed gives it (the id itself when it has no deed here)."""
    if licence == "CC0-1.0":
        return "CC0 1.0 Universal"
    for kind, ref in _CC_SAMPLING.items():
        if licence == ref:
            return f"Creative Commons {_SAMPLING_NAMES[kind]} 1.0"
    if match := _CC_SPDX.fullmatch(licence.upper()):
        elements = licence.upper().split("-")[1 : -1 - bool(match["port"])]
        name = "-".join(_CC_ELEMENTS[e] for e in elements)
        scope = (
            f" {match['port'][1:]}"
            if match["port"]
            else (" International" if match["version"] == "4.0" else " Unported")
        )
        return f"Creative Commons {name} {match['version']}{scope}"
    return licence


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
        # A LicenseRef- entry defines the id (in the case written here); others are normalised.
        refs = [
            str(e).strip() for e in self.allow if _LICENSE_REF.fullmatch(str(e).strip().lower())
        ]
        allow = []
        for entry in self.allow:
            try:
                allow.append(normalise_licence(str(entry), refs))
            except UnknownLicence as err:
                raise ValueError(f"licences.allow: {err}") from None
        object.__setattr__(self, "allow", tuple(a for a in allow if a))

    def normalise(self, text: Any) -> str | None:
        """`normalise_licence` with the policy's own `LicenseRef-` ids recognised."""
        return normalise_licence(text, [a for a in self.allow if a.startswith("LicenseRef-")])

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
