"""Use: citizens and civil servants hear of apps, try them and drop them (Bass-style diffusion).

For each (person, app) pair in the app's target group, reachable while the person is online
(citizens) or works in the owner agency (civil servants) and the app is live: unaware -> aware
with probability ``1 - exp(-(p + q U/M) / 12)`` (Bass, per-year parameters; U users, M market);
aware -> user with ``trial_rate x quality x propensity`` (civil servants: skill); user ->
aware with ``min(1, quit_base + quit_quality (1 - quality))``, or at once if unreachable.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .events import is_live

UNAWARE, AWARE, USER = 0, 1, 2


@njit(cache=True)
def use(s, p, plan, t, rng):
    n = p.n_apps
    share = plan.internet[t]
    live = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        live[i] = is_live(s.status[i])
    m = s.pair_app.shape[0]
    reach = np.zeros(m, dtype=np.bool_)
    for j in range(m):
        reach[j] = s.online_rank[s.pair_row[j]] < share and live[s.pair_app[j]]
    users, market = diffuse(s.pair_state, s.pair_app, reach, s.pair_weight, n, s.quality, s.pair_propensity,
                            p, rng)
    m2 = s.spair_app.shape[0]
    reach2 = np.zeros(m2, dtype=np.bool_)
    skill = np.empty(m2)
    for j in range(m2):
        app = s.spair_app[j]
        reach2[j] = s.staff_agency[s.spair_row[j]] == s.owner[app] and live[app]
        skill[j] = s.skill[s.spair_row[j]]
    ones = np.ones(m2)
    s_users, s_market = diffuse(s.spair_state, s.spair_app, reach2, ones, n, s.quality, skill, p, rng)
    for i in range(n):
        s.users[i] = users[i] if s.citizen[i] else s_users[i]
        s.market[i] = market[i] if s.citizen[i] else s_market[i]


@njit(cache=True)
def diffuse(state, app_of, reach, weight, n, quality, propensity, p, rng):
    """One month for every pair at once; ``state`` changes in place. Returns users and market per app."""
    m = state.shape[0]
    market = np.zeros(n)
    users = np.zeros(n)
    for j in range(m):
        rw = weight[j] if reach[j] else 0.0
        market[app_of[j]] += rw
        users[app_of[j]] += rw if state[j] == USER else 0.0
    p_aware = np.empty(n)
    p_quit = np.empty(n)
    for i in range(n):
        ratio = users[i] / market[i] if market[i] > 0 else 0.0
        p_aware[i] = -math.expm1(-(p.bass_p + p.bass_q * ratio) / 12.0)
        p_quit[i] = min(1.0, p.quit_base + p.quit_quality * (1.0 - quality[i]))
    draws = rng.random(m)
    for j in range(m):
        old = state[j]
        a = app_of[j]
        new = old
        if old == UNAWARE and draws[j] < p_aware[a]:
            new = AWARE
        elif old == AWARE and draws[j] < p.trial_rate * quality[a] * propensity[j]:
            new = USER
        elif old == USER and (draws[j] < p_quit[a] or not reach[j]):
            new = AWARE
        if not reach[j] and old == USER:
            new = AWARE
        state[j] = new
    users[:] = 0.0
    for j in range(m):
        if state[j] == USER and reach[j]:
            users[app_of[j]] += weight[j]
    return users, market
