"""Applying sampled values to a scenario: dotted paths, list items by name, strategy levers."""

from __future__ import annotations

import copy
import re

from ..calendar import format_month, parse_month
from ..errors import InputError
from ..scenario import LoadedScenario

_PART = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]+)\])?$")


def apply_values(base: LoadedScenario, parameters, values: dict[str, float], lever_start: str) -> LoadedScenario:
    """A scenario with each parameter's sampled value applied, validated like a scenario file."""
    raw = copy.deepcopy(base.raw)
    for parameter in parameters:
        if parameter.label in values:
            _set(raw, parameter, float(values[parameter.label]), lever_start)
    from ..scenario import _finish  # one validation path for files, overrides and sweeps

    return _finish(raw, base.path, label=str(base.path or base.name))


def _set(raw: dict, parameter, value: float, lever_start: str) -> None:
    parts = parameter.path.split(".")
    if parts[0] == "strategies":
        _set_strategy(raw, parameter.path, parts, value, lever_start)
        return
    node = raw
    for i, part in enumerate(parts):
        match = _PART.match(part)
        key, selector = match.group(1), match.group(2)
        last = i == len(parts) - 1
        if selector is not None:
            items = node.get(key)
            if not isinstance(items, list):
                raise InputError(None, parameter.path, f"'{key}' is not a list in the base scenario")
            found = [x for x in items if isinstance(x, dict) and selector in (x.get("name"), x.get("app"))]
            if not found:
                names = [x.get("name") or x.get("app") for x in items if isinstance(x, dict)]
                raise InputError(None, parameter.path, f"no item named {selector!r} in '{key}'",
                                 ", ".join(map(str, names)) or "none")
            node = found[0]
            if last:
                raise InputError(None, parameter.path, "a path must end with a field, not a list item")
            continue
        if last:
            if parameter.transform == "month_shift":
                if key not in node:
                    raise InputError(None, parameter.path, f"no date '{key}' in the base scenario to shift")
                node[key] = format_month(parse_month(node[key]) + int(round(value)))
            else:
                node[key] = value
        else:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                raise InputError(None, parameter.path, f"'{key}' is not a mapping")


def _set_strategy(raw: dict, path: str, parts: list[str], value: float, lever_start: str) -> None:
    """``strategies.NAME.PARAM``: set a parameter of that strategy, adding it if absent."""
    if len(parts) != 3:
        raise InputError(None, path, "strategy levers are written strategies.NAME.PARAMETER")
    name, param = parts[1], parts[2]
    strategies = raw.setdefault("strategies", [])
    entry = next((s for s in strategies if isinstance(s, dict) and s.get("name") == name), None)
    if entry is None:
        entry = {"name": name, "start": lever_start}
        strategies.append(entry)
    entry[param] = value
