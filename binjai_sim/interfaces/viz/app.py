"""The workshop page (``solara run binjai_sim/interfaces/viz/app.py``; ``binjai-sim viz`` serves it).

Layout only: the bar that steps the cities, the settings panel, and the views of one city or
of the same city twice. The cities are built in ``binjai_sim.interfaces.workshop``; charts in figures.py, text
panels in cards.py, controls in controls.py.
"""

from __future__ import annotations

import logging
import os
from html import escape
from pathlib import Path

# reacton's opt-in renderer skips the subtrees in which nothing changed; the default one walks the
# whole page on every step, settings panel included, which took more than half of a step's time.
# Read when a page is rendered, so setting it before the first render is enough.
os.environ.setdefault("REACTON_FAST", "1")

import solara  # noqa: E402 - after the renderer is chosen

# absolute imports: `solara run` executes this file by its path, not as part of the package
from binjai_sim.interfaces.viz import address, cards, figures
from binjai_sim.interfaces.viz.controls import PageState, SettingsPanel, StepBar, ViewBar
from binjai_sim.interfaces.viz.session import Session
from binjai_sim.interfaces.viz.text import Text
from binjai_sim.interfaces.workshop import folder as workshop_folder

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


# a panel is (html, wide): a wide one spans the main column, the others sit two a row where the
# column has room for two (style.css), one a row where it has not
Panel = tuple[str, bool]


def _twin_panels(twin, text: Text) -> list[Panel]:
    """The twin view's panels in reading order: the difference and both cities' headline numbers
    first, so a 1366x768 projector shows them without scrolling."""
    cities = [twin.without, twin.with_]
    labels = [text("city.without"), text("city.with")]
    return [
        (cards.difference(twin, text), True),
        (cards.city_card(twin.without, "without", labels[0], text), False),
        (cards.city_card(twin.with_, "with", labels[1], text, twin.entries), False),
        (figures.difference(twin, text), True),
        (figures.live_apps(cities, labels, text), False),
        (figures.citizens(cities, labels, text), False),
        (figures.factor_bars(cities, labels, text), False),
        (cards.portfolio(cities, labels, text), True),
        *((cards.closures(city, text("closure.title_of", city=label), text), False)
          for city, label in zip(cities, labels, strict=True)),
    ]


def _single_panels(twin, text: Text) -> list[Panel]:
    """The single view's panels: the "with" city (the scenario as it is when nothing is chosen)."""
    city = twin.with_
    title = text("city.with") if twin.entries else text("city.as_is")
    return [
        (cards.city_card(city, "single", title, text, twin.entries), False),
        (figures.apps_by_status(city, text), False),
        (figures.citizens([city], [title], text), False),
        (figures.factor_lines(city, text), False),
        (cards.portfolio([city], [title], text), True),
        (cards.closures(city, text("closure.title"), text), False),
    ]


@solara.component
def CityViews(session, state: PageState):
    state.version.value  # noqa: B018 - draw again after every step
    text = Text(state.lang.value)
    if session.twin is None:  # the cities could not be built: the notice says why
        solara.Column()
        return
    try:
        panels = (_twin_panels if state.mode.value == "twin" else _single_panels)(session.twin, text)
    except Exception:  # noqa: BLE001 - one sentence in the page, the cause in the server log
        log.exception("workshop: cannot draw the page")
        _html(escape(text("notice.internal_error")), "notice")
        return
    with solara.Div(classes=["views"]):
        for html, wide in panels:
            _html(html, "panel", *(("wide",) if wide else ()))


def _restored(search: str | None) -> tuple[Session, address.View]:
    """The tab's cities as its address left them: built from the same choices and stepped to
    the same month, so a reload keeps a group's run."""
    view = address.decode(search)
    session = Session(view.config)
    if view.month is not None and session.twin is not None:
        session.step(max(0, view.month - session.twin.month))
    return session, view


@solara.component
def Address(session, state: PageState):
    """Writes the tab's month and choices into its address (keys.vue) and holds the shortcuts."""
    state.version.value  # noqa: B018 - a new month is a new address
    twin = session.twin
    query = "" if twin is None else address.encode(twin.config, twin.month, state.lang.value, state.mode.value,
                                                   state.panel.value, state.presenter.value)
    PageKeys(query=query, pending=twin is not None and state.pending.value != twin.config)


@solara.component_vue("keys.vue")
def PageKeys(query: str, pending: bool):
    pass


@solara.component
def Page():
    router = solara.use_router()
    # one session per browser tab: tabs never share (or step) each other's cities
    session, view = solara.use_memo(lambda: _restored(router.search), [])
    # made once per tab: use_reactive(x) would reset a value whenever x changes between renders
    state = solara.use_memo(lambda: PageState(
        lang=solara.reactive(view.lang or workshop_folder.start_lang()), mode=solara.reactive(view.mode or "twin"),
        panel=solara.reactive(True if view.panel is None else view.panel),
        presenter=solara.reactive(bool(view.presenter)), version=solara.reactive(session.version),
        pending=solara.reactive(session.twin.config if session.twin else None),
        applied=solara.reactive(session.twin.config if session.twin else None), playing=solara.reactive(False)), [])
    text = Text(state.lang.value)
    solara.Title(text("title"))
    solara.Style(STYLE.read_text(encoding="utf-8"))
    with solara.Column(classes=["workshop", *(["presenter"] if state.presenter.value else [])]):
        Address(session, state)
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
