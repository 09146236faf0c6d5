"""The workshop page (``solara run sim/viz/app.py``; ``binjai-sim viz`` serves it).

Layout only: the bar that steps the cities, the settings panel, and the views of one city or
of the same city twice. The cities are built in ``sim.workshop``; charts in figures.py, text
panels in cards.py, controls in controls.py.
"""

from __future__ import annotations

import logging
from html import escape
from pathlib import Path

import solara

# absolute imports: `solara run` executes this file by its path, not as part of the package
from sim.viz import cards, figures
from sim.viz.controls import PageState, SettingsPanel, StepBar, ViewBar
from sim.viz.session import Session
from sim.viz.text import Text

STYLE = Path(__file__).with_name("style.css")
log = logging.getLogger(__name__)


def _html(html: str, *classes: str) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=html, classes=list(classes))


@solara.component
def Notices(session, state: PageState):
    state.version.value  # noqa: B018 - notices change on Reset
    text = Text(state.lang.value)
    for notice in session.notices:
        _html(escape(text(notice.key.removeprefix("viz."), **notice.values)), "notice")


def _twin_panels(twin, text: Text) -> list[list[str]]:
    """The twin view's panels, row by row (HTML)."""
    cities = [twin.without, twin.with_]
    labels = [text("city.without"), text("city.with")]
    return [
        [cards.difference(twin, text) + figures.difference(twin, text)],
        [cards.city_card(twin.without, "without", labels[0], text),
         cards.city_card(twin.with_, "with", labels[1], text, twin.entries)],
        [figures.live_apps(cities, labels, text), figures.citizens(cities, labels, text)],
        [figures.factor_bars(cities, labels, text), cards.portfolio(cities, labels, text)],
        [cards.closures(city, text("closure.title_of", city=label), text) for city, label in zip(cities, labels,
                                                                                                  strict=True)],
    ]


def _single_panels(twin, text: Text) -> list[list[str]]:
    """The single view's panels: the "with" city (the scenario as it is when nothing is chosen)."""
    city = twin.with_
    title = text("city.with") if twin.entries else text("city.as_is")
    return [
        [cards.city_card(city, "single", title, text, twin.entries), figures.apps_by_status(city, text)],
        [figures.citizens([city], [title], text), figures.factor_lines(city, text)],
        [cards.portfolio([city], [title], text), cards.closures(city, text("closure.title"), text)],
    ]


@solara.component
def CityViews(session, state: PageState):
    state.version.value  # noqa: B018 - draw again after every step
    text = Text(state.lang.value)
    if session.twin is None:  # the cities could not be built: the notice says why
        solara.Column()
        return
    try:
        rows = (_twin_panels if state.mode.value == "twin" else _single_panels)(session.twin, text)
    except Exception:  # noqa: BLE001 - one sentence in the page, the cause in the server log
        log.exception("workshop: cannot draw the page")
        _html(escape(text("notice.internal_error")), "notice")
        return
    for row in rows:
        if len(row) == 1:
            _html(row[0], "panel", "difference-panel")
            continue
        with solara.Columns([1] * len(row), classes=["pair"]):
            for panel in row:
                _html(panel, "panel")


@solara.component
def Page():
    # one session per browser tab: tabs never share (or step) each other's cities
    session = solara.use_memo(Session, [])
    # made once per tab: use_reactive(x) would reset a value whenever x changes between renders
    state = solara.use_memo(lambda: PageState(
        lang=solara.reactive("id"), mode=solara.reactive("twin"), panel=solara.reactive(True),
        version=solara.reactive(session.version),
        pending=solara.reactive(session.twin.config if session.twin else None), playing=solara.reactive(False)), [])
    text = Text(state.lang.value)
    solara.Title(text("title"))
    solara.Style(STYLE.read_text(encoding="utf-8"))
    with solara.Column(classes=["workshop"]):
        _html(f'<h1>{escape(text("title"))}</h1>', "page-title")
        StepBar(session, state)
        ViewBar(state)
        Notices(session, state)
        with solara.Row(classes=["body"], style={"align-items": "flex-start"}):
            if state.panel.value:
                with solara.Column(classes=["side"]):
                    SettingsPanel(state)
            with solara.Column(classes=["main"]):
                CityViews(session, state)


@solara.component
def Layout(children=[]):  # noqa: B006 - solara's signature
    # the page draws its own bars: no app bar, sidebar or navigation of solara's default layout
    return solara.Column(children=children, style={"padding": "0"})
