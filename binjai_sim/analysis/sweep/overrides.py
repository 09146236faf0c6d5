"""Sampled values as scenario changes: each parameter's path gets its value (``binjai_sim.scenario.overrides``)."""

from __future__ import annotations

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.scenario import overrides
from binjai_sim.scenario.load import LoadedScenario


def changes(base: LoadedScenario, parameters, values: dict[str, float]) -> dict[str, object]:
    """``path: value`` for every sampled parameter; a ``month_shift`` moves the base's date."""
    out: dict[str, object] = {}
    for parameter in parameters:
        if parameter.label not in values:
            continue
        value = float(values[parameter.label])
        if parameter.transform == "integer":
            out[parameter.path] = int(round(value))
        elif parameter.transform == "month_shift":
            current = current_value(base, parameter.path)
            try:
                month = parse_month(current)
            except ValueError as exc:
                raise InputError(None, parameter.path,
                             t("msg.sweep.cannot_shift", value=repr(current), reason=exc)) from None
            out[parameter.path] = format_month(month + int(round(value)))
        else:
            out[parameter.path] = value
    return out


def current_value(base: LoadedScenario, path: str) -> object:
    """The base's value at ``path``: as its files wrote it, or the schema's default."""
    try:
        return overrides.get(base.raw, path)
    except InputError:
        return overrides.get(base.spec.model_dump(mode="json"), path)


def apply_values(base: LoadedScenario, parameters, values: dict[str, float], lever_start: int) -> LoadedScenario:
    """A scenario with each parameter's sampled value applied, validated like a scenario file.
    A strategy a path names but the base lacks is added, acting from ``lever_start``."""
    return base.with_overrides(changes(base, parameters, values),
                               new_items={"strategies": {"start": format_month(lever_start)}})


def date_range_shift(base: LoadedScenario, path: str) -> tuple[float, float]:
    """Bounds of a ``month_shift`` that keep a dated event inside its ``date_range``: months
    before and after the base's date."""
    head, _, last = path.rpartition(".")
    if last != "date" or not head:
        raise InputError(None, path, t("msg.sweep.bounds_needed"), "bounds: [low, high]")
    date = parse_month(current_value(base, path))
    try:
        span = overrides.get(base.raw, f"{head}.date_range")
    except InputError:
        span = None
    if not isinstance(span, list | tuple) or len(span) != 2:
        raise InputError(None, path, t("msg.sweep.no_date_range"), t("msg.sweep.no_date_range_allowed"))
    low, high = (parse_month(m) for m in span)
    if low == high:
        raise InputError(None, path, t("msg.sweep.one_month", month=format_month(low)),
                         t("msg.sweep.one_month_allowed"))
    return float(low - date), float(high - date)
