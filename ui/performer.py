"""The performer page's event handlers: each turns page inputs into one engine call.

Every action is a single call on `inference.live.engine.Engine` (generate, history, get, resend,
regenerate, vary, loop, set_delivery, set_postprocess, riffs) and prompts are composed by
`core.prompt.build_prompt`; engine results and `GenerationError`s become what the page shows
(`ui.views`). The layout and the wiring of these handlers to controls are `ui.page`.
"""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from core.prompt import build_prompt
from inference.live.engine import Engine, GenerationError, GenerationRequest, InitAudio
from ui.views import (
    HISTORY_HEADERS,
    blend_text,
    credits_html,
    fragment_summary,
    history_choices,
    history_rows,
    status_html,
    tempo_html,
)

log = logging.getLogger(__name__)


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
            progress,
            lambda report: self.engine.generate(request, report, remember=True),
            locked=bool(lock_seed),
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
            progress,
            lambda report: self.engine.vary(fragment_id, strength, progress=report),
            keep=fragment_id,
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
            progress,
            lambda report: self.engine.loop(fragment_id, bars, progress=report),
            keep=fragment_id,
        )

    def _run(
        self, progress: gr.Progress, call, keep: str | None = None, locked: bool | None = None
    ) -> tuple:
        """Runs one engine call; any failure becomes a status message and the page stays usable.

        `keep`: the history row to leave picked (Vary and Loop: the performer's row, so the next
        press varies the same fragment again); else the new fragment is picked. `locked`: the
        Generate's Lock seed. Locked, the Seed field shows the seed used (the typed one, or the
        one drawn when none was typed, so the lock holds it from now on); unlocked, it is emptied
        and shows "random", since a number there would read as the next seed. The History
        buttons (None) leave it as it is. The seed used is in the status line and history row."""

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
        seed = gr.update() if locked is None else fragment.seed if locked else None
        return (
            str(fragment.path),
            status_html(fragment_summary(fragment)),
            seed,
            history_rows(fragments),
            gr.update(choices=history_choices(fragments), value=keep or fragment.id),
        )

    @staticmethod
    def _unchanged(error: str) -> tuple:
        return gr.update(), status_html(error, ok=False), gr.update(), gr.update(), gr.update()

    # -- the adapter blend ----------------------------------------------------------------------
    def set_blend(self, name: str, strength: float) -> tuple:
        """One adapter's slider; a refusal shows the engine's reason and puts the slider back."""
        try:
            blend = self.engine.set_blend(name, strength)
        except GenerationError as err:
            live = dict(self.engine.blend.current()).get(name)
            return gr.update(value=live), status_html(str(err), ok=False)
        return gr.update(), status_html(f"blend: {blend_text(blend)}")

    def follow_blend(self, shown: Any) -> tuple:
        """Polled: a blend changed elsewhere (the device's dials, another tab) moves the sliders."""
        blend = self.engine.blend.current()
        if list(map(list, blend)) == shown:
            return (*[gr.update() for _ in blend], shown, gr.update())
        sliders = [gr.update(value=strength) for _, strength in blend]
        return (*sliders, list(map(list, blend)), status_html(f"blend: {blend_text(blend)}"))

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

    # -- the projector's credits ---------------------------------------------------------------
    def set_credits(self, on: bool) -> str:
        """The page's switch: every projector shows (or hides) the credits from its next poll."""
        shown = self.engine.credits.show(on)
        return status_html(f"projector: credits {'shown' if shown else 'hidden'}")

    def credits_shown(self) -> bool:
        return self.engine.credits.shown

    def follow_credits(self, shown: bool | None) -> tuple:
        """Polled by the projector: the credits appear or go when a page flips the switch (and
        are sent only then, not on every poll)."""
        on = self.engine.credits.shown
        if on == shown:
            return gr.update(), shown
        return (credits_html(self.engine.credits.read()) if on else ""), on

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
        return self.engine.riff_choices()

    def riff_dropdown(self) -> dict:
        return gr.update(choices=self.riff_choices())

    def riffs_status(self) -> str:
        report = self.engine.riffs_report()
        if report is None:
            return status_html("no riff library configured", ok=False)
        note, rejected = report
        lines = [html.escape(note)]
        lines += [
            f"rejected {html.escape(e['file'])}: {html.escape(e['reason'])}" for e in rejected
        ]
        kind = "error" if rejected else "ok"
        return f'<div class="sao-status sao-status--{kind}">' + "<br>".join(lines) + "</div>"

    def rescan_riffs(self) -> tuple:
        self.engine.rescan_riffs()
        return gr.update(choices=self.riff_choices(), value=None), self.riffs_status()
