"""The city's money for apps: the monthly maintenance pool, its split, and a cost ledger."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .scenario_schema import FISCAL_CAPACITY, Budget, City


class CityBudget:
    """Monthly maintenance pool = city budget/12 x IT share x maintenance share x fiscal
    multiplier x priority scaling, plus ring-fenced additions, minus strategy costs charged to it."""

    def __init__(self, city: City, params: Budget):
        self.params = params
        self.monthly_base = (city.annual_budget_rp / 12.0 * params.it_share * params.maintenance_share
                             * FISCAL_CAPACITY[city.fiscal_capacity])
        self.pool = 0.0
        self.ring_fenced = 0.0  # Rp this month that a hand-over cannot cut
        self.charged = 0.0  # strategy costs charged to the pool this month
        self.costs: dict[str, float] = defaultdict(float)  # strategy -> Rp to date
        self.month_costs: dict[str, float] = defaultdict(float)

    def open_month(self, priority: float) -> None:
        w = self.params.priority_weight
        self.pool = self.monthly_base * ((1.0 - w) + w * 2.0 * priority)
        self.ring_fenced = 0.0
        self.charged = 0.0
        self.month_costs.clear()

    def charge(self, name: str, rupiah: float, from_pool: bool = True) -> None:
        """Record a strategy's cost; by default it is paid out of the app maintenance pool
        (a very-low-capacity city has no other discretionary money)."""
        self.costs[name] += rupiah
        self.month_costs[name] += rupiah
        if from_pool:
            self.charged += rupiah

    def allocate(self, live: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Split what is left of the pool across live apps; the mayor's own apps weigh more."""
        available = max(self.pool - self.charged, 0.0) + self.ring_fenced
        weights = np.where(live, np.where(own, self.params.ownership_bias, 1.0), 0.0)
        total = weights.sum()
        if total <= 0:
            return np.zeros(live.shape)
        return available * weights / total
