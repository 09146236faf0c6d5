"""The event log and closing an app: shared by every submodel that records or closes."""

from __future__ import annotations

from numba import njit

from ..vocabulary import AppStatus, EventKind

DEAD = int(AppStatus.DEAD)
AWARE, USER = 1, 2  # pair states (0: unaware)
DEATH = int(EventKind.DEATH)


@njit(cache=True)
def log(s, kind, app, cause, code, value):
    """Append an event; a full log raises the overflow flag (checked after the run)."""
    k = s.clock[2]
    if k >= s.ev_month.shape[0]:
        s.clock[4] = 1
        return
    s.ev_month[k] = s.clock[0]
    s.ev_kind[k] = kind
    s.ev_app[k] = app
    s.ev_cause[k] = cause
    s.ev_code[k] = code
    s.ev_value[k] = value
    s.clock[2] = k + 1


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


@njit(cache=True)
def is_live(status):
    return status == 1 or status == 2
