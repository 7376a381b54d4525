"""The stage loop: status generating -> generate -> post-process -> store -> deliver -> ready.

`Engine` is what the UI and the CLI hold: one warm generator, the post-processing chain, the
fragment store and the OSC delivery, built from config by `build_engine`. Every input is checked
before any work starts and every failure becomes a `GenerationError` with a message for the
performer (and a `/sao/status error` for the device); nothing a failure does touches earlier
fragments or the history.

Beyond text-to-audio, a request may start from init audio (`InitAudio`: a history fragment, a riff
of the library or a file, with a strength; inference/variation.py), steer away from a negative
prompt, and ask for a loop of N bars at the prompt's Tempo. The engine also holds what the device
and the projector share: Live's tempo (`set_tempo`), the current request that `/sao/generate`
replays (`set_current`), and the stage status (`status`: state, prompt, step, total).
"""

from __future__ import annotations

import functools
import math
import platform
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from importlib.metadata import version
from typing import Any

import hydra
from hydra.errors import InstantiationException
from omegaconf import DictConfig, OmegaConf

from inference.delivery import DeliveryResult, OscDelivery, check_target
from inference.generator import MAX_SEED, Generator
from inference.postprocess import Postprocessor
from inference.prompt import build_prompt, parse_tempo
from inference.riffs import RiffLibrary
from inference.store import Fragment, FragmentStore, StoreError
from inference.variation import (
    INIT_KINDS,
    MAX_TEMPO,
    MIN_TEMPO,
    InitAudio,
    InitError,
    InitSource,
    auto_bars,
    load_init,
    loop_samples,
)

__all__ = [
    "DeliveryResult",
    "Engine",
    "Fragment",
    "GenerationError",
    "GenerationRequest",
    "InitAudio",
    "StageView",
    "build_engine",
]

Progress = Callable[[int, int], None]
MAX_STEPS = 1000


@functools.cache
def versions() -> dict[str, str]:
    names = ("torch", "stable-audio-tools", "numpy", "librosa", "pyloudnorm", "python-osc")
    return {"python": platform.python_version(), **{name: version(name) for name in names}}


class GenerationError(ValueError):
    """A clear, user-facing reason why a fragment was not made (bad input or a failure)."""


@dataclass(frozen=True)
class GenerationRequest:
    prompt: str  # the composed performer prompt (inference/prompt.py)
    seconds: float = 4.0
    steps: int = 20
    cfg_scale: float = 6.0
    seed: int | None = None  # None = random; the seed used is stored in the Fragment
    sampler: str | None = None  # None = the model's default sampler
    negative_prompt: str | None = None  # steered away from (needs cfg_scale other than 1)
    init: InitAudio | None = None  # audio-to-audio: the source and the strength
    bars: int | str | None = None  # a loop of N bars at the prompt's Tempo ("auto"); None = no loop


@dataclass(frozen=True)
class StageView:
    """What the engine is doing, for every page and the projector."""

    state: str  # idle | generating | ready
    prompt: str
    step: int
    total: int


class Stage:
    """The engine's status, whoever asked for the fragment (the page, the device, the CLI)."""

    def __init__(self, last: Fragment | None = None) -> None:
        self._lock = threading.Lock()
        # After a restart the projector shows the last fragment's prompt, not an empty screen.
        self._view = StageView("ready", last.prompt, 1, 1) if last else StageView("idle", "", 0, 0)
        self._before = self._view

    def begin(self, prompt: str, total: int) -> None:
        with self._lock:
            self._before, self._view = self._view, StageView("generating", prompt, 0, total)

    def advance(self, step: int, total: int) -> None:
        with self._lock:
            self._view = StageView("generating", self._view.prompt, step, total)

    def finish(self) -> None:
        with self._lock:
            self._view = StageView("ready", self._view.prompt, 1, 1)

    def fail(self) -> None:
        """Back to what was shown before: a failed generation is not the audience's business."""
        with self._lock:
            self._view = self._before

    def view(self) -> StageView:
        with self._lock:
            return self._view


REQUEST_FIELDS = {f.name for f in fields(GenerationRequest)}


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise GenerationError(f"{name}: {value!r} is not a number")
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise GenerationError(f"{name}: {value!r} is not a number") from None
    if not math.isfinite(number):
        raise GenerationError(f"{name}: {value!r} is not a finite number")
    return number


def _whole(name: str, value: Any) -> int:
    number = _number(name, value)
    if number != int(number):
        raise GenerationError(f"{name}: {value!r} is not a whole number")
    return int(number)


class Engine:
    """Loads a bundle once (warm), then makes, stores, lists and delivers fragments."""

    def __init__(
        self,
        generator: Generator,
        postprocessor: Postprocessor,
        store: FragmentStore,
        delivery: OscDelivery,
        defaults: Mapping[str, Any] | None = None,
        warmup: bool = True,
        riffs: RiffLibrary | None = None,
        loop: Mapping[str, Any] | None = None,
        tempo_lock: bool = True,
    ) -> None:
        self.generator = generator
        self.postprocessor = postprocessor
        self.store = store
        self.delivery = delivery
        self.defaults = {k: v for k, v in (defaults or {}).items() if k in REQUEST_FIELDS}
        self.max_seconds: float = generator.max_seconds
        self.riffs = riffs
        self.loop_options = {"bars": "auto", "choices": [1, 2, 4, 8], "max_seconds": None}
        self.loop_options.update(loop or {})
        self.tempo_lock = tempo_lock
        self.live_tempo: float | None = None  # Live's tempo (/sao/tempo), None until it arrives
        self.current: GenerationRequest | None = None  # what /sao/generate replays
        if self.defaults.get("prompt"):
            self.current = self.default_request(str(self.defaults["prompt"]))
        self._lock = threading.Lock()
        try:
            store.check_writable()
        except StoreError as err:
            raise GenerationError(str(err)) from err
        if warmup:
            postprocessor.warm_up(generator.sample_rate)
        self.stage = Stage(next(iter(store.history()), None))

    # -- requests ---------------------------------------------------------------------------------

    def default_request(self, prompt: str = "") -> GenerationRequest:
        """A request with the configured defaults (conf/inference: request)."""
        return GenerationRequest(**{**self.defaults, "prompt": prompt})

    def validate(
        self, request: GenerationRequest, chain: Postprocessor | None = None
    ) -> GenerationRequest:
        """The request with every field checked and converted; the error names the bad field.

        A loop's bar count is resolved ("auto" -> 1, 2, 4 or 8), its Tempo written into the prompt
        when only Live's tempo is known, and its length computed (`chain`'s crossfade included).
        """
        prompt = request.prompt.strip() if isinstance(request.prompt, str) else ""
        if not prompt:
            raise GenerationError("prompt: empty; type what you want to hear")
        bars = self._check_bars(request.bars)
        if bars is not None:
            prompt, bars, seconds = self._loop_length(prompt, bars, chain or self.postprocessor)
            request = replace(request, seconds=seconds)
        seconds = _number("seconds", request.seconds)
        if seconds <= 0:
            raise GenerationError(f"seconds: must be more than 0, got {seconds:g}")
        if seconds > self.max_seconds + 1e-9:
            raise GenerationError(
                f"seconds: {seconds:g} is beyond this model's maximum of {self.max_seconds:.2f} s"
            )
        steps = _whole("steps", request.steps)
        if not 1 <= steps <= MAX_STEPS:
            raise GenerationError(f"steps: must be between 1 and {MAX_STEPS}, got {steps}")
        cfg_scale = _number("cfg_scale", request.cfg_scale)
        if cfg_scale < 0:
            raise GenerationError(f"cfg_scale: must be 0 or more, got {cfg_scale:g}")
        seed = request.seed
        if seed is not None and not (isinstance(seed, str) and not seed.strip()):
            seed = _whole("seed", seed)
            if not 0 <= seed <= MAX_SEED:
                raise GenerationError(f"seed: must be between 0 and {MAX_SEED}, got {seed}")
        else:
            seed = None
        sampler = str(request.sampler) if request.sampler else None
        try:
            self.generator.check_sampler(sampler or self.generator.default_sampler, steps)
        except ValueError as err:
            raise GenerationError(str(err)) from None
        negative = self._check_negative(request.negative_prompt, cfg_scale)
        init = self._check_init(request.init)
        return GenerationRequest(
            prompt, seconds, steps, cfg_scale, seed, sampler, negative, init, bars
        )

    def _check_negative(self, negative: Any, cfg_scale: float) -> str | None:
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
    def _check_init(init: Any) -> InitAudio | None:
        if init is None:
            return None
        if not isinstance(init, InitAudio):
            raise GenerationError(f"init: {init!r} is not an InitAudio")
        if init.kind not in INIT_KINDS:
            raise GenerationError(f"init: kind '{init.kind}' is not one of {', '.join(INIT_KINDS)}")
        if not isinstance(init.ref, str) or not init.ref.strip():
            raise GenerationError(f"init: no {init.kind} given")
        strength = _number("strength", init.strength)
        if not 0.0 <= strength <= 1.0:
            raise GenerationError(f"strength: must be between 0 and 1, got {strength:g}")
        return replace(init, ref=init.ref.strip(), strength=strength)

    @staticmethod
    def _check_bars(bars: Any) -> int | str | None:
        if bars is None or (isinstance(bars, str) and bars.strip().lower() in ("", "off", "none")):
            return None
        if isinstance(bars, str) and bars.strip().lower() == "auto":
            return "auto"
        count = _whole("bars", bars)
        if count < 1:
            raise GenerationError(f"bars: must be 1 or more (or auto), got {count}")
        return count

    def _loop_length(
        self, prompt: str, bars: int | str, chain: Postprocessor
    ) -> tuple[str, int, float]:
        """(prompt with its Tempo, bar count, seconds to generate) for a loop."""
        tempo = parse_tempo(prompt)
        if tempo is None and self.live_tempo:
            prompt = build_prompt(prompt, tempo=self.live_tempo)
            tempo = parse_tempo(prompt)  # as the prompt spells it, so regeneration agrees
        if tempo is None:
            raise GenerationError(
                "bars: a loop needs a tempo: add Tempo to the prompt, or let the device send "
                "Live's tempo (/sao/tempo)"
            )
        beats = int(chain.steps["crop_bars"].beats_per_bar)
        sr = self.generator.sample_rate
        crossfade = chain.loop_crossfade_samples(sr)
        most = self.generator.bundle.model_config["sample_size"]
        if bars == "auto":
            bars = self.loop_options["bars"]
        if bars == "auto":
            cap = self.loop_options.get("max_seconds")
            limit = min(most, round(float(cap) * sr)) if cap else most
            bars = auto_bars(tempo, beats, sr, limit, self.loop_options["choices"], crossfade)
            if bars is None:
                raise GenerationError(
                    f"bars: not even {min(self.loop_options['choices'])} bar(s) at {tempo:g} BPM "
                    f"fit in {limit / sr:.2f} s"
                )
        bars = int(bars)
        total = loop_samples(bars, tempo, beats, sr) + crossfade
        if total > most:
            raise GenerationError(
                f"bars: {bars} bars at {tempo:g} BPM last {total / sr:.2f} s with the crossfade, "
                f"beyond this model's maximum of {self.max_seconds:.2f} s"
            )
        return prompt, bars, total / sr

    # -- the stage loop ---------------------------------------------------------------------------

    def generate(
        self, request: GenerationRequest, progress: Progress | None = None, remember: bool = False
    ) -> Fragment:
        """Make one fragment: checked, generated, post-processed, stored, delivered, listed.

        `remember`: on success the request becomes the current one (what `/sao/generate` replays).
        """
        fragment = self._make(request, progress, self.postprocessor)
        if remember:
            if request.init is not None and request.init.kind == "file":  # the kept copy
                request = replace(request, init=replace(request.init, ref=fragment.init["ref"]))
            self.set_current(request)
        return fragment

    def generate_current(self, progress: Progress | None = None) -> Fragment:
        """The current request again (new seed unless it was locked), at Live's tempo if known."""
        if self.current is None:
            raise self._fail(
                "no current prompt: generate once from the page, or start with "
                "inference.request.prompt=..."
            )
        request = replace(self.current, prompt=self._locked(self.current.prompt))
        return self._make(request, progress, self.postprocessor)

    def vary(
        self,
        fragment_id: str,
        strength: float,
        progress: Progress | None = None,
        seed: int | None = None,
        lock_tempo: bool = False,
    ) -> Fragment:
        """A variation of a history fragment: audio-to-audio from its audio at `strength`, with
        its prompt and settings and a new seed; a loop stays a loop of the same bars."""
        parent = self._source(fragment_id)
        prompt = self._locked(parent.prompt) if lock_tempo else parent.prompt
        request = replace(
            self._request_of(parent),
            prompt=prompt,
            seconds=parent.duration,
            seed=seed,
            init=InitAudio("fragment", parent.id, strength),
        )
        return self._make(request, progress, self.postprocessor, parent.id)

    def loop(
        self, fragment_id: str, bars: int | str = "auto", progress: Progress | None = None
    ) -> Fragment:
        """A history fragment again (same prompt, seed and init audio) as a loop of `bars` bars
        at Live's tempo when known, else at the fragment's own Tempo."""
        source = self._source(fragment_id)
        request = replace(self._request_of(source), prompt=self._locked(source.prompt), bars=bars)
        if request.bars in (None, "", "off"):
            raise self._fail("bars: say how many bars the loop has (1, 2, 4, 8 or auto)")
        return self._make(request, progress, self.postprocessor, source.id)

    def _source(self, fragment_id: str) -> Fragment:
        try:
            return self.get(fragment_id)
        except GenerationError as err:
            raise self._fail(str(err)) from None

    def _request_of(self, fragment: Fragment) -> GenerationRequest:
        """What a fragment was made from, as a request (a foreign model's sampler left out)."""
        init = None
        if fragment.init:
            record = fragment.init
            init = InitAudio(
                record["kind"], record["ref"], record["strength"], record.get("sha256"),
                record.get("noise_level"),
            )  # fmt: skip
        same_model = fragment.bundle_sha256 == self.generator.bundle.weights_sha256
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

    def _locked(self, prompt: str) -> str:
        """The prompt with Live's tempo as its Tempo (when locked and known)."""
        if self.tempo_lock and self.live_tempo:
            return build_prompt(prompt, tempo=self.live_tempo)
        return prompt

    def set_tempo(self, bpm: Any) -> float:
        """Live's tempo (from `/sao/tempo`)."""
        try:
            tempo = _number("tempo", bpm)
            if not MIN_TEMPO <= tempo <= MAX_TEMPO:
                raise GenerationError(
                    f"tempo: {tempo:g} BPM is outside Live's {MIN_TEMPO:g}..{MAX_TEMPO:g}"
                )
        except GenerationError as err:
            raise self._fail(str(err)) from None
        self.live_tempo = tempo
        return tempo

    def set_current(self, request: GenerationRequest) -> None:
        """What `/sao/generate` plays next (the page sets it on each generation)."""
        self.current = request

    def status(self) -> StageView:
        """State, prompt, step and total of the engine, whoever started the generation."""
        return self.stage.view()

    def regenerate(self, fragment_id: str, progress: Progress | None = None) -> Fragment:
        """The same prompt, seed, settings and post-processing again: bit-identical on CPU."""
        original = self._source(fragment_id)
        if original.bundle_sha256 != self.generator.bundle.weights_sha256:
            raise self._fail(
                f"fragment {fragment_id} was made with another model (weights "
                f"{original.bundle_sha256[:12]}, "
                f"loaded {self.generator.bundle.weights_sha256[:12]})"
            )
        request = self._request_of(original)
        chain = Postprocessor.from_record(original.postprocess)
        return self._make(request, progress, chain, original.id, original.sampler_options or None)

    def _make(
        self,
        request: GenerationRequest,
        progress: Progress | None,
        chain: Postprocessor,
        parent_id: str | None = None,
        sampler_options: dict | None = None,
    ) -> Fragment:
        try:
            request = self.validate(request, chain)
            if request.bars is not None:
                chain = chain.for_loop(request.bars)
            self.store.check_writable()
            source = self._load_init(request) if request.init is not None else None
        except (GenerationError, StoreError) as err:
            raise self._fail(str(err)) from err
        parent_id = parent_id or (source.parent_id if source else None)
        with self._lock:
            self.delivery.send_status("generating", request.prompt)
            self.stage.begin(request.prompt, request.steps)
            try:
                fragment, provenance = self._produce(
                    request, self._tracked(progress), chain, parent_id, sampler_options, source
                )
            except Exception as err:  # noqa: BLE001 - any failure is reported the same way
                self.stage.fail()
                raise self._fail(f"generation failed: {err}") from err
            result = self.delivery.send_fragment(fragment)
            fragment = replace(fragment, delivery=result.describe())
            try:
                self.store.record(fragment, provenance)
            except StoreError as err:
                self.stage.fail()
                raise self._fail(f"{fragment.path} written, but not listed: {err}") from err
            self.stage.finish()
            self.delivery.send_status("ready", f"{fragment.id} {fragment.duration:.2f} s")
            return fragment

    def _tracked(self, progress: Progress | None) -> Progress:
        """The caller's progress callback, mirrored into the stage status."""

        def report(step: int, total: int) -> None:
            self.stage.advance(step, total)
            if progress is not None:
                progress(step, total)

        return report

    def _load_init(self, request: GenerationRequest) -> InitSource:
        """The request's init audio (checked, stretched to the prompt's Tempo) and its level."""
        init = request.init
        try:
            source = load_init(init, self.store, self.riffs, parse_tempo(request.prompt))
        except InitError as err:
            raise GenerationError(str(err)) from None
        level = init.noise_level or self.generator.noise_level(init.strength)
        return replace(source, noise_level=level, record={**source.record, "noise_level": level})

    def _produce(
        self,
        request: GenerationRequest,
        progress: Progress | None,
        chain: Postprocessor,
        parent_id: str | None,
        sampler_options: dict | None,
        source: InitSource | None = None,
    ) -> tuple[Fragment, dict[str, Any]]:
        """Generate, post-process and write the WAV: the fragment and its provenance."""
        started = time.perf_counter()
        generated = self.generator.generate(
            request.prompt, request.seconds, request.steps, request.cfg_scale,
            request.seed, request.sampler, progress, sampler_options,
            init_audio=(source.audio, source.sample_rate) if source else None,
            init_noise_level=source.noise_level if source else None,
            negative_prompt=request.negative_prompt,
        )  # fmt: skip
        generated_at = time.perf_counter()
        audio, applied = chain.process(generated.audio, generated.sample_rate, request.prompt)
        processed_at = time.perf_counter()
        fragment = self.store.write_audio(
            audio,
            generated.sample_rate,
            prompt=request.prompt,
            seed=generated.seed,
            steps=request.steps,
            cfg_scale=request.cfg_scale,
            sampler=generated.sampler,
            bundle_sha256=self.generator.bundle.weights_sha256,
            postprocess=applied,
            parent_id=parent_id,
            seconds=generated.seconds,
            sampler_options=generated.sampler_options,
            negative_prompt=request.negative_prompt,
            init=source.record if source else {},
            bars=request.bars,
        )
        timings = {
            "generate_ms": 1e3 * (generated_at - started),
            "postprocess_ms": 1e3 * (processed_at - generated_at),
            "write_ms": 1e3 * (time.perf_counter() - processed_at),
        }
        return fragment, self._provenance(generated, timings)

    def _fail(self, message: str) -> GenerationError:
        self.delivery.send_status("error", message)
        return GenerationError(message)

    def _provenance(self, generated, timings: dict[str, float]) -> dict[str, Any]:
        bundle = self.generator.bundle
        return {
            "bundle": str(bundle.path),
            "bundle_provenance": bundle.provenance,
            "diffusion_objective": self.generator.objective,
            "generated_samples": generated.generated_samples,
            "device": str(self.generator.device),
            "vae_dtype": str(self.generator.vae_dtype),
            "timings_ms": timings,
            "versions": versions(),
        }

    # -- history and delivery ---------------------------------------------------------------------

    def history(self) -> list[Fragment]:
        """Every fragment made into this fragments folder, newest first (survives restarts)."""
        return self.store.history()

    def get(self, fragment_id: str) -> Fragment:
        fragment = self.store.get(str(fragment_id))
        if fragment is None:
            raise GenerationError(f"fragment '{fragment_id}' is not in {self.store.index_path}")
        return fragment

    def resend(self, fragment_id: str) -> DeliveryResult:
        """Send `/sao/fragment` again for a stored fragment (e.g. after Max was restarted)."""
        fragment = self.get(fragment_id)
        if not fragment.path.is_file():
            return DeliveryResult(self.delivery.target, False, f"{fragment.path} no longer exists")
        return self.delivery.send_fragment(fragment)

    def set_delivery(self, host: str, port: int) -> None:
        """Point OSC at another host/port, effective from the next message."""
        try:
            check_target(host, port)
        except ValueError as err:
            raise GenerationError(str(err)) from None
        self.delivery.set_target(host, port)

    def set_postprocess(self, **enabled: bool) -> None:
        """Switch post-processing steps on or off by name, e.g. `trim=False`."""
        try:
            self.postprocessor = self.postprocessor.with_enabled(**enabled)
        except ValueError as err:
            raise GenerationError(str(err)) from None

    @property
    def postprocess_steps(self) -> dict[str, bool]:
        return self.postprocessor.enabled

    @property
    def delivery_target(self) -> str:
        return self.delivery.target

    @property
    def sample_rate(self) -> int:
        return self.generator.sample_rate


def build_engine(cfg: DictConfig) -> Engine:
    """An Engine from a composed config (groups inference, postprocess, delivery and paths;
    riffs when the entry point has it)."""
    try:
        store = hydra.utils.instantiate(cfg.inference.store)
        store.check_writable()  # before minutes of model loading
        riffs = hydra.utils.instantiate(cfg.riffs) if cfg.get("riffs") else None
        generator = hydra.utils.instantiate(cfg.inference.generator)
    except Exception as err:  # noqa: BLE001 - every start-up failure gets one clear message
        cause = err.__cause__ if isinstance(err, InstantiationException) and err.__cause__ else err
        clear = isinstance(cause, ValueError | StoreError)  # BundleError is a ValueError
        raise GenerationError(str(cause) if clear else f"cannot load the model: {cause!r}") from err
    return Engine(
        generator,
        hydra.utils.instantiate(cfg.postprocess),
        store,
        hydra.utils.instantiate(cfg.delivery),
        defaults=OmegaConf.to_container(cfg.inference.request, resolve=True),
        warmup=bool(cfg.inference.get("warmup", True)),
        riffs=riffs,
        loop=OmegaConf.to_container(cfg.inference.loop, resolve=True)
        if "loop" in cfg.inference
        else None,
        tempo_lock=bool(cfg.inference.get("tempo_lock", True)),
    )
