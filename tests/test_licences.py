"""Licence normalisation (every accepted spelling, and an adversarial suite of fields that must
never be accepted) and the policy built from conf/licences."""

from __future__ import annotations

import re

import pytest
from hydra.utils import instantiate

from core.licences import (
    LicencePolicy,
    UnknownLicence,
    licence_url,
    normalise_licence,
    requires_attribution,
)
from tests.helpers import AMBIGUOUS_LICENCES, AMBIGUOUS_UNWRITABLE, compose_config


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # SPDX ids, any case, ASCII white space around them
        ("CC0-1.0", "CC0-1.0"),
        ("cc0-1.0", "CC0-1.0"),
        (" \tCC0-1.0\r\n", "CC0-1.0"),
        ("CC-BY-4.0", "CC-BY-4.0"),
        ("cc-by-3.0", "CC-BY-3.0"),
        ("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"),
        ("CC-BY-ND-4.0", "CC-BY-ND-4.0"),
        ("CC-BY-3.0-DE", "CC-BY-3.0-DE"),
        ("GPL-2.0-or-later", "GPL-2.0-or-later"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("gpl-3.0-only", "GPL-3.0-only"),
        ("LGPL-2.1", "LGPL-2.1"),
        # Creative Commons URLs as Freesound reports them, and as people paste them
        ("http://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/deed.en", "CC0-1.0"),
        ("http://creativecommons.org/licenses/by/3.0/", "CC-BY-3.0"),
        ("https://creativecommons.org/licenses/by/3.0", "CC-BY-3.0"),
        ("http://creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("https://www.creativecommons.org/licenses/by/4.0/deed.en", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/legalcode", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by/4.0/legalcode.de", "CC-BY-4.0"),
        ("creativecommons.org/licenses/by/4.0/", "CC-BY-4.0"),
        ("HTTP://CreativeCommons.org/licenses/BY/4.0/", "CC-BY-4.0"),
        ("http://creativecommons.org/licenses/by-nc/3.0/", "CC-BY-NC-3.0"),
        ("http://creativecommons.org/licenses/by-nc/4.0/", "CC-BY-NC-4.0"),
        ("https://creativecommons.org/licenses/by-nc-nd/4.0/", "CC-BY-NC-ND-4.0"),
        ("https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
        ("https://creativecommons.org/licenses/by/3.0/de/", "CC-BY-3.0-DE"),
        ("https://creativecommons.org/licenses/by/3.0/de/deed.en", "CC-BY-3.0-DE"),
        ("https://creativecommons.org/licenses/by/3.0/igo/", "CC-BY-3.0-IGO"),
        ("https://creativecommons.org/licenses/by/4.0/deed.pt-br", "CC-BY-4.0"),
        ("https://creativecommons.org/licenses/by-nc/4.0/deed.zh_hans", "CC-BY-NC-4.0"),
        ("http://creativecommons.org/licenses/sampling+/1.0/", "LicenseRef-CC-Sampling-Plus-1.0"),
        ("https://creativecommons.org/licenses/sampling+/1.0", "LicenseRef-CC-Sampling-Plus-1.0"),
        ("http://creativecommons.org/licenses/sampling/1.0/", "LicenseRef-CC-Sampling-1.0"),
        (
            "http://creativecommons.org/licenses/nc-sampling+/1.0/",
            "LicenseRef-CC-NC-Sampling-Plus-1.0",
        ),
        # LicenseRef- ids this module defines, in their canonical case
        ("LicenseRef-Own-Work", "LicenseRef-Own-Work"),
        ("licenseref-own-work", "LicenseRef-Own-Work"),
        ("LicenseRef-CC-Sampling-Plus-1.0", "LicenseRef-CC-Sampling-Plus-1.0"),
        # nothing given
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_normalise_licence(text: str | None, expected: str | None) -> None:
    assert normalise_licence(text) == expected


@pytest.fixture(scope="module")
def policy() -> LicencePolicy:
    return instantiate(compose_config("pipeline").licences)


@pytest.mark.parametrize("text", AMBIGUOUS_LICENCES + AMBIGUOUS_UNWRITABLE)
def test_adversarial_licence_fields_are_never_accepted(text: str, policy: LicencePolicy) -> None:
    """Several licences, free text, look-alike hosts, URLs with words, zero-width and look-alike
    characters: each one is refused as ambiguous, by the function, the policy and its config."""
    for normalise in (normalise_licence, policy.normalise):
        with pytest.raises(UnknownLicence) as refused:
            normalise(text)
        assert str(refused.value).startswith(f"ambiguous licence text {text!r}: ")
    if not re.fullmatch(r"LicenseRef-[A-Za-z0-9.+-]+", text):  # a policy may define those
        with pytest.raises(ValueError, match="licences.allow: ambiguous licence text"):
            LicencePolicy(allow=(text,), on_violation="fail")


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("CC0-1.0\u200b", "non-ASCII character U+200B (ZERO WIDTH SPACE)"),
        ("\u0421C0-1.0", "U+0421 (CYRILLIC CAPITAL LETTER ES)"),
        ("CC-BY-4.0 OR MIT", "several words are not one licence"),
        ("CC-BY-4.0\x00", "a control character (U+0000)"),
        ("LicenseRef-Studio-Contract-2024", "not a LicenseRef- id of the policy"),
        ("https://creativecommons.org.evil.example/licenses/by/4.0/", "exactly one SPDX id"),
        (4, "a int, not text"),
        (["CC0-1.0", "CC-BY-NC-4.0"], "a list, not text"),
    ],
)
def test_the_reason_says_what_is_ambiguous(text: object, why: str) -> None:
    with pytest.raises(UnknownLicence, match="^ambiguous licence text") as refused:
        normalise_licence(text)
    assert why in str(refused.value)


def test_a_licenseref_of_the_policy_is_recognised_in_any_case() -> None:
    policy = LicencePolicy(allow=("LicenseRef-Studio-Contract-2024",), on_violation="fail")
    assert policy.normalise("licenseref-studio-contract-2024") == "LicenseRef-Studio-Contract-2024"
    assert policy.violation("LicenseRef-Studio-Contract-2024") is None
    assert policy.normalise("LicenseRef-Own-Work") == "LicenseRef-Own-Work"  # built in, not allowed
    assert policy.violation("LicenseRef-Own-Work") is not None
    with pytest.raises(UnknownLicence, match="not a LicenseRef- id of the policy"):
        policy.normalise("LicenseRef-Studio-Contract-2025")


def test_default_policy_is_sao_plus_own_work() -> None:
    policy = instantiate(compose_config("pipeline").licences)
    assert isinstance(policy, LicencePolicy)
    assert set(policy.allow) == {
        "CC0-1.0",
        "CC-BY-3.0",
        "CC-BY-4.0",
        "LicenseRef-CC-Sampling-Plus-1.0",
        "LicenseRef-Own-Work",
    }
    assert policy.on_violation == "fail"
    for allowed in policy.allow:
        assert policy.violation(allowed) is None


@pytest.mark.parametrize(
    ("licence", "why"),
    [
        ("CC-BY-NC-4.0", ["NonCommercial"]),
        ("CC-BY-ND-4.0", ["NoDerivatives"]),
        ("CC-BY-SA-4.0", ["ShareAlike"]),
        ("CC-BY-NC-SA-3.0", ["NonCommercial", "ShareAlike"]),
        ("CC-BY-NC-ND-4.0", ["NonCommercial", "NoDerivatives"]),
        ("LicenseRef-CC-NC-Sampling-Plus-1.0", ["NonCommercial"]),
        ("GPL-2.0-or-later", ["GPL"]),
        ("LGPL-2.1", ["GPL"]),
        ("CC-BY-3.0-DE", ["not an allowed licence"]),
        ("LicenseRef-CC-Sampling-1.0", ["not an allowed licence"]),
    ],
)
def test_policy_gives_the_reason(licence: str, why: list[str]) -> None:
    policy = instantiate(compose_config("pipeline").licences)
    reason = policy.violation(licence)
    assert reason is not None and reason.startswith(licence)
    for part in why:
        assert part in reason


def test_policy_config_is_validated() -> None:
    with pytest.raises(ValueError, match="licences.on_violation must be 'fail' or 'exclude'"):
        LicencePolicy(allow=("CC0-1.0",), on_violation="warn")
    with pytest.raises(ValueError, match="licences.allow: ambiguous licence text 'CC-ZERO'"):
        LicencePolicy(allow=("CC-ZERO",), on_violation="fail")
    # allow entries may be written as URLs; they are normalised like the data
    policy = LicencePolicy(
        allow=("https://creativecommons.org/licenses/by/4.0/",), on_violation="exclude"
    )
    assert policy.allow == ("CC-BY-4.0",) and policy.violation("CC-BY-4.0") is None


def test_policy_override_from_the_command_line() -> None:
    cfg = compose_config("pipeline", ["licences.on_violation=exclude", "licences.allow=[CC0-1.0]"])
    policy = instantiate(cfg.licences)
    assert policy.on_violation == "exclude"
    assert policy.violation("CC-BY-4.0") is not None


@pytest.mark.parametrize(
    ("licence", "attribution", "url"),
    [
        ("CC0-1.0", False, "https://creativecommons.org/publicdomain/zero/1.0/"),
        ("CC-BY-4.0", True, "https://creativecommons.org/licenses/by/4.0/"),
        ("CC-BY-3.0-DE", True, "https://creativecommons.org/licenses/by/3.0/de/"),
        (
            "LicenseRef-CC-Sampling-Plus-1.0",
            True,
            "https://creativecommons.org/licenses/sampling+/1.0/",
        ),
        ("LicenseRef-Own-Work", False, None),
    ],
)
def test_attribution_and_deed(licence: str, attribution: bool, url: str | None) -> None:
    assert requires_attribution(licence) is attribution
    assert licence_url(licence) == url
    if url:  # the deed URL normalises back to the same id
        assert normalise_licence(url) == licence
