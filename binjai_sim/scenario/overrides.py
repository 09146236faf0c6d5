"""The one way to change a scenario: dotted paths, list selectors, deep merge.

Every entry point uses these functions: ``extends:`` (a child file over its parent),
``calibrated:`` (fitted values over the file that names them), ``LoadedScenario.with_overrides``,
sweep parameters and ``fixed:`` values, the workshop's sliders and the calibration's particles.

Paths
    ``politics.continuity``                  a key inside a mapping
    ``national.platforms[SIPD].date``        a list item chosen by its ``name`` (or ``app``)
    ``elections[0].date``                    a list item chosen by position
    ``national.platforms.SIPD.date``, ``elections.0.date``   the same, written with dots
    ``strategies[long_term_plan].intensity`` a strategy; it is added if the scenario lacks it

The rule for values
    A mapping given for a mapping merges into it key by key (recursively); anything else, a
    list included, replaces what was there. So ``{"national": {"platforms": []}}`` empties the
    platforms and keeps the other national events, and a list replaces the whole list: to change
    one item, address it by name or position.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from binjai_sim.base.errors import InputError, one_of, short
from binjai_sim.base.i18n import t

_SEGMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*|\d+)((?:\[[^\[\]]+\])*)$")
_SELECTOR = re.compile(r"\[([^\[\]]+)\]")
ITEM_KEYS = ("name", "app")  # how list items are named
ADDABLE = ("strategies",)  # lists whose items a path may create by naming them


@lru_cache(maxsize=4096)
def _parse(path: str) -> tuple[tuple[str, bool], ...]:
    return tuple(_parse_uncached(path))


def parse(path: str) -> list[tuple[str, bool]]:
    """The steps of a path in order, each ``(text, is_selector)``."""
    if not isinstance(path, str):
        return _parse_uncached(path)
    return list(_parse(path))


def _parse_uncached(path: str) -> list[tuple[str, bool]]:
    """The steps of a path in order, each ``(text, is_selector)``: a mapping key, or a list
    selector (a name or a position). A dotted step that meets a list is read as a selector."""
    if not isinstance(path, str) or not path:
        raise InputError(None, short(path), t("msg.overrides.empty_path"))
    steps: list[tuple[str, bool]] = []
    for segment in _split(path):
        match = _SEGMENT.match(segment)
        if not match:
            raise InputError(None, path, t("msg.overrides.bad_segment", segment=repr(segment)),
                             t("msg.overrides.path_allowed"))
        steps.append((match.group(1), match.group(1).isdigit()))
        steps.extend((sel, True) for sel in _SELECTOR.findall(match.group(2)))
    return steps


def _split(path: str) -> list[str]:
    """Split on dots outside brackets (a selector may hold a dot: ``[e.g. this]``)."""
    parts, depth, current = [], 0, []
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "." and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    if depth != 0 or any(not p for p in parts):
        raise InputError(None, path, t("msg.overrides.brackets"))
    return parts


def _item(items: list, selector: str, path: str, list_key: str, create: dict | None) -> tuple[Any, int]:
    """The list item a selector names, and its position; created when the list allows it."""
    if selector.isdigit():
        index = int(selector)
        if index >= len(items):
            raise InputError(None, path, t("msg.overrides.no_position", list=list_key, count=len(items), index=index),
                             f"0 - {len(items) - 1}" if items else t("msg.overrides.none"))
        return items[index], index
    for index, item in enumerate(items):
        if isinstance(item, Mapping) and selector in (item.get(k) for k in ITEM_KEYS):
            return item, index
    if create is not None:
        items.append({"name": selector, **create})
        return items[-1], len(items) - 1
    names = [str(next((item.get(k) for k in ITEM_KEYS if item.get(k) is not None), "?"))
             for item in items if isinstance(item, Mapping)]
    raise InputError(None, path, t("msg.overrides.no_item", name=repr(selector), list=list_key),
                     one_of(names) if names else t("msg.overrides.none"))


def get(data: Mapping, path: str) -> Any:
    """The value at ``path``; an InputError naming the path if it is not there."""
    node: Any = data
    steps = [text for text, _ in parse(path)]
    for i, step in enumerate(steps):
        where = ".".join(steps[:i]) or t("msg.overrides.the_scenario")
        if isinstance(node, list):
            node, _ = _item(node, step, path, steps[i - 1] if i else where, None)
        elif isinstance(node, Mapping):
            if step not in node:
                raise InputError(None, path, t("msg.overrides.no_key", key=step, where=where))
            node = node[step]
        else:
            raise InputError(None, path, t("msg.overrides.a_value", where=where))
    return node


def assign(data: dict, path: str, value: Any, new_items: Mapping[str, dict] | None = None) -> None:
    """Set ``path`` to ``value`` in place, following the rule for values (module docstring).
    ``new_items`` gives the fields of a list item created by naming it (``strategies`` only).
    Containers along the path are copied before they change, so ``data`` may share the rest of
    its tree with another scenario's (``apply`` relies on it)."""
    parsed = parse(path)
    steps = [text for text, _ in parsed]
    node: Any = data
    for i, step in enumerate(steps):
        last = i == len(steps) - 1
        where = ".".join(steps[:i]) or t("msg.overrides.the_scenario")
        if isinstance(node, list):
            list_key = steps[i - 1] if i else where
            create = (dict((new_items or {}).get(list_key, {})) if list_key in ADDABLE and not step.isdigit()
                      else None)
            item, index = _item(node, step, path, list_key, create)
            if last:
                node[index] = merge(item, value) if _both_mappings(item, value) else copy.deepcopy(value)
                return
            node[index] = item = _copied(item)
            node = item
            continue
        if not isinstance(node, dict):
            raise InputError(None, path, t("msg.overrides.a_value_is", where=where, value=short(node)))
        if last:
            current = node.get(step)
            node[step] = merge(current, value) if _both_mappings(current, value) else copy.deepcopy(value)
            return
        if step not in node or node[step] is None:
            node[step] = [] if parsed[i + 1][1] or step in ADDABLE else {}
        else:
            node[step] = _copied(node[step])
        node = node[step]


def _copied(node: Any) -> Any:
    return dict(node) if isinstance(node, dict) else list(node) if isinstance(node, list) else node


def _both_mappings(a: Any, b: Any) -> bool:
    return isinstance(a, Mapping) and isinstance(b, Mapping)


def merge(base: Mapping, override: Mapping) -> dict:
    """``override`` over ``base``: mappings merge key by key, everything else replaces."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        current = out.get(key)
        out[key] = merge(current, value) if _both_mappings(current, value) else copy.deepcopy(value)
    return out


def apply(data: Mapping, overrides: Mapping[str, Any], new_items: Mapping[str, dict] | None = None) -> dict:
    """A copy of ``data`` with every ``path: value`` of ``overrides`` assigned, in order
    (``data`` itself never changes; the parts no path touches are shared)."""
    out = dict(data)
    for path, value in overrides.items():
        assign(out, path, value, new_items)
    return out
