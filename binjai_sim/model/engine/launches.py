"""Launches and redesigns: an app starts with an operator from its agency and some publicity."""

from __future__ import annotations

from numba import njit

from binjai_sim.base.vocabulary import AppStatus, EventKind

from .civil_service import assign_operator
from .declare import Field, Setup, Submodel, param
from .events import is_live, log
from .rng import LAUNCH_PICK, PUBLICITY, uniform

NOT_LAUNCHED, ACTIVE = int(AppStatus.NOT_LAUNCHED), int(AppStatus.ACTIVE)
LAUNCH, REDESIGN = int(EventKind.LAUNCH), int(EventKind.REDESIGN)
UNAWARE, AWARE = 0, 1


DECLARED = Submodel(
    "launches", "7.2", blocks=("apps",),
    state=(
        Field("launch", "i8", ("apps",), Setup("launch")), Field("redesign", "i8", ("apps",), Setup("redesign")),
        Field("launched_by", "i8", ("apps",), -1),  # the mayor_id an app counts as its own
    ),
    params=(param("apps.initial_quality"), param("structure.initial_know_how"), param("citizens.launch_awareness"),
            param("citizens.staff_launch_awareness")),
)


@njit(cache=True)
def launches(s, p, plan, t):
    month = s.clock[0]
    for i in range(p.n_apps):
        if s.status[i] == NOT_LAUNCHED and s.launch[i] <= month and not plan.blocked[i]:
            s.status[i] = ACTIVE
            s.quality[i] = p.initial_quality
            s.launched_by[i] = s.mayor_id[0]
            assign_operator(s, i, p.initial_know_how, uniform(s.app_key[i], LAUNCH_PICK, t))
            announce(s, p, i, t)
            log(s, LAUNCH, i, -1, 0, 0.0)
    for i in range(p.n_apps):
        if is_live(s.status[i]) and s.redesign[i] == month:
            s.quality[i] = p.initial_quality
            s.launched_by[i] = s.mayor_id[0]
            log(s, REDESIGN, i, -1, 0, 0.0)


@njit(cache=True)
def announce(s, p, app, t):
    """Launch publicity: part of the target group hears of the app at once."""
    if s.citizen[app]:
        for j in range(s.pair_app.shape[0]):
            if (s.pair_app[j] == app and s.pair_state[j] == UNAWARE
                    and uniform(s.pair_key[j], PUBLICITY, t) < p.launch_awareness):
                s.pair_state[j] = AWARE
    else:
        for j in range(s.spair_app.shape[0]):
            if (s.spair_app[j] == app and s.spair_state[j] == UNAWARE
                    and uniform(s.spair_key[j], PUBLICITY, t) < p.staff_launch_awareness):
                s.spair_state[j] = AWARE
