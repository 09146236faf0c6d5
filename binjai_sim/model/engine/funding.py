"""Funding: the month's IT budget, its maintenance pool, and how the pool is split over apps.

Monthly IT budget = city budget / 12 x IT share x fiscal multiplier, scaled by the mayor's
priority. Its ``maintenance_share`` maintains apps; the rest pays other IT work. Strategy costs
paid from the IT budget displace that other work first and eat into maintenance only when it
is used up; ring-fenced money (earmarks, in-kind maintenance) is added to the pool. The pool is
split over live apps; the mayor's own apps weigh ``ownership_bias``.
"""

from __future__ import annotations

from numba import njit

from binjai_sim.base.vocabulary import FISCAL_CLASSES
from binjai_sim.model.strategies.levers import NEED_MULT

from .declare import Field, Series, Submodel, derived, param
from .events import is_live

DECLARED = Submodel(
    "funding", "7.4", blocks=("budget",),
    state=(
        Field("budget", "f8", ("apps",), 0.0),  # Rp allocated to each app this month
        Field("money", "f8", (3,), 0.0),  # the month's Rp: maintenance pool, other IT, maintenance available
    ),
    params=(
        derived("monthly_it", ("city.annual_budget_rp", "budget.it_share", "city.fiscal_multiplier",
                               "city.fiscal_capacity", *(f"structure.fiscal_multipliers.{k}" for k in FISCAL_CLASSES)),
                lambda c: c.get("city.annual_budget_rp") / 12.0 * c.get("budget.it_share") * c.fiscal()),
        param("budget.priority_weight"), param("structure.priority_reference"), param("budget.maintenance_share"),
        param("budget.maintenance_need_rp", "maintenance_need"), param("budget.ownership_bias"),
    ),
    levers=(NEED_MULT,),
    series=(Series("budget", "f8", ("apps",), "Rp"), Series("pool", "f8", (), "Rp"),
            Series("allocated", "f8", (), "Rp")),
)


@njit(cache=True)
def funding(s, p, plan, t):
    w = p.priority_weight
    it = p.monthly_it * ((1.0 - w) + w * s.mayor_priority[0] / p.priority_reference)
    pool = it * p.maintenance_share
    other = it - pool
    available = max(pool - max(plan.charged_it[t] - other, 0.0), 0.0) + plan.ring_fenced[t]
    s.money[0] = pool
    s.money[1] = other
    s.money[2] = available
    n = p.n_apps
    total = 0.0
    for i in range(n):
        if is_live(s.status[i]):
            total += p.ownership_bias if s.launched_by[i] == s.mayor_id[0] else 1.0
    for i in range(n):
        if total <= 0 or not is_live(s.status[i]):
            s.budget[i] = 0.0
        else:
            weight = p.ownership_bias if s.launched_by[i] == s.mayor_id[0] else 1.0
            s.budget[i] = available * weight / total


@njit(cache=True)
def coverage(s, p, plan, t, i):
    """Share of app i's upkeep its budget covers."""
    need = p.maintenance_need * plan.need_mult[t]
    return min(max(s.budget[i] / need, 0.0), 1.0)


@njit(cache=True)
def operator_capacity(s, i):
    """Skill of app i's operator times their know-how of it (0 without an operator)."""
    op = s.operator[i]
    return s.skill[op] * s.know_how[i] if op >= 0 else 0.0
