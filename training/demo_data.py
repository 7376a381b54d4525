"""Synthesises the demo recordings in `data/raw/demo/` and their rows in `data/raw/licences.csv`.

`uv run python -m training.demo_data [seed=0] [out=DIR] [csv=FILE]`

Pads, drones and noise textures at stated tempos and keys, seeded, written as 16-bit FLAC (byte
for byte the same on every run) at several sample rates, mono and stereo, so that the pipeline's
resampling and channel handling run on the demo too. Licensed `LicenseRef-Own-Work`; rows of
other files already in the CSV are kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import hydra
import numpy as np
import soundfile as sf
from omegaconf import DictConfig

from core.files import write_bytes_atomic, write_text_atomic

AUTHOR = "sao-improv demo synthesiser (training/demo_data.py)"
LICENCE = "LicenseRef-Own-Work"
CSV_COLUMNS = "file licence author source_url prompt tempo key genre instrument".split()
NOTES = {name: i for i, name in enumerate("C C# D D# E F F# G G# A A# B".split())}

# kind | prompt | tempo | key | genre | instrument | seconds | sample rate | channels
TABLE = """
pad   | warm analog pad        |  90 | A minor  | Ambient      | Synthesizer | 5 | 44100 | 2
drone | dark evolving drone    |  60 | D minor  | Drone        | Synthesizer | 6 | 22050 | 1
pad   | gritty and noisy pad   | 107 | E minor  | Ambient      | Synthesizer | 5 | 48000 | 2
pad   | bright shimmering pad  | 120 | C major  | Electronic   | Synthesizer | 4 | 32000 | 2
drone | deep sub drone         |  70 | F minor  | Drone        | Synthesizer | 5 | 22050 | 1
noise | granular noise texture | 128 | G minor  | Experimental | Noise       | 4 | 44100 | 2
pad   | soft slow pad          |  80 | F# minor | Ambient      | Synthesizer | 5 | 22050 | 2
noise | noisy rhythmic texture | 140 | A minor  | Techno       | Noise       | 3 | 32000 | 1
drone | bright analog drone    | 100 | G major  | Ambient      | Synthesizer | 4 | 44100 | 2
noise | distorted noise pad    | 110 | C minor  | Experimental | Synthesizer | 4 | 22050 | 2
"""


@dataclass(frozen=True)
class Clip:
    kind: str  # pad | drone | noise
    prompt: str
    tempo: int
    key: str  # "E minor"
    genre: str
    instrument: str
    seconds: float
    sample_rate: int
    channels: int

    @property
    def name(self) -> str:
        words = f"{self.prompt} {self.key}".replace("#", " sharp").split()
        return "_".join(w.lower() for w in words if w != "and")


def parse_table(table: str) -> list[Clip]:
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    return [
        Clip(kind, prompt, int(tempo), key, genre, instr, float(sec), int(rate), int(ch))
        for kind, prompt, tempo, key, genre, instr, sec, rate, ch in rows
    ]


CLIPS = parse_table(TABLE)


def key_frequencies(key: str, octave: int = 3) -> list[float]:
    """Root, third and fifth of `key` ("E minor") in Hz, the root in the given octave."""
    note, mode = key.split()
    midi = 12 * (octave + 1) + NOTES[note]
    third = 3 if mode == "minor" else 4
    return [440.0 * 2 ** ((m - 69) / 12) for m in (midi, midi + third, midi + 7)]


def one_pole_lowpass(x: np.ndarray, cutoff: float, sr: int) -> np.ndarray:
    """A gentle filter in the frequency domain (avoids a sample loop in Python)."""
    spectrum = np.fft.rfft(x, axis=0)
    freqs = np.fft.rfftfreq(x.shape[0], 1 / sr)
    response = 1 / np.sqrt(1 + (freqs / cutoff) ** 2)
    return np.fft.irfft(spectrum * response.reshape(-1, *[1] * (x.ndim - 1)), n=x.shape[0], axis=0)


def envelope(n: int, sr: int, attack: float, release: float) -> np.ndarray:
    t = np.arange(n) / sr
    return np.clip(t / attack, 0, 1) * np.clip((n / sr - t) / release, 0, 1)


def pulse(n: int, sr: int, tempo: int, division: int, depth: float) -> np.ndarray:
    """Amplitude pulsing on every 1/division of a beat, so the stated tempo is audible."""
    phase = (np.arange(n) / sr) * tempo / 60 * division % 1.0
    return 1 - depth + depth * np.exp(-6 * phase)


def saw(freq: float, t: np.ndarray, harmonics: int = 12) -> np.ndarray:
    return sum(np.sin(2 * np.pi * k * freq * t) / k for k in range(1, harmonics + 1))


def synth_pad(clip: Clip, rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    # "bright" pads sit an octave higher and open the filter, so the word is audible in training.
    bright = "bright" in clip.prompt
    sides = []
    for side in range(2):
        detune = 1 + rng.uniform(-0.004, 0.004) + 0.002 * side
        chord = key_frequencies(clip.key, octave=4 if bright else 3)
        sides.append(sum(saw(f * detune, t) for f in chord))
    x = one_pole_lowpass(np.stack(sides, axis=1), 3500.0 if bright else 900.0, clip.sample_rate)
    if "gritty" in clip.prompt:
        x = np.tanh(3 * x) + 0.15 * rng.standard_normal(x.shape)
    return x * pulse(len(t), clip.sample_rate, clip.tempo, 1, 0.3)[:, None]


def synth_drone(clip: Clip, rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    root, _, fifth = key_frequencies(clip.key, octave=2)
    lfo = 0.5 + 0.5 * np.sin(2 * np.pi * clip.tempo / 60 / 4 * t + rng.uniform(0, np.pi))
    sides = [np.sin(2 * np.pi * root * t + lfo * s) + 0.5 * saw(fifth, t, 6) * lfo for s in (0, 1)]
    return np.stack(sides, axis=1)


def synth_noise(clip: Clip, rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    """White noise through a comb filter tuned to the key's root: pitched, gated in 16ths."""
    sr = clip.sample_rate
    noise = rng.standard_normal((len(t), 2))
    delay = round(sr / key_frequencies(clip.key)[0])
    combed = noise.copy()
    for k in range(1, 8):
        combed[k * delay :] += 0.8**k * noise[: -k * delay]
    x = one_pole_lowpass(combed, 3000.0, sr)
    if "distorted" in clip.prompt:
        x = np.tanh(2 * x / np.abs(x).max())
    return x * pulse(len(t), sr, clip.tempo, 4, 0.8)[:, None]


def synthesise(clip: Clip, seed: int) -> np.ndarray:
    """The clip as float32 (frames, channels), peaking at -6 dBFS."""
    rng = np.random.default_rng([seed, clip.tempo, clip.sample_rate])
    n = int(clip.seconds * clip.sample_rate)
    t = np.arange(n) / clip.sample_rate
    x = {"pad": synth_pad, "drone": synth_drone, "noise": synth_noise}[clip.kind](clip, rng, t)
    x = x * envelope(n, clip.sample_rate, 0.3, 0.5)[:, None]
    x = x if clip.channels == 2 else x.mean(axis=1, keepdims=True)
    return (0.5 * x / np.abs(x).max()).astype(np.float32)


def flac_bytes(audio: np.ndarray, sample_rate: int, clip: Clip) -> bytes:
    buffer = io.BytesIO()
    with sf.SoundFile(
        buffer, "w", sample_rate, audio.shape[1], format="FLAC", subtype="PCM_16"
    ) as f:
        f.title, f.artist, f.copyright, f.license = clip.prompt, AUTHOR, AUTHOR, LICENCE
        f.write(audio)
    return buffer.getvalue()


def csv_text(rows: list[dict[str, object]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def kept_rows(csv_path: Path, prefix: str) -> tuple[list[dict[str, str]], list[str]]:
    """Rows of an existing CSV that are not ours, and its extra columns, so nothing is lost."""
    if not csv_path.exists():
        return [], []
    with open(csv_path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if not (r.get("file") or "").startswith(prefix)]
        extra = [c for c in reader.fieldnames or [] if c not in CSV_COLUMNS]
    return rows, extra


def clip_path(out: str | Path, clip: Clip) -> Path:
    """Where `write_demo` puts a clip: `<out>/<name>.flac`."""
    return Path(out) / f"{clip.name}.flac"


def write_demo(out: str | Path, csv_path: str | Path, seed: int = 0) -> list[Path]:
    """Write every clip and merge their rows into the CSV; returns the audio paths."""
    out, csv_path = Path(out), Path(csv_path)
    prefix = out.resolve().relative_to(csv_path.parent.resolve()).as_posix() + "/"
    rows, extra = kept_rows(csv_path, prefix)
    paths = []
    for clip in CLIPS:
        path = clip_path(out, clip)
        write_bytes_atomic(path, flac_bytes(synthesise(clip, seed), clip.sample_rate, clip))
        paths.append(path)
        row = {"file": prefix + path.name, "licence": LICENCE, "author": AUTHOR, "source_url": ""}
        rows.append(
            row | {k: getattr(clip, k) for k in ("prompt", "tempo", "key", "genre", "instrument")}
        )
    write_text_atomic(
        csv_path, csv_text(sorted(rows, key=lambda r: r["file"]), CSV_COLUMNS + extra)
    )
    return paths


@hydra.main(version_base="1.3", config_path="../conf", config_name="demo_data")
def main(cfg: DictConfig) -> None:
    paths = write_demo(cfg.out, cfg.csv, cfg.seed)
    total = sum(p.stat().st_size for p in paths)
    print(
        f"wrote {len(paths)} clips ({total / 1e6:.2f} MB) to {cfg.out} and their rows to {cfg.csv}"
    )


if __name__ == "__main__":
    main()
