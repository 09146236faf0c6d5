"""Sweep files: a base scenario, parameters with bounds, outcomes, the method and replicates."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, closest, one_of, short
from ..metrics import outcome_names
from ..scenario import LoadedScenario, load_scenario
from ..yamlfile import read_yaml
from .overrides import apply_values

PATH_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[[^\]]+\])?)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
        if not PATH_RE.match(self.path):
            raise ValueError(f"path {self.path!r} is not a dotted path")
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
    n: int = Field(256, ge=2, description="base samples, a power of two")
    second_order: bool = False

    @model_validator(mode="after")
    def _power(self):
        if self.n & (self.n - 1):
            raise ValueError(f"n = {self.n} must be a power of two (e.g. 256, 512, 1024)")
        return self


class Morris(Strict):
    name: Literal["morris"]
    trajectories: int = Field(20, ge=2)
    levels: int = Field(4, ge=2)


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
    lever_start: str = Field("2017-03", description="start month of a strategy added by a lever parameter")
    fixed: dict[str, object] = Field(default_factory=dict, description="dotted overrides applied to the base")
    discovery: Discovery = Discovery()

    @model_validator(mode="after")
    def _unique(self):
        labels = [p.label for p in self.parameters]
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(f"parameter names must be unique; repeated: {', '.join(dupes)}")
        return self


class Sweep:
    """A validated sweep with its base scenario resolved."""

    def __init__(self, spec: SweepSpec, base: LoadedScenario, path: Path | None):
        self.spec = spec
        self.base = base
        self.path = path

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def hash(self) -> str:
        text = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True) + self.base.hash
        return hashlib.sha256(text.encode()).hexdigest()

    def scenario_for(self, values: dict[str, float]) -> LoadedScenario:
        return apply_values(self.base, self.spec.parameters, values, self.spec.lever_start)


def load_sweep(path: str | Path, method: str | None = None) -> Sweep:
    path = Path(path)
    data = read_yaml(path, "sweep file")
    if not isinstance(data, dict):
        raise InputError(path, None, "a sweep file must be a YAML mapping")
    if method is not None:
        current = data.get("method") if isinstance(data.get("method"), dict) else {}
        if current.get("name") != method:
            data["method"] = {"name": method}
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, path) from None
    base = load_scenario(path.parent / spec.base)
    if spec.fixed:
        try:
            base = base.with_overrides(spec.fixed)
        except InputError as exc:
            raise InputError(path, f"fixed ({exc.key})", exc.problem, exc.allowed) from None
    valid = outcome_names(base.spec.horizon.start, base.spec.horizon.end)
    for i, outcome in enumerate(spec.outcomes):
        if outcome not in valid:
            hint = closest(outcome, valid)
            raise InputError(path, f"outcomes.{i}", f"unknown outcome {outcome!r}"
                             + (f"; did you mean {hint!r}?" if hint else ""), one_of(valid))
    if spec.discovery.outcome not in valid:
        raise InputError(path, "discovery.outcome", f"unknown outcome {spec.discovery.outcome!r}", one_of(valid))
    if spec.method.name == "morris" and any(p.distribution for p in spec.parameters):
        raise InputError(path, "parameters", "Morris screening needs bounds for every parameter",
                         "bounds: [low, high]")
    sweep = Sweep(spec, base, path)
    for i, parameter in enumerate(spec.parameters):  # every parameter must land on a valid scenario value
        for value in _probe_values(parameter):
            try:
                sweep.scenario_for({parameter.label: value})
            except InputError as exc:
                raise InputError(path, f"parameters.{i}.path", f"{parameter.path} = {value:g}: {exc.problem}",
                                 exc.allowed) from None
    return sweep


def _probe_values(parameter: Parameter) -> list[float]:
    if parameter.bounds is not None:
        return list(parameter.bounds)
    d = parameter.distribution
    return [d.mean - 3 * d.sd, d.mean + 3 * d.sd]


def _explain(exc: ValidationError, path: Path) -> InputError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"] if str(p) not in ("sobol", "morris")]
    key = ".".join(loc) or None
    if err["type"] == "extra_forbidden":
        return InputError(path, key, f"unknown key '{loc[-1]}'")
    if err["type"] == "missing":
        return InputError(path, key, "required key missing")
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return InputError(path, "method.name", "unknown or missing method", "sobol, morris")
    given = err.get("input")
    msg = err["msg"].removeprefix("Value error, ")
    if not isinstance(given, (dict, list)):
        msg += f" (given: {short(given)})"
    return InputError(path, key, msg)
