"""Posterior predictive runs and the fit-quality checks of the calibration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..runner import replicate_seed, run_model
from ..scenario import LoadedScenario
from ..vocabulary import AppStatus, Cause
from .targets import STATUS_GROUPS, Targets, observables, use_shape_ok


@dataclass
class Predictive:
    observables: pd.DataFrame  # one row per replicate
    groups: np.ndarray  # replicate x month x status group (counts)
    use: dict[str, np.ndarray]  # app -> replicate x month monthly users
    months: np.ndarray


def group_counts(model) -> np.ndarray:
    """Apps per status group in every recorded month: month x group."""
    rec, apps = model.recorder, model.apps
    months = np.arange(rec.t0, rec.t0 + rec.rows)
    dead_by = (apps.death_month[None, :] >= 0) & (apps.death_month[None, :] <= months[:, None])
    national = dead_by & (apps.cause == Cause.REPLACED_NATIONAL)[None, :]
    local = dead_by & (apps.cause == Cause.REPLACED_LOCAL)[None, :]
    status = rec.status[: rec.rows]
    return np.stack([
        (status == AppStatus.ACTIVE).sum(1), (status == AppStatus.DEGRADED).sum(1),
        national.sum(1), local.sum(1), (dead_by & ~national & ~local).sum(1)], axis=1)


def predictive(scenario: LoadedScenario, targets: Targets, posterior: pd.DataFrame | None, replicates: int,
               seed: int) -> Predictive:
    """Replicates whose parameters are drawn from the (weighted) posterior, or the scenario as is."""
    rng = np.random.default_rng(seed)
    keys = [c for c in posterior.columns if c != "weight"] if posterior is not None else []
    rows, groups, use = [], [], {u.app: [] for u in targets.app_use}
    for r in range(replicates):
        chosen = scenario
        if posterior is not None:
            i = rng.choice(len(posterior), p=posterior["weight"].to_numpy())
            chosen = scenario.with_overrides({k: float(posterior[k].iloc[i]) for k in keys})
        model = run_model(chosen, replicate_seed(seed, r))
        rows.append(observables(model, targets))
        groups.append(group_counts(model))
        for app in use:
            use[app].append(model.recorder.users[: model.recorder.rows, model.apps.names.index(app)].copy())
    months = np.arange(scenario.spec.horizon.start, scenario.spec.horizon.end + 1)
    return Predictive(pd.DataFrame(rows), np.array(groups), {a: np.array(v) for a, v in use.items()}, months)


def fit_quality(pred: Predictive, targets: Targets) -> list[dict]:
    """The acceptance checks, each with its numbers and whether it passes."""
    return checks_on(pred.observables, targets)


def checks_on(obs: pd.DataFrame, targets: Targets) -> list[dict]:
    """The acceptance checks on a table of simulated observables (one row per replicate)."""
    checks = []
    active = obs["active"]
    lo, med, hi = active.quantile(0.05), active.median(), active.quantile(0.95)
    target = targets.status_counts.active
    checks.append({"check": "active apps: 90% interval contains observed, median within 1",
                   "observed": target, "median": med, "p05": lo, "p95": hi,
                   "pass": bool(lo <= target <= hi and abs(med - target) <= 1)})
    for group in STATUS_GROUPS[1:]:
        values = obs[group]
        target = getattr(targets.status_counts, group)
        lo, hi = values.quantile(0.05), values.quantile(0.95)
        checks.append({"check": f"{group}: 90% interval contains observed", "observed": target,
                       "median": values.median(), "p05": lo, "p95": hi, "pass": bool(lo <= target <= hi)})
    for use in targets.app_use:
        y = [float(obs[f"{use.app}_year{k}"].mean()) for k in (1, 2, 3)]
        checks.append({"check": f"{use.app} use rises or holds in year 2, then falls below half",
                       "observed": "/".join(f"{v:g}" for v in use.monthly_users_by_year),
                       "median": "/".join(f"{v:.1f}" for v in y), "p05": None, "p95": None,
                       "pass": use_shape_ok(*y)})
    return checks
