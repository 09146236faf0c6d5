"""Posterior predictive runs: each app's chance of the study's class, counts, use, fit checks.

Each replicate draws a particle from the weighted posterior (or uses one parameter set) and
runs the model with its own seed; per-app probabilities average the observation model's
report probabilities over replicates, so they are honest probabilities, not a best run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from binjai_sim.runs.runner import replicate_seed, run_model

from .fit import FitSetup, group_counts, shape_violation
from .observation import OBSERVED, report_probabilities, simulated_states
from .targets import STATUS_GROUPS, as_changes, use_shape_ok


@dataclass
class Predictive:
    report: np.ndarray  # apps x OBSERVED: mean probability of each reported class
    live: np.ndarray  # apps: share of replicates in which the app runs at the study date
    counts: pd.DataFrame  # one row per replicate: the five count groups at its study date
    groups: np.ndarray  # replicate x month x group (from the horizon's start to the last month read)
    use: dict[str, np.ndarray]  # app -> replicate x month monthly users
    national_exact: float  # share of replicates whose nationally replaced apps are the study's
    priority_after: np.ndarray  # replicate: the mayor's priority after the named oath
    months: np.ndarray

    def p_observed(self, observed: np.ndarray) -> np.ndarray:
        return self.report[np.arange(observed.size), observed]


def draws(posterior: pd.DataFrame | None, n: int, seed: int) -> list[dict[str, float]]:
    """``n`` parameter sets drawn from the weighted posterior (or no change at all)."""
    if posterior is None:
        return [{} for _ in range(n)]
    rng = np.random.default_rng(seed)
    keys = [c for c in posterior.columns if c != "weight"]
    picks = rng.choice(len(posterior), size=n, p=posterior["weight"].to_numpy())
    return [{k: float(posterior[k].iloc[i]) for k in keys} for i in picks]


def predictive(setup: FitSetup, posterior: pd.DataFrame | None, replicates: int, seed: int,
               point: dict[str, float] | None = None) -> Predictive:
    """Replicates whose parameters are drawn from the posterior, or a fixed ``point`` (or the
    scenario as it is when both are None)."""
    sets = [dict(point) for _ in range(replicates)] if point is not None else draws(posterior, replicates, seed)
    n = len(setup.scenario.inventory)
    observed_national = setup.observed.classes == OBSERVED.index("replaced_national")
    report = np.zeros((n, len(OBSERVED)))
    live = np.zeros(n)
    rows, groups, use, exact, priority = [], [], {u.app: [] for u in setup.targets.app_use}, 0, []
    months = np.arange(setup.scenario.spec.horizon.start, setup.until + 1)
    mid = (setup.targets.study_date.low + setup.targets.study_date.high) / 2
    for r, values in enumerate(sets):
        changes = {**setup.fixed, **as_changes(values, setup.priors)}
        scenario = setup.scenario.with_overrides(changes) if changes else setup.scenario
        run = run_model(scenario, replicate_seed(seed, r), until=setup.until)
        date = int(round(values.get("observation.study_date", mid)))
        states = simulated_states(run, date)
        report += report_probabilities(states, values)
        live += states <= 1
        rows.append(group_counts(states))
        exact += bool(np.array_equal(states == 2, observed_national))
        groups.append(_groups_by_month(run, months))
        for app in use:
            use[app].append(run.recorder.users[: months.size, run.apps.names.index(app)].copy())
        if setup.targets.priority is not None:
            priority.append(float(run.recorder.priority[setup.targets.priority.after - run.recorder.t0]))
    k = len(sets)
    return Predictive(report / k, live / k, pd.DataFrame(rows), np.array(groups),
                      {a: np.array(v) for a, v in use.items()}, exact / k, np.array(priority), months)


def _groups_by_month(run, months: np.ndarray) -> np.ndarray:
    return np.array([list(group_counts(simulated_states(run, int(m))).values()) for m in months])


def fit_checks(pred: Predictive, setup: FitSetup) -> list[dict]:
    """Fit-quality checks, each with its numbers, whether it passes, and why it is in sample: the
    fit saw every one of these targets, and some events exist or are dated only by one of them
    (held-out scores, binjai_sim/analysis/calibrate/validation.py, are the out-of-sample test)."""
    checks = []
    counts = setup.observed.counts()
    obs = pred.counts
    lo, med, hi = obs["active"].quantile(0.05), obs["active"].median(), obs["active"].quantile(0.95)
    checks.append({"check": "active apps: 90% interval contains observed, median within 1",
                   "observed": counts["active"], "median": med, "p05": lo, "p95": hi,
                   "pass": bool(lo <= counts["active"] <= hi and abs(med - counts["active"]) <= 1)})
    for group in STATUS_GROUPS[1:]:
        values = obs[group]
        lo, hi = values.quantile(0.05), values.quantile(0.95)
        checks.append({"check": f"{group}: 90% interval contains observed", "observed": counts[group],
                       "median": values.median(), "p05": lo, "p95": hi,
                       "pass": bool(lo <= counts[group] <= hi)})
        merges = [m.name for m in setup.scenario.spec.national.consolidations] if group == "replaced_local" else []
        if merges:
            checks[-1]["in_sample"] = (f"{', '.join(merges)}: a local merger the scenario holds because the study "
                                       "reports it")
    for u in setup.targets.app_use:
        i = setup.observed.names.index(u.app)
        start = setup.scenario.inventory[i].launch - pred.months[0]
        series = pred.use[u.app][:, start:start + 36]
        y = [float(series[:, 12 * k:12 * (k + 1)].mean()) for k in range(3)]
        checks.append({"check": f"{u.app} use rises or holds in year 2, then falls below half",
                       "observed": "/".join(f"{v:g}" for v in u.monthly_users_by_year),
                       "median": "/".join(f"{v:.1f}" for v in y), "p05": None, "p95": None,
                       "pass": use_shape_ok(*y), "violation": shape_violation(*y)})
        shocks = [x.name for x in setup.scenario.spec.national.policy_shocks
                  if setup.scenario.inventory[i].counterpart in x.counterparts or u.app in x.apps]
        if shocks:
            checks[-1]["in_sample"] = (f"{', '.join(shocks)}: its date and size are fitted to this target and to "
                                       "nothing else, so passing it shows the fit worked, not that the model predicts")
    if setup.targets.priority is not None and pred.priority_after.size:
        p = setup.targets.priority
        med = float(np.median(pred.priority_after))
        checks.append({"check": f"mayor's priority after the oath below {p.below:g}", "observed": f"< {p.below:g}",
                       "median": med, "p05": float(np.percentile(pred.priority_after, 5)),
                       "p95": float(np.percentile(pred.priority_after, 95)), "pass": med < p.below})
    for c in checks:  # every check reads a target the fit's distance saw: none is out of sample
        c.setdefault("in_sample", "the fit's distance includes this target")
    return checks
