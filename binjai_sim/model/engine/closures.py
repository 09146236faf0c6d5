"""Closing an app, in one place: every submodel that can close an app requests it with a cause,
and ``request`` settles the request against any other made for the same app this month by the
precedence of ``binjai_sim.base.vocabulary.CLOSURE_PRECEDENCE`` (docs/ODD.md, 7.9).

A request takes effect at once (the app's operator is freed, its users stop, later steps of the
month see it closed): settling at the month's end would let the steps between fund, staff and use
an app that had already closed. A submodel that only decides a closure asks ``open_now``, which
includes an app closed earlier this month, so its request meets the other causes here; a
submodel that also acts on the app (a shock's damage, a partial replacement) asks ``is_live``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from binjai_sim.base.vocabulary import CLOSURE_PRECEDENCE, AppStatus, Cause, EventKind

from .declare import Field, Submodel
from .events import is_live, log

DEAD = int(AppStatus.DEAD)
AWARE, USER = 1, 2  # pair states (0: unaware)
DEATH = int(EventKind.DEATH)
RANK = np.empty(len(Cause), dtype=np.int64)  # by cause code; lower wins
for _rank, _cause in enumerate(CLOSURE_PRECEDENCE):
    RANK[int(_cause)] = _rank


DECLARED = Submodel(
    "closures", "7.9",
    state=(Field("cause", "i1", ("apps",), -1), Field("death_month", "i8", ("apps",), -1)),
)


@njit(cache=True)
def open_now(s, app):
    """Live, or closed this month (a request for it is still settled by precedence)."""
    return is_live(s.status[app]) or (s.status[app] == DEAD and s.death_month[app] == s.clock[0])


@njit(cache=True)
def request(s, app, cause, code):
    """Close ``app`` for ``cause`` (``code``: which event or factor), or, if it closed this month
    already, keep whichever of the two causes comes first in the precedence."""
    if is_live(s.status[app]):
        close(s, app, cause, code)
        return
    if s.death_month[app] != s.clock[0] or RANK[cause] >= RANK[s.cause[app]]:
        return
    s.cause[app] = cause
    for k in range(s.clock[2] - 1, -1, -1):  # this month's record of the closure says the winner too
        if s.ev_month[k] != s.clock[0]:
            break
        if s.ev_kind[k] == DEATH and s.ev_app[k] == app:
            s.ev_cause[k] = cause
            s.ev_code[k] = code
            break


@njit(cache=True)
def close(s, app, cause, code):
    """Close a live app for good, recording its cause: its operator is freed, its users stop."""
    s.status[app] = DEAD
    s.cause[app] = cause
    s.death_month[app] = s.clock[0]
    op = s.operator[app]
    if op >= 0:
        s.operating[op] = -1
    s.operator[app] = -1
    s.users[app] = 0.0
    s.budget[app] = 0.0
    for j in range(s.pair_app.shape[0]):
        if s.pair_app[j] == app and s.pair_state[j] == USER:
            s.pair_state[j] = AWARE
    for j in range(s.spair_app.shape[0]):
        if s.spair_app[j] == app and s.spair_state[j] == USER:
            s.spair_state[j] = AWARE
    log(s, DEATH, app, cause, code, 0.0)
