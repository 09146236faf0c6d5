"""Sampled values as scenario changes: each parameter's path gets its value (``sim.overrides``)."""

from __future__ import annotations

from .. import overrides
from ..calendar import format_month, parse_month
from ..errors import InputError
from ..scenario import LoadedScenario


def changes(base: LoadedScenario, parameters, values: dict[str, float]) -> dict[str, object]:
    """``path: value`` for every sampled parameter; a ``month_shift`` moves the base's date."""
    out: dict[str, object] = {}
    for parameter in parameters:
        if parameter.label not in values:
            continue
        value = float(values[parameter.label])
        if parameter.transform == "month_shift":
            current = overrides.get(base.raw, parameter.path)
            try:
                month = parse_month(current)
            except ValueError as exc:
                raise InputError(None, parameter.path, f"cannot shift {current!r}: {exc}") from None
            out[parameter.path] = format_month(month + int(round(value)))
        else:
            out[parameter.path] = value
    return out


def apply_values(base: LoadedScenario, parameters, values: dict[str, float], lever_start: int) -> LoadedScenario:
    """A scenario with each parameter's sampled value applied, validated like a scenario file.
    A strategy a path names but the base lacks is added, acting from ``lever_start``."""
    return base.with_overrides(changes(base, parameters, values),
                               new_items={"strategies": {"start": format_month(lever_start)}})
