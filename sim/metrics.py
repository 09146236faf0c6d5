"""Named scalar outcomes of one run, shared by compare, sweeps and calibration reports."""

from __future__ import annotations

import numpy as np

from .agents.app import AppStatus
from .calendar import parse_month
from .scenario_schema import CAUSES

CHECKPOINTS = ("2022-12", "2026-12", "2030-12")


def outcome_names(horizon_start: int, horizon_end: int) -> list[str]:
    names = []
    for date in CHECKPOINTS:
        if horizon_start <= parse_month(date) <= horizon_end:
            names += [f"apps_active_{date}", f"apps_live_{date}"]
    return names + ["app_years", "mean_app_lifetime_years", "citizen_months", "strategy_cost_rp",
                    *[f"deaths_{c}" for c in CAUSES]]


def run_metrics(model) -> dict[str, float]:
    """Outcomes of a finished model run.

    app_years: months any app was live (active or degraded) after the start, / 12.
    mean_app_lifetime_years: launch to closure, or to the horizon end if alive (restricted mean).
    citizen_months: residents using at least one app, summed over months after the start.
    strategy_cost_rp: all strategy costs charged over the horizon.
    """
    rec, apps = model.recorder, model.apps
    status = rec.status[: rec.rows]
    live = (status == AppStatus.ACTIVE) | (status == AppStatus.DEGRADED)
    out: dict[str, float] = {}
    for date in CHECKPOINTS:
        month = parse_month(date)
        if rec.t0 <= month < rec.t0 + rec.rows:
            t = month - rec.t0
            out[f"apps_active_{date}"] = float(np.sum(status[t] == AppStatus.ACTIVE))
            out[f"apps_live_{date}"] = float(np.sum(live[t]))
    out["app_years"] = float(live[1:].sum() / 12.0)
    launched = apps.launch <= model.month
    end = np.where(apps.death_month >= 0, apps.death_month, model.month)
    out["mean_app_lifetime_years"] = float(np.mean((end - apps.launch)[launched]) / 12.0) if launched.any() else 0.0
    out["citizen_months"] = float(rec.citizens_using[1: rec.rows].sum())
    out["strategy_cost_rp"] = float(rec.strategy_cost[: rec.rows].sum())
    for code, cause in enumerate(CAUSES):
        out[f"deaths_{cause}"] = float(np.sum(apps.cause == code))
    return out
