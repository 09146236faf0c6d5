"""The "with" city's strategies in the settings panel: a package, then each strategy's intensity
and cost. An intensity moved away from the package is marked with the package's value and a
button to go back to it, and the package field then says "custom" (choosing the package again
applies it afresh)."""

from __future__ import annotations

from html import escape

import solara
from solara.alias import rv

from binjai_sim.base import i18n
from binjai_sim.interfaces.workshop import Config, choice, folder

from .text import Text
from .widgets import note, number, on_grid, sorted_pairs, waiting

INTENSITY_STEP = 0.05
CUSTOM = "__custom__"  # the package field's value once a strategy is moved away from the package


def package_fields(value: object) -> dict[str, dict]:
    """The strategies of the package a chooser value names ({} for none or an unreadable one)."""
    if not value:
        return {}
    try:
        return choice.package_strategies(folder.resolve(value, folder.packages()))
    except Exception:  # noqa: BLE001 - Reset names the problem in one sentence
        return {}


def same(chosen: dict, own: dict) -> bool:
    """The chosen intensities are the package's own (to the slider's grid; 0 is "not chosen")."""
    names = {n for n, v in chosen.items() if (number(v) or 0) > 0} | {n for n, v in own.items() if v > 0}
    return all(abs((number(chosen.get(n, 0.0)) or 0.0) - own.get(n, 0.0)) < INTENSITY_STEP / 2 for n in names)


def _package_title(choice_value: str, text: Text) -> str:
    try:
        name = choice.package_name(folder.resolve(choice_value, folder.packages()))
    except Exception:  # noqa: BLE001 - an unreadable package is still listed by its file name
        return choice_value
    key = f"viz.package.{name}"
    return text(f"package.{name}") if key in i18n.catalogue(text.lang) else choice_value


# long: a solara component's hooks must be called in the same order in one function
@solara.component
def StrategyChooser(state, base, config: Config, in_force: Config, text: Text, update):
    offered = folder.packages()
    package = package_fields(config.package)
    own = choice.intensities(package)
    chosen = {k: v for k, v in config.chosen().items() if isinstance(v, int | float)}
    active = {k: v for k, v in in_force.chosen().items() if isinstance(v, int | float)}

    def pick(value) -> None:
        if value == CUSTOM:  # the entry that only says the package was edited
            return
        update(package=value or None, strategies=sorted_pairs(choice.intensities(package_fields(value))))

    def set_intensity(name: str, value) -> None:
        current = dict(state.pending.value.chosen())
        value = number(value)
        if value is not None and value == on_grid(number(current.get(name, 0.0)) or 0.0, INTENSITY_STEP):
            return  # the slider showing a package's value on its grid, not a move
        value = None if value is None else round(value, 2)
        if value is None or value > 0:
            current[name] = value
        else:
            current.pop(name, None)
        update(strategies=sorted_pairs(current))

    def restore(name: str) -> None:
        current = dict(state.pending.value.chosen())
        if own.get(name, 0.0) > 0:
            current[name] = own[name]
        else:
            current.pop(name, None)
        update(strategies=sorted_pairs(current))

    start = base.spec.horizon.start
    try:
        running = {e.name: e for e in choice.entries(chosen, package, start)}
    except Exception:  # noqa: BLE001
        running = {}
    note(escape(text("strategies.title")), ("panel-title",))
    note(escape(text("strategies.explain")))
    title = _package_title(config.package, text) if config.package else text("package.none")
    items = [{"text": text("package.none"), "value": ""}] + [{"text": _package_title(p, text), "value": p}
                                                             for p in offered]
    edited = not same(chosen, own)
    if edited:
        items.append({"text": text("package.custom", package=title), "value": CUSTOM})
    rv.Select(label=text("strategies.package"), items=items, v_model=CUSTOM if edited else (config.package or ""),
              on_v_model=pick, hide_details=True, class_="setting-select package")
    waiting(text, config.package != in_force.package or not same(chosen, active))
    total = sum(e.monthly_cost for e in running.values())
    note(f'<b data-total="{total:.0f}">{escape(text("strategies.total", money=text.per_month(total)))}</b>',
         ("setting-note", "strategy-total"))
    in_base = {s.name for s in base.strategies}
    for group, names in choice.catalogue():
        note(escape(text("group." + group)), ("group-title",))
        for name in names:
            entry = running.get(name)
            intensity = chosen.get(name, 0.0)
            full = entry or choice.entries({name: 1.0}, package, start)[0]
            if entry is not None:
                cost = text.per_month(entry.monthly_cost)
            else:
                cost = text("strategies.full_cost", money=text.per_month(full.monthly_cost))
            label = f"{text('strategy.' + name)}: {text.percent(intensity)} · {cost}"
            rv.Slider(label=label, v_model=on_grid(intensity, INTENSITY_STEP), min=0.0, max=1.0,
                      step=INTENSITY_STEP, on_v_model=lambda v, name=name: set_intensity(name, v), hide_details=True,
                      class_="setting-slider strategy").key(f"strategy-{name}")
            notes = []
            if full.strategy.funding == "city_budget":
                notes.append(text("strategies.city_budget"))
            if name in in_base:
                notes.append(text("strategies.in_scenario"))
            moved = not same({name: intensity}, {name: own.get(name, 0.0)})
            waits = not same({name: intensity}, {name: active.get(name, 0.0)})
            if entry is not None and not waits:
                notes.append(text("strategies.from", month=text.month(entry.strategy.start)))
            if waits:
                notes.append(text("settings.waiting"))
            # the same elements on every render keep the widgets (see widgets.waiting): the note and the
            # row are always there, the row hidden while the strategy keeps the package's value
            note(escape(" · ".join(notes)), ("setting-note", "waiting") if waits else ("setting-note",))
            with solara.Row(classes=["origin", "changed"] if moved else ["origin", "hidden"],
                            style={"align-items": "center"}):
                shown = text.percent(own.get(name, 0.0))
                note(f'<span data-strategy="{name}">{escape(text("strategies.changed", value=shown, package=title))}'
                     "</span>")
                solara.Button(text("button.restore"), on_click=lambda name=name: restore(name), text=True,
                              classes=["restore"])
