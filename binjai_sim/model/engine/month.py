"""One month of the city, in the order of the ODD's process overview (docs/ODD.md, section 3).

Steps 1, 2, 4 and 9 may close apps: each requests the closure with its cause, and
``closures.request`` settles every request by one precedence (``binjai_sim.base.vocabulary.CLOSURE_PRECEDENCE``).
"""

from __future__ import annotations

from numba import njit

from .civil_service import civil_service
from .declare import Field, Setup, Submodel, derived, param
from .funding import funding
from .launches import launches
from .maintenance import maintenance
from .national import national_events
from .politics import mayor_feedback, politics
from .record import record
from .strategies import strategy_actions
from .survival import assess
from .use import use

DECLARED = Submodel(
    "month", "3", blocks=("horizon",),
    # month, rows recorded, events logged, rotations so far, the event log's overflow flag
    state=(Field("clock", "i8", (5,), Setup("clock")),),
    params=(
        param("horizon.start", "start"), param("horizon.end", "end"),
        derived("n_apps", ("apps.inventory",), lambda c: c.dims["apps"]),
        derived("n_agencies", ("apps.inventory",), lambda c: c.dims["agencies"]),
        derived("n_staff", ("civil_service.staff",), lambda c: c.dims["staff"]),
        derived("n_citizens", ("city.population", "city.residents_per_agent"), lambda c: c.dims["citizens"]),
    ),
)


@njit(cache=True)
def month(s, p, plan):
    s.clock[0] += 1
    t = s.clock[0] - p.start
    strategy_actions(s, p, plan, t)      # 1. strategies act (their levers are in plan)
    politics(s, p, plan, t)              # 2. vote, oath, hand-over review
    launches(s, p, plan, t)              # 3. launches and redesigns
    national_events(s, p, plan, t)       # 4. consolidations, shocks, platforms
    funding(s, p, plan, t)               # 5. maintenance pool and allocation
    civil_service(s, p, plan, t)         # 6. rotation, operators, learning
    maintenance(s, p, plan, t)           # 7. quality upkeep
    use(s, p, plan, t)                   # 8. awareness, trial, quitting
    assess(s, p, plan, t, True)          # 9. factors, score, hazard, closures
    mayor_feedback(s, p)                 # 10. visible impact moves priority
    record(s, p, plan, t)                # 11. the month's record


@njit(cache=True)
def first_month(s, p, plan):
    """The initial state: apps launched by the start are live, assessed without closures."""
    launches(s, p, plan, 0)
    assess(s, p, plan, 0, False)
    record(s, p, plan, 0)


@njit(cache=True)
def advance(s, p, plan, until):
    """Step month by month until the clock reads ``until`` (or the horizon's end)."""
    stop = min(until, p.end)
    while s.clock[0] < stop:
        month(s, p, plan)
