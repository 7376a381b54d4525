"""The performer's page and the audience view: one Gradio Blocks app over one warm Engine.

Only the Gradio layer lives here. Every action is a single call on `inference.engine.Engine`
(generate, history, get, resend, regenerate, set_delivery, set_postprocess) and prompts are
composed by `inference.prompt.build_prompt`; this module lays out controls, turns engine results
and `GenerationError`s into what the page shows, and mirrors the engine's progress into `Stage`
for the read-only audience view.
"""

from __future__ import annotations

import html
import logging
import math
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
from omegaconf import DictConfig

from inference.engine import Engine, GenerationError, GenerationRequest
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
# Every call that touches the model, the fragments folder or the OSC sender shares one queue slot
# group, so concurrent clicks (several tabs, a double Enter) wait their turn instead of racing.
ENGINE_QUEUE = "engine"


@dataclass(frozen=True)
class StageView:
    state: str  # idle | generating | ready
    prompt: str
    step: int
    total: int


class Stage:
    """What the engine is doing now, shared by every open page (the audience view polls it)."""

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
        """The audience goes back to what it saw before: a mistyped field is the performer's."""
        with self._lock:
            self._view = self._before

    def view(self) -> StageView:
        with self._lock:
            return self._view


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


class Performer:
    """Event handlers: each turns page inputs into one engine call and the result into outputs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.stage = Stage(next(iter(engine.history()), None))

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
        progress: gr.Progress = gr.Progress(),  # noqa: B008 (Gradio's way to ask for a tracker)
    ) -> tuple:
        try:
            prompt = self.compose(text, tempo, key, genre, instrument)
        except ValueError as err:  # e.g. a tempo build_prompt refuses
            return self._unchanged(str(err))
        # The engine checks every field and names the bad one; the page only converts types.
        request = GenerationRequest(
            prompt,
            seconds,
            int(steps),
            cfg_scale,
            int(seed) if lock_seed and seed is not None else None,
        )
        return self._run(
            request.prompt,
            request.steps,
            progress,
            lambda report: self.engine.generate(request, progress=report),
        )

    def regenerate(
        self,
        fragment_id: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple:
        if not fragment_id:
            return self._unchanged("pick a fragment in the history first")
        try:
            original = self.engine.get(fragment_id)
        except GenerationError as err:
            return self._unchanged(str(err))
        return self._run(
            original.prompt,
            original.steps,
            progress,
            lambda report: self.engine.regenerate(fragment_id, progress=report),
        )

    def _run(self, prompt: str, steps: int, progress: gr.Progress, call) -> tuple:
        """Runs one engine call; any failure becomes a status message and the page stays usable."""
        self.stage.begin(prompt, steps)

        def report(step: int, total: int) -> None:
            self.stage.advance(step, total)
            progress((step, total), desc="sampling", unit="steps")

        try:
            fragment = call(report)
        except GenerationError as err:
            self.stage.fail()
            return self._unchanged(str(err))
        except Exception as err:  # the stage must survive anything; the log keeps the traceback
            log.exception("generation failed")
            self.stage.fail()
            return self._unchanged(f"unexpected {type(err).__name__}: {err}")
        self.stage.finish()
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


def build_ui(engine: Engine, ui: DictConfig, defaults: DictConfig) -> gr.Blocks:
    """The performer page ("/") and the audience view (`ui.audience.path`) over one engine.

    `defaults` is conf/inference `request`: what the duration, steps, CFG and seed fields start at.
    """
    performer = Performer(engine)
    delete_cache = tuple(ui.delete_cache) if ui.delete_cache else None
    with gr.Blocks(title=ui.title, analytics_enabled=False, delete_cache=delete_cache) as demo:
        gr.Navbar(main_page_name="Perform")
        page = SimpleNamespace()
        perform_controls(page, engine, ui, defaults)
        with gr.Tabs():
            with gr.Tab("History", elem_id="history-tab"):
                history_tab(page, ui)
            with gr.Tab("Settings", elem_id="settings-tab"):
                settings_tab(page, engine)
        wire(page, performer, ui)
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
    with demo.route("Audience", ui.audience.path):
        gr.HTML(
            lambda: audience_html(performer.stage.view()),
            every=ui.audience.refresh_s,
            elem_id="audience",
        )
    return demo


def perform_controls(page: SimpleNamespace, engine: Engine, ui: DictConfig, defaults) -> None:
    """Prompt and Generate first (autofocus; Tab: prompt -> Generate -> fields), then the rest."""
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


def wire(page: SimpleNamespace, performer: Performer, ui: DictConfig) -> None:
    """Events. Everything that touches the engine shares one queue group (see ENGINE_QUEUE);
    "multiple" keeps every press of Enter: a double press makes two fragments, in turn."""
    engine_queue = {"concurrency_id": ENGINE_QUEUE, "concurrency_limit": ui.queue.concurrency}
    fields = [page.text, page.tempo, page.key, page.genre, page.instrument]
    after = [page.result, page.status, page.seed, page.history, page.chosen]
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
        [*fields, page.seconds, page.steps, page.cfg_scale, page.seed, page.lock_seed],
        after,
        api_name="generate",
        trigger_mode="multiple",
        show_progress_on=[page.result],
        **engine_queue,
    )
    page.regenerate.click(
        performer.regenerate,
        page.chosen,
        after,
        api_name="regenerate",
        trigger_mode="multiple",
        show_progress_on=[page.result],
        **engine_queue,
    )
    page.resend.click(
        performer.resend, page.chosen, page.chosen_status, api_name="resend", **engine_queue
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
