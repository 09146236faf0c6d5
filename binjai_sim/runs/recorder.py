"""A run's record as tidy frames: months, apps by month, events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import CAUSES, FACTORS, STATUSES, is_live


def series_frame(run) -> pd.DataFrame:
    """One row per month: apps by status, mayor, money, citizens, mean factors of live apps."""
    rec = run.recorder
    rows = rec.rows
    m = rec.months()
    status = rec.status[:rows]
    live = is_live(status)
    with np.errstate(invalid="ignore"):
        mean_f = np.where(live[:, :, None], rec.factors[:rows], np.nan)
        counts = live.sum(axis=1)
        sums = np.nansum(mean_f, axis=1)
        means = np.divide(sums, counts[:, None], out=np.full(sums.shape, np.nan), where=counts[:, None] > 0)
    frame = pd.DataFrame({
        "month": m,
        "date": [format_month(x) for x in m],
        "not_launched": (status == 0).sum(axis=1),
        "active": (status == 1).sum(axis=1),
        "degraded": (status == 2).sum(axis=1),
        "dead": (status == 3).sum(axis=1),
        "mayor_id": rec.mayor_id[:rows],
        "mayor_priority": rec.priority[:rows],
        "maintenance_pool_rp": rec.pool[:rows],
        "allocated_rp": rec.allocated[:rows],
        "internet_share": rec.internet[:rows],
        "citizens_using": rec.citizens_using[:rows],
        "strategy_cost_rp": rec.strategy_cost[:rows],
    })
    for k, name in enumerate(FACTORS):
        frame[f"mean_{name}"] = means[:, k]
    frame["mean_score"] = np.divide(np.where(live, rec.score[:rows], 0).sum(axis=1), counts,
                                    out=np.full(counts.shape, np.nan), where=counts > 0)
    return frame


def app_frame(run) -> pd.DataFrame:
    """One row per month x app."""
    rec = run.recorder
    rows, n = rec.rows, run.apps.n
    frame = pd.DataFrame({
        "month": np.repeat(rec.months(), n),
        "app": np.tile(np.array(run.apps.names, dtype=object), rows),
        "status": pd.Categorical.from_codes(rec.status[:rows].ravel(), categories=list(STATUSES)),
        "quality": rec.quality[:rows].ravel(),
        "users": rec.users[:rows].ravel(),
        "budget_rp": rec.budget[:rows].ravel(),
    })
    for k, name in enumerate(FACTORS):
        frame[name] = rec.factors[:rows, :, k].ravel()
    frame["score"] = rec.score[:rows].ravel()
    frame["hazard"] = rec.hazard[:rows].ravel()
    return frame


def events_frame(run) -> pd.DataFrame:
    """One row per event: launches, elections, roll-outs, shocks, closures with their cause."""
    names = run.apps.names
    ev = run.events
    return pd.DataFrame({
        "month": np.array([e[0] for e in ev], dtype=np.int64),
        "date": [format_month(e[0]) for e in ev],
        "kind": [e[1] for e in ev],
        "app": [names[e[2]] if e[2] >= 0 else None for e in ev],
        "cause": [CAUSES[e[3]] if e[3] >= 0 else None for e in ev],
        "detail": [e[4] for e in ev],
    })
