"""The event log and the live test: shared by every submodel that records (closing: ``closures.py``)."""

from __future__ import annotations

from numba import njit


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
def is_live(status):
    return status == 1 or status == 2
