"""Calibration targets and priors: loading, validation, and the model's matching observables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, explain
from ..scenario_schema import Month
from ..yamlfile import read_yaml

STATUS_GROUPS = ("active", "degraded", "replaced_national", "replaced_local", "dead_other")


class StatusCounts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    active: int = Field(ge=0)
    degraded: int = Field(ge=0)
    replaced_national: int = Field(ge=0)
    replaced_local: int = Field(ge=0)
    dead_other: int = Field(ge=0)


class AppUse(BaseModel):
    model_config = ConfigDict(extra="forbid")
    app: str
    source: str = ""
    monthly_users_by_year: list[float] = Field(min_length=3, max_length=3)
    potential_monthly: float | None = Field(None, gt=0)
    fit: str = Field("shape", pattern="^(shape)$")


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid")
    observation_date: Month
    scenario: str
    status_counts: StatusCounts
    app_use: list[AppUse] = Field(default_factory=list)

    @model_validator(mode="after")
    def _positive_use(self):
        for use in self.app_use:
            if min(use.monthly_users_by_year) <= 0:
                raise ValueError(f"app_use {use.app}: monthly users must be positive")
        return self


@dataclass
class Prior:
    key: str
    low: float
    high: float


def load_targets(path: Path) -> tuple[Targets, Path]:
    """The targets and the absolute path of the scenario they refer to."""
    data = read_yaml(path)
    try:
        targets = Targets.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, path, Targets) from None
    return targets, (path.parent / targets.scenario).resolve()


def load_priors(path: Path, scenario) -> list[Prior]:
    data = read_yaml(path)
    if not isinstance(data, dict) or not data:
        raise InputError(path, None, "priors must be a mapping of dotted scenario keys to {low, high}")
    priors = []
    for key, spec in data.items():
        if not (isinstance(spec, dict) and set(spec) == {"low", "high"}):
            raise InputError(path, key, "each prior needs exactly 'low' and 'high'")
        try:
            low, high = float(spec["low"]), float(spec["high"])
        except (TypeError, ValueError):
            raise InputError(path, key, "low and high must be numbers") from None
        if not low < high:
            raise InputError(path, key, f"low {low} must be below high {high}")
        for value in (low, high):  # both ends must be valid scenario values
            try:
                scenario.with_overrides({key: value})
            except InputError as exc:
                raise InputError(path, key, f"bound {value} is not a valid scenario value: {exc.problem}",
                                 exc.allowed) from None
        priors.append(Prior(key, low, high))
    return priors


def last_month_read(scenario, targets: Targets) -> int:
    """The last month ``observables`` reads: the observation date, or the end of a use target's
    third year if later. A fit need not simulate past it."""
    launch = {a.name: a.launch for a in scenario.inventory}
    ends = [launch[u.app] + 36 - 1 for u in targets.app_use]
    return max([targets.observation_date, *ends])


def observables(model, targets: Targets) -> dict[str, float]:
    """The model's counterpart of each target, read from a finished run."""
    from ..vocabulary import AppStatus, Cause

    rec, apps = model.recorder, model.apps
    t = targets.observation_date - rec.t0
    status = rec.status[t]
    month = targets.observation_date
    dead = (apps.death_month >= 0) & (apps.death_month <= month)
    cause = np.where(dead, apps.cause, -1)
    out = {
        "active": float(np.sum(status == AppStatus.ACTIVE)),
        "degraded": float(np.sum(status == AppStatus.DEGRADED)),
        "replaced_national": float(np.sum(cause == Cause.REPLACED_NATIONAL)),
        "replaced_local": float(np.sum(cause == Cause.REPLACED_LOCAL)),
    }
    out["dead_other"] = float(np.sum(dead)) - out["replaced_national"] - out["replaced_local"]
    for use in targets.app_use:
        i = apps.names.index(use.app)
        launch = int(apps.launch[i]) - rec.t0
        years = [rec.users[launch + 12 * y: launch + 12 * (y + 1), i].mean() for y in range(3)]
        for y, value in enumerate(years, start=1):
            out[f"{use.app}_year{y}"] = float(value)
    return out


HOLD_TOLERANCE = 0.05  # "holds": year 2 within 5% below year 1 still counts


def use_shape_ok(y1: float, y2: float, y3: float) -> bool:
    """Use rises or holds from year 1 to year 2, then falls below half of year 2."""
    return y2 > 0 and y2 >= (1.0 - HOLD_TOLERANCE) * y1 and y3 < 0.5 * y2
