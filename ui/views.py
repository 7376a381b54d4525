"""What the page shows, as text: the audience view and its credits, status lines, history rows,
Live's tempo.

Pure functions of engine results (no Gradio objects), so the handlers (`ui.performer`) and the
layout (`ui.page`) share one spelling of each.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from core.checkpoint import LICENCES_FILE
from core.credits import Credits
from inference.live.status import StageView
from inference.live.store import Fragment

HISTORY_HEADERS = ["time", "prompt", "seed", "seconds", "delivery", "id", "kind", "parent"]
THEMES = ("dark", "light")  # conf/ui `theme`: the stage is dark; `?__theme=` in the URL wins
# Keyboard, besides Enter in any prompt field (Generate): Alt+key presses the History tab's
# button for the picked fragment.
SHORTCUTS = {"r": "resend", "v": "vary", "l": "loop-row", "g": "regenerate"}
SHORTCUTS_JS = "{" + ", ".join(f"'{k}': '{v}'" for k, v in SHORTCUTS.items()) + "}"


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


def fragment_kind(fragment: Fragment, parent: Fragment | None) -> str:
    """generate, vary, loop or regenerate, read from what the record keeps: a variation starts
    from its parent's audio, a regeneration repeats its parent's prompt, seed, bars and init."""
    if not fragment.parent_id:
        return "generate"
    if fragment.init.get("kind") == "fragment" and fragment.init.get("ref") == fragment.parent_id:
        return "vary"
    same = parent is not None and (parent.prompt, parent.seed, parent.bars, parent.init) == (
        fragment.prompt, fragment.seed, fragment.bars, fragment.init,
    )  # fmt: skip
    return "regenerate" if same or not fragment.bars else "loop"


def history_rows(fragments: list[Fragment]) -> list[list[Any]]:
    by_id = {f.id: f for f in fragments}
    return [
        [clock(f.created), f.prompt, f.seed, round(f.duration, 2), f.delivery, f.id,
         fragment_kind(f, by_id.get(f.parent_id or "")), f.parent_id or "-"]
        for f in fragments
    ]  # fmt: skip


def theme_script(theme: str) -> str:
    """The page's start-up script: `theme` (dark or light) unless the URL asks for one, and the
    Alt+key shortcuts of SHORTCUTS."""
    if theme not in THEMES:
        raise ValueError(f"ui.theme: {theme!r} is not one of {', '.join(THEMES)}")
    return (
        "() => { const asked = new URLSearchParams(window.location.search).get('__theme');"
        f" const dark = (asked === 'dark' || asked === 'light' ? asked : '{theme}') === 'dark';"
        " document.body.classList.toggle('dark', dark);"
        f" const keys = {SHORTCUTS_JS};"
        " window.addEventListener('keydown', (e) => {"
        "  const key = (e.code || '').replace('Key', '').toLowerCase();"
        "  const id = e.altKey && !e.ctrlKey && !e.metaKey && keys[key];"
        "  const button = id && document.getElementById(id);"
        "  if (button) { e.preventDefault(); button.click(); } }, true); }"
    )


def history_choices(fragments: list[Fragment]) -> list[tuple[str, str]]:
    return [(f"{clock(f.created)} · seed {f.seed} · {f.prompt[:60]}", f.id) for f in fragments]


def tempo_html(tempo: float | None) -> str:
    if tempo is None:
        return '<div class="sao-tempo sao-tempo--unknown">Live tempo: not received yet</div>'
    return f'<div class="sao-tempo">Live tempo: <b>{tempo:g}</b> BPM</div>'


def blend_text(blend: tuple[tuple[str, float], ...]) -> str:
    return " · ".join(f"{name} {strength:.2f}" for name, strength in blend)


def blend_html(blend: tuple[tuple[str, float], ...]) -> str:
    """The projector's line for the adapter blend (nothing without adapters)."""
    if not blend:
        return ""
    cells = "".join(
        f'<span class="sao-blend__adapter"><b>{html.escape(name)}</b> {strength:.2f}'
        f'<span class="sao-blend__bar" style="width: {round(100 * strength)}%"></span></span>'
        for name, strength in blend
    )
    return f'<div class="sao-blend">{cells}</div>'


def credits_html(credits: Sequence[Credits]) -> str:
    """The projector's credits: per bundle the base model and its licence, then title, author and
    licence of each work. Every field comes from a file: all of it is escaped."""
    found = [c for c in credits if c.found or c.problem]
    if not found:
        return '<div class="sao-credits sao-credits--none">no credits in this bundle</div>'
    several = len(credits) > 1
    sections = "".join(_credits_section(c, several) for c in credits)
    return f'<div class="sao-credits"><div class="sao-credits__title">Credits</div>{sections}</div>'


def _credits_section(credits: Credits, named: bool) -> str:
    esc = html.escape
    heading = f'<div class="sao-credits__bundle">{esc(credits.bundle)}</div>' if named else ""
    if credits.problem or not credits.found:
        note = credits.problem or "no credits in this bundle"
        return f'<section>{heading}<div class="sao-credits__note">{esc(note)}</div></section>'
    base = (
        f"Base model <b>{esc(credits.base_model or 'not named')}</b> · licence "
        f"<b>{esc(credits.base_licence or 'not stated')}</b>"
    )
    rows = "".join(
        f"<tr><td>{esc(w.title)}</td><td>{esc(w.author)}</td><td>{esc(w.licence)}</td></tr>"
        for w in credits.works
    )
    works = (
        '<table class="sao-credits__works"><thead><tr><th>Work</th><th>Author</th>'
        f"<th>Licence</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else '<div class="sao-credits__note">no works listed</div>'
    )
    cut = (
        f'<div class="sao-credits__note">the list stops here: {LICENCES_FILE} is longer than '
        "the projector shows</div>"
        if credits.truncated
        else ""
    )
    return f'<section>{heading}<div class="sao-credits__base">{base}</div>{works}{cut}</section>'
