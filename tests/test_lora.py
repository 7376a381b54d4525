"""LoRA fine-tuning (`training=lora`): frozen base, adapter bundles the one loader loads on their
base (checked by sha256), bit-identical audio after reload, resume, merge, and the CLI and UI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

import training.fit as ft
from core.bundle import Bundle
from core.checkpoint import (
    ADAPTER_CONFIG_FILE,
    ADAPTER_FILE,
    LICENCES_FILE,
    PROVENANCE_FILE,
    BundleError,
)
from tests.helpers import ROOT, cut_power_at, load_tiny, make_generator
from tests.helpers import finetune_config as config
from training.diffusion import ConfigError
from training.export import export
from training.licence_card import BASE_LICENCE_FILE

LORA = ["training=lora", "training.export.checkpoint=last"]


pytestmark = pytest.mark.usefixtures("one_thread")


class Keep(ft.MetricsFiles):
    """The stage's own metrics callback, also keeping the trained module for the test."""

    module = None

    def on_train_end(self, trainer, module) -> None:
        Keep.module = module
        super().on_train_end(trainer, module)


@pytest.fixture(scope="module")
def trained(project: Path, tiny_checkpoint: Path, tmp_path_factory):
    """(run dir, the in-training module after the last step, the adapter bundle)."""
    run_dir = tmp_path_factory.mktemp("lora")
    paths = [f"paths.finetune_dir={run_dir}", f"paths.metrics_dir={run_dir}/metrics",
             f"paths.bundle_dir={run_dir}/bundle"]  # fmt: skip
    cfg = config(project, tiny_checkpoint, *LORA, *paths)
    patch = pytest.MonkeyPatch()
    patch.setattr(ft, "MetricsFiles", Keep)
    try:
        ft.finetune(cfg)
    finally:
        patch.undo()
    return run_dir, Keep.module, export(cfg)


def test_only_the_adapter_learns_and_the_base_stays_byte_identical(trained, tiny_checkpoint):
    _, module, _ = trained
    base = load_file(tiny_checkpoint / "model.safetensors")
    state = {k.replace(".base_layer.", "."): v for k, v in module.diffusion.state_dict().items()}
    frozen = [k for k in base if k in state]
    assert len(frozen) == len(base)  # every base weight is still there, under its own name
    for key in frozen:
        assert state[key].dtype == base[key].dtype
        assert state[key].numpy().tobytes() == base[key].numpy().tobytes(), key
    trainable = [n for n, p in module.named_parameters() if p.requires_grad]
    assert trainable and all(".lora_A.default." in n or ".lora_B.default." in n for n in trainable)
    lora_b = [p for n, p in module.named_parameters() if "lora_B" in n]
    assert any(p.abs().sum() > 0 for p in lora_b)  # they learned: B starts at zero
    targets = {n.split(".lora_")[0].rsplit(".", 1)[-1] for n in trainable}
    assert targets == {"to_qkv", "to_q", "to_kv", "to_out", "proj", "2"}
    assert module.ema is None


def test_checkpoints_hold_the_adapter_only(trained) -> None:
    run_dir, _, _ = trained
    state = torch.load(run_dir / "checkpoints" / "last.ckpt", weights_only=True)
    params = [k for k in state["state_dict"] if k.endswith(".weight")]
    assert params and all("lora_" in k for k in params)
    assert state["adapter"]["name"] == "default" and "model" in state["adapter"]["configs"]


def test_adapter_bundle_reloads_and_plays_bit_identically(trained, tiny_checkpoint) -> None:
    _, module, out = trained
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [
            ADAPTER_FILE,
            ADAPTER_CONFIG_FILE,
            PROVENANCE_FILE,
            "model_config.json",
            LICENCES_FILE,
            BASE_LICENCE_FILE,
        ]
    )
    size = (out / ADAPTER_FILE).stat().st_size
    assert size < 0.5 * (tiny_checkpoint / "model.safetensors").stat().st_size
    reloaded = load_tiny(out)
    assert (
        reloaded.adapters["default"]["base_weights_sha256"]
        == load_tiny(tiny_checkpoint).weights_sha256
    )
    assert reloaded.weights_sha256 == reloaded.adapters["default"]["sha256"]
    in_training = Bundle(
        module.diffusion.eval(), reloaded.model_config, out, "in-training", {}
    )  # the online weights after the last step: what `last` exported
    request = dict(prompt="warm analog pad, Tempo: 90", seconds=0.5, steps=3, cfg_scale=6, seed=9)
    ours = make_generator(in_training).generate(**request).audio
    again = make_generator(reloaded).generate(**request).audio
    base = make_generator(tiny_checkpoint).generate(**request).audio
    assert ours.tobytes() == again.tobytes()
    assert ours.tobytes() != base.tobytes()  # the adapter changes what plays


def test_merged_export_is_a_full_bundle_that_plays_the_same(trained, project, tiny_checkpoint):
    run_dir, _, adapter_out = trained
    cfg = config(project, tiny_checkpoint, *LORA, f"paths.finetune_dir={run_dir}",
                 f"paths.bundle_dir={run_dir}/merged", "training.export.merge=true")  # fmt: skip
    out = export(cfg)
    assert (out / "model.safetensors").is_file() and not (out / ADAPTER_FILE).exists()
    merged = load_file(out / "model.safetensors")
    base = load_file(tiny_checkpoint / "model.safetensors")
    assert merged.keys() == base.keys()
    changed = [k for k in base if not torch.equal(base[k], merged[k])]
    assert changed and all(k.startswith("model.model.transformer.layers.") for k in changed)
    request = dict(prompt="dark drone", seconds=0.5, steps=3, cfg_scale=6, seed=3)
    a = make_generator(out).generate(**request).audio
    b = make_generator(adapter_out).generate(**request).audio
    assert abs(a - b).max() < 1e-3 * max(1.0, abs(b).max())  # merging only reorders float sums


def copy_adapter(out: Path, dst: Path, **changes) -> Path:
    shutil.copytree(out, dst)
    info = json.loads((dst / PROVENANCE_FILE).read_text())
    info["adapter"].update(changes)
    (dst / PROVENANCE_FILE).write_text(json.dumps(info))
    return dst


def test_another_base_is_refused_naming_both_hashes(trained, tiny_checkpoint, tmp_path) -> None:
    _, _, out = trained
    base = shutil.copytree(tiny_checkpoint, tmp_path / "base")
    weights = load_file(base / "model.safetensors")
    key = next(iter(weights))
    weights[key] = weights[key] + 1e-3  # one weight retrained
    save_file(weights, base / "model.safetensors")
    bundle = copy_adapter(out, tmp_path / "adapter", base_checkpoint=str(base))
    expected = json.loads((out / PROVENANCE_FILE).read_text())["adapter"]["base_weights_sha256"]
    with pytest.raises(BundleError) as err:
        load_tiny(bundle)
    message = str(err.value)
    assert expected in message and str(base) in message and str(bundle) in message
    assert load_tiny(base).weights_sha256 in message


BROKEN = {
    "no adapter section": lambda d: _provenance(d, lambda p: p.pop("adapter")),
    "no base path": lambda d: _provenance(d, lambda p: p["adapter"].pop("base_checkpoint")),
    "base sha not a string": lambda d: _provenance(
        d, lambda p: p["adapter"].update(base_weights_sha256=5)
    ),
    "base missing": lambda d: _provenance(
        d, lambda p: p["adapter"].update(base_checkpoint=str(d / "nowhere"))
    ),
    "base is an adapter bundle": lambda d: _provenance(
        d, lambda p: p["adapter"].update(base_checkpoint=str(d))
    ),
    "bundle.json not JSON": lambda d: (d / PROVENANCE_FILE).write_text("{"),
    "config not JSON": lambda d: (d / ADAPTER_CONFIG_FILE).write_text("{"),
    "config not a mapping": lambda d: (d / ADAPTER_CONFIG_FILE).write_text("[]"),
    "config names an unknown part": lambda d: _config(d, lambda c: c.update(vae=c["model"])),
    "targets absent from the model": lambda d: _config(
        d, lambda c: c["model"].update(target_modules=["no_such_layer"])
    ),
    "rank does not fit the weights": lambda d: _config(d, lambda c: c["model"].update(r=3)),
    "weights truncated": lambda d: (d / ADAPTER_FILE).write_bytes(
        (d / ADAPTER_FILE).read_bytes()[:100]
    ),
    "a weight missing": lambda d: _weights(d, lambda w: w.pop(sorted(w)[0])),
    "an extra weight": lambda d: _weights(d, lambda w: w.update(extra=torch.zeros(1))),
}


def _provenance(d: Path, change) -> None:
    info = json.loads((d / PROVENANCE_FILE).read_text())
    change(info)
    (d / PROVENANCE_FILE).write_text(json.dumps(info))


def _config(d: Path, change) -> None:
    configs = json.loads((d / ADAPTER_CONFIG_FILE).read_text())
    change(configs)
    (d / ADAPTER_CONFIG_FILE).write_text(json.dumps(configs))


def _weights(d: Path, change) -> None:
    weights = load_file(d / ADAPTER_FILE)
    change(weights)
    save_file(weights, d / ADAPTER_FILE)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_adapter_bundle_is_named(trained, tmp_path: Path, case: str) -> None:
    _, _, out = trained
    bundle = shutil.copytree(out, tmp_path / "adapter")
    BROKEN[case](bundle)
    with pytest.raises(BundleError) as err:
        load_tiny(bundle)
    assert str(bundle) in str(err.value) or "nowhere" in str(err.value)


def test_lora_resumes_with_the_same_losses(project, tiny_checkpoint, tmp_path, monkeypatch):
    args = [*LORA, f"paths.finetune_dir={tmp_path}/run", f"paths.metrics_dir={tmp_path}/m"]
    reference = ft.finetune(config(project, tiny_checkpoint, *LORA,
                                   f"paths.finetune_dir={tmp_path}/ref",
                                   f"paths.metrics_dir={tmp_path}/mref"))  # fmt: skip

    cut_power_at(monkeypatch, 4)  # after the checkpoint at step 3
    with pytest.raises(RuntimeError, match="power cut"):
        ft.finetune(config(project, tiny_checkpoint, *args))
    monkeypatch.undo()
    resumed = ft.finetune(config(project, tiny_checkpoint, *args))
    assert json.loads((tmp_path / "m" / "finetune.json").read_text())["resumed_from_step"] == 3
    assert (tmp_path / "m" / "loss.csv").read_text() == (tmp_path / "mref" / "loss.csv").read_text()
    assert resumed == reference
    # another rank is another run: it starts fresh
    ft.finetune(config(project, tiny_checkpoint, *args, "training.finetune.lora.rank=4"))
    assert json.loads((tmp_path / "m" / "finetune.json").read_text())["resumed_from_step"] is None


def test_lora_settings_that_cannot_work_are_named(project, tiny_checkpoint, tmp_path) -> None:
    run = [f"paths.finetune_dir={tmp_path}/r", f"paths.metrics_dir={tmp_path}/m"]
    with pytest.raises(ConfigError, match="train_conditioners"):
        ft.finetune(config(project, tiny_checkpoint, *LORA, *run,
                           "training.finetune.train_conditioners=true"))  # fmt: skip
    with pytest.raises(ValueError, match=r"training.finetune.lora \(model\)"):
        ft.finetune(config(project, tiny_checkpoint, *LORA, *run,
                           "training.finetune.lora.target_modules=[nope]"))  # fmt: skip


def test_conditioner_adapters(project, tiny_checkpoint, tmp_path) -> None:
    cfg = config(project, tiny_checkpoint, *LORA, "training.finetune.lora.conditioners=true",
                 "training.finetune.max_steps=2", f"paths.finetune_dir={tmp_path}/r",
                 f"paths.metrics_dir={tmp_path}/m", f"paths.bundle_dir={tmp_path}/b")  # fmt: skip
    ft.finetune(cfg)
    out = export(cfg)
    assert set(json.loads((out / ADAPTER_CONFIG_FILE).read_text())) == {"model", "conditioner"}
    keys = load_file(out / ADAPTER_FILE).keys()
    assert any(k.startswith("conditioner.") for k in keys)
    assert any(k.startswith("model.") for k in keys)
    assert load_tiny(out).adapters["default"]


def test_ui_accepts_an_adapter_bundle(trained) -> None:
    from ui.app import bundle_problem

    assert bundle_problem(str(trained[2])) is None


@pytest.mark.slow
def test_cli_generates_with_an_adapter_bundle(trained, tmp_path: Path) -> None:
    out = trained[2]
    run = subprocess.run(
        [sys.executable, "-m", "inference.generate", f"bundle={out}", "prompt=dark drone",
         "seconds=0.5", "steps=2", "seed=5", f"paths.fragments_dir={tmp_path}", "delivery.port=9"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    record = json.loads(Path(run.stdout.strip()).with_suffix(".json").read_text())
    sha = json.loads((out / PROVENANCE_FILE).read_text())["adapter"]["sha256"]
    assert record["bundle_sha256"] == sha
    assert json.dumps(record).count(sha) >= 2  # the sidecar's adapters too


# -- SAO small: the ARC post-trained checkpoint is told from its rectified-flow base -------------


def tiny_variant(tiny: Path, dst: Path, objective: str, base_files: bool = False) -> Path:
    """The tiny checkpoint with another diffusion objective (and SAO small's base files beside)."""
    shutil.copytree(tiny, dst)
    config = json.loads((dst / "model_config.json").read_text())
    config["model"]["diffusion"]["diffusion_objective"] = objective
    (dst / "model_config.json").write_text(json.dumps(config))
    if base_files:
        shutil.copy(dst / "model.safetensors", dst / "base_model.ckpt")
        (dst / "base_model_config.json").write_text(json.dumps(config))
    return dst


def test_arc_checkpoint_is_told_from_its_base(tiny_checkpoint: Path, tmp_path: Path) -> None:
    assert load_tiny(tiny_checkpoint).arc is None  # v objective (SAO 1.0's)
    arc = load_tiny(tiny_variant(tiny_checkpoint, tmp_path / "arc", "rf_denoiser")).arc
    assert arc and "rf_denoiser" in arc
    base = tiny_variant(tiny_checkpoint, tmp_path / "base", "rectified_flow")
    assert load_tiny(base).arc is None
    beside = tiny_variant(tiny_checkpoint, tmp_path / "release", "rectified_flow", base_files=True)
    assert "base_model.ckpt" in load_tiny(beside).arc


def test_fine_tuning_arc_is_refused_unless_allowed(project, tiny_checkpoint, tmp_path) -> None:
    arc = tiny_variant(tiny_checkpoint, tmp_path / "arc", "rf_denoiser")
    with pytest.raises(ConfigError) as err:
        ft.prepare(config(project, arc))
    message = str(err.value)
    assert str(arc) in message and "base_model.ckpt" in message
    assert "training.finetune.allow_arc=true" in message and "undoes" in message
    assert ft.prepare(config(project, arc, "training.finetune.allow_arc=true"))["bundle"].arc
    base = tiny_variant(tiny_checkpoint, tmp_path / "base", "rectified_flow")
    assert ft.prepare(config(project, base))["bundle"].arc is None


def test_sao_small_recipes_fine_tune_the_base_and_sample_as_it_does() -> None:
    from tests.helpers import compose_config

    recipe = compose_config("pipeline", ["experiment=sao_small_gpu"])
    assert recipe.paths.base_checkpoint.endswith("stable-audio-open-small-base")
    assert not recipe.training.finetune.allow_arc and recipe.training.finetune.demo.cfg_scale > 1
    sampling = compose_config("generate", ["prompt=x", "inference=sao_small_base"]).inference
    arc = compose_config("generate", ["prompt=x", "inference=sao_small"]).inference
    assert sampling.request.steps > arc.request.steps and sampling.request.cfg_scale > 1


# -- memory levers -------------------------------------------------------------------------------


def test_text_embeddings_are_computed_once_per_caption(project, tiny_checkpoint) -> None:
    from training.diffusion import CachedText

    cfg = config(project, tiny_checkpoint)
    module = ft.build_module(cfg, load_tiny(tiny_checkpoint).model)
    cached = module.diffusion.conditioner.conditioners["prompt"]
    assert isinstance(cached, CachedText)
    texts = ["warm pad", "dark drone", "warm pad"]
    embeddings, masks = cached(texts, "cpu")
    assert sorted(cached.cache) == ["dark drone", "warm pad"]
    direct, direct_masks = cached.conditioner(texts, "cpu")
    assert torch.allclose(embeddings, direct, atol=1e-3) and torch.equal(masks, direct_masks)
    again, _ = cached(texts[::-1], "cpu")
    assert torch.equal(again, embeddings.flip(0)) and len(cached.cache) == 2
    off = config(project, tiny_checkpoint, "training.finetune.text_embedding_cache=false")
    plain = ft.build_module(off, load_tiny(tiny_checkpoint).model)
    assert not isinstance(plain.diffusion.conditioner.conditioners["prompt"], CachedText)


def test_eight_bit_adamw_is_refused_on_a_cpu(project, tiny_checkpoint) -> None:
    target = "bitsandbytes.optim.AdamW8bit"
    cfg = config(project, tiny_checkpoint, f"training.finetune.optimizer._target_={target}")
    with pytest.raises(ConfigError) as err:
        ft.build_module(cfg, load_tiny(tiny_checkpoint).model)
    assert target in str(err.value) and "trainer=gpu" in str(err.value)


def test_gradient_checkpointing_learns_the_same(project, tiny_checkpoint, tmp_path) -> None:
    runs = {}
    for on in ("true", "false"):
        ft.finetune(config(project, tiny_checkpoint, *LORA, "training.finetune.max_steps=2",
                           f"training.finetune.gradient_checkpointing={on}",
                           f"paths.finetune_dir={tmp_path}/{on}",
                           f"paths.metrics_dir={tmp_path}/m{on}"))  # fmt: skip
        runs[on] = (tmp_path / f"m{on}" / "loss.csv").read_text()
    assert runs["true"] == runs["false"]
