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

from .. import i18n
from ..workshop import Config, choice, folder, settings
from ..workshop.city import city_scenario
from .text import Text

PLAY_INTERVAL = 0.35  # seconds between months while playing
YEAR = 12
INTENSITY_STEP = 0.05
MODES = ("twin", "single")


@dataclass(frozen=True)
class PageState:
    """The tab's reactive values (each component reads what it draws, and redraws when it changes)."""

    lang: solara.Reactive  # "id" or "en"
    mode: solara.Reactive  # "twin" or "single"
    panel: solara.Reactive  # settings panel shown
    version: solara.Reactive  # the session's version last drawn
    pending: solara.Reactive  # the Config the controls describe (in force after Reset)
    playing: solara.Reactive


def _sorted(pairs: dict) -> tuple:
    return tuple(sorted(pairs.items()))


def _number(value, kind=float):
    """A number the browser sent, or None (anyone can send anything)."""
    try:
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        return None


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
            state.version.set(session.version)

    def play(cancel: threading.Event) -> None:
        while state.playing.value and not cancel.is_set() and not session.finished:
            advance(1)
            cancel.wait(PLAY_INTERVAL)
        if session.finished:
            state.playing.set(False)

    solara.use_thread(play, dependencies=[playing], intrusive_cancel=False)
    city = twin.base.spec.city.name if twin else ""
    month = text.month(twin.month) if twin else ""
    with solara.Row(classes=["step-bar"], style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.HTML(tag="div", classes=["where"],
                    unsafe_innerHTML=f'<span class="city-name">{escape(city)}</span> '
                                     f'<span class="page-month" data-month="{text.iso(twin.month) if twin else ""}">'
                                     f"{escape(month)}</span>")
        solara.Button(text("button.reset"), on_click=reset, color="primary", classes=["big-button"])
        end = session.finished
        solara.Button(text("button.step"), on_click=lambda: advance(1), disabled=end, color="primary",
                      classes=["big-button"])
        solara.Button(text("button.year"), on_click=lambda: advance(YEAR), disabled=end, classes=["big-button"])
        solara.Button(text("button.pause") if playing else text("button.play"),
                      on_click=lambda: state.playing.set(not playing), disabled=end and not playing,
                      classes=["big-button"])
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
        with solara.ToggleButtonsSingle(value=state.lang.value, on_value=setter(state.lang, i18n.LANGS),
                                        classes=["toggle"]):
            for lang in i18n.LANGS[::-1]:  # Bahasa Indonesia first
                solara.Button(i18n.LANG_NAMES[lang], value=lang)


def _note(html: str, classes: tuple[str, ...] = ("setting-note",)) -> None:
    solara.HTML(tag="div", classes=list(classes), unsafe_innerHTML=html)


@solara.component
def SettingsPanel(state: PageState):
    text = Text(state.lang.value)
    config: Config | None = state.pending.value
    if config is None:  # the cities could not be built: the notice says why
        solara.Column()
        return

    def update(**changes) -> None:
        state.pending.set(state.pending.value.replace(**changes))

    try:
        base = city_scenario(config.city)
    except Exception:  # noqa: BLE001 - a forged choice: describe the city Reset would fall back to
        base = city_scenario(folder.default_city())
    with solara.Column(classes=["settings"]):
        _note(escape(text("settings.title")), ("panel-title",))
        _note(escape(text("settings.apply_on_reset")))
        rv.Select(label=text("settings.city"), items=[{"text": f, "value": f} for f in folder.cities()],
                  v_model=config.city, on_v_model=lambda v: update(city=v), hide_details=True,
                  class_="setting-select")
        rv.Slider(label=text("settings.seed", seed=config.seed), v_model=config.seed, min=0, max=99, step=1,
                  on_v_model=lambda v: update(seed=_number(v, int)), hide_details=True, class_="setting-slider")
        _note(escape(text("settings.seed_note")))
        for setting in settings.SETTINGS:
            SettingControl(setting, base, state, text)
        StrategyChooser(state, base, config, text, update)


def _on_grid(value: float, step: float) -> float:
    return round(round(float(value) / step) * step, 6)


def _setting_value(setting: settings.Setting, value, text: Text) -> str:
    return text(f"coefficients.{value}") if setting.choices else text.percent(value)


@solara.component
def SettingControl(setting, base, state: PageState, text: Text):
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


def _package_title(choice_value: str, text: Text) -> str:
    try:
        name = choice.package_name(folder.resolve(choice_value, folder.packages()))
    except Exception:  # noqa: BLE001 - an unreadable package is still listed by its file name
        return choice_value
    key = f"viz.package.{name}"
    return text(f"package.{name}") if key in i18n.catalogue(text.lang) else choice_value


@solara.component
def StrategyChooser(state: PageState, base, config: Config, text: Text, update):
    """The "with" city's strategies: a package, then each strategy's intensity and cost."""
    offered = folder.packages()
    try:
        package = choice.package_strategies(folder.resolve(config.package, offered)) if config.package else {}
    except Exception:  # noqa: BLE001
        package = {}
    chosen = {k: v for k, v in config.chosen().items() if isinstance(v, int | float)}

    def pick(value) -> None:
        try:
            fields = choice.package_strategies(folder.resolve(value, offered)) if value else {}
        except Exception:  # noqa: BLE001 - Reset names the problem in one sentence
            fields = {}
        update(package=value or None, strategies=_sorted(choice.intensities(fields)))

    def set_intensity(name: str, value) -> None:
        current = dict(state.pending.value.chosen())
        value = _number(value)
        if value is not None and value == _on_grid(_number(current.get(name, 0.0)) or 0.0, INTENSITY_STEP):
            return  # the slider showing a package's value on its grid, not a move
        value = None if value is None else round(value, 2)
        if value is None or value > 0:
            current[name] = value
        else:
            current.pop(name, None)
        update(strategies=_sorted(current))

    start = base.spec.horizon.start
    try:
        running = {e.name: e for e in choice.entries(chosen, package, start)}
    except Exception:  # noqa: BLE001
        running = {}
    _note(escape(text("strategies.title")), ("panel-title",))
    _note(escape(text("strategies.explain")))
    items = [{"text": text("package.none"), "value": ""}] + [{"text": _package_title(p, text), "value": p}
                                                             for p in offered]
    rv.Select(label=text("strategies.package"), items=items, v_model=config.package or "", on_v_model=pick,
              hide_details=True, class_="setting-select")
    total = sum(e.monthly_cost for e in running.values())
    _note(f'<b data-total="{total:.0f}">{escape(text("strategies.total", money=text.per_month(total)))}</b>',
          ("setting-note", "strategy-total"))
    in_base = {s.name for s in base.strategies}
    for group, names in choice.catalogue():
        _note(escape(text("group." + group)), ("group-title",))
        for name in names:
            entry = running.get(name)
            intensity = chosen.get(name, 0.0)
            full = entry or choice.entries({name: 1.0}, package, start)[0]
            if entry is not None:
                cost = text.per_month(entry.monthly_cost)
            else:
                cost = text("strategies.full_cost", money=text.per_month(full.monthly_cost))
            label = f"{text('strategy.' + name)}: {text.percent(intensity)} · {cost}"
            rv.Slider(label=label, v_model=_on_grid(intensity, INTENSITY_STEP), min=0.0, max=1.0,
                      step=INTENSITY_STEP, on_v_model=lambda v, name=name: set_intensity(name, v), hide_details=True,
                      class_="setting-slider strategy").key(f"strategy-{name}")
            notes = []
            if full.strategy.funding == "city_budget":
                notes.append(text("strategies.city_budget"))
            if name in in_base:
                notes.append(text("strategies.in_scenario"))
            if entry is not None:
                notes.append(text("strategies.from", month=text.iso(entry.strategy.start)))
            _note(escape(" · ".join(notes)))  # even empty: the same elements on every render keep the widgets
