"""Fitting the free parameters to each app's fate by ABC-SMC (``smc.py``).

A particle's distance to the study is the per-app log loss of its run (``observation.py``: how
likely the study's class of every app is, given the app's simulated state at the study date),
plus, when the targets ask, the counts by group, eDokter's use shape and the drop of the
mayor's priority after 2021. A cross-validation fit uses the log loss of its training apps only.

The same seed gives the same posterior whatever the number of workers (``smc.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from binjai_sim.runs.runner import run_model
from binjai_sim.scenario.load import LoadedScenario

from .observation import OBSERVED, report_probabilities, simulated_states
from .targets import STATUS_GROUPS, Observed, Prior, Targets, as_changes, last_month_read

# How much each further target weighs against the per-app loss (whose run-to-run noise is a few
# units): enough that a miss the fit checks would fail costs more than that noise. ASSUMPTIONS.
COUNT_WEIGHT = 3.0  # distance units per unit of the normalised count distance
SHAPE_WEIGHT = 20.0  # per unit of eDokter's shape violation (ratio units)
PRIORITY_WEIGHT = 10.0  # per unit of priority above the level the study's account allows


@dataclass
class FitSetup:
    """What every simulation of a fit shares."""

    scenario: LoadedScenario
    targets: Targets
    observed: Observed
    priors: list[Prior]
    mask: np.ndarray | None = None  # apps whose fate enters the distance (None: all)
    extras: bool = True  # counts, use shape and priority (off in cross-validation)
    replicates: int = 4  # runs per parameter set, averaged
    fixed: dict[str, object] = field(default_factory=dict)  # scenario changes every run gets

    @property
    def until(self) -> int:
        return last_month_read(self.scenario, self.targets)


def simulate(setup: FitSetup, values: dict[str, float], seed: int) -> dict[str, float]:
    """``setup.replicates`` runs at ``values``: the numbers the distance reads. The per-app loss is
    the log of each app's report probability averaged over the runs (a Monte Carlo estimate of
    the likelihood of the study's table), far less noisy than one run's; counts, use and the
    mayor's priority are averaged too."""
    changes = {**setup.fixed, **as_changes(values, setup.priors)}
    scenario = setup.scenario.with_overrides(changes) if changes else setup.scenario
    date = int(round(values.get("observation.study_date", (setup.targets.study_date.low
                                                            + setup.targets.study_date.high) / 2)))
    report = np.zeros((len(setup.observed.names), len(OBSERVED)))
    out: dict[str, float] = {"study_date": float(date)}
    seeds = np.random.SeedSequence(int(seed)).generate_state(setup.replicates)
    for r_seed in seeds:
        run = run_model(scenario, int(r_seed) >> 1, until=setup.until)
        states = simulated_states(run, date)
        report += report_probabilities(states, values)
        for group, count in group_counts(states).items():
            out[group] = out.get(group, 0.0) + count / setup.replicates
        rec = run.recorder
        for use in setup.targets.app_use:
            i = run.apps.names.index(use.app)
            launch = int(run.apps.launch[i]) - rec.t0
            for y in range(3):
                key = f"{use.app}_year{y + 1}"
                value = float(rec.users[launch + 12 * y: launch + 12 * (y + 1), i].mean())
                out[key] = out.get(key, 0.0) + value / setup.replicates
        if setup.targets.priority is not None:
            value = float(rec.priority[setup.targets.priority.after - rec.t0])
            out["priority_after"] = out.get("priority_after", 0.0) + value / setup.replicates
    p = (report / setup.replicates)[np.arange(setup.observed.classes.size), setup.observed.classes]
    out["loss"] = float(-np.log(p if setup.mask is None else p[setup.mask]).sum())
    return out


def group_counts(states: np.ndarray) -> dict[str, int]:
    """Apps by the study's count groups (dead apps other than replaced ones together)."""
    return {"active": int((states == 0).sum()), "degraded": int((states == 1).sum()),
            "replaced_national": int((states == 2).sum()), "replaced_local": int((states == 3).sum()),
            "dead_other": int(((states == 4) | (states == 5)).sum())}


def shape_violation(y1: float, y2: float, y3: float) -> float:
    """0 when use rises or holds then falls below half; grows with the size of the miss."""
    if y2 <= 0:
        return 1.0
    rise = max(0.0, 0.95 - y2 / y1) if y1 > 0 else 0.0
    fall = max(0.0, y3 / y2 - 0.5)
    return rise + fall


def distance_for(setup: FitSetup):
    """The distance a fit minimises (a function of the simulated numbers and the observed ones)."""
    counts = setup.observed.counts()
    uses = [u.app for u in setup.targets.app_use]
    below = setup.targets.priority.below if setup.targets.priority else None

    def distance(sim: dict, obs: dict) -> float:
        d = sim["loss"]
        if setup.extras:
            if setup.targets.counts:
                d += COUNT_WEIGHT * np.sqrt(sum((sim[g] - counts[g]) ** 2 / (counts[g] + 1.0) for g in STATUS_GROUPS))
            for app in uses:
                d += SHAPE_WEIGHT * shape_violation(sim[f"{app}_year1"], sim[f"{app}_year2"], sim[f"{app}_year3"])
            if below is not None:
                d += PRIORITY_WEIGHT * max(0.0, sim["priority_after"] - below)
        return float(d)

    return distance


def run_distance(setup: FitSetup, values: dict[str, float], seed: int) -> float:
    """The distance of one run at ``values`` (a picklable task for the fit's workers)."""
    return distance_for(setup)(simulate(setup, values, seed), {})


def fit(setup: FitSetup, seed: int, population: int, generations: int, budget: int, workers: int = 1,
        progress=None, epsilons: list[float] | None = None, quantile: float = 0.5):
    """The ABC posterior of ``setup.priors`` (``binjai_sim.analysis.calibrate.smc``): equally weighted particles."""
    from functools import partial

    from .smc import abc_smc

    return abc_smc(setup.priors, partial(run_distance, setup), seed, population, generations, budget, workers,
                   quantile=quantile, epsilons=epsilons, progress=progress)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][min(np.searchsorted(cum, q * cum[-1]), len(values) - 1)])


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(targets_path: Path, priors_path: Path):
    """The fit's set-up from the targets and priors files (every problem named)."""
    from binjai_sim.scenario.load import load_scenario

    from .targets import check_targets, date_priors, load_observed, load_priors, load_targets

    targets, scenario_path = load_targets(targets_path)
    scenario = load_scenario(scenario_path)
    check_targets(targets_path, targets, scenario)
    observed = load_observed(targets_path, targets, scenario.inventory)
    listed = load_priors(priors_path, scenario)
    keys = {p.key for p in listed}
    priors = listed + [p for p in date_priors(scenario, targets) if p.key not in keys]
    return FitSetup(scenario, targets, observed, priors)
