"""Blending several adapters on one base (inference.model.adapters): loading checked by sha256,
strengths applied by scaling without a reload, bit-identical blends, refusals with reasons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from core.checkpoint import PROVENANCE_FILE, BundleError
from inference.model.adapters import AdapterBlend, BlendError
from tests.helpers import make_adapter_bundle, make_generator


@pytest.fixture(scope="module")
def adapters(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("adapters")
    return {
        name: make_adapter_bundle(tiny_checkpoint, root / name, name, seed)
        for seed, name in enumerate(["metal", "voice"], start=1)
    }


@pytest.fixture(scope="module")
def base(tiny_checkpoint: Path):
    """A loaded base for refusals: none of them touches the model."""
    from tests.helpers import load_tiny

    return load_tiny(tiny_checkpoint)


STRENGTH = {"min": 0.0, "max": 1.0, "start": 1.0}  # conf/inference generator.adapter_strength


@pytest.fixture(scope="module")
def blended(tiny_checkpoint: Path, adapters: dict[str, Path]):
    return make_generator(tiny_checkpoint, adapters=[str(p) for p in adapters.values()])


def audio(gen, blend):
    return gen.generate("pad", 0.5, 3, 6.0, seed=7, blend=blend).audio


def test_adapters_load_once_and_start_at_the_configured_strength(blended) -> None:
    assert blended.adapters.names == ["metal", "voice"]
    assert blended.start_blend == {"metal": 1.0, "voice": 1.0}
    assert len(blended.adapters.layers) > 0


def test_blends_change_the_sound_without_reloading_and_come_back_bit_identical(
    blended, generator
) -> None:
    model = blended.model
    base = audio(blended, {})
    metal = audio(blended, {"metal": 1.0})
    both = audio(blended, {"metal": 1.0, "voice": 0.5})
    half = audio(blended, {"metal": 0.5})
    assert not np.array_equal(base, metal) and not np.array_equal(metal, both)
    assert not np.array_equal(metal, half)
    assert np.array_equal(audio(blended, {"metal": 1.0}), metal)
    assert np.array_equal(audio(blended, {"voice": 0.5, "metal": 1.0}), both)
    assert np.array_equal(audio(blended, {"metal": 0.0, "voice": 0.0}), base)
    assert blended.model is model
    # all strengths 0 is the base model itself, bit for bit
    assert np.array_equal(generator.generate("pad", 0.5, 3, 6.0, seed=7).audio, base)


def test_the_record_names_each_adapter_with_its_hash_and_strength(blended, adapters) -> None:
    from core.checkpoint import ADAPTER_FILE
    from core.files import sha256_file

    made = blended.generate("pad", 0.5, 2, 6.0, seed=1, blend={"voice": 0.25})
    assert made.adapters == [
        {"name": "metal", "sha256": sha256_file(adapters["metal"] / ADAPTER_FILE), "strength": 0.0},
        {"name": "voice", "sha256": sha256_file(adapters["voice"] / ADAPTER_FILE),
         "strength": 0.25},
    ]  # fmt: skip


@pytest.mark.parametrize(
    "blend, reason",
    [
        ({"drums": 0.5}, "adapter 'drums' is not loaded (loaded: metal, voice)"),
        ({"metal": 1.5}, "strength must be a number in 0..1, got 1.5"),
        ({"metal": -0.01}, "in 0..1, got -0.01"),
        ({"metal": float("nan")}, "got nan"),
        ({"metal": float("inf")}, "got inf"),
        ({"metal": True}, "got True"),
        ({"metal": "0.5"}, "got '0.5'"),
        ({"metal": None}, "got None"),
        ({"": 0.5}, "adapter '' is not loaded"),
        ({"Metal": 0.5}, "adapter 'Metal' is not loaded"),
    ],
)
def test_a_bad_blend_is_refused_with_the_reason_and_changes_nothing(blended, blend, reason):
    blended.adapters.apply({"voice": 0.5})
    with pytest.raises(BlendError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        blended.adapters.apply(blend)
    assert dict(blended.adapters.applied) == {"metal": 0.0, "voice": 0.5}


def test_an_adapter_trained_on_another_base_is_refused_naming_both(
    tiny_checkpoint: Path, base, adapters: dict[str, Path], tmp_path: Path
) -> None:
    import shutil

    other = shutil.copytree(adapters["voice"], tmp_path / "other")
    provenance = json.loads((other / PROVENANCE_FILE).read_text())
    provenance["adapter"]["base_weights_sha256"] = "ab" * 32
    (other / PROVENANCE_FILE).write_text(json.dumps(provenance))
    with pytest.raises(BundleError) as caught:
        AdapterBlend.attach(base, [str(adapters["metal"]), str(other)], STRENGTH)
    message = str(caught.value)
    assert "generator.adapters[1]" in message and "ab" * 32 in message
    from core.checkpoint import find_weights
    from core.files import sha256_file

    assert sha256_file(find_weights(tiny_checkpoint)) in message


@pytest.mark.parametrize(
    "entries, reason",
    [
        ([{"name": "a.b", "path": "metal"}], "name 'a.b' must be 1-64 letters"),
        ([{"name": "a b", "path": "metal"}], "name 'a b' must be"),
        ([{"name": "", "path": "metal"}], "name '' must be"),
        ([{"name": "x" * 65, "path": "metal"}], "must be 1-64"),
        ([{"name": 3, "path": "metal"}], "name 3 must be"),
        ([{"path": ""}], "path is missing"),
        ([{"name": "a"}], "path is missing"),
        ([{"path": "metal", "colour": "red"}], "is not a path or a mapping"),
        ([7], "is not a path or a mapping"),
        ([None], "is not a path or a mapping"),
        ([{"path": "metal", "strength": 2.0}], "strength 2 is outside 0..1"),
        ([{"path": "metal", "strength": "loud"}], "strength 'loud' is not a number"),
        (["metal", {"name": "metal", "path": "voice"}], "name 'metal' is used twice"),
        (["nowhere"], "not an adapter bundle"),
        (["base"], "not an adapter bundle"),
    ],
)
def test_bad_adapter_entries_are_refused_naming_the_entry(
    tiny_checkpoint: Path, base, adapters: dict[str, Path], entries, reason
) -> None:
    where = {"metal": str(adapters["metal"]), "voice": str(adapters["voice"]),
             "base": str(tiny_checkpoint), "nowhere": str(tiny_checkpoint / "nowhere")}  # fmt: skip
    resolved = []
    for entry in entries:
        if isinstance(entry, str):
            entry = where[entry]
        elif isinstance(entry, dict) and entry.get("path") in where:
            entry = {**entry, "path": where[entry["path"]]}
        resolved.append(entry)
    with pytest.raises(BundleError, match="generator.adapters") as caught:
        AdapterBlend.attach(base, resolved, STRENGTH)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    "strength, reason",
    [
        ({"min": 0.0, "max": 1.0, "start": 1.5}, "start 1.5"),
        ({"min": 1.0, "max": 1.0, "start": 1.0}, "min 1, max 1"),
        ({"min": 0.0, "max": float("nan"), "start": 0.0}, "max nan"),
    ],
)
def test_a_bad_strength_range_is_refused(base, adapters, strength, reason) -> None:
    with pytest.raises(BundleError, match="generator.adapter_strength") as caught:
        AdapterBlend.attach(base, [str(adapters["metal"])], strength)
    assert reason in str(caught.value)


def test_refusals_leave_the_base_untouched(base) -> None:
    from peft.tuners.lora import LoraLayer

    assert not any(isinstance(m, LoraLayer) for m in base.model.modules())
