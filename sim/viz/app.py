"""The workshop page (``solara run sim/viz/app.py``; ``binjai-sim viz`` serves it).

Layout only: the bar that steps the cities, the settings panel, and the views of one city or
of the same city twice. The cities are built in ``sim.workshop``; charts in figures.py, text
panels in cards.py, controls in controls.py.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import solara

# absolute imports: `solara run` executes this file by its path, not as part of the package
from sim.viz import cards, figures
from sim.viz.controls import PageState, SettingsPanel, StepBar, ViewBar
from sim.viz.session import Session
from sim.viz.text import Text

STYLE = Path(__file__).with_name("style.css")


def _html(html: str, *classes: str) -> None:
    solara.HTML(tag="div", unsafe_innerHTML=html, classes=list(classes))


@solara.component
def Notices(session, state: PageState):
    state.version.value  # noqa: B018 - notices change on Reset
    text = Text(state.lang.value)
    for notice in session.notices:
        _html(escape(text(notice.key.removeprefix("viz."), **notice.values)), "notice")


@solara.component
def TwinView(session, state: PageState):
    state.version.value  # noqa: B018 - draw again after every step
    text = Text(state.lang.value)
    twin = session.twin
    cities = [twin.without, twin.with_]
    labels = [text("city.without"), text("city.with")]
    _html(cards.difference(twin, text) + figures.difference(twin, text), "panel", "difference-panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(cards.city_card(twin.without, "without", labels[0], text), "panel")
        _html(cards.city_card(twin.with_, "with", labels[1], text, twin.entries), "panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(figures.live_apps(cities, labels, text), "panel")
        _html(figures.citizens(cities, labels, text), "panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(figures.factor_bars(cities, labels, text), "panel")
        _html(cards.portfolio(cities, labels, text), "panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(cards.closures(twin.without, text("closure.title_of", city=labels[0]), text), "panel")
        _html(cards.closures(twin.with_, text("closure.title_of", city=labels[1]), text), "panel")


@solara.component
def SingleView(session, state: PageState):
    state.version.value  # noqa: B018 - draw again after every step
    text = Text(state.lang.value)
    twin = session.twin
    city = twin.with_
    title = text("city.with") if twin.entries else text("city.as_is")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(cards.city_card(city, "single", title, text, twin.entries), "panel")
        _html(figures.apps_by_status(city, text), "panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(figures.citizens([city], [title], text), "panel")
        _html(figures.factor_lines(city, text), "panel")
    with solara.Columns([1, 1], classes=["pair"]):
        _html(cards.portfolio([city], [title], text), "panel")
        _html(cards.closures(city, text("closure.title"), text), "panel")


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
                if session.twin is not None:
                    (TwinView if state.mode.value == "twin" else SingleView)(session, state)


@solara.component
def Layout(children=[]):  # noqa: B006 - solara's signature
    # the page draws its own bars: no app bar, sidebar or navigation of solara's default layout
    return solara.Column(children=children, style={"padding": "0"})
