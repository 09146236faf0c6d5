"""Maintenance: quality decays without upkeep and recovers with it.

Upkeep ``u = coverage x ((1 - s) + s x operator capacity)``, with ``s`` the share of upkeep that
depends on a skilled operator; ``q += -decay (1 - u) + repair u (1 - q)``, kept in [0, 1].
"""

from __future__ import annotations

from numba import njit

from binjai_sim.model.strategies.levers import DECAY_MULT

from .declare import Field, From, Series, Submodel, param
from .events import is_live
from .funding import coverage, operator_capacity

DECLARED = Submodel(
    "maintenance", "7.6", blocks=(),
    state=(Field("quality", "f8", ("apps",), From("apps.initial_quality")),),
    params=(param("apps.quality_decay"), param("apps.repair_rate"), param("structure.upkeep_operator_share")),
    levers=(DECAY_MULT,),
    series=(Series("quality", "f8", ("apps",), "0-1"),),
)


@njit(cache=True)
def maintenance(s, p, plan, t):
    share = p.upkeep_operator_share
    decay = p.quality_decay * plan.decay_mult[t]
    for i in range(p.n_apps):
        if not is_live(s.status[i]):
            continue
        upkeep = coverage(s, p, plan, t, i) * ((1.0 - share) + share * operator_capacity(s, i))
        dq = -decay * (1.0 - upkeep) + p.repair_rate * upkeep * (1.0 - s.quality[i])
        s.quality[i] = min(max(s.quality[i] + dq, 0.0), 1.0)
