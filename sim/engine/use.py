"""Use: citizens and civil servants hear of apps, try them and drop them (Bass-style diffusion).

For each (person, app) pair in the app's target group, reachable while the person is online
(citizens) or works in the owner agency (civil servants) and the app is live: unaware -> aware
with probability ``1 - exp(-(p + q U/M) / 12)`` (Bass, per-year parameters; U users, M market);
aware -> user with ``trial_rate x quality x propensity`` (civil servants: skill); user ->
aware with ``min(1, quit_base + quit_quality (1 - quality))``. A pair that is not reachable
does not change, except that a user who can no longer reach the app stops using it.
"""

from __future__ import annotations

import math

from numba import njit

from .events import is_live
from .rng import USE, uniform

UNAWARE, AWARE, USER = 0, 1, 2


@njit(cache=True)
def use(s, p, plan, t):
    n = p.n_apps
    online = plan.internet[t]
    for j in range(s.pair_app.shape[0]):
        s.pair_reach[j] = s.online_rank[s.pair_row[j]] < online and is_live(s.status[s.pair_app[j]])
    for j in range(s.spair_app.shape[0]):
        app = s.spair_app[j]
        s.spair_reach[j] = s.staff_agency[s.spair_row[j]] == s.owner[app] and is_live(s.status[app])
    diffuse(s.pair_state, s.pair_app, s.pair_key, s.pair_reach, s.pair_weight, s.propensity,
            s.pair_row, n, s.quality, p, t, s.c_users, s.c_market, s.p_aware, s.p_quit)
    diffuse(s.spair_state, s.spair_app, s.spair_key, s.spair_reach, s.staff_weight, s.skill, s.spair_row, n,
            s.quality, p, t, s.s_users, s.s_market, s.p_aware, s.p_quit)
    for i in range(n):
        s.users[i] = s.c_users[i] if s.citizen[i] else s.s_users[i]
        s.market[i] = s.c_market[i] if s.citizen[i] else s.s_market[i]


@njit(cache=True)
def diffuse(state, app_of, keys, reach, weight, propensity, row, n, quality, p, t, users, market, p_aware, p_quit):
    """One month for every pair at once; ``state``, ``users`` and ``market`` change in place.
    ``weight`` is per pair; ``propensity`` is read through ``row`` (a person's row)."""
    m = state.shape[0]
    users[:] = 0.0
    market[:] = 0.0
    for j in range(m):
        if reach[j]:
            market[app_of[j]] += weight[j]
            if state[j] == USER:
                users[app_of[j]] += weight[j]
    for a in range(n):
        ratio = users[a] / market[a] if market[a] > 0 else 0.0
        p_aware[a] = -math.expm1(-(p.bass_p + p.bass_q * ratio) / 12.0)
        p_quit[a] = min(1.0, p.quit_base + p.quit_quality * (1.0 - quality[a]))
    for j in range(m):
        if not reach[j]:
            if state[j] == USER:
                state[j] = AWARE
            continue
        a = app_of[j]
        draw = uniform(keys[j], USE, t)
        old = state[j]
        if old == UNAWARE:
            if draw < p_aware[a]:
                state[j] = AWARE
        elif old == AWARE:
            if draw < p.trial_rate * quality[a] * propensity[row[j]]:
                state[j] = USER
        elif draw < p_quit[a]:
            state[j] = AWARE
    users[:] = 0.0
    for j in range(m):
        if reach[j] and state[j] == USER:
            users[app_of[j]] += weight[j]
