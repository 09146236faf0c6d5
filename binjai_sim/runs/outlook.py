"""Each app's outlook: the share of replicates in which it is live and active at the end of
every calendar year of the horizon and at every checkpoint, and its most likely cause of closure.

These are honest probabilities across replicates (of one parameter set, or of posterior draws
when the replicates come from them), not a best run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import format_month, month_index

from .outcomes import checkpoints


def dates(spec) -> list[tuple[int, str]]:
    """(month, why): the end of each calendar year in the horizon, then each checkpoint."""
    start, end = spec.horizon.start, spec.horizon.end
    out = {month_index(y, 12): "year_end" for y in range(start // 12, end // 12 + 1)
           if start <= month_index(y, 12) <= end}
    for cp in checkpoints(spec):
        out.setdefault(cp.month, cp.why)
    return sorted(out.items())


def outlook(result) -> pd.DataFrame:
    """One row per app and date: ``p_live``, ``p_active``, the chance it has closed by that date
    (``p_closed``: 0 before its launch), the commonest cause among those closures and its chance."""
    apps = result.apps
    if apps is None or apps.empty:
        raise ValueError("the outlook needs the app table: run with record_apps=True")
    spec = result.scenario.spec
    replicates = apps["replicate"].nunique()
    names = [a.name for a in result.scenario.inventory]
    wanted = dates(spec)
    at = apps[apps["month"].isin([m for m, _ in wanted])]
    status = at["status"].astype(str)
    live = at.assign(live=status.isin(["active", "degraded"]), active=status == "active")
    shares = live.groupby(["app", "month"], observed=True)[["live", "active"]].sum() / replicates
    deaths = result.events[result.events["kind"] == "death"]
    rows = []
    for app in names:
        mine = deaths[deaths["app"] == app]
        for month, why in wanted:
            closed = mine[mine["month"] <= month].groupby("cause").size().sort_index()
            top = closed.idxmax() if closed.sum() > 0 else None  # ties: the first cause alphabetically
            key = (app, month)
            rows.append({"app": app, "date": format_month(month), "why": why,
                         "p_live": float(shares.loc[key, "live"]) if key in shares.index else 0.0,
                         "p_active": float(shares.loc[key, "active"]) if key in shares.index else 0.0,
                         "p_closed": float(closed.sum() / replicates) if len(closed) else 0.0,
                         "most_likely_cause": top,
                         "p_most_likely_cause": float(closed.max() / replicates) if top is not None else 0.0})
    frame = pd.DataFrame(rows)
    frame["p_live"] = np.round(frame["p_live"], 6)
    return frame
