"""The stage loop: status generating -> generate -> post-process -> write -> list -> send -> ready.

`Engine` is what the UI, the CLI and the OSC listener hold: one warm generator, the post-processing
chain, the fragment store, the OSC delivery and the riff library, built from config by
`build_engine`. Every request is checked first (`inference.live.request`) and every failure
becomes a `GenerationError` with a message for the performer (and a `/sao/status error` for the
device); nothing a failure does touches earlier fragments or the history.

Beyond text-to-audio, a request may start from init audio (a history fragment, a riff or a file,
`inference.live.init`), steer away from a negative prompt, and ask for a loop of N bars at the
prompt's Tempo. The engine also holds what the device and the projector share: Live's tempo
(`set_tempo`), the current request that `/sao/generate` replays (`set_current`), the adapter
blend (`set_blend`, `inference.live.blend`), the stage status (`status`) and the projector's
credits switch (`credits`, `inference.live.credits`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import hydra
from hydra.errors import InstantiationException
from omegaconf import DictConfig, OmegaConf

from core.prompt import build_prompt, parse_tempo
from inference.audio.postprocess import Postprocessor
from inference.audio.tempo import MAX_TEMPO, MIN_TEMPO
from inference.live.blend import DeviceControls, LiveBlend
from inference.live.credits import ProjectorCredits, credit_sources
from inference.live.delivery import DeliveryResult, OscDelivery, check_target
from inference.live.init import InitAudio, InitError, InitSource, load_init
from inference.live.render import render
from inference.live.request import (
    GenerationError,
    GenerationRequest,
    LoopSettings,
    RequestChecker,
    number,
    request_of,
)
from inference.live.riffs import RiffLibrary
from inference.live.status import Stage, StageView
from inference.live.store import Fragment, FragmentStore, StoreError
from inference.model.generator import Generator

__all__ = ["DeliveryResult", "Engine", "Fragment", "GenerationError", "GenerationRequest",
           "InitAudio", "StageView", "build_engine"]  # fmt: skip

Progress = Callable[[int, int], None]
REQUEST_FIELDS = {f.name for f in fields(GenerationRequest)}


class Engine(DeviceControls):
    """Loads a bundle once (warm), then makes, stores, lists and delivers fragments."""

    def __init__(
        self,
        generator: Generator,
        postprocessor: Postprocessor,
        store: FragmentStore,
        delivery: OscDelivery,
        riffs: RiffLibrary | None,
        defaults: Mapping[str, Any],
        loop: LoopSettings,
        warmup: bool,
        tempo_lock: bool,
    ) -> None:
        """`defaults` is conf/inference `request`, `loop` its `loop`: what requests start from."""
        self.generator = generator
        self.postprocessor = postprocessor
        self.store = store
        self.delivery = delivery
        self.riffs = riffs
        self.defaults = {k: v for k, v in defaults.items() if k in REQUEST_FIELDS}
        self.checker = RequestChecker(generator, loop)
        self.tempo_lock = tempo_lock
        self.live_tempo: float | None = None  # Live's tempo (/sao/tempo), None until it arrives
        self.current: GenerationRequest | None = None  # what /sao/generate replays
        if self.defaults.get("prompt"):
            self.current = self.default_request(str(self.defaults["prompt"]))
        self.blend = LiveBlend(generator.adapters, generator.start_blend)
        self.credits = ProjectorCredits(credit_sources(generator))
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
        """The request checked and converted (`RequestChecker.check`) against this engine's model,
        `chain` (default: the current post-processing) and Live's tempo."""
        return self.checker.check(request, chain or self.postprocessor, self.live_tempo)

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
            self.request_from(parent),
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
        request = replace(
            self.request_from(source),
            prompt=self._locked(source.prompt),
            bars=bars,
        )
        if request.bars in (None, "", "off"):
            raise self._fail("bars: say how many bars the loop has (1, 2, 4, 8 or auto)")
        return self._make(request, progress, self.postprocessor, source.id)

    def _source(self, fragment_id: str) -> Fragment:
        try:
            return self.get(fragment_id)
        except GenerationError as err:
            raise self._fail(str(err)) from None

    def _same_model(self, fragment: Fragment) -> bool:
        return fragment.bundle_sha256 == self.generator.bundle.weights_sha256

    def _locked(self, prompt: str) -> str:
        """The prompt with Live's tempo as its Tempo (when locked and known)."""
        if self.tempo_lock and self.live_tempo:
            return build_prompt(prompt, tempo=self.live_tempo)
        return prompt

    def set_tempo(self, bpm: Any) -> float:
        """Live's tempo (from `/sao/tempo`)."""
        try:
            tempo = number("tempo", bpm)
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
        if not self._same_model(original):
            raise self._fail(
                f"fragment {fragment_id} was made with another model (weights "
                f"{original.bundle_sha256[:12]}, "
                f"loaded {self.generator.bundle.weights_sha256[:12]})"
            )
        request = replace(request_of(original, True), blend=self.recorded_blend(original))
        chain = self.postprocessor.from_record(original.postprocess)
        return self._make(request, progress, chain, original.id, original.sampler_options or None)

    def _make(
        self,
        request: GenerationRequest,
        progress: Progress | None,
        chain: Postprocessor,
        parent_id: str | None = None,
        sampler_options: dict | None = None,
    ) -> Fragment:
        request = replace(request, blend=request.blend or self.blend.current())  # None: live
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
                fragment, provenance = render(
                    self.generator, chain, self.store, request, self._tracked(progress),
                    parent_id, sampler_options, source,
                )  # fmt: skip
            except Exception as err:  # noqa: BLE001 - any failure is reported the same way
                self.stage.fail()
                raise self._fail(f"generation failed: {str(err) or repr(err)}") from err
            target = self.delivery.ready()
            fragment = replace(fragment, delivery=target.describe())
            self.blend.made(fragment.id)
            try:  # listed before Max hears of it: the device never holds an unlisted fragment
                self.store.record(fragment, provenance)
            except StoreError as err:
                self.stage.fail()
                raise self._fail(f"{fragment.path} written, but not listed: {err}") from err
            if target.ok:
                sent = self.delivery.send_fragment(fragment)
                fragment = replace(fragment, delivery=sent.describe())
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

    def _fail(self, message: str) -> GenerationError:
        self.delivery.send_status("error", message)
        return GenerationError(message)

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

    @property
    def max_seconds(self) -> float:
        return self.generator.max_seconds

    @property
    def fragments_dir(self) -> Path:
        return self.store.root

    def fragment_for(self, target: str) -> Fragment:
        """A listed fragment named by its id, or by the absolute path of its WAV inside the
        fragments folder (what the device holds); GenerationError says why not."""
        if "/" not in target and "\\" not in target:
            return self.get(target)
        if not Path(target).is_absolute() or not self.store.contains(target):
            raise GenerationError(
                f"path {target} is outside the fragments folder {self.store.root}"
            )
        resolved = Path(target).resolve()
        for fragment in self.store.history():
            if fragment.path.resolve() == resolved:
                return fragment
        raise GenerationError(f"{target} is not a fragment in {self.store.index_path}")

    # -- the riff library -------------------------------------------------------------------------

    def riff_choices(self) -> list[tuple[str, str]]:
        """(label, name) of every accepted riff; empty without a riff library."""
        riffs = self.riffs.riffs if self.riffs else []
        return [(riff.describe(), riff.name) for riff in riffs]

    def riffs_report(self) -> tuple[str, list[dict[str, Any]]] | None:
        """(summary, rejected files with reasons), or None when no riff library is configured."""
        if self.riffs is None:
            return None
        return self.riffs.note, self.riffs.rejected

    def rescan_riffs(self) -> None:
        if self.riffs is not None:
            self.riffs.scan()


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
        riffs,
        defaults=OmegaConf.to_container(cfg.inference.request, resolve=True),
        loop=hydra.utils.instantiate(cfg.inference.loop),
        warmup=bool(cfg.inference.warmup),
        tempo_lock=bool(cfg.inference.tempo_lock),
    )
