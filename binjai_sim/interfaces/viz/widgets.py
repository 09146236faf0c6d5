"""Small pieces the settings panel and the strategy chooser share."""

from __future__ import annotations

from html import escape

import solara

from .text import Text


def sorted_pairs(pairs: dict) -> tuple:
    return tuple(sorted(pairs.items()))


def number(value, kind=float):
    """A number the browser sent, or None (anyone can send anything)."""
    try:
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        return None


def on_grid(value: float, step: float) -> float:
    return round(round(float(value) / step) * step, 6)


def note(html: str, classes: tuple[str, ...] = ("setting-note",)) -> None:
    solara.HTML(tag="div", classes=list(classes), unsafe_innerHTML=html)


def waiting(text: Text, shown: bool) -> None:
    """Beside a control whose value is not yet in force: the note sits where the change was made,
    not only on the bar, which may be off-screen while the panel is scrolled. Always there, empty
    when nothing waits: an element that comes and goes would shift the panel's later widgets,
    which would then be made anew and drop the keys a facilitator is pressing on a slider."""
    note(escape(text("settings.waiting")) if shown else "", ("setting-note", "waiting") if shown else ("empty",))
