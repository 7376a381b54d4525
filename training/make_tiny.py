"""Writes a tiny, seeded checkpoint directory in the published Stable Audio Open layout.

`uv run python -m training.make_tiny out=DIR` builds the architecture in `conf/model/tiny.yaml` with
the committed pre-trained weights (`demo_base.weights`, from `training.pretrain_base`) or random
weights from a fixed seed, and writes `model_config.json`, `model.safetensors` and a local
`text_encoder/` (T5 weights and a tokenizer built from a fixed vocabulary). Tests and the demo load
it with `inference.bundle.load_bundle`, the same code that loads the real download.
"""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import hydra
from omegaconf import DictConfig, OmegaConf

from core.checkpoint import CONFIG_FILE, TEXT_ENCODER_SUBDIR, write_checkpoint
from core.cli import quiet_third_party
from core.files import staged_dir
from training.licence_card import BASE_LICENCE_FILE, MODEL_CARD

SPECIAL_TOKENS = ["<pad>", "</s>", "<unk>"]  # T5's ids 0, 1, 2
# A base directory carries its licence as a downloaded one does (`training.licence_card` reads
# both into every bundle): the text in LICENSE, the name in the model card's front matter.
RANDOM_ORIGIN = "random weights drawn from a fixed seed by `python -m training.make_tiny`"
PRETRAINED_ORIGIN = (
    "weights pre-trained by `python -m training.pretrain_base` on the synthesised demo set "
    "(data/raw/demo, the project's own work)"
)
TINY_LICENSE = """The tiny demo checkpoint of sao-improv: {origin}.

To the extent possible under law, its authors waive all copyright and related rights to these
weights: CC0 1.0 Universal, https://creativecommons.org/publicdomain/zero/1.0/
"""
TINY_MODEL_CARD = """---
license: cc0-1.0
---

# Tiny demo checkpoint

Made by `python -m training.make_tiny` for the demo and the tests: {origin}.
"""


def tokenizer_vocabulary(words: list[str]) -> dict[str, int]:
    """Special tokens, single characters, continuation characters, then whole words."""
    chars = string.ascii_lowercase + string.digits + string.punctuation
    tokens = SPECIAL_TOKENS + list(chars) + [f"##{c}" for c in chars]
    tokens += [w for w in dict.fromkeys(w.lower() for w in words) if w not in tokens]
    return {token: i for i, token in enumerate(tokens)}


def build_tokenizer(words: list[str], max_length: int) -> Any:
    """A WordPiece tokenizer with T5's special tokens and an `</s>` after every text."""
    from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import WordPiece
    from transformers import PreTrainedTokenizerFast

    vocab = tokenizer_vocabulary(words)
    core = Tokenizer(WordPiece(vocab, unk_token="<unk>", continuing_subword_prefix="##"))
    core.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    core.post_processor = processors.TemplateProcessing(
        single="$A </s>", special_tokens=[("</s>", vocab["</s>"])]
    )
    core.decoder = decoders.WordPiece()
    return PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>",
        eos_token="</s>",
        unk_token="<unk>",
        model_max_length=max_length,
    )


def write_text_encoder(
    out: Path, encoder_cfg: dict[str, Any], words: list[str], max_length: int
) -> None:
    from transformers import T5Config, T5EncoderModel

    tokenizer = build_tokenizer(words, max_length)
    config = T5Config(vocab_size=len(tokenizer), pad_token_id=0, eos_token_id=1, **encoder_cfg)
    T5EncoderModel(config).save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)


def load_weights(model: Any, weights: Path) -> None:
    """Replace the random weights by a file's; one that does not fit names itself and why."""
    from core.bundle import load_state_dict
    from core.checkpoint import BundleError

    if not weights.is_file():
        raise BundleError(
            f"demo_base.weights: {weights} does not exist (make it with `uv run python -m "
            "training.pretrain_base`, or set demo_base.weights=null for random weights)"
        )
    try:
        model.load_state_dict(load_state_dict(weights), strict=True)
    except RuntimeError as err:
        reason = (str(err).splitlines()[1:2] or [str(err)])[0].strip()
        raise BundleError(f"{weights}: does not fit this architecture ({reason})") from err


def make_tiny(model_cfg: DictConfig, out: str | Path) -> Path:
    """Write the checkpoint directory atomically: built in a sibling temp dir, then renamed.

    `model_cfg.weights` (a safetensors file of this architecture, `training.pretrain_base`)
    replaces the seeded random weights; null keeps them.
    """
    import torch

    from core.bundle import build_model

    out = Path(out).expanduser().resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    model_config = OmegaConf.to_container(model_cfg.model_config, resolve=True)
    max_length = next(
        c["config"]["max_length"]
        for c in model_config["model"]["conditioning"]["configs"]
        if c["type"] == "t5"
    )
    with staged_dir(out) as staging:
        torch.manual_seed(model_cfg.seed)
        write_text_encoder(
            staging / TEXT_ENCODER_SUBDIR,
            OmegaConf.to_container(model_cfg.text_encoder),
            list(model_cfg.tokenizer_words),
            max_length,
        )
        torch.manual_seed(model_cfg.seed)
        model = build_model(model_config, staging / TEXT_ENCODER_SUBDIR)
        if model_cfg.weights is not None:
            load_weights(model, Path(model_cfg.weights))
        write_checkpoint(staging, model_config, model.state_dict())
        origin = RANDOM_ORIGIN if model_cfg.weights is None else PRETRAINED_ORIGIN
        (staging / BASE_LICENCE_FILE).write_text(TINY_LICENSE.format(origin=origin), "utf-8")
        (staging / MODEL_CARD).write_text(TINY_MODEL_CARD.format(origin=origin), "utf-8")
    return out


@hydra.main(version_base="1.3", config_path="../conf", config_name="make_tiny")
def main(cfg: DictConfig) -> None:
    from core.bundle import build_model

    out = make_tiny(cfg.demo_base, cfg.out)
    params = sum(
        p.numel()
        for p in build_model(json.loads((out / CONFIG_FILE).read_text()), None).parameters()
    )
    print(f"wrote {out} ({params / 1e6:.2f} M parameters without the text encoder)")


if __name__ == "__main__":
    quiet_third_party()
    main()
