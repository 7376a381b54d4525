"""The performer's page and the audience view: one Gradio Blocks app over one warm Engine.

Only the Gradio layer lives here: the layout (prompt and Generate first, then the fields, the
History and Settings tabs) and the wiring of every control to its handler (`ui.performer`). The
read-only audience view shows the engine's own status, so generations asked for by the device
show on the projector too, and the bundle's credits while the Settings tab's switch is on.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from types import SimpleNamespace

import gradio as gr
from omegaconf import DictConfig

from inference.live.engine import Engine
from ui.performer import Performer
from ui.views import HISTORY_HEADERS, audience_html, blend_html, tempo_html

CSS_PATH = Path(__file__).with_name("performer.css")
KEYS = [
    f"{note} {mode}"
    for mode in ("major", "minor")
    for note in ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
]
LOOP_CHOICES = ["off", "auto", "1", "2", "4", "8"]  # bars; "off" = not a loop
# Every call that touches the model, the fragments folder or the OSC sender shares one queue slot
# group, so concurrent clicks (several tabs, a double Enter) wait their turn instead of racing.
ENGINE_QUEUE = "engine"


def build_ui(engine: Engine, ui: DictConfig, defaults: DictConfig) -> gr.Blocks:
    """The performer page ("/") and the audience view (`ui.audience.path`) over one engine.

    `defaults` is conf/inference `request`: what the duration, steps, CFG and seed fields start at.
    """
    performer = Performer(engine)
    engine.credits.show(ui.audience.credits)
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
        if page.blend:
            page.timer.tick(
                performer.follow_blend, page.shown_blend,
                [*page.blend, page.shown_blend, page.blend_status],
                queue=False, show_progress="hidden", api_name=False,
            )  # fmt: skip
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
        demo.load(performer.credits_shown, None, page.show_credits, api_name=False)
        # Gradio's number box turns an empty start value into 0; set again after mounting, the
        # empty value stays empty and shows the "random" placeholder.
        demo.load(lambda: defaults.seed, None, page.seed, api_name=False)
    with demo.route("Audience", ui.audience.path):
        gr.HTML(
            lambda: audience_html(engine.status()),
            every=ui.audience.refresh_s,
            elem_id="audience",
        )
        gr.HTML(
            lambda: blend_html(engine.blend.current()),
            every=ui.audience.refresh_s,
            elem_id="audience-blend",
        )
        credits, shown_credits = gr.HTML(elem_id="audience-credits"), gr.State(None)
        gr.Timer(ui.audience.refresh_s).tick(
            performer.follow_credits, shown_credits, [credits, shown_credits],
            queue=False, show_progress="hidden", api_name=False,
        )  # fmt: skip
    return demo


def perform_controls(page: SimpleNamespace, performer: Performer, ui: DictConfig, defaults) -> None:
    """Prompt and Generate first (autofocus; Tab: prompt -> Generate -> fields), then the rest."""
    engine = performer.engine
    # One decimal below the bundle's maximum, so the slider's top is a duration the engine accepts.
    max_seconds = float(ui.max_seconds or math.floor(engine.max_seconds * 10) / 10)
    with gr.Row(equal_height=True, elem_id="prompt-row"):
        page.text = gr.Textbox(
            label="Prompt",
            placeholder="gritty and noisy pad — Enter generates",
            max_lines=1,
            autofocus=True,
            scale=5,
            elem_id="prompt",
        )
        page.generate = gr.Button("Generate", variant="primary", scale=1, elem_id="generate")
    blend_controls(page, engine)
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
            page.seed = gr.Number(
                label="Seed", value=defaults.seed, precision=0, placeholder="random",
                elem_id="seed",
            )  # fmt: skip
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


def blend_controls(page: SimpleNamespace, engine: Engine) -> None:
    """One slider per fine-tuned adapter (none without adapters), in the generator's order."""
    adapters = engine.generator.adapters
    page.blend = []
    with gr.Row(visible=bool(adapters.names), elem_id="blend"):
        for name, strength in engine.blend.current():
            page.blend.append(
                gr.Slider(adapters.low, adapters.high, strength, step=0.01, label=name,
                          elem_id=f"blend-{name}")
            )  # fmt: skip
    page.blend_status = gr.HTML(elem_id="blend-status")
    page.shown_blend = gr.State([list(item) for item in engine.blend.current()])


def history_tab(page: SimpleNamespace, ui: DictConfig) -> None:
    page.history = gr.Dataframe(
        headers=HISTORY_HEADERS,
        interactive=False,
        wrap=True,
        max_height=ui.history_height,
        column_widths=["11%", "29%", "10%", "6%", "16%", "10%", "8%", "10%"],
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
    page.show_credits = gr.Checkbox(
        label="Show the credits on the projector (the bundle's licences and works)",
        value=engine.credits.shown,
        elem_id="show-credits",
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
    for slider, (name, _) in zip(page.blend, performer.engine.blend.current(), strict=True):
        slider.input(  # the performer's hand only: the polled updates below are not inputs
            functools.partial(performer.set_blend, name), slider, [slider, page.blend_status],
            api_name=f"blend_{name}", queue=False,
        )  # fmt: skip
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
    page.show_credits.input(  # the performer's hand only, not the page load's update
        performer.set_credits, page.show_credits, page.settings_status, api_name="credits",
        queue=False,
    )  # fmt: skip
