"""Sweep files: a base scenario, parameters with bounds, outcomes, the method and replicates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .. import overrides
from ..calendar import format_month
from ..errors import InputError, combine, did_you_mean, explain, one_of
from ..outcomes import registry
from ..scenario import LoadedScenario, load_scenario
from ..scenario_schema import Month
from ..yamlfile import read_yaml
from .overrides import apply_values


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)


class Normal(Strict):
    name: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)


class Parameter(Strict):
    path: str = Field(description="dotted path into the scenario; [NAME] selects a list item by name")
    name: str | None = Field(None, description="short label (default: the path)")
    group: Literal["coefficient", "lever", "environment"]
    bounds: tuple[float, float] | None = None
    distribution: Normal | None = None
    transform: Literal["value", "month_shift"] = Field(
        "value", description="month_shift: the sampled number of months is added to a date")

    @model_validator(mode="after")
    def _range(self):
        overrides.parse(self.path)  # raises with the grammar when the path is malformed
        if (self.bounds is None) == (self.distribution is None):
            raise ValueError("give either bounds [low, high] or a distribution")
        if self.bounds is not None and not self.bounds[0] < self.bounds[1]:
            raise ValueError(f"bounds {list(self.bounds)}: low must be below high")
        return self

    @property
    def label(self) -> str:
        return self.name or self.path


class Sobol(Strict):
    name: Literal["sobol"]
    n: int = Field(256, ge=2, le=2**20, description="base samples, a power of two")
    second_order: bool = False

    @model_validator(mode="after")
    def _power(self):
        if self.n & (self.n - 1):
            raise ValueError(f"n = {self.n} must be a power of two (e.g. 256, 512, 1024)")
        return self


class Morris(Strict):
    name: Literal["morris"]
    trajectories: int = Field(20, ge=2, le=100_000)
    levels: int = Field(4, ge=2, le=100)


class Discovery(Strict):
    outcome: str = "apps_live_2030-12"
    at_least: float | None = Field(None, description="success threshold (default: half of the apps)")


class SweepSpec(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    base: str
    parameters: list[Parameter] = Field(min_length=1)
    outcomes: list[str] = Field(min_length=1)
    method: Sobol | Morris = Field(discriminator="name")
    replicates: int = Field(1, ge=1, le=1000)
    aggregate: Literal["mean", "median"] = "mean"
    seed: int = Field(20161202, ge=0, le=2**63 - 1)
    lever_start: Month = Field("2017-03", description="start month of a strategy added by a lever parameter")
    fixed: dict[str, object] = Field(default_factory=dict, description="path: value changes applied to the base")
    discovery: Discovery = Discovery()

    @model_validator(mode="after")
    def _unique(self):
        for what, values in (("names", [p.label for p in self.parameters]),
                             ("paths", [_canonical(p.path) for p in self.parameters])):
            dupes = sorted({x for x in values if values.count(x) > 1})
            if dupes:
                raise ValueError(f"parameter {what} must be unique (a second value would overwrite the "
                                 f"first); repeated: {', '.join(dupes)}")
        return self


def _canonical(path: str) -> str:
    return ".".join(text for text, _ in overrides.parse(path))


class Sweep:
    """A validated sweep with its base scenario resolved."""

    def __init__(self, spec: SweepSpec, base: LoadedScenario, path: Path | None):
        self.spec = spec
        self.base = base
        self.path = path

    @property
    def name(self) -> str:
        return self.spec.name

    def __getstate__(self):  # what a worker receives: the sweep, not this process's caches
        return {k: v for k, v in self.__dict__.items() if k != "_scenarios"}

    @property
    def hash(self) -> str:
        text = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True) + self.base.hash
        return hashlib.sha256(text.encode()).hexdigest()

    def scenario_for(self, values: dict[str, float]) -> LoadedScenario:
        """The base scenario with a sample point's values; the replicates of one point share it."""
        key = tuple(sorted(values.items()))
        cache = self.__dict__.setdefault("_scenarios", {})
        if key not in cache:
            if len(cache) >= 16:
                cache.pop(next(iter(cache)))
            cache[key] = apply_values(self.base, self.spec.parameters, values, self.spec.lever_start)
        return cache[key]


def load_sweep(path: str | Path, method: str | None = None) -> Sweep:
    path = Path(path)
    data = read_yaml(path, "sweep file")
    if not isinstance(data, dict) or not {"base", "parameters"} <= data.keys():
        raise InputError(path, None, "not a sweep file: it needs 'base' (a scenario) and 'parameters'")
    if method is not None:
        current = data.get("method") if isinstance(data.get("method"), dict) else {}
        if current.get("name") != method:
            data["method"] = {"name": method}
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, path, SweepSpec) from None
    base_path = path.parent / spec.base
    if not base_path.is_file():
        raise InputError(path, "base", f"scenario file {base_path} not found")
    base = load_scenario(base_path)
    if spec.fixed:
        try:
            base = base.with_overrides(spec.fixed, new_items={"strategies": {"start": format_month(spec.lever_start)}})
        except InputError as exc:
            raise exc.at(path, "fixed") if exc.file == str(base.path) else exc from None
    valid = list(registry(base.spec))
    problems = [InputError(path, f"outcomes.{i}", f"unknown outcome {outcome!r}" + did_you_mean(outcome, valid),
                           one_of(valid)) for i, outcome in enumerate(spec.outcomes) if outcome not in valid]
    if spec.discovery.outcome not in valid:
        problems.append(InputError(path, "discovery.outcome", f"unknown outcome {spec.discovery.outcome!r}"
                                   + did_you_mean(spec.discovery.outcome, valid), one_of(valid)))
    if spec.method.name == "morris" and any(p.distribution for p in spec.parameters):
        problems.append(InputError(path, "parameters", "Morris screening needs bounds for every parameter",
                                   "bounds: [low, high]"))
    if problems:
        raise combine(problems)
    sweep = Sweep(spec, base, path)
    for i, parameter in enumerate(spec.parameters):  # every parameter must land on a valid scenario value
        for value in _probe_values(parameter):
            try:
                sweep.scenario_for({parameter.label: value})
            except InputError as exc:
                problems.append(InputError(path, f"parameters.{i}.path", f"{parameter.path} = {value:g}: "
                                           f"{exc.problem}", exc.allowed))
                break
    if problems:
        raise combine(problems)
    return sweep


def _probe_values(parameter: Parameter) -> list[float]:
    if parameter.bounds is not None:
        return list(parameter.bounds)
    d = parameter.distribution
    return [d.mean - 3 * d.sd, d.mean + 3 * d.sd]
