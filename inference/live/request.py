"""What the performer asks for, and the checks every request passes before any work starts.

`GenerationRequest` is one request (from the page, the CLI or the device); `RequestChecker`
converts and checks each field against the loaded model and names the bad one in a
`GenerationError`. A loop request is resolved here too: its bar count ("auto" -> the largest
configured count that fits), its Tempo (Live's, when the prompt has none) and its length.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core.prompt import build_prompt, parse_tempo
from inference.audio.tempo import auto_bars, loop_samples
from inference.live.init import INIT_KINDS, InitAudio
from inference.model.adapters import BlendError

if TYPE_CHECKING:
    from inference.audio.postprocess import Postprocessor
    from inference.live.store import Fragment
    from inference.model.generator import Generator

MAX_STEPS = 1000  # a guard against typos, far beyond any sampler's useful range
MAX_SEED = 2**32 - 1  # upstream draws random seeds below this


class GenerationError(ValueError):
    """A clear, user-facing reason why a fragment was not made (bad input or a failure)."""


@dataclass(frozen=True)
class GenerationRequest:
    prompt: str  # the composed performer prompt (core/prompt.py)
    seconds: float
    steps: int
    cfg_scale: float
    seed: int | None = None  # None = random; the seed used is stored in the Fragment
    sampler: str | None = None  # None = the model's default sampler
    negative_prompt: str | None = None  # steered away from (needs cfg_scale other than 1)
    init: InitAudio | None = None  # audio-to-audio: the source and the strength
    bars: int | str | None = None  # a loop of N bars at the prompt's Tempo ("auto"); None = no loop
    blend: tuple[tuple[str, float], ...] | None = None  # adapter strengths; None = the live blend


@dataclass(frozen=True)
class LoopSettings:
    """conf/inference `loop`: what "auto" bars may become."""

    bars: int | str  # what a loop of "auto" bars gets: "auto" or a fixed count
    choices: Sequence[int]
    max_seconds: float | None  # auto never goes beyond this; None = the model's maximum


def number(name: str, value: Any) -> float:
    """`value` as a finite float; GenerationError naming `name` otherwise (bools are refused)."""
    if isinstance(value, bool):
        raise GenerationError(f"{name}: {value!r} is not a number")
    try:
        result = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise GenerationError(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(result):
        raise GenerationError(f"{name}: {value!r} is not a finite number")
    return result


def whole(name: str, value: Any) -> int:
    result = number(name, value)
    if result != int(result):
        raise GenerationError(f"{name}: {value!r} is not a whole number")
    return int(result)


def request_of(fragment: Fragment, same_model: bool) -> GenerationRequest:
    """What a fragment was made from, as a request (a foreign model's sampler left out:
    `same_model` says whether the loaded weights made it)."""
    init = None
    if fragment.init:
        record = fragment.init
        init = InitAudio(
            record["kind"], record["ref"], record["strength"], record.get("sha256"),
            record.get("noise_level"),
        )  # fmt: skip
    return GenerationRequest(
        fragment.prompt,
        fragment.seconds or fragment.duration,
        fragment.steps,
        fragment.cfg_scale,
        fragment.seed,
        fragment.sampler if same_model else None,
        fragment.negative_prompt,
        init,
        fragment.bars,
    )


class RequestChecker:
    """Checks requests against one loaded model and the loop settings."""

    def __init__(self, generator: Generator, loop: LoopSettings) -> None:
        self.generator = generator
        self.loop = loop

    def check(
        self, request: GenerationRequest, chain: Postprocessor, live_tempo: float | None
    ) -> GenerationRequest:
        """The request with every field checked and converted; the error names the bad field.

        A loop's bar count is resolved, its Tempo written into the prompt when only Live's tempo
        is known, and its length computed (`chain`'s loop crossfade included).
        """
        prompt = request.prompt.strip() if isinstance(request.prompt, str) else ""
        if not prompt:
            raise GenerationError("prompt: empty; type what you want to hear")
        bars = self.bars(request.bars)
        seconds = request.seconds
        if bars is not None:
            prompt, bars, seconds = self.loop_length(prompt, bars, chain, live_tempo)
        seconds = self.seconds(seconds)
        steps = whole("steps", request.steps)
        if not 1 <= steps <= MAX_STEPS:
            raise GenerationError(f"steps: must be between 1 and {MAX_STEPS}, got {steps}")
        cfg_scale = number("cfg_scale", request.cfg_scale)
        if cfg_scale < 0:
            raise GenerationError(f"cfg_scale: must be 0 or more, got {cfg_scale:g}")
        seed = self.seed(request.seed)
        sampler = str(request.sampler) if request.sampler else None
        try:
            self.generator.check_sampler(sampler or self.generator.default_sampler, steps)
        except ValueError as err:
            raise GenerationError(str(err)) from None
        negative = self.negative(request.negative_prompt, cfg_scale)
        init = self.init(request.init)
        blend = self.blend(request.blend)
        return GenerationRequest(
            prompt, seconds, steps, cfg_scale, seed, sampler, negative, init, bars, blend
        )

    def blend(self, blend: Any) -> tuple[tuple[str, float], ...] | None:
        """Every loaded adapter's strength, checked (`inference.model.adapters`)."""
        if blend is None:
            return None
        try:
            return self.generator.adapters.full(dict(blend))
        except (BlendError, TypeError, ValueError) as err:
            raise GenerationError(f"blend: {err}") from None

    def seconds(self, value: Any) -> float:
        seconds = number("seconds", value)
        if seconds <= 0:
            raise GenerationError(f"seconds: must be more than 0, got {seconds:g}")
        if seconds > self.generator.max_seconds + 1e-9:
            raise GenerationError(
                f"seconds: {seconds:g} is beyond this model's maximum of "
                f"{self.generator.max_seconds:.2f} s"
            )
        return seconds

    @staticmethod
    def seed(value: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        seed = whole("seed", value)
        if not 0 <= seed <= MAX_SEED:
            raise GenerationError(f"seed: must be between 0 and {MAX_SEED}, got {seed}")
        return seed

    def negative(self, negative: Any, cfg_scale: float) -> str | None:
        """Upstream honours a negative prompt (with every sampler) only through classifier-free
        guidance on a cross-attention prompt: anything else would be silently ignored, so it is
        refused with the reason instead."""
        negative = negative.strip() if isinstance(negative, str) else ""
        if not negative:
            return None
        if not self.generator.supports_negative_prompt:
            raise GenerationError(
                "negative_prompt: this model's prompt is not a cross-attention input, so it "
                "cannot be steered away from; clear the negative prompt"
            )
        if cfg_scale == 1.0:
            raise GenerationError(
                "negative_prompt: has no effect at cfg_scale 1 (classifier-free guidance is "
                "off); raise cfg_scale or clear the negative prompt"
            )
        return negative

    @staticmethod
    def init(init: Any) -> InitAudio | None:
        if init is None:
            return None
        if not isinstance(init, InitAudio):
            raise GenerationError(f"init: {init!r} is not an InitAudio")
        if init.kind not in INIT_KINDS:
            raise GenerationError(f"init: kind '{init.kind}' is not one of {', '.join(INIT_KINDS)}")
        if not isinstance(init.ref, str) or not init.ref.strip():
            raise GenerationError(f"init: no {init.kind} given")
        strength = number("strength", init.strength)
        if not 0.0 <= strength <= 1.0:
            raise GenerationError(f"strength: must be between 0 and 1, got {strength:g}")
        return replace(init, ref=init.ref.strip(), strength=strength)

    @staticmethod
    def bars(bars: Any) -> int | str | None:
        """None (not a loop), "auto", or a whole number of bars."""
        if bars is None or (isinstance(bars, str) and bars.strip().lower() in ("", "off", "none")):
            return None
        if isinstance(bars, str) and bars.strip().lower() == "auto":
            return "auto"
        count = whole("bars", bars)
        if count < 1:
            raise GenerationError(f"bars: must be 1 or more (or auto), got {count}")
        return count

    def loop_length(
        self, prompt: str, bars: int | str, chain: Postprocessor, live_tempo: float | None
    ) -> tuple[str, int, float]:
        """(prompt with its Tempo, bar count, seconds to generate) for a loop."""
        tempo = parse_tempo(prompt)
        if tempo is None and live_tempo:
            prompt = build_prompt(prompt, tempo=live_tempo)
            tempo = parse_tempo(prompt)  # as the prompt spells it, so regeneration agrees
        if tempo is None:
            raise GenerationError(
                "bars: a loop needs a tempo: add Tempo to the prompt, or let the device send "
                "Live's tempo (/sao/tempo)"
            )
        beats = chain.beats_per_bar
        sr = self.generator.sample_rate
        most = self.generator.max_samples
        crossfade = chain.loop_crossfade_samples(sr)
        if bars == "auto":
            bars = self.loop.bars
        if bars == "auto":
            cap = self.loop.max_seconds
            limit = min(most, round(float(cap) * sr)) if cap else most
            bars = auto_bars(tempo, beats, sr, limit, self.loop.choices, crossfade)
            if bars is None:
                raise GenerationError(
                    f"bars: not even {min(self.loop.choices)} bar(s) at {tempo:g} BPM "
                    f"fit in {limit / sr:.2f} s"
                )
        bars = int(bars)
        total = loop_samples(bars, tempo, beats, sr) + crossfade
        if total > most:
            raise GenerationError(
                f"bars: {bars} bars at {tempo:g} BPM last {total / sr:.2f} s with the crossfade, "
                f"beyond this model's maximum of {self.generator.max_seconds:.2f} s"
            )
        return prompt, bars, total / sr
