"""Sweep files: a base scenario, parameters with bounds, outcomes, the method and replicates."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError, combine, did_you_mean, explain, one_of
from binjai_sim.base.i18n import t
from binjai_sim.runs.outcomes import registry
from binjai_sim.scenario import overrides
from binjai_sim.scenario.load import LoadedScenario, load_scenario
from binjai_sim.scenario.yamlfile import read_yaml
from binjai_sim.schema.scenario import Month

from .anchor import hold_level, reference_parts
from .catalogue import cover_catalogue
from .overrides import apply_values, date_range_shift


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)


class Normal(Strict):
    name: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)


class Parameter(Strict):
    path: str = Field(description="dotted path into the scenario; [NAME] selects a list item by name")
    name: str | None = Field(None, description="short label (default: the path)")
    group: Literal["coefficient", "lever", "environment", "assumption"] = Field(
        description="what kind of input it is (colours the figures): a survey coefficient, a strategy lever, "
                    "an outside uncertainty, or another modelling assumption")
    analysis_group: str | None = Field(
        None, description="parameters sharing this label are moved and analysed as one (SALib groups; "
                          "Morris and Sobol)")
    bounds: tuple[float, float] | None = None
    distribution: Normal | None = None
    transform: Literal["value", "integer", "month_shift"] = Field(
        "value", description="integer: the value is rounded to a whole number; month_shift: the sampled "
                             "number of months is added to a date (without bounds: within the event's "
                             "date_range)")

    @model_validator(mode="after")
    def _range(self):
        overrides.parse(self.path)  # raises with the grammar when the path is malformed
        if self.bounds is None and self.distribution is None and self.transform == "month_shift":
            return self  # bounds come from the event's date_range when the base is loaded
        if (self.bounds is None) == (self.distribution is None):
            raise ValueError(t("helpwords.error.bounds_or_distribution"))
        if self.bounds is not None and not self.bounds[0] < self.bounds[1]:
            raise ValueError(t("helpwords.error.bounds_order", bounds=list(self.bounds)))
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
            raise ValueError(t("helpwords.error.power_of_two", n=self.n))
        return self


class Morris(Strict):
    name: Literal["morris"]
    trajectories: int = Field(20, ge=2, le=100_000)
    levels: int = Field(4, ge=2, le=100)


class Latin(Strict):
    name: Literal["latin"]
    n: int = Field(256, ge=2, le=2**20, description="sample points (a Latin hypercube)")


class Discovery(Strict):
    outcome: str = "apps_live_2030-12"
    at_least: float | None = Field(None, description="success threshold (default: half of the apps)")


class HoldLevel(Strict):
    """Hold the calibrated hazard level while factor weights vary: at each sample point the
    hazard intercept moves so that the mean score of the base's live apps up to ``through``
    gives the same log rate as in the base (``binjai_sim.analysis.sweep.anchor``)."""

    through: Month = Field(description="last month of the reference period (the calibration targets' month)")
    replicates: int = Field(8, ge=1, le=1000, description="base runs that give the reference factor levels")


class SweepSpec(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    base: str
    parameters: list[Parameter] = Field(min_length=1)
    outcomes: list[str] = Field(min_length=1)
    method: Sobol | Morris | Latin = Field(discriminator="name")
    replicates: int = Field(1, ge=1, le=1000)
    aggregate: Literal["mean", "median"] = "mean"
    seed: int = Field(20161202, ge=0, le=2**63 - 1)
    common_random_numbers: bool = Field(
        True, description="every sample point runs with the same replicate seeds, so a difference between "
                          "two points is the parameters' and not the dice's")
    hold_hazard_level: HoldLevel | None = None
    lever_start: Month = Field("2017-03", description="start month of a strategy added by a lever parameter")
    fixed: dict[str, object] = Field(default_factory=dict, description="path: value changes applied to the base")
    discovery: Discovery = Discovery()

    @model_validator(mode="after")
    def _unique(self):
        for what, values in (("names", [p.label for p in self.parameters]),
                             ("paths", [_canonical(p.path) for p in self.parameters])):
            dupes = sorted({x for x in values if values.count(x) > 1})
            if dupes:
                raise ValueError(t(f"helpwords.error.unique_{what}", repeated=", ".join(dupes)))
        return self


def _canonical(path: str) -> str:
    return ".".join(text for text, _ in overrides.parse(path))


class Sweep:
    """A validated sweep with its base scenario resolved."""

    def __init__(self, spec: SweepSpec, base: LoadedScenario, path: Path | None, reference: dict | None = None):
        self.spec = spec
        self.base = base
        self.path = path
        self.reference = reference  # the base's mean factor parts when the hazard level is held

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
            scenario = apply_values(self.base, self.spec.parameters, values, self.spec.lever_start)
            if self.reference is not None:
                scenario = hold_level(self.base, scenario, self.reference)
            cache[key] = scenario
        return cache[key]


# long: every check of a sweep file gathered so that all problems are reported at once
def load_sweep(path: str | Path, method: str | None = None, seed: int | None = None,
               replicates: int | None = None) -> Sweep:
    """A validated sweep; ``method``, ``seed`` and ``replicates`` (the command's flags) replace the file's."""
    path = Path(path)
    data = read_yaml(path, "sweep file")
    if not isinstance(data, dict) or not {"base", "parameters"} <= data.keys():
        raise InputError(path, None, t("msg.sweep.not_sweep_file"))
    data.update({k: v for k, v in (("seed", seed), ("replicates", replicates)) if v is not None})
    cover_catalogue(data, path)  # before the schema, so the design it hashes holds what was appended
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
        raise InputError(path, "base", t("msg.sweep.base_not_found", path=base_path))
    base = load_scenario(base_path)
    if spec.fixed:
        try:
            base = base.with_overrides(spec.fixed, new_items={"strategies": {"start": format_month(spec.lever_start)}})
        except InputError as exc:
            raise exc.at(path, "fixed") if exc.file == str(base.path) else exc from None
    valid = list(registry(base.spec))
    problems = [InputError(path, f"outcomes.{i}",
                           t("msg.sweep.unknown_outcome", name=repr(outcome)) + did_you_mean(outcome, valid),
                           one_of(valid)) for i, outcome in enumerate(spec.outcomes) if outcome not in valid]
    if spec.discovery.outcome not in valid:
        problems.append(InputError(path, "discovery.outcome",
                                   t("msg.sweep.unknown_outcome", name=repr(spec.discovery.outcome))
                                   + did_you_mean(spec.discovery.outcome, valid), one_of(valid)))
    if spec.method.name == "morris" and any(p.distribution for p in spec.parameters):
        problems.append(InputError(path, "parameters", t("msg.sweep.morris_bounds"),
                                   "bounds: [low, high]"))
    if spec.method.name == "latin" and any(p.analysis_group for p in spec.parameters):
        problems.append(InputError(path, "parameters", t("msg.sweep.analysis_group"), "morris, sobol"))
    for i, parameter in enumerate(spec.parameters):
        if parameter.bounds is None and parameter.distribution is None:
            try:
                parameter.bounds = date_range_shift(base, parameter.path)
            except InputError as exc:
                problems.append(InputError(path, f"parameters.{i}.bounds", exc.problem, exc.allowed))
    if spec.hold_hazard_level is not None and not (base.spec.horizon.start < spec.hold_hazard_level.through
                                                   <= base.spec.horizon.end):
        problems.append(InputError(path, "hold_hazard_level.through", t("msg.sweep.inside_horizon"),
                                   f"{format_month(base.spec.horizon.start + 1)} to "
                                   f"{format_month(base.spec.horizon.end)}"))
    if problems:
        raise combine(problems)
    reference = None
    if spec.hold_hazard_level is not None:
        hold = spec.hold_hazard_level
        reference = reference_parts(base, spec.seed, hold.replicates, hold.through)
    sweep = Sweep(spec, base, path, reference)
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
