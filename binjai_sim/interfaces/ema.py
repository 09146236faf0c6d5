"""The model for EMA Workbench and SALib, from the parameter table and the outcome registry.

    import binjai_sim.interfaces.ema
    model = binjai_sim.interfaces.ema.model("scenarios/binjai_baseline.yaml", uncertainties=["coefficients"],
                          levers=["ring_fenced_maintenance", "handover_protocol"])
    experiments, outcomes = ema_workbench.perform_experiments(model, scenarios=64, policies=4)

Inputs are chosen by name from ``binjai_sim.runs.paramtable`` (a dotted key such as ``politics.continuity``,
``coefficients.estimates.impact`` for a survey weight, or a strategy's name for its intensity)
or by group (a key's first part, ``politics``, ``coefficients``..., or ``calibrated`` for every
fitted value). A number without given bounds ranges from half to double its value in the
scenario, within the schema's limits; a lever from 0 (not adopted) to 1. Every point is run as
``binjai-sim sensitivity`` runs it: the same override paths, the same replicate seeds, and,
unless ``hold_hazard_level=None``, the hazard intercept moved so that changed weights keep the
calibrated closure level over the fitted period (``binjai_sim/analysis/sweep/anchor.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from binjai_sim.analysis.sweep.anchor import hold_level, reference_parts
from binjai_sim.analysis.sweep.overrides import apply_values
from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, did_you_mean, one_of
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import FACTORS
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.runs import paramtable
from binjai_sim.runs.outcomes import registry
from binjai_sim.runs.recorder import series_frame
from binjai_sim.runs.runner import replicate_seed, run_model
from binjai_sim.scenario.load import LoadedScenario, load_scenario

SERIES = ("active", "degraded", "dead", "citizens_using", "allocated_rp", "mean_score")
HOLD_THROUGH = "2022-12"  # the month the shipped calibration's targets describe (calibration/targets.yaml)
HOLD_REPLICATES = 8  # base runs giving the reference factor levels, as a sweep's hold_hazard_level


@dataclass(frozen=True)
class Input:
    """One swept input: an identifier for EMA, the scenario path it sets, and its range."""

    name: str
    path: str
    low: float
    high: float
    integer: bool = False
    lever: bool = False

    @property
    def label(self) -> str:  # what binjai_sim.analysis.sweep.overrides.apply_values reads
        return self.name

    @property
    def transform(self) -> str:
        return "integer" if self.integer else "value"


def identifier(text: str) -> str:
    """A Python identifier for a path or outcome name (EMA Workbench 3 requires them):
    ``apps_live_2030-12`` -> ``apps_live_2030_12``."""
    return re.sub(r"\W+", "_", text).strip("_")


def _scenario(scenario) -> LoadedScenario:
    return scenario if isinstance(scenario, LoadedScenario) else load_scenario(Path(scenario))


def _candidates(scenario: LoadedScenario) -> dict[str, paramtable.Row]:
    """Every number of the parameter table, the survey weights one by one."""
    out = {r.key: r for r in paramtable.rows(scenario) if r.number is not None}
    fitted = set((scenario.calibrated or {}).get("parameters", {}))
    for factor in FACTORS:
        key = f"coefficients.estimates.{factor}"
        value = scenario.spec.coefficients.estimates.get(factor, scenario.coefficients.factors[factor].estimate)
        out[key] = paramtable.Row(key=key, value=f"{value:g}", unit="standardised", allowed="", source="",
                                  description=f"survey weight of {factor} in S", calibrated=key in fitted,
                                  number=float(value))
    return out


def inputs(scenario, names=(), bounds: dict | None = None, levers: bool = False) -> list[Input]:
    """The inputs named (keys, groups, or for ``levers`` strategy names; ``"strategies"`` is
    every strategy), each with its bounds: given in ``bounds`` (by key or name), else half to
    double the scenario's value within the schema's limits (a lever: 0 to 1)."""
    scenario = _scenario(scenario)
    bounds = dict(bounds or {})
    names = [names] if isinstance(names, str) else list(names)  # one name, not its letters
    if levers:
        chosen = list(REGISTRY) if names == ["strategies"] else names
        unknown = [n for n in chosen if n not in REGISTRY]
        if unknown:
            raise InputError(scenario.path, "levers", t("strategy.unknown", name=repr(unknown[0]))
                             + did_you_mean(unknown[0], list(REGISTRY)), one_of(list(REGISTRY)))
        return [Input(n, f"strategies.{n}.intensity", *bounds.get(n, (0.0, 1.0)), lever=True) for n in chosen]
    table = _candidates(scenario)
    groups = {key.split(".")[0] for key in table} | {"calibrated"}
    keys: list[str] = []
    for name in names:
        if name in table:
            keys.append(name)
        elif name in groups:
            keys += [k for k, r in table.items()
                     if (r.calibrated if name == "calibrated" else k.startswith(name + "."))]
        else:
            raise InputError(scenario.path, name, t("msg.ema.not_parameter") + did_you_mean(name, [*table, *groups]),
                             t("msg.ema.parameter_allowed", groups=", ".join(sorted(groups))))
    out = []
    for key in dict.fromkeys(keys):
        row = table[key]
        given = bounds.get(key, bounds.get(identifier(key)))
        if given is None:
            if row.number == 0:
                raise InputError(scenario.path, key, t("msg.ema.zero_value"),
                                 f"bounds={{'{key}': (low, high)}}")
            low, high = sorted((row.number / 2, row.number * 2))
            low = low if row.low is None else max(low, row.low)
            high = high if row.high is None else min(high, row.high)
        else:
            low, high = (float(v) for v in given)
        if not low < high:
            raise InputError(scenario.path, key, t("msg.ema.bounds_order", low=f"{low:g}", high=f"{high:g}"))
        out.append(Input(identifier(key), key, low, high, integer=isinstance(row.number, int)))
    return out


class Experiment:
    """A picklable model function: inputs by name -> outcomes, each the mean over replicates."""

    def __init__(self, scenario, inputs: list[Input], outcomes=None, series=SERIES, replicates: int = 1,
                 seed: int | None = None, hold_hazard_level: str | None = HOLD_THROUGH,
                 lever_start: str = "2017-03"):
        self.base = _scenario(scenario)
        self.inputs = list(inputs)
        known = registry(self.base.spec)
        self.outcomes = list(known) if outcomes is None else list(outcomes)
        for name in self.outcomes:
            if name not in known:
                raise InputError(self.base.path, "outcomes", t("msg.sweep.unknown_outcome", name=repr(name))
                                 + did_you_mean(name, list(known)), one_of(list(known)))
        for name in series:
            if name not in SERIES:
                raise InputError(self.base.path, "series", t("msg.ema.unknown_series", name=repr(name)),
                                 one_of(list(SERIES)))
        self.series = list(series)
        self.replicates = int(replicates)
        self.seed = self.base.spec.run.seed if seed is None else int(seed)
        self.lever_start = parse_month(lever_start)
        self.reference = None
        if hold_hazard_level is not None:
            through = parse_month(hold_hazard_level)
            start, end = self.base.spec.horizon.start, self.base.spec.horizon.end
            if not start < through <= end:
                raise InputError(self.base.path, "hold_hazard_level",
                                 t("msg.ema.outside_horizon", month=format_month(through)),
                                 f"{format_month(start + 1)} - {format_month(end)}, None")
            self.reference = reference_parts(self.base, self.seed, HOLD_REPLICATES, through)

    def scenario_for(self, values: dict[str, float]) -> LoadedScenario:
        """The base with a point's values (keyed by identifier or path), the hazard level held."""
        by_name = {i.name: values[i.name] if i.name in values else values[i.path]
                   for i in self.inputs if i.name in values or i.path in values}
        scenario = apply_values(self.base, self.inputs, by_name, self.lever_start)
        return scenario if self.reference is None else hold_level(self.base, scenario, self.reference)

    def __call__(self, **values) -> dict[str, object]:
        known = {i.name for i in self.inputs} | {i.path for i in self.inputs}
        unknown = sorted(set(values) - known)
        if unknown:  # a misspelt input would otherwise run the base's value unnoticed
            raise InputError(self.base.path, unknown[0], t("msg.ema.not_input")
                             + did_you_mean(unknown[0], sorted(known)), one_of(sorted(known)))
        scenario = self.scenario_for(values)
        scalars = {name: [] for name in self.outcomes}
        arrays = {name: [] for name in self.series}
        measured = registry(scenario.spec)
        for r in range(self.replicates):
            run = run_model(scenario, replicate_seed(self.seed, r))
            for name in self.outcomes:
                scalars[name].append(measured[name].compute(run))
            frame = series_frame(run) if self.series else None
            for name in self.series:
                arrays[name].append(frame[name].to_numpy(float))
        out: dict[str, object] = {identifier(n): float(np.mean(v)) for n, v in scalars.items()}
        out.update({n: np.mean(v, axis=0) for n, v in arrays.items()})
        return out


def model(scenario, uncertainties=(), levers=(), outcomes=None, series=SERIES, bounds: dict | None = None,
          replicates: int = 1, seed: int | None = None, hold_hazard_level: str | None = HOLD_THROUGH,
          lever_start: str = "2017-03", name: str | None = None):
    """An EMA Workbench ``Model`` of a scenario.

    Args:
        scenario: a scenario file or a loaded scenario.
        uncertainties: parameter-table keys or groups (``inputs``); RealParameter, IntegerParameter
            for whole numbers.
        levers: strategy names (``"strategies"``: all fifteen); each its intensity from 0 to 1,
            the strategy acting from ``lever_start`` when the scenario lacks it.
        outcomes: registry names (``binjai_sim.runs.outcomes``; default all) as ScalarOutcome, maximised or
            minimised as the registry says; EMA names replace ``-`` by ``_``.
        series: monthly series as ArrayOutcome (``SERIES``), one value a month from the start.
        bounds: ``{key or strategy: (low, high)}`` replacing the default ranges.
        replicates: runs per experiment, averaged; replicate r has the seed of replicate r of
            ``binjai-sim run`` (common random numbers, as the shipped sweeps).
        seed: master seed (default: the scenario's ``run.seed``).
        hold_hazard_level: last month of the period whose closure level is held while weights
            vary (as a sweep file's ``hold_hazard_level: {through: ...}``); None leaves the
            intercept as calibrated, so a weight's change also moves the level.
    """
    import ema_workbench as ema

    base = _scenario(scenario)
    uncertain = inputs(base, uncertainties, bounds)
    chosen = inputs(base, levers, bounds, levers=True)
    function = Experiment(base, uncertain + chosen, outcomes, series, replicates, seed, hold_hazard_level,
                          lever_start)
    label = name or identifier(base.spec.name)
    result = ema.Model(label if label.isidentifier() else f"model_{label}", function=function)
    result.uncertainties = [_parameter(ema, i) for i in uncertain]
    result.levers = [_parameter(ema, i) for i in chosen]
    known = registry(base.spec)
    kinds = {"higher": ema.ScalarOutcome.MAXIMIZE, "lower": ema.ScalarOutcome.MINIMIZE, None: ema.ScalarOutcome.INFO}
    result.outcomes = ([ema.ScalarOutcome(identifier(n), kind=kinds[known[n].better]) for n in function.outcomes]
                       + [ema.ArrayOutcome(n) for n in function.series])
    return result


def _parameter(ema, item: Input):
    if item.integer:
        return ema.IntegerParameter(item.name, int(np.ceil(item.low)), int(np.floor(item.high)))
    return ema.RealParameter(item.name, item.low, item.high)


def problem(scenario, names=(), levers=(), bounds: dict | None = None, groups: dict | None = None) -> dict:
    """A SALib ``problem`` over the same inputs: names are scenario paths, so a sample row is
    ``Experiment(...)(**dict(zip(problem["names"], row)))``; ``groups`` maps a path to its group."""
    base = _scenario(scenario)
    chosen = inputs(base, names, bounds) + inputs(base, levers, bounds, levers=True)
    out = {"num_vars": len(chosen), "names": [i.path for i in chosen], "bounds": [[i.low, i.high] for i in chosen]}
    if groups:
        out["groups"] = [groups.get(i.path, i.path) for i in chosen]
    return out


__all__ = ["SERIES", "Experiment", "Input", "identifier", "inputs", "model", "problem"]
