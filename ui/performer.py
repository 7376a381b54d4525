"""The performer's page and the audience view: one Gradio Blocks app over one warm Engine.

Only the Gradio layer lives here. Every action is a single call on `inference.engine.Engine`
(generate, history, get, resend, regenerate, vary, loop, set_delivery, set_postprocess) and
prompts are composed by `inference.prompt.build_prompt`; this module lays out controls and turns
engine results and `GenerationError`s into what the page shows. The read-only audience view shows
the engine's own status, so generations asked for by the device show on the projector too.
"""

from __future__ import annotations

import html
import logging
import math
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
from omegaconf import DictConfig

from inference.engine import Engine, GenerationError, GenerationRequest, InitAudio, StageView
from inference.prompt import build_prompt
from inference.store import Fragment

log = logging.getLogger(__name__)

CSS_PATH = Path(__file__).with_name("performer.css")
KEYS = [
    f"{note} {mode}"
    for mode in ("major", "minor")
    for note in ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
]
HISTORY_HEADERS = ["time", "prompt", "seed", "seconds", "delivery", "id"]
LOOP_CHOICES = ["off", "auto", "1", "2", "4", "8"]  # bars; "off" = not a loop
# Every call that touches the model, the fragments folder or the OSC sender shares one queue slot
# group, so concurrent clicks (several tabs, a double Enter) wait their turn instead of racing.
ENGINE_QUEUE = "engine"


def audience_html(view: StageView) -> str:
    """The projector's picture: the prompt in large type, a progress bar and one status word."""
    percent = round(100 * view.step / view.total) if view.total else 0
    label = {
        "idle": "waiting for the first prompt",
        "generating": f"generating · {view.step} / {view.total}",
        "ready": "ready",
    }[view.state]
    return (
        f'<div class="sao-audience sao-audience--{view.state}">'
        f'<div class="sao-audience__prompt">{html.escape(view.prompt) or "&nbsp;"}</div>'
        f'<div class="sao-audience__bar"><div style="width: {percent}%"></div></div>'
        f'<div class="sao-audience__state">{label}</div></div>'
    )


def status_html(message: str, ok: bool = True) -> str:
    kind = "ok" if ok else "error"
    prefix = "" if ok else "Error: "
    return f'<div class="sao-status sao-status--{kind}">{prefix}{html.escape(message)}</div>'


def fragment_summary(fragment: Fragment) -> str:
    return (
        f"{fragment.id} · seed {fragment.seed} · {fragment.duration:.2f} s · "
        f"{fragment.delivery or 'not delivered'}"
    )


def clock(created: str) -> str:
    try:
        return datetime.fromisoformat(created).strftime("%m-%d %H:%M:%S")
    except ValueError:
        return created


def history_rows(fragments: list[Fragment]) -> list[list[Any]]:
    return [
        [clock(f.created), f.prompt, f.seed, round(f.duration, 2), f.delivery, f.id]
        for f in fragments
    ]


def history_choices(fragments: list[Fragment]) -> list[tuple[str, str]]:
    return [(f"{clock(f.created)} · seed {f.seed} · {f.prompt[:60]}", f.id) for f in fragments]


def tempo_html(tempo: float | None) -> str:
    if tempo is None:
        return '<div class="sao-tempo sao-tempo--unknown">Live tempo: not received yet</div>'
    return f'<div class="sao-tempo">Live tempo: <b>{tempo:g}</b> BPM</div>'


class Performer:
    """Event handlers: each turns page inputs into one engine call and the result into outputs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- prompt ---------------------------------------------------------------------------------
    @staticmethod
    def compose(
        text: str, tempo: float | None, key: str | None, genre: str, instrument: str
    ) -> str:
        """The prompt the model gets; a tempo of 0 (the empty number box) means no Tempo field."""
        return build_prompt(
            (text or "").strip(),
            tempo=tempo or None,
            key=key or None,
            genre=(genre or "").strip() or None,
            instrument=(instrument or "").strip() or None,
        )

    def preview(self, *fields: Any) -> str:
        try:
            return self.compose(*fields)
        except ValueError as err:
            return f"(not a valid prompt yet: {err})"

    # -- generation -----------------------------------------------------------------------------
    def generate(
        self,
        text: str,
        tempo: float | None,
        key: str | None,
        genre: str,
        instrument: str,
        seconds: float,
        steps: int,
        cfg_scale: float,
        seed: float | None,
        lock_seed: bool,
        negative: str = "",
        loop: str = "off",
        riff: str | None = None,
        init_file: str | None = None,
        strength: float = 0.5,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's way to ask for a tracker)
    ) -> tuple:
        """Generate; with a dropped file (or else a riff) as init audio at `strength`."""
        try:
            prompt = self.compose(text, tempo, key, genre, instrument)
        except ValueError as err:  # e.g. a tempo build_prompt refuses
            return self._unchanged(str(err))
        init = None
        if init_file:
            init = InitAudio("file", str(init_file), strength)
        elif riff:
            init = InitAudio("riff", str(riff), strength)
        # The engine checks every field and names the bad one; the page only converts types.
        request = GenerationRequest(
            prompt,
            seconds,
            int(steps),
            cfg_scale,
            int(seed) if lock_seed and seed is not None else None,
            negative_prompt=negative or None,
            init=init,
            bars=None if loop in (None, "", "off") else loop,
        )
        return self._run(
            progress, lambda report: self.engine.generate(request, report, remember=True)
        )

    def regenerate(
        self,
        fragment_id: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        if not fragment_id:
            return self._unchanged("pick a fragment in the history first")
        return self._run(progress, lambda report: self.engine.regenerate(fragment_id, report))

    def vary(
        self,
        fragment_id: str | None,
        strength: float,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        """A variation of the picked history fragment (audio-to-audio) at `strength`."""
        if not fragment_id:
            return self._unchanged("pick a fragment in the history first")
        return self._run(
            progress, lambda report: self.engine.vary(fragment_id, strength, progress=report)
        )

    def loop(
        self,
        fragment_id: str | None,
        bars: str,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        """The picked history fragment as a loop of `bars` bars at Live's tempo (else its own)."""
        if not fragment_id:
            return self._unchanged("pick a fragment in the history first")
        return self._run(
            progress, lambda report: self.engine.loop(fragment_id, bars, progress=report)
        )

    def _run(self, progress: gr.Progress, call) -> tuple:
        """Runs one engine call; any failure becomes a status message and the page stays usable."""

        def report(step: int, total: int) -> None:
            progress((step, total), desc="sampling", unit="steps")

        try:
            fragment = call(report)
        except GenerationError as err:
            return self._unchanged(str(err))
        except Exception as err:  # the stage must survive anything; the log keeps the traceback
            log.exception("generation failed")
            return self._unchanged(f"unexpected {type(err).__name__}: {err}")
        fragments = self.engine.history()
        return (
            str(fragment.path),
            status_html(fragment_summary(fragment)),
            fragment.seed,
            history_rows(fragments),
            gr.update(choices=history_choices(fragments), value=fragment.id),
        )

    @staticmethod
    def _unchanged(error: str) -> tuple:
        return gr.update(), status_html(error, ok=False), gr.update(), gr.update(), gr.update()

    # -- history --------------------------------------------------------------------------------
    def refresh_history(self) -> tuple:
        fragments = self.engine.history()
        return history_rows(fragments), gr.update(choices=history_choices(fragments))

    def pick_row(self, rows: Any, event: gr.SelectData) -> str | None:
        row = event.row_value or []
        return row[HISTORY_HEADERS.index("id")] if row else None

    def show(self, fragment_id: str | None) -> tuple:
        if not fragment_id:
            return None, gr.update(value=None, interactive=False), ""
        try:
            fragment = self.engine.get(fragment_id)
        except GenerationError as err:
            return None, gr.update(value=None, interactive=False), status_html(str(err), ok=False)
        summary = f"{fragment.prompt} — {fragment_summary(fragment)}"
        return (
            str(fragment.path),
            gr.update(value=str(fragment.path), interactive=True),
            status_html(summary),
        )

    def resend(self, fragment_id: str | None) -> str:
        if not fragment_id:
            return status_html("pick a fragment in the history first", ok=False)
        try:
            result = self.engine.resend(fragment_id)
        except GenerationError as err:
            return status_html(str(err), ok=False)
        return status_html(f"{fragment_id}: {result.describe()}", ok=result.ok)

    # -- settings -------------------------------------------------------------------------------
    def settings(self) -> tuple:
        host, _, port = self.engine.delivery_target.rpartition(":")
        enabled = [name for name, on in self.engine.postprocess_steps.items() if on]
        return host, int(port), gr.update(value=enabled), self._settings_status()

    def set_delivery(self, host: str, port: float | None) -> str:
        try:
            self.engine.set_delivery((host or "").strip(), int(port or 0))
        except ValueError as err:
            return status_html(str(err), ok=False)
        return self._settings_status()

    def set_postprocess(self, enabled: list[str]) -> str:
        try:
            self.engine.set_postprocess(
                **{name: name in enabled for name in self.engine.postprocess_steps}
            )
        except ValueError as err:
            return status_html(str(err), ok=False)
        return self._settings_status()

    def _settings_status(self) -> str:
        steps = ", ".join(n for n, on in self.engine.postprocess_steps.items() if on) or "none"
        return status_html(f"delivering to {self.engine.delivery_target}; post-processing: {steps}")

    def ready(self) -> str:
        return status_html(f"ready · delivering to {self.engine.delivery_target}")

    # -- what the device changes: Live's tempo, fragments it asked for; the riff library --------
    def follow(
        self, shown_tempo: float | None, shown_newest: str | None, chosen: str | None
    ) -> tuple:
        """Polled by every page: a new Live tempo is shown and becomes the Tempo field's value; a
        fragment this page did not ask for (the device's Generate or Vary) refreshes the history."""
        tempo = self.engine.live_tempo
        tempo_outputs = (gr.update(), gr.update(), shown_tempo)
        if tempo is not None and tempo != shown_tempo:
            tempo_outputs = (tempo_html(tempo), gr.update(value=tempo), tempo)
        fragments = self.engine.history()
        newest = fragments[0].id if fragments else None
        if newest in (shown_newest, chosen):  # nothing new, or this page's own generation
            return (*tempo_outputs, gr.update(), gr.update(), newest)
        rows, choices = history_rows(fragments), history_choices(fragments)
        return (*tempo_outputs, rows, gr.update(choices=choices), newest)

    def riff_choices(self) -> list[tuple[str, str]]:
        riffs = self.engine.riffs.riffs if self.engine.riffs else []
        return [(riff.describe(), riff.name) for riff in riffs]

    def riff_dropdown(self) -> dict:
        return gr.update(choices=self.riff_choices())

    def riffs_status(self) -> str:
        library = self.engine.riffs
        if library is None:
            return status_html("no riff library configured", ok=False)
        lines = [html.escape(library.note)]
        lines += [
            f"rejected {html.escape(e['file'])}: {html.escape(e['reason'])}"
            for e in library.rejected
        ]
        kind = "error" if library.rejected else "ok"
        return f'<div class="sao-status sao-status--{kind}">' + "<br>".join(lines) + "</div>"

    def rescan_riffs(self) -> tuple:
        if self.engine.riffs is not None:
            self.engine.riffs.scan()
        return gr.update(choices=self.riff_choices(), value=None), self.riffs_status()


def build_ui(engine: Engine, ui: DictConfig, defaults: DictConfig) -> gr.Blocks:
    """The performer page ("/") and the audience view (`ui.audience.path`) over one engine.

    `defaults` is conf/inference `request`: what the duration, steps, CFG and seed fields start at.
    """
    performer = Performer(engine)
    delete_cache = tuple(ui.delete_cache) if ui.delete_cache else None
    with gr.Blocks(title=ui.title, analytics_enabled=False, delete_cache=delete_cache) as demo:
        gr.Navbar(main_page_name="Perform")
        page = SimpleNamespace()
        perform_controls(page, performer, ui, defaults)
        with gr.Tabs():
            with gr.Tab("History", elem_id="history-tab"):
                history_tab(page, ui)
            with gr.Tab("Settings", elem_id="settings-tab"):
                settings_tab(page, engine)
        wire(page, performer, ui)
        page.timer = gr.Timer(ui.follow_s)
        page.shown_newest = gr.State(None)
        page.timer.tick(
            performer.follow,
            [page.shown_tempo, page.shown_newest, page.chosen],
            [
                page.live_tempo,
                page.tempo,
                page.shown_tempo,
                page.history,
                page.chosen,
                page.shown_newest,
            ],
            queue=False,
            show_progress="hidden",
            api_name=False,
        )
        # Every page load shows the shared state: history, settings, status (another tab may
        # have changed them).
        demo.load(performer.refresh_history, None, [page.history, page.chosen], api_name="history")
        demo.load(
            performer.settings,
            None,
            [page.host, page.port, page.postprocess, page.settings_status],
            api_name=False,
        )
        demo.load(performer.ready, None, page.status, api_name=False)
        demo.load(performer.riff_dropdown, None, page.riff, api_name=False)
        demo.load(performer.riffs_status, None, page.riffs_status, api_name=False)
    with demo.route("Audience", ui.audience.path):
        gr.HTML(
            lambda: audience_html(engine.status()),
            every=ui.audience.refresh_s,
            elem_id="audience",
        )
    return demo


def perform_controls(page: SimpleNamespace, performer: Performer, ui: DictConfig, defaults) -> None:
    """Prompt and Generate first (autofocus; Tab: prompt -> Generate -> fields), then the rest."""
    engine = performer.engine
    # One decimal below the bundle's maximum, so the slider's top is a duration the engine accepts.
    max_seconds = float(ui.max_seconds or math.floor(engine.max_seconds * 10) / 10)
    with gr.Row(equal_height=True):
        page.text = gr.Textbox(
            label="Prompt",
            placeholder="gritty and noisy pad — Enter generates",
            max_lines=1,
            autofocus=True,
            scale=5,
            elem_id="prompt",
        )
        page.generate = gr.Button("Generate", variant="primary", scale=1, elem_id="generate")
    with gr.Row():
        page.tempo = gr.Number(
            label="Tempo (BPM, 0 = leave out)", minimum=0, maximum=999, elem_id="tempo"
        )
        page.key = gr.Dropdown(
            label="Key", choices=KEYS, value=None, allow_custom_value=True, elem_id="key"
        )
        page.genre = gr.Textbox(label="Genre", max_lines=1, elem_id="genre")
        page.instrument = gr.Textbox(label="Instrument", max_lines=1, elem_id="instrument")
    page.composed = gr.Textbox(
        label="Prompt sent to the model", interactive=False, elem_id="composed"
    )
    with gr.Row(equal_height=True):
        page.negative = gr.Textbox(
            label="Negative prompt (steer away from; needs CFG scale other than 1)",
            value=defaults.get("negative_prompt") or "",
            max_lines=1,
            scale=4,
            elem_id="negative",
        )
        default_bars = defaults.get("bars")
        page.loop_bars = gr.Dropdown(
            label="Loop (bars)",
            choices=LOOP_CHOICES,
            value=str(default_bars) if default_bars is not None else "off",
            scale=1,
            elem_id="loop",
        )
        page.live_tempo = gr.HTML(lambda: tempo_html(engine.live_tempo), elem_id="live-tempo")
        page.shown_tempo = gr.State(None)
    with gr.Accordion("Audio to audio", open=False, elem_id="init-panel"):
        with gr.Row():
            page.riff = gr.Dropdown(
                label="Riff (from the riff library)",
                choices=performer.riff_choices(),
                value=None,
                elem_id="riff",
            )
            page.init_file = gr.Audio(
                label="Or drop a file",
                sources=["upload"],
                type="filepath",
                elem_id="init-file",
            )
            page.strength = gr.Slider(
                0, 1, 0.5, step=0.01, label="Strength (0 = the source, 1 = new)", elem_id="strength"
            )
    with gr.Row():
        page.seconds = gr.Slider(
            0.5,
            max_seconds,
            min(float(defaults.seconds), max_seconds),
            step=0.1,
            label="Duration (s)",
            elem_id="seconds",
        )
        page.steps = gr.Slider(
            1, ui.max_steps, int(defaults.steps), step=1, label="Steps", elem_id="steps"
        )
        page.cfg_scale = gr.Slider(
            0,
            ui.max_cfg_scale,
            float(defaults.cfg_scale),
            step=0.1,
            label="CFG scale",
            elem_id="cfg",
        )
        with gr.Column(min_width=160):
            page.seed = gr.Number(label="Seed", value=defaults.seed, precision=0, elem_id="seed")
            page.lock_seed = gr.Checkbox(
                label="Lock seed", value=defaults.seed is not None, elem_id="lock-seed"
            )
    page.status = gr.HTML(elem_id="status")
    page.result = gr.Audio(
        label="Fragment",
        type="filepath",
        interactive=False,
        autoplay=ui.autoplay,
        buttons=["download"],
        elem_id="result",
    )


def history_tab(page: SimpleNamespace, ui: DictConfig) -> None:
    page.history = gr.Dataframe(
        headers=HISTORY_HEADERS,
        interactive=False,
        wrap=True,
        max_height=ui.history_height,
        column_widths=["13%", "37%", "12%", "7%", "19%", "12%"],
        elem_id="history",
    )
    with gr.Row(equal_height=True):
        page.chosen = gr.Dropdown(label="Fragment", choices=[], scale=3, elem_id="chosen")
        page.resend = gr.Button("Re-send to Max", elem_id="resend")
        page.regenerate = gr.Button("Regenerate (same seed)", elem_id="regenerate")
        page.download = gr.DownloadButton("Download", interactive=False, elem_id="download")
    with gr.Row(equal_height=True):
        page.vary_strength = gr.Slider(
            0, 1, 0.5, step=0.01, label="Vary strength (0 = close, 1 = new)", scale=3,
            elem_id="vary-strength",
        )  # fmt: skip
        page.vary = gr.Button("Vary", elem_id="vary")
        page.row_bars = gr.Dropdown(
            label="Loop bars", choices=LOOP_CHOICES[1:], value="auto", elem_id="row-bars"
        )
        page.loop = gr.Button("Loop", elem_id="loop-row")
    page.chosen_status = gr.HTML(elem_id="chosen-status")
    page.chosen_audio = gr.Audio(
        label="Selected fragment",
        type="filepath",
        interactive=False,
        buttons=["download"],
        elem_id="chosen-audio",
    )


def settings_tab(page: SimpleNamespace, engine: Engine) -> None:
    with gr.Row(equal_height=True):
        page.host = gr.Textbox(label="Delivery host", max_lines=1, elem_id="osc-host")
        page.port = gr.Number(
            label="Delivery port", precision=0, minimum=1, maximum=65535, elem_id="osc-port"
        )
        page.apply = gr.Button("Apply delivery target", elem_id="apply-delivery")
    page.postprocess = gr.CheckboxGroup(
        label="Post-processing", choices=list(engine.postprocess_steps), elem_id="postprocess"
    )
    page.settings_status = gr.HTML(elem_id="settings-status")
    with gr.Row(equal_height=True):
        page.riffs_status = gr.HTML(elem_id="riffs-status")
        page.rescan = gr.Button("Rescan riff library", scale=0, elem_id="rescan-riffs")


def wire(page: SimpleNamespace, performer: Performer, ui: DictConfig) -> None:
    """Events. Everything that touches the engine shares one queue group (see ENGINE_QUEUE);
    "multiple" keeps every press of Enter: a double press makes two fragments, in turn."""
    engine_queue = {"concurrency_id": ENGINE_QUEUE, "concurrency_limit": ui.queue.concurrency}
    fields = [page.text, page.tempo, page.key, page.genre, page.instrument]
    after = [page.result, page.status, page.seed, page.history, page.chosen]
    init = [page.negative, page.loop_bars, page.riff, page.init_file, page.strength]
    gr.on(
        [field.change for field in fields],
        performer.preview,
        fields,
        page.composed,
        queue=False,
        show_progress="hidden",
    )
    gr.on(
        [
            page.text.submit,
            page.genre.submit,
            page.instrument.submit,
            page.tempo.submit,
            page.generate.click,
        ],
        performer.generate,
        # The API's first ten inputs keep their order; the ones after them have defaults.
        [*fields, page.seconds, page.steps, page.cfg_scale, page.seed, page.lock_seed, *init],
        after,
        api_name="generate",
        trigger_mode="multiple",
        show_progress_on=[page.result],
        **engine_queue,
    )
    # History-row actions that make a new fragment: queued like generate, shown like generate.
    for button, action, inputs in [
        (page.regenerate, performer.regenerate, page.chosen),
        (page.vary, performer.vary, [page.chosen, page.vary_strength]),
        (page.loop, performer.loop, [page.chosen, page.row_bars]),
    ]:
        button.click(
            action,
            inputs,
            after,
            api_name=action.__name__,
            trigger_mode="multiple",
            show_progress_on=[page.result],
            **engine_queue,
        )
    page.resend.click(
        performer.resend, page.chosen, page.chosen_status, api_name="resend", **engine_queue
    )
    page.rescan.click(
        performer.rescan_riffs, None, [page.riff, page.riffs_status], api_name="riffs"
    )
    page.history.select(performer.pick_row, page.history, page.chosen, queue=False)
    page.chosen.change(
        performer.show,
        page.chosen,
        [page.chosen_audio, page.download, page.chosen_status],
        api_name="show",
        queue=False,
    )
    delivery = (performer.set_delivery, [page.host, page.port], page.settings_status)
    page.apply.click(*delivery, api_name="delivery", **engine_queue)
    page.host.submit(*delivery, api_name=False, **engine_queue)
    page.port.submit(*delivery, api_name=False, **engine_queue)
    page.postprocess.input(
        performer.set_postprocess,
        page.postprocess,
        page.settings_status,
        api_name="postprocess",
        **engine_queue,
    )
