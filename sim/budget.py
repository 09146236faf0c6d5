"""The city's money for apps: the monthly IT budget, its maintenance pool, and a cost ledger."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from .scenario_schema import Budget, City, Structure


class CityBudget:
    """Monthly IT budget = city budget/12 x IT share x fiscal multiplier x priority scaling.

    Its ``maintenance_share`` is the pool that maintains apps; the rest pays for other IT work
    (new apps, hardware, events). Strategy costs funded from the IT budget displace that other
    work first and eat into the maintenance pool only when it is used up. Ring-fenced money
    (earmarks, in-kind maintenance) is added to the pool.
    """

    def __init__(self, city: City, params: Budget, structure: Structure):
        self.params = params
        self.priority_reference = structure.priority_reference
        fiscal = (city.fiscal_multiplier if city.fiscal_multiplier is not None
                  else getattr(structure.fiscal_multipliers, city.fiscal_capacity))
        self.monthly_it = city.annual_budget_rp / 12.0 * params.it_share * fiscal
        self.pool = 0.0  # maintenance pool before strategy charges, Rp this month
        self.other_it = 0.0  # the rest of the IT budget, Rp this month
        self.ring_fenced = 0.0  # Rp this month added to maintenance whatever the priority
        self.charged = 0.0  # strategy costs charged to the IT budget this month
        self.costs: dict[str, float] = defaultdict(float)  # strategy -> Rp to date
        self.month_costs: dict[str, float] = defaultdict(float)

    def open_month(self) -> None:
        """Start a month's books: no charges, nothing ring-fenced yet."""
        self.ring_fenced = 0.0
        self.charged = 0.0
        self.month_costs.clear()

    def set_pool(self, priority: float) -> None:
        """The month's IT budget, scaled by the mayor's smart-city priority, split in two."""
        w = self.params.priority_weight
        it = self.monthly_it * ((1.0 - w) + w * priority / self.priority_reference)
        self.pool = it * self.params.maintenance_share
        self.other_it = it - self.pool

    def charge(self, name: str, rupiah: float, from_it_budget: bool = True) -> None:
        """Record a strategy's cost. From the IT budget (default) it displaces other IT work,
        then maintenance; otherwise the city reallocates it from outside IT."""
        self.costs[name] += rupiah
        self.month_costs[name] += rupiah
        if from_it_budget:
            self.charged += rupiah

    @property
    def maintenance_available(self) -> float:
        """Maintenance money after strategy charges have used up the other IT budget."""
        return max(self.pool - max(self.charged - self.other_it, 0.0), 0.0) + self.ring_fenced

    def allocate(self, live: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Split the maintenance money across live apps; the mayor's own apps weigh more."""
        weights = np.where(live, np.where(own, self.params.ownership_bias, 1.0), 0.0)
        total = np.cumsum(weights)[-1] if weights.size else 0.0
        if total <= 0:
            return np.zeros(live.shape)
        return self.maintenance_available * weights / total
