"""Which apps to save first: for every app, the chance it is running (launched and not closed)
at each checkpoint without any package (the comparison's reference) and with each package,
from the comparison's own runs (``app_events.parquet``: every run's launches and closures), so
nothing is run again. The runs of every arm share their seeds, so the gain is a paired
difference; its 90% interval is the Monte-Carlo error of that paired mean. Apps are ranked by
the largest gain any package brings at the last checkpoint, and grouped by owning agency."""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import parse_month

Z90 = 1.645


def running(events: pd.DataFrame, runs: pd.DataFrame, apps: list[str], months: list[int]) -> np.ndarray:
    """Booleans (run, app, month): launched by the month and not closed by it. ``runs`` lists
    every run (draw, replicate), including runs in which nothing happened."""
    key = pd.MultiIndex.from_frame(runs[["draw", "replicate"]])
    never = 10**9  # a month no run reaches

    def first(kind: str) -> np.ndarray:
        mine = events[events["kind"] == kind]
        when = mine.groupby(["draw", "replicate", "app"])["month"].min().unstack("app")
        when = when.reindex(index=key, columns=apps)
        return when.fillna(never).to_numpy(dtype=np.int64)

    launched, closed = first("launch"), first("death")
    at = np.asarray(months, dtype=np.int64)[None, None, :]
    return (launched[:, :, None] <= at) & (closed[:, :, None] > at)


def most_likely_loss(events: pd.DataFrame, apps: list[str], by: int, runs: int) -> dict[str, tuple[str, float]]:
    """Each app's most frequent cause of closure by month ``by``, and its share of the runs."""
    deaths = events[(events["kind"] == "death") & (events["month"] <= by)]
    counts = deaths.groupby(["app", "cause"]).size()
    out = {}
    for app in apps:
        if app in counts.index.get_level_values(0):
            mine = counts.loc[app]
            out[app] = (str(mine.idxmax()), float(mine.max() / runs))
    return out


def app_chances(events: pd.DataFrame, metrics: pd.DataFrame, names: list[str], apps: list[str],
                dates: list[str]) -> pd.DataFrame:
    """One row per package (``names[1:]``), app and date: the chance the app runs without and with
    the package, the paired gain with its 90% interval, and (without the package) the most likely
    cause of its loss by the last date."""
    months = [parse_month(d) for d in dates]
    unit = "draw" if metrics["draw"].nunique() > 1 else "replicate"
    runs = metrics[metrics.scenario == names[0]][["draw", "replicate"]].sort_values(["draw", "replicate"])
    groups = runs[unit].to_numpy()
    arms = {n: running(events[events.scenario == n], runs, apps, months).astype(float) for n in names}

    def per_unit(x: np.ndarray) -> np.ndarray:  # (units, app, month): the runs of a draw averaged
        if unit == "replicate":
            return x
        return np.stack([x[groups == g].mean(axis=0) for g in np.unique(groups)])

    base = per_unit(arms[names[0]])
    loss = most_likely_loss(events[events.scenario == names[0]], apps, months[-1], len(runs))
    rows = []
    for name in names[1:]:
        diff = per_unit(arms[name]) - base
        n = diff.shape[0]
        half = Z90 * diff.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(diff.shape[1:], np.nan)
        with_p, without_p, gain = per_unit(arms[name]).mean(axis=0), base.mean(axis=0), diff.mean(axis=0)
        for i, app in enumerate(apps):
            cause, share = loss.get(app, ("", 0.0))
            for j, date in enumerate(dates):
                rows.append({"package": name, "app": app, "date": date, "p_without": float(without_p[i, j]),
                             "p_with": float(with_p[i, j]), "gain": float(gain[i, j]),
                             "gain_low": float(max(-1.0, gain[i, j] - half[i, j])),
                             "gain_high": float(min(1.0, gain[i, j] + half[i, j])),
                             "cause_without": cause, "p_cause_without": share})
    return pd.DataFrame(rows)


def ranking(chances: pd.DataFrame, owners: dict[str, str], date: str) -> pd.DataFrame:
    """Apps in the order to save them: the largest gain any package brings at ``date`` first;
    among equal gains the app less likely to run without help first, then by name."""
    at = chances[chances["date"] == date]
    best = at.sort_values(["app", "gain", "package"], ascending=[True, False, True]).groupby("app").head(1)
    best = best.assign(agency=best["app"].map(owners))
    ranked = best.sort_values(["gain", "p_without", "app"], ascending=[False, True, True]).reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked


def agencies(chances: pd.DataFrame, owners: dict[str, str], date: str) -> pd.DataFrame:
    """Per owning agency: its apps, how many it can expect running at ``date`` without a package,
    the package that keeps most of them running, and with it; the agency that gains most first."""
    at = chances[chances["date"] == date].assign(agency=lambda f: f["app"].map(owners))
    per = at.groupby(["agency", "package"]).agg(apps=("app", "size"), without=("p_without", "sum"),
                                                 with_=("p_with", "sum"), gain=("gain", "sum")).reset_index()
    best = per.sort_values(["agency", "gain", "package"], ascending=[True, False, True]).groupby("agency").head(1)
    return best.sort_values(["gain", "agency"], ascending=[False, True]).reset_index(drop=True)
