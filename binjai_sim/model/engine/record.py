"""The monthly record: every state variable the outputs and views read, one row per month."""

from __future__ import annotations

from numba import njit

from .declare import Field, Submodel

USER = 2


DECLARED = Submodel(
    "record", "3", state=(Field("using", "b1", ("citizens",), False),),  # scratch: who uses any app
)


@njit(cache=True)
def record(s, p, plan, t):
    n = p.n_apps
    s.rec_status[t] = s.status
    s.rec_quality[t] = s.quality
    s.rec_users[t] = s.users
    s.rec_factors[t] = s.factors
    s.rec_score[t] = s.score
    s.rec_hazard[t] = s.hazard
    s.rec_budget[t] = s.budget
    s.rec_mayor_id[t] = s.mayor_id[0]
    s.rec_priority[t] = s.mayor_priority[0]
    s.rec_pool[t] = s.money[0]
    allocated = 0.0
    for i in range(n):
        allocated += s.budget[i]
    s.rec_allocated[t] = allocated
    s.rec_internet[t] = plan.internet[t]
    using = citizens_using(s)
    s.rec_citizens_using[t] = using
    s.rec_strategy_cost[t] = plan.month_cost[t]
    s.clock[1] = t + 1


@njit(cache=True)
def citizens_using(s):
    """Residents using at least one app (each citizen counted once, in citizen order)."""
    s.using[:] = False
    for j in range(s.pair_row.shape[0]):
        if s.pair_state[j] == USER:
            s.using[s.pair_row[j]] = True
    total = 0.0
    for r in range(s.weight.shape[0]):
        if s.using[r]:
            total += s.weight[r]
    return total
