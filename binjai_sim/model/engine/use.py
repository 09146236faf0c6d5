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

from .declare import Field, Series, Setup, Submodel, param
from .events import is_live
from .rng import USE, uniform

UNAWARE, AWARE, USER = 0, 1, 2


DECLARED = Submodel(
    "use", "7.7", blocks=("citizens",),
    state=(
        Field("users", "f8", ("apps",), 0.0), Field("market", "f8", ("apps",), 0.0),
        Field("target_share", "f8", ("apps",), Setup("target_share")),
        Field("citizen", "b1", ("apps",), Setup("citizen")),  # a citizen app (else internal)
        # citizen agents, each standing for ``weight`` residents, and their (citizen, app) pairs
        Field("weight", "f8", ("citizens",), Setup("weight")),
        Field("online_rank", "f8", ("citizens",), Setup("online_rank")),
        Field("propensity", "f8", ("citizens",), Setup("propensity")),
        Field("pair_row", "i8", ("pairs",), Setup("pair_row")), Field("pair_app", "i8", ("pairs",), Setup("pair_app")),
        Field("pair_state", "i1", ("pairs",), UNAWARE), Field("pair_weight", "f8", ("pairs",), Setup("pair_weight")),
        # civil servants' (servant, internal app) pairs
        Field("spair_row", "i8", ("spairs",), Setup("spair_row")),
        Field("spair_app", "i8", ("spairs",), Setup("spair_app")),
        Field("spair_state", "i1", ("spairs",), UNAWARE), Field("staff_weight", "f8", ("spairs",), 1.0),
        # scratch space reused every month
        Field("pair_reach", "b1", ("pairs",), False), Field("spair_reach", "b1", ("spairs",), False),
        Field("c_users", "f8", ("apps",), 0.0), Field("c_market", "f8", ("apps",), 0.0),
        Field("s_users", "f8", ("apps",), 0.0), Field("s_market", "f8", ("apps",), 0.0),
        Field("p_aware", "f8", ("apps",), 0.0), Field("p_quit", "f8", ("apps",), 0.0),
    ),
    params=(param("citizens.bass_p"), param("citizens.bass_q"), param("citizens.trial_rate"),
            param("citizens.quit_base"), param("citizens.quit_quality")),
    series=(Series("users", "f8", ("apps",), "people"), Series("internet", "f8", (), "0-1"),
            Series("citizens_using", "f8", (), "residents")),
    setup_reads=("apps.inventory", "apps.target_share_scale", "city.population", "city.residents_per_agent",
                 "structure.propensity_shape", "citizens.internet"),
)


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
