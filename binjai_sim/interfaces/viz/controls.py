"""The page's controls: the bar that steps the cities, and the settings panel.

Own Solara components rather than Mesa's SolaraViz controls: every label is translated, the
step buttons stay enabled while the cities step (so no click is dropped), and the settings
show where each value comes from. Changes to the settings take effect on Reset ("Mulai
ulang"); the bar says when some are waiting.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from html import escape

import reacton.core
import solara
from solara.alias import rv

from binjai_sim.base import i18n
from binjai_sim.interfaces.workshop import Config, choice, folder, settings
from binjai_sim.interfaces.workshop.city import city_scenario

from . import chooser
from .text import Text
from .widgets import note as _note
from .widgets import number as _number
from .widgets import on_grid as _on_grid
from .widgets import sorted_pairs as _sorted
from .widgets import waiting

PLAY_INTERVAL = 0.35  # seconds between months while playing
YEAR = 12
MODES = ("twin", "single")


@dataclass(frozen=True)
class PageState:
    """The tab's reactive values (each component reads what it draws, and redraws when it changes)."""

    lang: solara.Reactive  # "id" or "en"
    mode: solara.Reactive  # "twin" or "single"
    panel: solara.Reactive  # settings panel shown
    presenter: solara.Reactive  # larger type for a projector at the back of a room
    version: solara.Reactive  # the session's version last drawn
    pending: solara.Reactive  # the Config the controls describe (in force after Reset)
    applied: solara.Reactive  # the Config in force (the settings panel marks what differs from it)
    playing: solara.Reactive


@solara.component
def StepBar(session, state: PageState):
    text = Text(state.lang.value)
    state.version.value  # noqa: B018 - draw again after every step
    twin = session.twin
    playing = state.playing.value
    # changes made inside `with render:` are drawn in one pass, not once per component that reads them
    render = reacton.core.get_render_context()

    def advance(months: int) -> None:
        with render:
            session.step(months)
            state.version.set(session.version)

    def reset() -> None:
        with render:
            state.playing.set(False)
            session.reset(state.pending.value)
            if session.twin is not None:
                state.pending.set(session.twin.config)
                state.applied.set(session.twin.config)
            state.version.set(session.version)

    def play(cancel: threading.Event) -> None:
        while state.playing.value and not cancel.is_set() and not session.finished:
            advance(1)
            cancel.wait(PLAY_INTERVAL)
        if session.finished:
            state.playing.set(False)

    solara.use_thread(play, dependencies=[playing], intrusive_cancel=False)
    # shown plain: a right-to-left override in the name would reverse the month after it
    city = i18n.plain(twin.base.spec.city.name) if twin else ""
    month = text.month(twin.month) if twin else ""
    end = session.finished

    def button(label: str, key: str, on_click, **kwargs) -> None:
        # the shortcut on the button itself (keys.vue listens for it); "key-…" is how it finds the button
        solara.Button(label, on_click=on_click, classes=["big-button", f"key-{key}"],
                      children=[solara.HTML(tag="kbd", unsafe_innerHTML=escape(text(f"keys.{key}")))], **kwargs)

    # the buttons come first and keep their width, so nothing that changes with the month (its
    # name, the city, a note) moves them under a facilitator's mouse
    with solara.Row(classes=["step-bar"], style={"align-items": "center", "flex-wrap": "wrap"}):
        button(text("button.reset"), "reset", reset, color="primary")
        button(text("button.step"), "step", lambda: advance(1), disabled=end, color="primary")
        button(text("button.year"), "year", lambda: advance(YEAR), disabled=end)
        button(text("button.pause") if playing else text("button.play"), "play",
               lambda: state.playing.set(not playing), disabled=end and not playing)
        solara.HTML(tag="div", classes=["where"],
                    unsafe_innerHTML=f'<span class="city-name">{escape(city)}</span> '
                                     f'<span class="page-month" data-month="{text.iso(twin.month) if twin else ""}" '
                                     f'style="min-width:{text.month_width()}ch">{escape(month)}</span>')
        if end:
            solara.HTML(tag="span", classes=["end-note"], unsafe_innerHTML=escape(text("bar.end")))
        if twin is not None and state.pending.value != twin.config:
            solara.HTML(tag="span", classes=["pending-note"], unsafe_innerHTML=escape(text("bar.pending")))


@solara.component
def ViewBar(state: PageState):
    """View mode, settings panel and language: what the room sees, not what the cities do."""
    text = Text(state.lang.value)
    render = reacton.core.get_render_context()

    def setter(reactive, allowed):
        def set_value(value) -> None:
            if value not in allowed:  # the browser can send anything
                return
            with render:  # the whole page in one pass
                reactive.set(value)

        return set_value

    with solara.Row(classes=["view-bar"], style={"align-items": "center", "flex-wrap": "wrap"}):
        with solara.ToggleButtonsSingle(value=state.mode.value, on_value=setter(state.mode, MODES),
                                        classes=["toggle"]):
            solara.Button(text("mode.twin"), value="twin")
            solara.Button(text("mode.single"), value="single")
        solara.Button(text("button.hide_settings") if state.panel.value else text("button.show_settings"),
                      on_click=lambda: setter(state.panel, (True, False))(not state.panel.value), outlined=True)
        solara.Button(text("button.presenter"), on_click=lambda: setter(state.presenter, (True, False))(
            not state.presenter.value), outlined=not state.presenter.value, color="primary",
            classes=["presenter-toggle"])
        with solara.ToggleButtonsSingle(value=state.lang.value, on_value=setter(state.lang, i18n.LANGS),
                                        classes=["toggle"]):
            for lang in i18n.LANGS[::-1]:  # Bahasa Indonesia first
                solara.Button(i18n.LANG_NAMES[lang], value=lang)


@solara.component
def SettingsPanel(state: PageState):
    text = Text(state.lang.value)
    config: Config | None = state.pending.value
    if config is None:  # the cities could not be built: the notice says why
        solara.Column()
        return
    # not the session's twin: reading the version would draw the whole panel again at every step
    in_force = state.applied.value or config

    def update(**changes) -> None:
        state.pending.set(state.pending.value.replace(**changes))

    try:
        base = city_scenario(config.city)
    except Exception:  # noqa: BLE001 - a forged choice: describe the city Reset would fall back to
        base = city_scenario(folder.default_city())
    package = chooser.package_fields(config.package)
    own = choice.intensities(package)
    edited = bool(config.settings) or not chooser.same(config.chosen(), own)

    def restore_all() -> None:
        update(settings=(), strategies=_sorted(own))

    with solara.Column(classes=["settings"]):
        _note(escape(text("settings.title")), ("panel-title",))
        _note(escape(text("settings.apply_on_reset")))
        # always there (disabled when nothing differs), so the widgets after it keep their place
        solara.Button(text("button.restore_all"), on_click=restore_all, outlined=True, disabled=not edited,
                      classes=["restore-all"])
        rv.Select(label=text("settings.city"), items=[{"text": i18n.plain(f), "value": f} for f in folder.cities()],
                  v_model=config.city, on_v_model=lambda v: update(city=v), hide_details=True,
                  class_="setting-select")
        waiting(text, config.city != in_force.city)
        rv.Slider(label=text("settings.seed", seed=config.seed), v_model=config.seed, min=0, max=99, step=1,
                  on_v_model=lambda v: update(seed=_number(v, int)), hide_details=True, class_="setting-slider")
        _note(escape(text("settings.seed_note")))
        waiting(text, config.seed != in_force.seed)
        for setting in settings.SETTINGS:
            SettingControl(setting, base, state, text, in_force)
        chooser.StrategyChooser(state, base, config, in_force, text, update)


def _setting_value(setting: settings.Setting, value, text: Text) -> str:
    return text(f"coefficients.{value}") if setting.choices else text.percent(value)


@solara.component
def SettingControl(setting, base, state: PageState, text: Text, in_force: Config):
    moved = state.pending.value.moved()
    own = settings.scenario_value(base, setting)
    value = moved.get(setting.key, own)
    label = f"{text('setting.' + setting.key)}: {_setting_value(setting, value, text)}"

    def set_moved(new) -> None:
        """A moved setting; one moved back onto the scenario's own value is no longer moved."""
        changed = state.pending.value.moved()
        if not setting.choices:
            new = _number(new)
            same = new is not None and abs(new - float(own)) < setting.step / 2
            new = None if new is None else round(new, 4)
        else:
            same = new == own
        if same:
            changed.pop(setting.key, None)
        else:
            changed[setting.key] = new
        if changed != state.pending.value.moved():
            state.pending.set(state.pending.value.replace(settings=_sorted(changed)))

    def restore() -> None:
        changed = state.pending.value.moved()
        changed.pop(setting.key, None)
        state.pending.set(state.pending.value.replace(settings=_sorted(changed)))

    with solara.Column(classes=["setting"]):
        if setting.choices:
            rv.Select(label=label, items=[{"text": text(f"coefficients.{c}"), "value": c} for c in setting.choices],
                      v_model=value, on_v_model=set_moved, hide_details=True,
                      class_="setting-select").key(f"setting-{setting.key}")
        else:
            # the slider gets a value on its own grid: given one between two steps, the browser would round it
            # and send the rounded value back as if the facilitator had moved the slider
            rv.Slider(label=label, v_model=_on_grid(value, setting.step), min=setting.minimum, max=setting.maximum,
                      step=setting.step, on_v_model=set_moved, hide_details=True,
                      class_="setting-slider").key(f"setting-{setting.key}")
        where = "changed" if setting.key in moved else settings.origin(base, setting)
        # the value in force after Reset, exactly, for whoever reads the page's source (and the tests)
        data = f'data-setting="{setting.key}" data-origin="{where}" data-value="{escape(str(value))}"'
        if setting.key in moved:
            with solara.Row(classes=["origin", "changed"], style={"align-items": "center"}):
                _note(f"<span {data}>{escape(text('origin.changed', value=_setting_value(setting, own, text)))}"
                      "</span>")
                solara.Button(text("button.restore"), on_click=restore, text=True, classes=["restore"])
        else:
            _note(f"<span {data}>{escape(text('origin.' + where))}</span>", ("setting-note", "origin"))
        waiting(text, moved.get(setting.key) != in_force.moved().get(setting.key))
