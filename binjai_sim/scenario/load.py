"""Loading scenario files: YAML, ``extends:``, ``calibrated:``, validation and clear errors.

Precedence, lowest first: the schema's defaults; the parent named by ``extends:``; the file's
own keys; the fitted values of the ``calibrated:`` file it names. A file that extends a
calibrated scenario overrides the fitted values like any other key. All merging goes through
``binjai_sim.scenario.overrides`` (mappings merge key by key, lists replace).
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from binjai_sim.base.errors import InputError, combine, explain
from binjai_sim.base.i18n import t
from binjai_sim.model.strategies.registry import build_strategies, expand
from binjai_sim.schema.scenario import Scenario

from . import overrides
from .checks import check_references, check_strategy_budget
from .coefficients import CoefficientFile, load_coefficients
from .inventory import AppSpec, load_inventory
from .yamlfile import read_yaml

if TYPE_CHECKING:
    from binjai_sim.model.strategies.base import Strategy

# keys whose values are paths, resolved against the file that wrote them
_PATH_KEYS = ("apps.inventory", "coefficients.file", "known.facts")


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

    @property
    def label(self) -> str:
        """The name a reader sees: the scenario's ``label``, else its city's name."""
        return self.spec.label or self.spec.city.name

    @property
    def title(self) -> str:
        """The city and, when the label does not name it, the label: figure and report titles."""
        city = self.spec.city.name
        return self.label if city.lower() in self.label.lower() else f"{city} ({self.label})"

    def calibration(self) -> dict:
        """Where the fitted values come from and whether they were fitted to this city.

        A new city starts from Binjai's fitted values: they are priors, not a calibration of
        that city, and every output that shows numbers says so (``fitted_to_this_city``).
        """
        if self.calibrated is None:
            return {"file": None, "fitted_to": None, "fitted_to_this_city": False,
                    "note": "not calibrated: the model's default assumptions"}
        fitted = str(self.calibrated.get("fitted_to") or "Binjai")
        own = same_city(fitted, self.spec.city.name)
        note = (f"calibrated on {fitted}" if own
                else f"calibrated on {fitted}; not on your city ({self.spec.city.name}): the fitted values are "
                     f"{fitted}'s, used as priors")
        return {"file": self.calibrated["file"], "fitted_to": fitted, "fitted_to_this_city": own, "note": note,
                "parameters": dict(self.calibrated["parameters"]),
                "not_applied": list(self.calibrated.get("not_applied", []))}

    def with_overrides(self, changes: dict[str, Any], new_items: dict[str, dict] | None = None) -> LoadedScenario:
        """A copy with ``path: value`` changes applied (``binjai_sim.scenario.overrides``), validated like a file."""
        label = str(self.path or self.name)
        try:
            raw = overrides.apply(self.raw, changes, new_items)
        except InputError as exc:
            raise exc.at(label) from None
        return _finish(raw, self.path, label, self.calibrated)


def same_city(a: str, b: str) -> bool:
    """``Binjai``, ``Kota Binjai`` and ``KOTA BINJAI`` are one city."""
    def plain(text: str) -> str:
        words = str(text).lower().replace(".", " ").split()
        while words and words[0] in ("kota", "kabupaten", "kab", "city", "regency", "of"):
            words = words[1:]
        return "".join(words)

    return plain(a) == plain(b)


def load_scenario(path: str | Path, inventory: bool = True) -> LoadedScenario:
    """The scenario of a file, validated; ``inventory=False`` checks everything but the app
    inventory (a new city's scenario before its inventory is filled in)."""
    path = Path(path)
    raw, calibrated = _read_with_extends(path, chain=())
    return _finish(raw, path, str(path), calibrated, inventory)


def scenario_from_dict(data: dict, base_dir: str | Path = ".") -> LoadedScenario:
    """Build a scenario from a dict (library use); paths resolve against ``base_dir``."""
    base_dir = Path(base_dir)
    label = str(data.get("name", "<dict>"))
    raw, calibrated = _resolve(copy.deepcopy(dict(data)), base_dir / "<dict>", label, chain=())
    return _finish(raw, None, label, calibrated)


def peek_lang(path: str | Path) -> str | None:
    """The ``lang:`` a scenario file (or a file it extends) asks for, read before validation so
    that even the scenario's own errors speak its language; None when there is none or the
    files cannot be read (loading will then say why)."""
    path, seen = Path(path), set()
    while path.is_file() and path.resolve() not in seen and len(seen) < 20:
        seen.add(path.resolve())
        try:
            data = read_yaml(path)
        except InputError:
            return None
        if not isinstance(data, dict):
            return None
        if data.get("lang") in ("en", "id"):
            return data["lang"]
        parent = data.get("extends")
        if not isinstance(parent, str):
            return None
        path = path.parent / parent
    return None


def _read_yaml(path: Path) -> dict:
    data = read_yaml(path, t("scenario.what"))
    if not isinstance(data, dict):
        raise InputError(path, None, t("scenario.not_mapping"))
    return data


def _read_with_extends(path: Path, chain: tuple[Path, ...]) -> tuple[dict, dict | None]:
    resolved = path.resolve()
    if resolved in chain:
        cycle = " -> ".join(str(p) for p in (*chain, resolved))
        raise InputError(path, "extends", t("scenario.circular", cycle=cycle))
    return _resolve(_read_yaml(path), path, str(path), (*chain, resolved))


def _resolve(data: dict, path: Path, label: str, chain: tuple[Path, ...]) -> tuple[dict, dict | None]:
    """A file's keys over its parent's, then its calibrated values over both."""
    data = _absolutise(data, path.parent, label)
    if "strategies" in data:
        data["strategies"] = expand(data["strategies"], label)
    parent_name = data.pop("extends", None)
    calibrated_path = data.pop("calibrated", None)
    raw, calibrated = {}, None
    if parent_name is not None:
        if not isinstance(parent_name, str) or not parent_name.strip():
            raise InputError(label, "extends", t("scenario.extends_path"))
        parent_path = path.parent / parent_name
        if not parent_path.is_file():
            raise InputError(label, "extends", t("scenario.file_not_found", path=parent_path))
        try:
            raw, calibrated = _read_with_extends(parent_path, chain)
        except InputError as exc:
            if exc.file == str(parent_path) and exc.key is None:  # not a scenario file at all
                raise InputError(label, "extends", f"{parent_path}: {exc.problem}") from None
            raise
    raw = overrides.merge(raw, data)
    if calibrated_path is not None:
        calibrated = _calibrated(calibrated_path, label)
        calibrated = _for_this_scenario(calibrated, raw)
        try:
            raw = overrides.apply(raw, calibrated["parameters"])
        except InputError as exc:
            raise exc.at(calibrated["file"], "parameters") from None
    return raw, calibrated


def _for_this_scenario(calibrated: dict, raw: dict) -> dict:
    """The fitted values that apply here: a value for a named national or local event the scenario
    does not have (another city's own merger, say) is set aside in ``not_applied`` rather than
    refused, so that a city can start from Binjai's fit without Binjai's local events. (A named
    strategy is different: naming one adds it, as everywhere else.)"""
    keep, dropped = {}, []
    for key, value in calibrated["parameters"].items():
        parts = overrides.parse(key)
        if key.startswith("national.") and any(selector for _, selector in parts):
            item = key[: key.rindex("]") + 1]
            try:
                overrides.get(raw, item)
            except InputError:
                dropped.append(key)
                continue
        keep[key] = value
    return {**calibrated, "parameters": keep, "not_applied": dropped}


def _absolutise(data: dict, base: Path, label: str) -> dict:
    if isinstance(data.get("calibrated"), str):
        data["calibrated"] = str((base / data["calibrated"]).resolve())
    for dotted in _PATH_KEYS:
        section, key = dotted.split(".")
        node = data.get(section)
        if isinstance(node, dict) and key in node:
            if not isinstance(node[key], str) or not node[key].strip():
                raise InputError(label, dotted, t("scenario.file_path"))
            node[key] = str((base / node[key]).resolve())
    return data


def _calibrated(path: object, label: str) -> dict:
    """The fitted parameters of a calibrated file, as dotted keys."""
    if not isinstance(path, str):
        raise InputError(label, "calibrated", t("scenario.calibrated_path"))
    file = Path(path)
    if not file.is_file():
        raise InputError(label, "calibrated", t("scenario.file_not_found", path=file))
    data = read_yaml(file, t("scenario.calibrated_what"))
    params = data.get("parameters") if isinstance(data, dict) else None
    if not isinstance(params, dict) or not params:
        raise InputError(label, "calibrated", t("scenario.not_calibrated_file", path=file))
    return {"file": str(file), "parameters": {str(k): v for k, v in params.items()},
            "fitted_to": data.get("fitted_to", "Binjai")}


def _finish(raw: dict, path: Path | None, label: str, calibrated: dict | None = None,
            with_inventory: bool = True) -> LoadedScenario:
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
    inventory = (_read_once(here / spec.apps.inventory, load_inventory, (label, "apps.inventory"))
                 if with_inventory else [])
    coefficients = _read_once(here / spec.coefficients.file, load_coefficients, (label, "coefficients.file"))
    strategies = _from_projection(build_strategies(spec.strategies, label), spec)
    problems = check_references(spec, inventory, strategies, label)
    if problems:
        raise combine(problems)
    check_strategy_budget(spec, strategies, label)
    return LoadedScenario(spec=spec, path=path, inventory=inventory, coefficients=coefficients, raw=raw,
                          strategies=strategies, calibrated=calibrated)


def _from_projection(strategies: list, spec: Scenario) -> list:
    """Projected from a month (``projection.from``), a strategy still to act starts then at the
    earliest: the plan starts today, not in the past."""
    if spec.projection is None:
        return strategies
    first = spec.projection.from_month
    return [s.model_copy(update={"start": max(s.start, first)}) if s.end is None or s.end >= first else s
            for s in strategies]


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
