"""What the calibration fits: each app's observed fate, the counts, eDokter's use, the priors.

The study's table gives each app's condition at an undated moment (the study date, a prior
range here). ``observation.py`` says how a simulated app would be reported in the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, at_line, combine, did_you_mean, explain, short
from binjai_sim.base.i18n import t
from binjai_sim.scenario.yamlfile import read_yaml
from binjai_sim.schema.scenario import Month

from .observation import OBSERVED

STATUS_GROUPS = ("active", "degraded", "replaced_national", "replaced_local", "dead_other")
# the study's status_class (and replacement_kind) -> an observed class
STUDY_CLASSES = {"active": "active", "degraded": "degraded", "inaccessible": "dead", "discontinued": "dead",
                 "not_found": "not_found"}


class AppUse(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    app: str
    source: str = ""
    monthly_users_by_year: list[float] = Field(min_length=3, max_length=3)
    potential_monthly: float | None = Field(None, gt=0)
    fit: str = Field("shape", pattern="^(shape)$")


class DateRange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    low: Month
    high: Month

    @model_validator(mode="after")
    def _ordered(self):
        if self.high < self.low:
            raise ValueError(t("helpwords.error.high_before_low"))
        return self


class PriorityDrop(BaseModel):
    """A mayor's smart-city priority after an oath, below a level: 'kept but not a priority'."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    after: Month
    below: float = Field(ge=0, le=1)
    source: str = ""


class Targets(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    scenario: str
    apps: str = Field(description="the study's table of apps (CSV), relative to this file")
    study_date: DateRange
    counts: bool = Field(True, description="also fit the counts by status group")
    app_use: list[AppUse] = Field(default_factory=list)
    priority: PriorityDrop | None = None

    @model_validator(mode="after")
    def _positive_use(self):
        for use in self.app_use:
            if min(use.monthly_users_by_year) <= 0:
                raise ValueError(t("helpwords.error.users_positive", app=use.app))
        return self


@dataclass
class Observed:
    """The study's class of each app, in inventory order."""

    names: list[str]
    classes: np.ndarray  # index into OBSERVED
    launch_years: np.ndarray

    def counts(self) -> dict[str, int]:
        cls = [OBSERVED[c] for c in self.classes]
        return {"active": cls.count("active"), "degraded": cls.count("degraded"),
                "replaced_national": cls.count("replaced_national"), "replaced_local": cls.count("replaced_local"),
                "dead_other": cls.count("dead") + cls.count("not_found")}


@dataclass
class Prior:
    key: str
    low: float
    high: float
    kind: str = "uniform"  # uniform | normal (low = mean, high = sd) | month (uniform over months) | beta
    a: float = 1.0  # a beta prior's shapes, on [low, high] = [0, 1]
    b: float = 1.0

    @property
    def scenario_key(self) -> bool:
        return not self.key.startswith("observation.")


def load_targets(path: Path) -> tuple[Targets, Path]:
    """The targets and the absolute path of the scenario they refer to."""
    data = read_yaml(path, "calibration targets file")
    if not isinstance(data, dict) or "apps" not in data:
        raise InputError(path, None, t("msg.calibrate.not_targets"))
    try:
        targets = Targets.model_validate(data)
    except ValidationError as exc:
        raise explain(exc, path, Targets) from None
    return targets, (path.parent / targets.scenario).resolve()


def load_observed(targets_path: Path, targets: Targets, inventory) -> Observed:
    """The study's table, matched to the inventory by name (the table's 'name (short)' form
    allowed): CSV (UTF-8, with or without a byte-order mark, separated by ``,`` ``;`` or tab) or
    XLSX. Every row must name one app of the inventory, once, with a known class."""
    from binjai_sim.scenario.inventory import max_apps
    from binjai_sim.scenario.spreadsheet import read_table

    path = targets_path.parent / targets.apps
    table = read_table(path, t("calibrate.fates_what"), (str(targets_path), "apps"),
                       cap=(max_apps(), "BINJAI_SIM_MAX_APPS"))
    missing_columns = [c for c in ("name", "status_class") if c not in table.columns]
    if missing_columns:
        raise InputError(path, None, t("calibrate.fates_columns", columns=", ".join(missing_columns),
                                       found=short(", ".join(table.columns), 60)))
    known = {a.name for a in inventory}
    by_name: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list = list(table.problems)
    for n, row in table.rows:
        name = (row.get("name") or "").split(" (")[0].strip()
        where = at_line(path, n)
        if not name:
            problems.append((n, InputError(where, "name", t("calibrate.fates_no_name"))))
            continue
        if name not in known:
            problems.append((n, InputError(where, "name", t("calibrate.fates_unknown_app", name=short(name))
                                           + did_you_mean(name, sorted(known)))))
            continue
        if name in lines:
            problems.append((n, InputError(where, "name", t("calibrate.fates_duplicate", name=name,
                                                            line=lines[name]))))
            continue
        lines[name] = n
        status = (row.get("status_class") or "").strip()
        if status == "replaced":
            kind = (row.get("replacement_kind") or "").strip()
            cls = {"national": "replaced_national", "local": "replaced_local"}.get(kind)
        else:
            cls = STUDY_CLASSES.get(status)
        if cls is None:
            problems.append((n, InputError(where, "status_class", t("calibrate.fates_class", value=short(status),
                                                                   name=name), t("calibrate.fates_classes"))))
            continue
        by_name[name] = cls
    missing = [a.name for a in inventory if a.name not in lines]
    if missing:
        problems.append((0, InputError(path, "name", t("calibrate.fates_missing", apps=short(", ".join(missing),
                                                                                          300)))))
    if problems:
        raise combine([p for _, p in sorted(problems, key=lambda p: p[0])])
    return Observed([a.name for a in inventory], np.array([OBSERVED.index(by_name[a.name]) for a in inventory]),
                    np.array([a.launch // 12 for a in inventory]))


def check_targets(path: Path, targets: Targets, scenario) -> None:
    """Targets that name an app the inventory lacks, or a month the scenario does not simulate,
    are refused before any run (every problem at once)."""
    horizon = scenario.spec.horizon
    launch = {a.name: a.launch for a in scenario.inventory}
    span = t("calibrate.horizon", start=format_month(horizon.start), end=format_month(horizon.end))
    problems = []
    months = [("study_date.low", targets.study_date.low), ("study_date.high", targets.study_date.high)]
    if targets.priority is not None:
        months.append(("priority.after", targets.priority.after))
    for key, month in months:
        if not horizon.start <= month <= horizon.end:
            problems.append(InputError(path, key, t("calibrate.outside_horizon", month=format_month(month)), span))
    for i, use in enumerate(targets.app_use):
        if use.app not in launch:
            problems.append(InputError(path, f"app_use[{i}].app", t("calibrate.use_unknown_app", name=short(use.app))
                                       + did_you_mean(use.app, sorted(launch))))
        elif launch[use.app] + 36 - 1 > horizon.end:
            problems.append(InputError(path, f"app_use[{i}]", t("calibrate.use_after_horizon", name=use.app,
                                                                 end=format_month(launch[use.app] + 35)), span))
    if problems:
        raise combine(problems)


def load_priors(path: Path, scenario) -> list[Prior]:
    """Priors of the fitted parameters: dotted scenario keys (or ``observation.*``) to
    ``{low, high}`` (uniform), ``{low, high, kind: month}`` (months), ``{mean, sd}`` (normal) or
    ``{kind: beta, a, b}`` (a share).
    ``survey`` derives a score weight's prior from the coefficients file (``survey_prior``)."""
    data = read_yaml(path, "priors file")
    if not isinstance(data, dict) or not data:
        raise InputError(path, None, t("msg.priors.mapping"))
    priors, problems = [], []
    for key, spec in data.items():
        key = str(key)
        try:
            prior = _prior(key, spec, scenario)
        except InputError as exc:
            problems.append(exc.at(path))
            continue
        if prior.scenario_key:
            ends = ((prior.low, prior.high) if prior.kind != "normal"
                    else (prior.low - 3 * prior.high, prior.low + 3 * prior.high))
            for value in ends:  # both ends must be valid scenario values
                try:
                    scenario.with_overrides(as_changes({key: value}, [prior]))
                except InputError as exc:
                    problems.append(InputError(path, key, t("msg.priors.invalid_value", value=f"{value:g}",
                                                             problem=exc.problem), exc.allowed))
                    break
        priors.append(prior)
    if problems:
        raise combine(problems)
    return priors


def date_priors(scenario, targets: Targets | None = None) -> list[Prior]:
    """A month prior for every dated event whose date the evidence leaves open (``date_range``),
    and for the study date."""
    out = []
    national = scenario.spec.national
    for key in ("platforms", "policy_shocks", "consolidations", "defundings", "prunings", "launch_bans"):
        for event in getattr(national, key):
            if event.date_range is not None:
                label = getattr(event, "name", None) or event.app
                out.append(Prior(f"national.{key}[{label}].date", *map(float, event.date_range), "month"))
    if targets is not None:
        out.append(Prior("observation.study_date", float(targets.study_date.low), float(targets.study_date.high),
                         "month"))
    return out


def _prior(key: str, spec, scenario) -> Prior:
    if spec == "survey":
        factor = key.rsplit(".", 1)[-1]
        if not key.startswith("coefficients.estimates.") or factor not in scenario.coefficients.factors:
            raise InputError(None, key, t("msg.priors.survey_only"))
        return survey_prior(key, scenario.coefficients.factors[factor])
    if not isinstance(spec, dict):
        raise InputError(None, key, t("msg.priors.needs_bounds"))
    if spec.get("kind") == "beta":
        return _beta(key, spec)
    if set(spec) == {"mean", "sd"}:
        mean, sd = _numbers(key, spec["mean"], spec["sd"])
        if sd <= 0:
            raise InputError(None, key, t("msg.priors.sd_positive"))
        return Prior(key, mean, sd, "normal")
    if not ({"low", "high"} <= set(spec) <= {"low", "high", "kind"}):
        raise InputError(None, key, t("msg.priors.exactly_bounds"))
    if spec.get("kind", "uniform") == "month":
        try:
            low, high = parse_month(spec["low"]), parse_month(spec["high"])
        except ValueError as exc:
            raise InputError(None, key, str(exc)) from None
        kind = "month"
    elif spec.get("kind", "uniform") == "uniform":
        low, high = _numbers(key, spec["low"], spec["high"])
        kind = "uniform"
    else:
        raise InputError(None, f"{key}.kind", t("msg.priors.unknown_kind", kind=repr(spec["kind"])),
                         "uniform, month, beta")
    if not low < high:
        raise InputError(None, key, t("msg.priors.low_high", low=low, high=high))
    return Prior(key, float(low), float(high), kind)


def _beta(key: str, spec: dict) -> Prior:
    """``{kind: beta, a, b}``: a share's prior from counts (a - 1 successes, b - 1 failures on a
    uniform start) or a stated assumption; other keys (such as ``source``) are refused."""
    if set(spec) != {"kind", "a", "b"}:
        raise InputError(None, key, t("beta_prior.keys", keys=", ".join(sorted(map(str, spec)))),
                         t("beta_prior.allowed"))
    a, b = _numbers(key, spec["a"], spec["b"])
    if a <= 0 or b <= 0:
        raise InputError(None, key, t("beta_prior.positive", a=f"{a:g}", b=f"{b:g}"), t("beta_prior.allowed"))
    return Prior(key, 0.0, 1.0, "beta", a, b)


def _numbers(key: str, *values) -> tuple[float, ...]:
    try:
        out = tuple(float(v) for v in values)
    except (TypeError, ValueError):
        raise InputError(None, key, t("msg.priors.numbers")) from None
    if not all(np.isfinite(out)):
        raise InputError(None, key, t("msg.priors.finite"))
    return out


def survey_prior(key: str, coefficient) -> Prior:
    """A score weight's prior from the survey: an estimated magnitude with its standard error is
    a normal prior; an assumed one keeps only the sign and significance, with wide magnitudes:
    significant factors positive (or negative) up to 1, the others centred on zero."""
    if coefficient.magnitude == "estimated" and coefficient.se:
        return Prior(key, coefficient.estimate, coefficient.se, "normal")
    if coefficient.significant:
        return Prior(key, 0.0, 1.0) if coefficient.sign == "positive" else Prior(key, -1.0, 0.0)
    return Prior(key, -0.5, 0.5)


def as_changes(values: dict[str, float], priors: list[Prior]) -> dict[str, object]:
    """Scenario changes for sampled values: months rounded and written as YYYY-MM; the
    observation model's parameters are not scenario keys and are left out."""
    kinds = {p.key: p.kind for p in priors}
    out: dict[str, object] = {}
    for key, value in values.items():
        if key.startswith("observation."):
            continue
        out[key] = format_month(int(round(value))) if kinds.get(key) == "month" else float(value)
    return out


def last_month_read(scenario, targets: Targets) -> int:
    """The last month the observables read: the latest study date, or the end of a use target's
    third year if later. A fit need not simulate past it."""
    launch = {a.name: a.launch for a in scenario.inventory}
    ends = [launch[u.app] + 36 - 1 for u in targets.app_use]
    after = [targets.priority.after] if targets.priority else []
    return max([targets.study_date.high, *ends, *after])


HOLD_TOLERANCE = 0.05  # "holds": year 2 within 5% below year 1 still counts


def use_shape_ok(y1: float, y2: float, y3: float) -> bool:
    """Use rises or holds from year 1 to year 2, then falls below half of year 2."""
    return y2 > 0 and y2 >= (1.0 - HOLD_TOLERANCE) * y1 and y3 < 0.5 * y2


def describe_dates(targets: Targets) -> str:
    return f"{format_month(targets.study_date.low)} to {format_month(targets.study_date.high)}"
