"""Loading scenario files: YAML, ``extends:``, validation and clear error messages."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .calendar import format_month
from .coefficients import CoefficientFile, load_coefficients
from .errors import InputError, closest, one_of, short
from .inventory import AppSpec, load_inventory
from .scenario_schema import Scenario
from .yamlfile import read_yaml

# keys whose values are paths, resolved against the file that wrote them
_PATH_KEYS = (("apps", "inventory"), ("coefficients", "file"))


@dataclass
class LoadedScenario:
    spec: Scenario
    path: Path | None
    inventory: list[AppSpec]
    coefficients: CoefficientFile
    raw: dict = field(repr=False)
    strategies: list = field(default_factory=list)

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

    def with_overrides(self, overrides: dict[str, Any]) -> LoadedScenario:
        """A copy with dotted-path overrides applied (``"politics.continuity": 0.8``), revalidated."""
        raw = json.loads(json.dumps(self.raw))
        for dotted, value in overrides.items():
            node = raw
            keys = dotted.split(".")
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = value
        return _finish(raw, self.path, label=str(self.path or self.name))


def load_scenario(path: str | Path) -> LoadedScenario:
    path = Path(path)
    raw = _read_with_extends(path, chain=())
    return _finish(raw, path, label=str(path))


def scenario_from_dict(data: dict, base_dir: str | Path = ".") -> LoadedScenario:
    """Build a scenario from a dict (library use); paths resolve against ``base_dir``."""
    raw = _absolutise(json.loads(json.dumps(data)), Path(base_dir))
    if "extends" in raw:
        parent = _read_with_extends(Path(base_dir) / raw.pop("extends"), chain=())
        raw = _merge(parent, raw)
    return _finish(raw, None, label=str(data.get("name", "<dict>")))


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, "scenario file")
    if not isinstance(data, dict):
        raise InputError(path, None, "a scenario file must be a YAML mapping of keys to values")
    return data


def _read_with_extends(path: Path, chain: tuple[Path, ...]) -> dict:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise InputError(path, "extends", f"circular extends: {cycle}")
    data = _absolutise(_read_yaml(path), path.parent)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise InputError(path, "extends", "must be a path to another scenario file")
    parent_path = path.parent / parent_name
    if not parent_path.is_file():
        raise InputError(path, "extends", f"file {parent_path} not found")
    parent = _read_with_extends(parent_path, chain=(*chain, resolved))
    return _merge(parent, data)


def _absolutise(data: dict, base: Path) -> dict:
    if isinstance(data.get("calibrated"), str):
        data["calibrated"] = str((base / data["calibrated"]).resolve())
    for section, key in _PATH_KEYS:
        node = data.get(section)
        if isinstance(node, dict) and isinstance(node.get(key), str):
            node[key] = str((base / node[key]).resolve())
    return data


def _merge(base: dict, override: dict) -> dict:
    """Mappings merge key by key; lists and scalars in ``override`` replace the base value."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _calibrated(raw: dict, label: str) -> dict:
    """Parameters from a calibrated file, as nested mappings, beneath the scenario's own keys."""
    path = raw.get("calibrated")
    if path is None:
        return raw
    if not isinstance(path, str):
        raise InputError(label, "calibrated", "must be a path to a calibrated parameter file")
    file = Path(path)
    if not file.is_file():
        raise InputError(label, "calibrated", f"file {file} not found")
    data = read_yaml(file, "calibrated parameter file")
    params = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(params, dict):
        raise InputError(file, "parameters", "a calibrated file needs a 'parameters' mapping of dotted keys")
    nested: dict = {}
    for dotted, value in params.items():
        node = nested
        keys = str(dotted).split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value
    merged = _merge(nested, {k: v for k, v in raw.items() if k != "calibrated"})
    merged["calibrated"] = path
    return merged


def _finish(raw: dict, path: Path | None, label: str) -> LoadedScenario:
    raw.pop("extends", None)
    try:
        spec = Scenario.model_validate({k: v for k, v in _calibrated(raw, label).items() if k != "calibrated"})
    except ValidationError as exc:
        raise _explain(exc, label) from None
    base = path.parent if path else Path(".")
    inventory = load_inventory(Path(spec.apps.inventory) if Path(spec.apps.inventory).is_absolute()
                               else base / spec.apps.inventory)
    coeff_path = Path(spec.coefficients.file)
    coefficients = load_coefficients(coeff_path if coeff_path.is_absolute() else base / coeff_path)
    _check_references(spec, inventory, label)
    loaded = LoadedScenario(spec=spec, path=path, inventory=inventory, coefficients=coefficients, raw=raw)
    from .strategies.registry import build_strategies  # strategies import the model's vocabulary

    loaded.strategies = build_strategies(spec.strategies, label)
    _check_strategy_budget(spec, loaded.strategies, label)
    return loaded


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


def _check_references(spec: Scenario, inventory: list[AppSpec], label: str) -> None:
    names = {a.name for a in inventory}
    groups = [("national.platforms", spec.national.platforms),
              ("national.policy_shocks", spec.national.policy_shocks),
              ("national.consolidations", spec.national.consolidations)]
    for key, items in groups:
        for i, item in enumerate(items):
            for app in item.apps:
                if app not in names:
                    hint = closest(app, names)
                    raise InputError(label, f"{key}.{i}.apps", f"unknown app {app!r}"
                                     + (f"; did you mean {hint!r}?" if hint else ""), one_of(names))
    for i, item in enumerate(spec.national.defundings):
        if item.app not in names:
            hint = closest(item.app, names)
            raise InputError(label, f"national.defundings.{i}.app", f"unknown app {item.app!r}"
                             + (f"; did you mean {hint!r}?" if hint else ""), one_of(names))
    for i, election in enumerate(spec.elections):
        if not spec.horizon.start <= election.date <= spec.horizon.end:
            raise InputError(label, f"elections.{i}.date",
                             f"{format_month(election.date)} is outside the horizon",
                             f"{format_month(spec.horizon.start)} to {format_month(spec.horizon.end)}")


def _explain(exc: ValidationError, label: str) -> InputError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    key = ".".join(loc)
    if err["type"] == "extra_forbidden":
        model = _model_at(Scenario, loc[:-1])
        valid = list(model.model_fields) if model else []
        hint = closest(loc[-1], valid)
        problem = f"unknown key '{loc[-1]}'" + (f"; did you mean '{hint}'?" if hint else "")
        return InputError(label, key, problem, one_of(valid) if valid else None)
    if err["type"] == "missing":
        return InputError(label, key, "required key missing")
    allowed = None
    ctx = err.get("ctx") or {}
    if "expected" in ctx:
        allowed = str(ctx["expected"])
    elif {"ge", "le"} <= set(ctx):
        allowed = f"{ctx['ge']} to {ctx['le']}"
    elif "ge" in ctx:
        allowed = f">= {ctx['ge']}"
    elif "gt" in ctx:
        allowed = f"> {ctx['gt']}"
    elif "le" in ctx:
        allowed = f"<= {ctx['le']}"
    msg = err["msg"].removeprefix("Value error, ")
    given = err.get("input")
    if not isinstance(given, (dict, list)):
        msg = f"{msg} (given: {short(given)})"
    return InputError(label, key, msg, allowed)


def _model_at(model: type[BaseModel], loc: list[str]) -> type[BaseModel] | None:
    """The pydantic model class that sits at a location, to list its valid keys."""
    import typing

    current: Any = model
    for part in loc:
        if part.isdigit():
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field_info = current.model_fields.get(part)
        if field_info is None:
            return None
        current = field_info.annotation
        for _ in range(3):
            args = typing.get_args(current)
            if not args:
                break
            current = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), args[0])
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None
