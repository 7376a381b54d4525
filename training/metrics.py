"""The evaluation metrics: Frechet distance, the log-mel and CLAP embeddings, the CLAP score.

`frechet_distance` compares two sets of embeddings as Gaussians (the FAD of the Stable Audio Open
paper when the embeddings are audio embeddings); `MelEmbedding` is the built-in, offline audio
embedding (one log-mel vector per STFT frame); `ClapEmbedding` wraps a local transformers
`ClapModel` directory (never downloaded) for CLAP FAD and the text-audio score.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch


class MetricError(ValueError):
    """A metric that cannot be computed; the message names the setting or the data and why."""


def gaussian(samples: np.ndarray, what: str) -> tuple[np.ndarray, np.ndarray]:
    """(mean, covariance) of `samples` (n x dim); fewer than 2 samples has no covariance."""
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim != 2 or samples.shape[0] < 2:
        raise MetricError(
            f"{what}: {samples.shape[0] if samples.ndim == 2 else 0} embeddings; a Frechet "
            "distance needs at least 2 (more held-out windows, prompts or seeds)"
        )
    if not np.isfinite(samples).all():
        raise MetricError(f"{what}: embeddings are not all finite (NaN or inf in the audio?)")
    return samples.mean(axis=0), np.atleast_2d(np.cov(samples, rowvar=False))


def psd_sqrt(matrix: np.ndarray) -> np.ndarray:
    """Square root of a symmetric positive semi-definite matrix (negative rounding clipped)."""
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def frechet_from_stats(
    mu1: np.ndarray, cov1: np.ndarray, mu2: np.ndarray, cov2: np.ndarray, eps: float
) -> float:
    """|mu1 - mu2|^2 + tr(C1 + C2 - 2 (C1 C2)^1/2), with `eps` * I added to both covariances.

    tr((C1 C2)^1/2) is computed as the trace of (A C2 A)^1/2 with A = C1^1/2: a symmetric
    matrix with the same eigenvalues, so the result is real and never NaN, even when the
    covariances are singular (fewer samples than dimensions).
    """
    eye = np.eye(len(mu1))
    c1, c2 = cov1 + eps * eye, cov2 + eps * eye
    root = psd_sqrt(c1)
    cross = np.sqrt(np.clip(np.linalg.eigvalsh(root @ c2 @ root), 0, None)).sum()
    distance = float(((mu1 - mu2) ** 2).sum() + np.trace(c1) + np.trace(c2) - 2 * cross)
    return max(distance, 0.0)  # rounding can leave -1e-12 for identical sets


def frechet_distance(a: np.ndarray, b: np.ndarray, eps: float, what: str) -> float:
    """Frechet distance between two sets of embeddings (rows), each seen as a Gaussian."""
    mu1, cov1 = gaussian(a, f"{what} (generated)")
    mu2, cov2 = gaussian(b, f"{what} (held-out)")
    if mu1.shape != mu2.shape:
        raise MetricError(f"{what}: embedding sizes differ ({mu1.shape[0]} vs {mu2.shape[0]})")
    return frechet_from_stats(mu1, cov1, mu2, cov2, eps)


def latent_frames(latents: torch.Tensor, mask: torch.Tensor | None = None) -> np.ndarray:
    """A latent (channels x frames) as one embedding per real frame (frames x channels)."""
    frames = latents.detach().float().cpu().T
    if mask is not None:
        frames = frames[mask.bool().cpu()]
    return frames.numpy().astype(np.float64)


class MelEmbedding:
    """Log-mel statistics: each STFT frame of the mono mix is one `n_mels` vector (offline, CPU)."""

    def __init__(self, sample_rate: int, n_fft: int, hop_length: int, n_mels: int) -> None:
        import torchaudio

        self.transform = torchaudio.transforms.MelSpectrogram(
            sample_rate=sample_rate, n_fft=n_fft, hop_length=hop_length, n_mels=n_mels, power=2.0
        )

    @torch.no_grad()
    def __call__(self, audio: torch.Tensor) -> np.ndarray:
        """(channels, samples) or (samples,) float audio -> (frames, n_mels) log-mel vectors."""
        mono = audio.float().reshape(-1, audio.shape[-1]).mean(dim=0).cpu()
        mel = self.transform(mono)  # (n_mels, frames)
        return torch.log10(mel + 1e-6).T.double().numpy()


class ClapEmbedding:
    """A local CLAP checkpoint (transformers `ClapModel` + its tokenizer and feature extractor)."""

    def __init__(self, clap_dir: str | Path, device: str) -> None:
        from transformers import AutoTokenizer, ClapFeatureExtractor, ClapModel

        path = Path(clap_dir).expanduser()
        if not path.is_dir():
            raise MetricError(
                f"training.evaluate.clap_dir: {path} is not a directory (a local CLAP checkpoint "
                "with config.json, weights, tokenizer and preprocessor_config.json; null = no CLAP)"
            )
        try:
            self.model = ClapModel.from_pretrained(str(path), local_files_only=True)
            self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
            self.features = ClapFeatureExtractor.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError) as err:
            raise MetricError(
                f"training.evaluate.clap_dir: {path} cannot be loaded as a CLAP checkpoint ({err})"
            ) from err
        self.device = device
        self.model = self.model.to(device).eval()

    @staticmethod
    def _embedding(output: object) -> torch.Tensor:
        # transformers 5 returns a model output whose pooler_output is the projected embedding
        embedding = output if isinstance(output, torch.Tensor) else output.pooler_output
        return torch.nn.functional.normalize(embedding.float(), dim=-1)

    @torch.no_grad()
    def audio(self, clips: list[torch.Tensor], sample_rate: int) -> np.ndarray:
        """One unit-norm embedding per clip ((channels, samples) each, mixed to mono)."""
        import torchaudio

        rate = int(self.features.sampling_rate)
        mono = [c.float().reshape(-1, c.shape[-1]).mean(dim=0).cpu() for c in clips]
        resampled = [torchaudio.functional.resample(m, sample_rate, rate).numpy() for m in mono]
        inputs = self.features(resampled, sampling_rate=rate, return_tensors="pt")
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        return self._embedding(self.model.get_audio_features(**inputs)).cpu().double().numpy()

    @torch.no_grad()
    def text(self, prompts: list[str]) -> np.ndarray:
        inputs = self.tokenizer(prompts, padding=True, truncation=True, return_tensors="pt")
        inputs = {k: v.to(self.device) for k, v in inputs.items() if k != "token_type_ids"}
        return self._embedding(self.model.get_text_features(**inputs)).cpu().double().numpy()


def clap_score(audio: np.ndarray, text: np.ndarray) -> float:
    """Mean cosine similarity of each clip's embedding with its prompt's (both unit norm)."""
    return float((np.asarray(audio) * np.asarray(text)).sum(axis=1).mean())
