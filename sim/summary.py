"""summary.json: the numbers a planner reads first, with 5-95% bands across replicates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calendar import format_month, parse_month
from .scenario_schema import CAUSES

CHECKPOINTS = ("2022-12", "2026-12", "2030-12")


def band(values) -> dict[str, float]:
    arr = np.asarray(values, dtype=float)
    return {
        "mean": round(float(arr.mean()), 6),
        "median": round(float(np.median(arr)), 6),
        "p05": round(float(np.percentile(arr, 5)), 6),
        "p95": round(float(np.percentile(arr, 95)), 6),
    }


def app_lifetimes(events: pd.DataFrame, horizon_end: int) -> pd.DataFrame:
    """One row per (replicate, app) launched: months from launch to death or horizon end."""
    launches = events[events.kind == "launch"][["replicate", "app", "month"]].rename(columns={"month": "launch"})
    deaths = events[events.kind == "death"][["replicate", "app", "month", "cause"]].rename(columns={"month": "death"})
    frame = launches.merge(deaths, on=["replicate", "app"], how="left")
    frame["died"] = frame["death"].notna()
    frame["months"] = np.where(frame["died"], frame["death"].fillna(horizon_end), horizon_end) - frame["launch"]
    frame["months"] = frame["months"].astype(float)
    return frame.sort_values(["replicate", "app"], ignore_index=True)


def summarise(series: pd.DataFrame, events: pd.DataFrame, horizon_start: int, horizon_end: int,
              n_apps: int) -> dict:
    replicates = sorted(series["replicate"].unique().tolist())
    out: dict = {"replicates": len(replicates), "apps_total": n_apps,
                 "horizon": {"start": format_month(horizon_start), "end": format_month(horizon_end)}}
    for label, columns in (("apps_active", ["active"]), ("apps_degraded", ["degraded"]),
                           ("apps_live", ["active", "degraded"])):
        out[label] = {}
        for date in CHECKPOINTS:
            month = parse_month(date)
            if horizon_start <= month <= horizon_end:
                at = series[series.month == month].sort_values("replicate")
                out[label][date] = band(at[columns].sum(axis=1))
    deaths = events[events.kind == "death"]
    counts = deaths.groupby(["replicate", "cause"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=replicates, columns=list(CAUSES), fill_value=0)
    out["deaths_by_cause"] = {c: band(counts[c]) for c in CAUSES}
    out["deaths_total"] = band(counts.sum(axis=1))
    life = app_lifetimes(events, horizon_end)
    per_rep = life.groupby("replicate")["months"].mean() / 12.0
    out["mean_app_lifetime_years"] = band(per_rep.reindex(replicates))
    out["mean_app_lifetime_years"]["note"] = "restricted mean: launch to closure, or to the horizon end if alive"
    return out
