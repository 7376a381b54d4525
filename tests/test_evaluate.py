"""The `evaluate` stage: Frechet distances checked against closed forms, the embeddings, a tiny
CLAP model the test saves itself, bad input, the best-checkpoint choice, and a real evaluation of
a real (short) fine-tune that `export` then follows."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch

import training.fit as ft
from tests.helpers import finetune_config as config
from tests.helpers import load_tiny, make_project
from training.evaluation import evaluate
from training.export import export
from training.metrics import (
    ClapEmbedding,
    MelEmbedding,
    MetricError,
    clap_score,
    frechet_distance,
    frechet_from_stats,
)
from training.runs import RunError, pick_checkpoint
from training.scores import ScoresError, pick_best, read_scores, write_scores

RATE = 44100
QUICK_EVAL = ["training.evaluate.steps=2", "training.evaluate.seeds=[0,1]",
              "training.evaluate.prompts=2"]  # fmt: skip


pytestmark = pytest.mark.usefixtures("one_thread")


# -- Frechet distance -----------------------------------------------------------------------------
def rotation(dim: int, seed: int) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((dim, dim)))
    return q


@pytest.mark.parametrize("seed", range(6))
def test_frechet_of_two_gaussians_matches_the_closed_form(seed: int) -> None:
    """Covariances sharing eigenvectors: FD = |mu1 - mu2|^2 + sum (sqrt(a) - sqrt(b))^2."""
    rng = np.random.default_rng(seed)
    dim = 2 + seed
    mu1, mu2 = rng.normal(size=dim), rng.normal(size=dim)
    a, b = rng.uniform(0.1, 3, dim), rng.uniform(0.1, 3, dim)
    r = rotation(dim, seed)
    cov1, cov2 = r @ np.diag(a) @ r.T, r @ np.diag(b) @ r.T
    expected = ((mu1 - mu2) ** 2).sum() + ((np.sqrt(a) - np.sqrt(b)) ** 2).sum()
    assert frechet_from_stats(mu1, cov1, mu2, cov2, 0.0) == pytest.approx(expected, rel=1e-9)
    assert frechet_from_stats(mu2, cov2, mu1, cov1, 0.0) == pytest.approx(expected, rel=1e-9)


def test_frechet_of_non_commuting_covariances_matches_the_matrix_square_root() -> None:
    from scipy.linalg import sqrtm

    rng = np.random.default_rng(7)
    x, y = rng.normal(size=(5, 5)), rng.normal(size=(5, 5))
    cov1, cov2 = x @ x.T, y @ y.T
    mu1, mu2 = rng.normal(size=5), rng.normal(size=5)
    expected = ((mu1 - mu2) ** 2).sum() + np.trace(cov1 + cov2 - 2 * sqrtm(cov1 @ cov2).real)
    assert frechet_from_stats(mu1, cov1, mu2, cov2, 0.0) == pytest.approx(expected, rel=1e-8)


def test_frechet_of_samples_approaches_the_analytic_value() -> None:
    rng = np.random.default_rng(0)
    a = rng.normal(0.0, 1.0, size=(20000, 3))
    b = rng.normal(1.0, 2.0, size=(20000, 3))  # |dmu|^2 = 3, sum (1 - 2)^2 = 3
    assert frechet_distance(a, b, 0.0, "x") == pytest.approx(6.0, rel=0.03)


@pytest.mark.parametrize("n,dim", [(2, 1), (3, 16), (50, 4), (400, 64)])
def test_identical_sets_are_at_distance_about_zero(n: int, dim: int) -> None:
    """Also with fewer samples than dimensions (singular covariances): 0, never NaN."""
    samples = np.random.default_rng(n).normal(size=(n, dim)) * 3
    distance = frechet_distance(samples, samples.copy(), 1e-6, "x")
    spread = samples.var(axis=0).sum()  # what a real difference would be measured against
    assert 0.0 <= distance < 1e-7 * spread


@pytest.mark.parametrize("n", [0, 1])
def test_fewer_than_two_embeddings_is_a_clear_error(n: int) -> None:
    with pytest.raises(MetricError, match=r"mel_fad \(generated\): .*at least 2"):
        frechet_distance(np.zeros((n, 4)), np.ones((5, 4)), 1e-6, "mel_fad")


def test_non_finite_embeddings_are_a_clear_error() -> None:
    bad = np.ones((4, 3))
    bad[1, 2] = np.nan
    with pytest.raises(MetricError, match="not all finite"):
        frechet_distance(np.ones((4, 3)), bad, 1e-6, "latent_fd")
    with pytest.raises(MetricError, match="sizes differ"):
        frechet_distance(np.random.rand(4, 3), np.random.rand(4, 2), 1e-6, "latent_fd")


# -- embeddings -----------------------------------------------------------------------------------
def sine(freq: float, seconds: float = 1.0, rate: int = RATE) -> torch.Tensor:
    t = torch.arange(int(seconds * rate)) / rate
    return 0.3 * torch.sin(2 * torch.pi * freq * t).repeat(2, 1)


def test_mel_embedding_shape_and_determinism() -> None:
    mel = MelEmbedding(RATE, n_fft=2048, hop_length=512, n_mels=64)
    audio = sine(440.0)
    first, again = mel(audio), mel(audio.clone())
    assert first.shape == (audio.shape[1] // 512 + 1, 64) and first.dtype == np.float64
    assert np.array_equal(first, again) and np.isfinite(first).all()
    assert np.array_equal(mel(audio[0]), mel(audio))  # stereo of equal channels = mono
    near = frechet_distance(mel(sine(440.0)), mel(sine(445.0)), 1e-6, "mel")
    far = frechet_distance(mel(sine(440.0)), mel(sine(3000.0)), 1e-6, "mel")
    assert far > 10 * near


def save_tiny_clap(out: Path) -> Path:
    """A random ClapModel small enough for a test, with a tokenizer and a feature extractor."""
    from transformers import ClapConfig, ClapFeatureExtractor, ClapModel

    from training.make_tiny import build_tokenizer

    tokenizer = build_tokenizer(["bright", "dark", "pad", "drone", "warm", "analog"], 32)
    torch.manual_seed(0)
    config = ClapConfig(
        text_config={"vocab_size": len(tokenizer), "hidden_size": 32, "num_hidden_layers": 1,
                     "num_attention_heads": 2, "intermediate_size": 64,
                     "max_position_embeddings": 40, "pad_token_id": 0},
        audio_config={"spec_size": 256, "window_size": 4, "num_mel_bins": 64, "depths": [1, 1],
                      "num_attention_heads": [2, 2], "patch_embeds_hidden_size": 16,
                      "hidden_size": 32, "enable_fusion": False},
        projection_dim=16,
    )  # fmt: skip
    ClapModel(config).save_pretrained(out)
    tokenizer.save_pretrained(out)
    ClapFeatureExtractor(feature_size=64, max_length_s=2, truncation="rand_trunc").save_pretrained(
        out
    )
    return out


@pytest.fixture(scope="module")
def clap_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return save_tiny_clap(tmp_path_factory.mktemp("clap"))


def test_tiny_clap_embeds_audio_and_text(clap_dir: Path) -> None:
    clap = ClapEmbedding(clap_dir, "cpu")
    clips = [sine(220.0), sine(880.0, seconds=0.5), sine(3000.0)]
    audio = clap.audio(clips, RATE)
    assert audio.shape == (3, 16) and np.allclose(np.linalg.norm(audio, axis=1), 1.0)
    assert np.array_equal(audio, clap.audio(clips, RATE))
    text = clap.text(["warm analog pad", "dark drone", "bright pad"])
    assert text.shape == (3, 16) and np.allclose(np.linalg.norm(text, axis=1), 1.0)
    score = clap_score(audio, text)
    assert -1.0 <= score <= 1.0
    assert clap_score(text, text) == pytest.approx(1.0)


@pytest.mark.parametrize("kind", ["missing", "empty", "file"])
def test_a_bad_clap_dir_names_the_setting(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "clap"
    if kind == "empty":
        path.mkdir()
    elif kind == "file":
        path.write_text("not a model")
    with pytest.raises(MetricError, match=r"training\.evaluate\.clap_dir: .*clap"):
        ClapEmbedding(path, "cpu")


# -- the report and the choice --------------------------------------------------------------------
def entries(**values: tuple[int, float]) -> dict:
    return {n: {"step": s, "file": f"/x/{n}.ckpt", "latent_fd": v, "clap_score": -v}
            for n, (s, v) in values.items()}  # fmt: skip


def test_pick_best_by_direction_and_ties() -> None:
    found = entries(base=(0, 0.1), step000020=(20, 3.0), step000040=(40, 2.0), last=(60, 2.0))
    assert pick_best(found, "latent_fd") == "last"  # a tie: the later step; base never
    assert pick_best(found, "clap_score") == "last"  # higher is better
    found["step000020"].update(latent_fd=1.0, clap_score=5.0)
    assert pick_best(found, "latent_fd") == "step000020"
    assert pick_best(found, "clap_score") == "step000020"
    with pytest.raises(ScoresError, match=r"training\.evaluate\.select: 'clap_fad'"):
        pick_best(found, "clap_fad")
    with pytest.raises(ScoresError, match="no fine-tune checkpoint"):
        pick_best(entries(base=(0, 1.0)), "latent_fd")


def test_best_eval_follows_the_report(tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    (run_dir / "checkpoints").mkdir(parents=True)
    for name in ("step000020.ckpt", "last.ckpt"):
        (run_dir / "checkpoints" / name).write_bytes(b"")
    found = entries(base=(0, 1.0), step000020=(20, 0.5), last=(40, 0.7))
    report = {"metric": "latent_fd", "best": "step000020", "checkpoints": found}
    scores = write_scores(tmp_path / "metrics", report)
    assert pick_checkpoint(run_dir, "best_eval", scores) == run_dir / "checkpoints/step000020.ckpt"
    csv_rows = (tmp_path / "metrics/eval.csv").read_text().splitlines()
    assert csv_rows[0].startswith("name,step,file,latent_fd") and len(csv_rows) == 4
    assert [r.split(",")[0] for r in csv_rows[1:]] == ["base", "step000020", "last"]
    with pytest.raises(ScoresError, match="run the `evaluate` stage"):
        pick_checkpoint(run_dir, "best_eval", tmp_path / "nope.json")
    (run_dir / "checkpoints/step000020.ckpt").unlink()
    with pytest.raises(RunError, match="is gone"):
        pick_checkpoint(run_dir, "best_eval", scores)
    scores.write_text('{"checkpoints": {}}')
    with pytest.raises(ScoresError, match="not an evaluation report"):
        read_scores(scores)


# -- a real evaluation ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(tiny_checkpoint: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("project"), tiny_checkpoint)
    ft.finetune(config(project, tiny_checkpoint))
    return project, tiny_checkpoint


def test_evaluate_scores_base_and_fine_tunes_and_export_follows(trained, tmp_path: Path) -> None:
    project, base = trained
    report = evaluate(config(project, base, *QUICK_EVAL))
    metrics = project / "metrics"
    saved = json.loads((metrics / "eval.json").read_text())
    assert saved == json.loads(json.dumps(report))
    files = list((project / "models/finetune/checkpoints").glob("*.ckpt"))
    steps = {torch.load(f, weights_only=True)["global_step"] for f in files}
    tuned = {n: e for n, e in saved["checkpoints"].items() if n != "base"}
    assert {e["step"] for e in tuned.values()} == steps and len(tuned) == len(steps) >= 1
    assert set(tuned) <= {f.stem for f in files}  # last.ckpt only for a step of its own
    assert saved["checkpoints"]["base"]["step"] == 0
    assert saved["held_out"]["windows"] == 2 and saved["better"] == "lower"
    for values in saved["checkpoints"].values():
        assert np.isfinite([values["latent_fd"], values["mel_fad"]]).all()
        assert values["latent_fd"] > 0 and values["mel_fad"] > 0 and values["mel_fad_recon"] > 0
    assert (
        saved["autoencoder_floor"]["mel_fad"] > 0 and "latent_fd" not in saved["autoencoder_floor"]
    )
    assert saved["best"] == min(tuned, key=lambda n: tuned[n]["latent_fd"])
    for image in ("eval.png", "loss.png"):
        assert (metrics / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = evaluate(config(project, base, *QUICK_EVAL))  # fixed seeds: the same numbers
    for name, values in again["checkpoints"].items():
        assert values["latent_fd"] == saved["checkpoints"][name]["latent_fd"]

    out = export(config(project, base, f"paths.bundle_dir={tmp_path}/bundle"))
    info = load_tiny(out).provenance
    assert Path(info["checkpoint"]).stem == saved["best"]
    assert info["evaluation"]["metric"] == "latent_fd"
    assert info["evaluation"]["checkpoint"] == again["checkpoints"][saved["best"]]  # the last run
    assert info["evaluation"]["base"] == again["checkpoints"]["base"]


def test_evaluate_with_tiny_clap_adds_clap_metrics(trained, clap_dir: Path) -> None:
    project, base = trained
    report = evaluate(config(project, base, *QUICK_EVAL, f"training.evaluate.clap_dir={clap_dir}",
                             "training.evaluate.select=clap_score"))  # fmt: skip
    for values in report["checkpoints"].values():
        assert values["clap_fad"] >= 0 and -1 <= values["clap_score"] <= 1
    tuned = {n: e for n, e in report["checkpoints"].items() if n != "base"}
    assert report["best"] == max(tuned, key=lambda n: tuned[n]["clap_score"])
    assert report["better"] == "higher"


@pytest.mark.parametrize(
    "overrides,message",
    [
        (["training.finetune.val_fraction=0"], r"0 held-out windows of 6 .*val_fraction=0"),
        (["training.evaluate.prompts=0"], r"training\.evaluate\.prompts=0"),
        (["training.evaluate.prompts=1", "training.evaluate.seeds=[0]",
          "training.evaluate.clap_dir=CLAP"], r"clap_fad \(generated\): 1 embeddings"),
        (["training.evaluate.clap_dir=/nonexistent/clap"], r"training\.evaluate\.clap_dir"),
        (["training.evaluate.select=clap_fad"], r"'clap_fad' was not measured"),
    ],
)  # fmt: skip
def test_bad_evaluation_settings_are_clear_errors(trained, clap_dir, overrides, message) -> None:
    project, base = trained
    overrides = [o.replace("CLAP", str(clap_dir)) for o in overrides]
    with pytest.raises((MetricError, ScoresError), match=message):
        evaluate(config(project, base, *QUICK_EVAL, *overrides))
