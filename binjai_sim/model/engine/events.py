"""The event log and the live test: shared by every submodel that records (closing: ``closures.py``)."""

from __future__ import annotations

from numba import njit

from .declare import Field, Submodel

DECLARED = Submodel(
    "events", "3", state=(  # the event log: month, kind, app (-1 none), cause (-1 none), code, value
        Field("ev_month", "i8", ("events",), 0), Field("ev_kind", "i1", ("events",), 0),
        Field("ev_app", "i8", ("events",), 0), Field("ev_cause", "i1", ("events",), 0),
        Field("ev_code", "i8", ("events",), 0), Field("ev_value", "f8", ("events",), 0.0),
    ),
)


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
