"""summary.json: the numbers a planner reads first, with 5-95% bands across replicates."""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import CAUSES

from .outcomes import checkpoints


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


def summarise(metrics: pd.DataFrame, spec, n_apps: int) -> dict:
    """Bands across replicates of the per-run outcomes (``RunResult.metrics``, see binjai_sim.runs.outcomes)."""
    metrics = metrics.sort_values("replicate")
    out: dict = {"replicates": len(metrics), "apps_total": n_apps,
                 "horizon": {"start": format_month(spec.horizon.start), "end": format_month(spec.horizon.end)}}
    points = checkpoints(spec)
    out["checkpoints"] = {cp.label: cp.why for cp in points}
    out["apps_active"] = {cp.label: band(metrics[f"apps_active_{cp.label}"]) for cp in points}
    out["apps_degraded"] = {cp.label: band(metrics[f"apps_live_{cp.label}"] - metrics[f"apps_active_{cp.label}"])
                            for cp in points}
    out["apps_live"] = {cp.label: band(metrics[f"apps_live_{cp.label}"]) for cp in points}
    out["deaths_by_cause"] = {c: band(metrics[f"deaths_{c}"]) for c in CAUSES}
    out["deaths_total"] = band(metrics["deaths_total"])
    out["mean_app_lifetime_years"] = band(metrics["mean_app_lifetime_years"])
    out["mean_app_lifetime_years"]["note"] = "restricted mean: launch to closure, or to the horizon end if alive"
    return out


def describe(summary: dict) -> list[str]:
    """summary.json as a planner reads it on the terminal, in the language in force: every number
    with its 90% band across replicates, every month a calendar month."""
    from binjai_sim.base.i18n import count, name, number, plain, t

    def band90(b: dict, digits: int | None = None) -> str:
        """A band's ends: whole numbers for counts (a percentile between two runs rounds)."""
        show = (lambda x: number(round(x))) if digits is None else (lambda x: number(x, digits))
        return t("summary.band", low=show(b["p05"]), high=show(b["p95"]))

    label = plain(summary.get("label") or summary["scenario"])
    lines = [t("summary.head", label=label, scenario=summary["scenario"], replicates=summary["replicates"],
               seed=summary["seed"])]
    calibration = summary.get("calibration") or {}
    if calibration.get("fitted_to") and not calibration.get("fitted_to_this_city"):
        lines.append("  " + t("summary.prior", fitted=calibration["fitted_to"]))
    elif calibration.get("fitted_to"):
        lines.append("  " + t("summary.own", fitted=calibration["fitted_to"]))
    else:
        lines.append("  " + t("summary.uncalibrated"))
    for date, active in summary["apps_active"].items():
        live = summary["apps_live"][date]
        why = summary["checkpoints"].get(date)
        lines.append("  " + t("summary.checkpoint", date=date, why=t(f"summary.why.{why}") if why else "",
                                active=count(active["median"]), active_band=band90(active),
                                live=count(live["median"]), live_band=band90(live), total=summary["apps_total"]))
    causes = [t("summary.cause", cause=name("cause", c), mean=number(b["mean"], 1), band=band90(b, 0))
              for c, b in sorted(summary["deaths_by_cause"].items(), key=lambda x: -x[1]["mean"]) if b["mean"] > 0]
    lines.append("  " + t("summary.causes", causes="; ".join(causes) or "-"))
    life = summary["mean_app_lifetime_years"]
    lines.append("  " + t("summary.lifetime", mean=number(life["mean"], 1), band=band90(life, 1)))
    return lines
