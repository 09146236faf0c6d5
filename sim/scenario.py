"""Loading scenario files: YAML, ``extends:``, ``calibrated:``, validation and clear errors.

Precedence, lowest first: the schema's defaults; the parent named by ``extends:``; the file's
own keys; the fitted values of the ``calibrated:`` file it names. A file that extends a
calibrated scenario overrides the fitted values like any other key. All merging goes through
``sim.overrides`` (mappings merge key by key, lists replace).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import overrides
from .calendar import format_month
from .coefficients import CoefficientFile, load_coefficients
from .errors import InputError, combine, did_you_mean, explain, one_of
from .inventory import AppSpec, load_inventory
from .scenario_schema import Scenario
from .strategies.registry import build_strategies
from .yamlfile import read_yaml

if TYPE_CHECKING:
    from .strategies.base import Strategy

# keys whose values are paths, resolved against the file that wrote them
_PATH_KEYS = ("apps.inventory", "coefficients.file")


@dataclass
class LoadedScenario:
    spec: Scenario
    path: Path | None
    inventory: list[AppSpec]
    coefficients: CoefficientFile
    raw: dict = field(repr=False)
    strategies: list[Strategy] = field(default_factory=list)
    calibrated: dict | None = None  # {"file": path, "parameters": {dotted key: value}} when fitted values apply

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(json.dumps(self.spec.model_dump(mode="json"), sort_keys=True).encode())
        digest.update(json.dumps([a.__dict__ for a in self.inventory], sort_keys=True).encode())
        digest.update(json.dumps(self.coefficients.model_dump(mode="json"), sort_keys=True).encode())
        return digest.hexdigest()

    def with_overrides(self, changes: dict[str, Any], new_items: dict[str, dict] | None = None) -> LoadedScenario:
        """A copy with ``path: value`` changes applied (``sim.overrides``), validated like a file."""
        label = str(self.path or self.name)
        try:
            raw = overrides.apply(self.raw, changes, new_items)
        except InputError as exc:
            raise exc.at(label) from None
        return _finish(raw, self.path, label, self.calibrated)


def load_scenario(path: str | Path) -> LoadedScenario:
    path = Path(path)
    raw, calibrated = _read_with_extends(path, chain=())
    return _finish(raw, path, str(path), calibrated)


def scenario_from_dict(data: dict, base_dir: str | Path = ".") -> LoadedScenario:
    """Build a scenario from a dict (library use); paths resolve against ``base_dir``."""
    base_dir = Path(base_dir)
    label = str(data.get("name", "<dict>"))
    raw, calibrated = _resolve(copy.deepcopy(dict(data)), base_dir / "<dict>", label, chain=())
    return _finish(raw, None, label, calibrated)


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, "scenario file")
    if not isinstance(data, dict):
        raise InputError(path, None, "a scenario file must be a YAML mapping of keys to values")
    return data


def _read_with_extends(path: Path, chain: tuple[Path, ...]) -> tuple[dict, dict | None]:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise InputError(path, "extends", f"circular extends: {cycle}")
    return _resolve(_read_yaml(path), path, str(path), (*chain, resolved))


def _resolve(data: dict, path: Path, label: str, chain: tuple[Path, ...]) -> tuple[dict, dict | None]:
    """A file's keys over its parent's, then its calibrated values over both."""
    data = _absolutise(data, path.parent, label)
    parent_name = data.pop("extends", None)
    calibrated_path = data.pop("calibrated", None)
    raw, calibrated = {}, None
    if parent_name is not None:
        if not isinstance(parent_name, str) or not parent_name.strip():
            raise InputError(label, "extends", "must be the path of another scenario file")
        parent_path = path.parent / parent_name
        if not parent_path.is_file():
            raise InputError(label, "extends", f"file {parent_path} not found")
        try:
            raw, calibrated = _read_with_extends(parent_path, chain)
        except InputError as exc:
            if exc.file == str(parent_path) and exc.key is None:  # not a scenario file at all
                raise InputError(label, "extends", f"{parent_path}: {exc.problem}") from None
            raise
    raw = overrides.merge(raw, data)
    if calibrated_path is not None:
        calibrated = _calibrated(calibrated_path, label)
        try:
            raw = overrides.apply(raw, calibrated["parameters"])
        except InputError as exc:
            raise exc.at(calibrated["file"], "parameters") from None
    return raw, calibrated


def _absolutise(data: dict, base: Path, label: str) -> dict:
    if isinstance(data.get("calibrated"), str):
        data["calibrated"] = str((base / data["calibrated"]).resolve())
    for dotted in _PATH_KEYS:
        section, key = dotted.split(".")
        node = data.get(section)
        if isinstance(node, dict) and key in node:
            if not isinstance(node[key], str) or not node[key].strip():
                raise InputError(label, dotted, "must be a file path")
            node[key] = str((base / node[key]).resolve())
    return data


def _calibrated(path: object, label: str) -> dict:
    """The fitted parameters of a calibrated file, as dotted keys."""
    if not isinstance(path, str):
        raise InputError(label, "calibrated", "must be a path to a calibrated parameter file")
    file = Path(path)
    if not file.is_file():
        raise InputError(label, "calibrated", f"file {file} not found")
    data = read_yaml(file, "calibrated parameter file")
    params = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(params, dict) or not params:
        raise InputError(label, "calibrated", f"{file} is not a calibrated parameter file: it needs a "
                                              "'parameters' mapping of dotted keys to values")
    return {"file": str(file), "parameters": {str(k): v for k, v in params.items()},
            "fitted_to": data.get("fitted_to", "Binjai")}


def _finish(raw: dict, path: Path | None, label: str, calibrated: dict | None = None) -> LoadedScenario:
    try:
        spec = Scenario.model_validate(raw)
    except ValidationError as exc:
        problems = explain(exc, label, Scenario).problems
        if isinstance(raw.get("strategies"), list):  # report the strategies' problems too
            try:
                build_strategies(raw["strategies"], label)
            except InputError as more:
                problems += more.problems
        raise combine(problems) from None
    here = path.parent if path else Path(".")
    inventory = _read_once(here / spec.apps.inventory, load_inventory, (label, "apps.inventory"))
    coefficients = _read_once(here / spec.coefficients.file, load_coefficients, (label, "coefficients.file"))
    strategies = build_strategies(spec.strategies, label)
    problems = _check_references(spec, inventory, strategies, label)
    if problems:
        raise combine(problems)
    _check_strategy_budget(spec, strategies, label)
    return LoadedScenario(spec=spec, path=path, inventory=inventory, coefficients=coefficients, raw=raw,
                          strategies=strategies, calibrated=calibrated)


_FILES: dict[tuple, object] = {}


def _read_once(path: Path, loader, referrer: tuple[str, str]):
    """A data file read once per process while it stays unchanged: a sweep builds a scenario for
    every sample point, and re-reading the same files would cost more than the run."""
    try:
        stat = path.stat()
    except OSError:
        return loader(path, referrer=referrer)
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, loader)
    if key not in _FILES:
        _FILES[key] = loader(path, referrer=referrer)
    return _FILES[key]


def _events(spec: Scenario) -> list:
    n = spec.national
    return [*n.platforms, *n.policy_shocks, *n.consolidations, *n.defundings, *n.prunings, *n.launch_bans]


def _check_known_outcomes(spec: Scenario, label: str) -> list[InputError]:
    """A replayed 'incumbent' result must be one the incumbent could win (not term-limited)."""
    found, terms = [], spec.mayor.initial_terms_served
    for i, election in sorted(enumerate(spec.elections), key=lambda x: x[1].date):
        if election.outcome is None:
            break  # after a drawn result the terms served are not known in advance
        if election.outcome == "incumbent":
            if terms >= spec.mayor.term_limit:
                found.append(InputError(label, f"elections.{i}.outcome", f"the incumbent has served {terms} "
                                        f"term(s), the limit, and cannot be re-elected", "challenger"))
                break
            terms += 1
        else:
            terms = 1
    return found


def _check_strategy_budget(spec: Scenario, strategies: list, label: str) -> None:
    """A package with a stated budget must fit it in its most expensive month."""
    if spec.strategy_budget_rp is None or not strategies:
        return
    months = sorted({s.start for s in strategies} | {s.end for s in strategies if s.end is not None})
    worst = max(sum(s.monthly_charge() for s in strategies if s.active(m)) for m in months)
    if worst > spec.strategy_budget_rp + 1e-6:
        raise InputError(label, "strategy_budget_rp",
                         f"the strategies cost up to Rp{worst:,.0f} a month, above the stated budget "
                         f"of Rp{spec.strategy_budget_rp:,.0f}", "lower intensities or costs, or raise the budget")


def _check_references(spec: Scenario, inventory: list[AppSpec], strategies: list, label: str) -> list[InputError]:
    """Every cross-reference a schema cannot check alone: app names, dates inside the horizon."""
    found: list[InputError] = []
    names = {a.name for a in inventory}
    start, end = spec.horizon.start, spec.horizon.end
    span = f"{format_month(start)} to {format_month(end)}"

    def unknown_app(key: str, app: str) -> None:
        found.append(InputError(label, key, f"unknown app {app!r}" + did_you_mean(app, names), one_of(names)))

    for key, items in (("national.platforms", spec.national.platforms),
                       ("national.policy_shocks", spec.national.policy_shocks),
                       ("national.consolidations", spec.national.consolidations)):
        for i, item in enumerate(items):
            for app in item.apps:
                if app not in names:
                    unknown_app(f"{key}.{i}.apps", app)
    for i, item in enumerate(spec.national.defundings):
        if item.app not in names:
            unknown_app(f"national.defundings.{i}.app", item.app)
    for i, election in enumerate(spec.elections):
        if not start <= election.date <= end:
            found.append(InputError(label, f"elections.{i}.date", f"{format_month(election.date)} is outside "
                                    "the horizon", span))
    found += _check_known_outcomes(spec, label)
    groups = {e.group for e in _events(spec) if e.group}
    for i, name in enumerate(spec.national.disable):
        if name not in groups:
            found.append(InputError(label, f"national.disable.{i}", f"no event belongs to group {name!r}"
                                    + did_you_mean(name, groups), one_of(groups) if groups else "none"))
    counterparts = {a.counterpart for a in inventory}
    for i, merge in enumerate(spec.national.consolidations):
        if not merge.apps and merge.name not in counterparts:
            found.append(InputError(label, f"national.consolidations.{i}", f"{merge.name} takes over no app: list "
                                    "its apps, or name it as their counterpart in the inventory"))
    for app in inventory:
        if app.launch > end:
            found.append(InputError(label, "apps.inventory", f"app {app.name!r} launches {format_month(app.launch)}, "
                                    "after the horizon ends", f"launch months up to {format_month(end)}"))
    for i, strategy in enumerate(strategies):
        if strategy.start > end or (strategy.end is not None and strategy.end < start):
            found.append(InputError(label, f"strategies.{i}", f"{strategy.name} acts only outside the horizon "
                                    f"({format_month(strategy.start)} to "
                                    f"{format_month(strategy.end) if strategy.end is not None else 'the end'})",
                                    f"a window that overlaps {span}"))
    for i, month in enumerate(spec.report.checkpoints):
        if not start <= month <= end:
            found.append(InputError(label, f"report.checkpoints.{i}", f"{format_month(month)} is outside the "
                                    "horizon", span))
    return found
