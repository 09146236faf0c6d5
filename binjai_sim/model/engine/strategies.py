"""Strategy actions on the city's state, each month in scenario order.

Most strategies act through the month's levers (``Plan``: floors, multipliers, ring-fenced
money), which revert when a strategy ends. These act on state instead: recognising champions
(while active), documenting procedures, integrating with national platforms, training civil
servants (what they built stays after the end), and retiring the weakest apps each year.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from binjai_sim.base.vocabulary import Action, Cause
from binjai_sim.model.strategies.levers import CHAMPION_LEVEL

from .closures import request
from .declare import Field, Series, Submodel
from .events import is_live

RETIRED = int(Cause.RETIRED)
ACT_SOPS, ACT_INTEGRATION, ACT_TRAINING, ACT_RATIONALISE = (int(a) for a in Action)


DECLARED = Submodel(
    "strategies", "7.10, 7.11", blocks=("strategies", "strategy_budget_rp"),
    state=(Field("champion", "f8", ("apps",), 0.0), Field("integrated", "f8", ("apps",), 0.0)),
    levers=(CHAMPION_LEVEL,),
    series=(Series("strategy_cost", "f8", (), "Rp"),),
)


@njit(cache=True)
def strategy_actions(s, p, plan, t):
    n = p.n_apps
    for i in range(n):  # recognition of champions lasts while the strategy does
        if is_live(s.status[i]):
            s.champion[i] = plan.champion_level[t]
    for k in range(plan.act_kind.shape[0]):
        kind = plan.act_kind[k]
        x = plan.act_x[k]
        if not plan.act_on[t, k]:
            continue
        if kind == ACT_SOPS:
            for a in range(p.n_agencies):
                s.sop[a] += x[0] * (1.0 - s.sop[a])
        elif kind == ACT_INTEGRATION:
            for i in range(n):
                if plan.covered[i] and is_live(s.status[i]):
                    s.integrated[i] += x[0] * (1.0 - s.integrated[i])
        elif kind == ACT_TRAINING:
            train(s, p, plan.act_count[t, k], x[0])
        elif kind == ACT_RATIONALISE:
            rationalise(s, p, x)


@njit(cache=True)
def train(s, p, count, gain):
    """Operators first, then the least skilled; ties by index (no randomness needed)."""
    if count <= 0:
        return
    m = p.n_staff
    taken = np.zeros(m, dtype=np.bool_)
    chosen = np.empty(min(count, m), dtype=np.int64)
    for c in range(chosen.size):
        best = -1
        for j in range(m):
            if taken[j]:
                continue
            if best < 0:
                best = j
                continue
            jo, bo = s.operating[j] < 0, s.operating[best] < 0
            if jo < bo or (jo == bo and s.skill[j] < s.skill[best]):
                best = j
        taken[best] = True
        chosen[c] = best
    for c in range(chosen.size):
        j = chosen[c]
        s.skill[j] += gain * (1.0 - s.skill[j])


@njit(cache=True)
def rationalise(s, p, x):
    """Once a year (calendar month ``x[0]``), retire up to a share ``x[1]`` x intensity ``x[4]`` of
    the live apps with a score below ``x[2]`` and the lowest scores, keeping at least ``x[3]``."""
    month = s.clock[0]
    if month % 12 != int(x[0]) - 1:
        return
    n = p.n_apps
    live, weak = [], []
    for i in range(n):
        if is_live(s.status[i]) and s.launch[i] < month:
            live.append(i)
            if s.score[i] < x[2]:
                weak.append(i)
    retire = min(int(math.ceil(len(live) * x[1] * x[4])), len(weak), max(len(live) - int(x[3]), 0))
    if retire <= 0:
        return
    scores = np.array([s.score[i] for i in weak])
    order = np.argsort(scores, kind="mergesort")
    for r in range(retire):
        request(s, weak[order[r]], RETIRED, 0)
