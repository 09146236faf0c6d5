"""Records the model's state every month into preallocated arrays and turns them into frames."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .calendar import format_month
from .vocabulary import CAUSES, FACTORS, STATUSES, is_live


class Recorder:
    def __init__(self, model):
        self.t0 = model.start
        months = model.end - model.start + 1
        n = model.apps.n
        self.status = np.zeros((months, n), dtype=np.int8)
        self.quality = np.zeros((months, n))
        self.users = np.zeros((months, n))
        self.factors = np.zeros((months, n, len(FACTORS)))
        self.score = np.zeros((months, n))
        self.hazard = np.zeros((months, n))
        self.budget = np.zeros((months, n))
        self.mayor_id = np.zeros(months, dtype=np.int64)
        self.priority = np.zeros(months)
        self.pool = np.zeros(months)
        self.allocated = np.zeros(months)
        self.internet = np.zeros(months)
        self.citizens_using = np.zeros(months)
        self.strategy_cost = np.zeros(months)
        self.rows = 0

    def record(self, model) -> None:
        t = model.month - self.t0
        a = model.apps
        self.status[t] = a.status
        self.quality[t] = a.quality
        self.users[t] = a.users
        self.factors[t] = a.factors
        self.score[t] = a.score
        self.hazard[t] = a.hazard
        self.budget[t] = a.budget
        self.mayor_id[t] = model.mayor.mayor_id
        self.priority[t] = model.mayor.priority
        self.pool[t] = model.budget.pool
        self.allocated[t] = np.cumsum(a.budget)[-1]
        self.internet[t] = model.internet_share
        pop = model.population
        using = pop.weight[pop.users_mask()]
        self.citizens_using[t] = float(np.cumsum(using)[-1]) if using.size else 0.0
        self.strategy_cost[t] = sum(model.budget.month_costs.values())
        self.rows = t + 1

    # ------------------------------------------------------------------ frames
    def months(self) -> np.ndarray:
        return np.arange(self.t0, self.t0 + self.rows)

    def series_frame(self, model) -> pd.DataFrame:
        m = self.months()
        status = self.status[: self.rows]
        live = is_live(status)
        with np.errstate(invalid="ignore"):
            mean_f = np.where(live[:, :, None], self.factors[: self.rows], np.nan)
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
            "mayor_id": self.mayor_id[: self.rows],
            "mayor_priority": self.priority[: self.rows],
            "maintenance_pool_rp": self.pool[: self.rows],
            "allocated_rp": self.allocated[: self.rows],
            "internet_share": self.internet[: self.rows],
            "citizens_using": self.citizens_using[: self.rows],
            "strategy_cost_rp": self.strategy_cost[: self.rows],
        })
        for k, name in enumerate(FACTORS):
            frame[f"mean_{name}"] = means[:, k]
        frame["mean_score"] = np.divide(
            np.where(live, self.score[: self.rows], 0).sum(axis=1), counts,
            out=np.full(counts.shape, np.nan), where=counts > 0)
        return frame

    def app_frame(self, model) -> pd.DataFrame:
        rows, n = self.rows, model.apps.n
        m = np.repeat(self.months(), n)
        frame = pd.DataFrame({
            "month": m,
            "app": np.tile(np.array(model.apps.names, dtype=object), rows),
            "status": pd.Categorical.from_codes(self.status[:rows].ravel(), categories=list(STATUSES)),
            "quality": self.quality[:rows].ravel(),
            "users": self.users[:rows].ravel(),
            "budget_rp": self.budget[:rows].ravel(),
        })
        for k, name in enumerate(FACTORS):
            frame[name] = self.factors[:rows, :, k].ravel()
        frame["score"] = self.score[:rows].ravel()
        frame["hazard"] = self.hazard[:rows].ravel()
        return frame

    @staticmethod
    def events_frame(model) -> pd.DataFrame:
        names = model.apps.names
        ev = model.events
        return pd.DataFrame({
            "month": np.array([e[0] for e in ev], dtype=np.int64),
            "date": [format_month(e[0]) for e in ev],
            "kind": [e[1] for e in ev],
            "app": [names[e[2]] if e[2] >= 0 else None for e in ev],
            "cause": [CAUSES[e[3]] if e[3] >= 0 else None for e in ev],
            "detail": [e[4] for e in ev],
        })
