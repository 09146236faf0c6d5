"""National events: local consolidations, scheduled defundings, policy shocks and platform roll-outs.

A platform acts from its date on the live apps of its sectors (or named apps) and audiences:
``replace`` switches each off with a monthly probability, unless the app is integrated with it;
``degrade`` marks the app partly replaced (it stays, degraded).
"""

from __future__ import annotations

from numba import njit

from binjai_sim.base.vocabulary import Cause, EventKind
from binjai_sim.model.strategies.levers import REPLACEMENT_MULT

from .closures import open_now, request
from .declare import Field, Submodel
from .events import is_live, log
from .rng import PLATFORM, PRUNE, SHOCK, uniform

REPLACED_LOCAL, DEFUNDED, PRUNED = int(Cause.REPLACED_LOCAL), int(Cause.DEFUNDED), int(Cause.PRUNED)
POLICY_SHOCK_CAUSE, REPLACED_NATIONAL = int(Cause.POLICY_SHOCK), int(Cause.REPLACED_NATIONAL)
POLICY_SHOCK, ROLLOUT, PARTIAL = (int(EventKind.POLICY_SHOCK), int(EventKind.PLATFORM_ROLLOUT),
                                  int(EventKind.PARTIAL_REPLACEMENT))


DECLARED = Submodel(
    "national", "7.3", blocks=("national",),
    state=(Field("partial", "b1", ("apps",), False),),  # partly replaced by a national platform
    levers=(REPLACEMENT_MULT,),
)


@njit(cache=True)
def national_events(s, p, plan, t):
    month = s.clock[0]
    n = p.n_apps
    for c in range(plan.cons_month.shape[0]):
        if plan.cons_month[c] == month:
            for k in range(plan.cons_members.shape[1]):
                i = plan.cons_members[c, k]
                if i >= 0 and open_now(s, i):
                    request(s, i, REPLACED_LOCAL, c)
    for d in range(plan.def_month.shape[0]):
        if plan.def_month[d] == month and open_now(s, plan.def_app[d]):
            request(s, plan.def_app[d], DEFUNDED, 0)
    for k in range(plan.shock_month.shape[0]):
        if plan.shock_month[k] != month:
            continue
        hit = [plan.shock_hits[k, i] and is_live(s.status[i]) for i in range(n)]
        for i in range(n):
            if hit[i]:
                s.quality[i] *= 1.0 - plan.shock_loss[k]
                log(s, POLICY_SHOCK, i, -1, k, 0.0)
                if uniform(s.app_key[i], SHOCK + k, t) < plan.shock_kill[k]:
                    request(s, i, POLICY_SHOCK_CAUSE, k)
    for r in range(plan.plat_date.shape[0]):
        if plan.plat_date[r] > month:
            continue
        if plan.plat_date[r] == month:
            log(s, ROLLOUT, -1, -1, r, 0.0)
        affected = [plan.plat_hits[r, i] and is_live(s.status[i]) for i in range(n)]
        if plan.plat_degrade[r]:
            for i in range(n):
                if affected[i] and not s.partial[i]:
                    s.partial[i] = True
                    log(s, PARTIAL, i, -1, r, 0.0)
            continue
        for i in range(n):
            prob = plan.plat_prob[r] * (1.0 - s.integrated[i]) * plan.replacement_mult[t]
            if open_now(s, i) and plan.plat_hits[r, i] and uniform(s.app_key[i], PLATFORM + r, t) < prob:
                request(s, i, REPLACED_NATIONAL, r)
    for k in range(plan.prune_from.shape[0]):  # an order to prune regional apps spares integrated ones
        if not plan.prune_from[k] <= month <= plan.prune_until[k]:
            continue
        for i in range(n):
            if plan.prune_hits[k, i] and open_now(s, i):
                if uniform(s.app_key[i], PRUNE + k, t) < plan.prune_prob[k] * (1.0 - s.integrated[i]):
                    request(s, i, PRUNED, k)
