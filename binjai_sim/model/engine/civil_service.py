"""Civil service: rotation of civil servants and agency heads, operators, learning.

No one is moved within ``no_rotation_months`` of an oath (UU 10/2016 art. 162(3)); a rotation
wave follows a new mayor. An app whose operator is moved keeps only the documented share of
its know-how (the owner agency's SOP level) and gets a free civil servant of its agency.
"""

from __future__ import annotations

from numba import njit

from binjai_sim.base.vocabulary import EventKind
from binjai_sim.model.strategies.levers import ROTATION_MULT

from .declare import Field, From, Setup, Submodel, param
from .events import is_live, log
from .rng import HEAD, MOVE, ROTATION_PICK, SHIFT, uniform

ROTATION_WAVE = int(EventKind.ROTATION_WAVE)


DECLARED = Submodel(
    "civil_service", "7.5", blocks=("civil_service",),
    state=(
        Field("staff_agency", "i8", ("staff",), Setup("staff_agency")),
        Field("skill", "f8", ("staff",), Setup("skill")),
        Field("operating", "i8", ("staff",), -1),  # the app a civil servant operates; -1 none
        Field("moved", "b1", ("staff",), False),  # moved this month
        Field("operator", "i8", ("apps",), -1), Field("know_how", "f8", ("apps",), 0.0),
        Field("owner", "i8", ("apps",), Setup("owner")),  # the owner agency's index
        Field("sop", "f8", ("agencies",), From("civil_service.initial_sop")),
    ),
    params=(
        param("civil_service.rotation_rate"), param("civil_service.head_rotation_rate"),
        param("civil_service.rotation_wave.share", "wave_share"), param("civil_service.learning_rate"),
        param("civil_service.sop_retention"), param("structure.no_rotation_months"),
    ),
    levers=(ROTATION_MULT,),
    setup_reads=("civil_service.staff", "civil_service.initial_skill_mean", "structure.skill_concentration"),
)


@njit(cache=True)
def civil_service(s, p, plan, t):
    month = s.clock[0]
    inaugurated = s.inaugurated[0]
    frozen = inaugurated >= 0 and month - inaugurated < p.no_rotation_months
    rate = 0.0 if frozen else p.rotation_rate * plan.rotation_mult[t]
    head_rate = 0.0 if frozen else p.head_rotation_rate * plan.rotation_mult[t]
    if month == s.wave_month[0]:
        wave = p.wave_share * s.wave_scale[0]  # scaled at the hand-over: milder after a successor's oath
        rate = min(1.0, rate + wave * plan.rotation_mult[t])
        head_rate = min(1.0, head_rate + wave)
        log(s, ROTATION_WAVE, -1, -1, 0, wave)
    s.clock[3] += rotate(s, p, rate, t)
    for a in range(p.n_agencies):
        if uniform(s.agency_key[a], HEAD, t) < head_rate:
            s.sop[a] *= p.sop_retention  # a new head: undocumented practice is lost
    n = p.n_apps
    for i in range(n):
        op = s.operator[i]
        if is_live(s.status[i]) and op >= 0 and s.moved[op]:
            s.operating[op] = -1
            s.operator[i] = -1
            s.know_how[i] *= s.sop[s.owner[i]]
    for i in range(n):
        if is_live(s.status[i]) and s.operator[i] < 0:
            assign_operator(s, i, s.know_how[i], uniform(s.app_key[i], ROTATION_PICK, t))
    for i in range(n):
        if is_live(s.status[i]) and s.operator[i] >= 0:
            s.know_how[i] += p.learning_rate * (1.0 - s.know_how[i])


@njit(cache=True)
def rotate(s, p, prob, t):
    """Move each civil servant to another agency with probability ``prob``; return how many moved."""
    moved = 0
    g = p.n_agencies
    for j in range(p.n_staff):
        s.moved[j] = uniform(s.staff_key[j], MOVE, t) < prob
        if s.moved[j]:
            moved += 1
            if g > 1:  # to one of the other agencies, each as likely
                shift = 1 + int(uniform(s.staff_key[j], SHIFT, t) * (g - 1))
                s.staff_agency[j] = (s.staff_agency[j] + shift) % g
    return moved


@njit(cache=True)
def assign_operator(s, app, know_how, draw):
    """A free civil servant of the app's agency, chosen by ``draw`` in [0, 1), operates it (none
    free: no operator)."""
    agency = s.owner[app]
    free = 0
    for j in range(s.staff_agency.shape[0]):
        if s.staff_agency[j] == agency and s.operating[j] < 0:
            free += 1
    op = -1
    if free > 0:
        pick = min(int(draw * free), free - 1)
        for j in range(s.staff_agency.shape[0]):
            if s.staff_agency[j] == agency and s.operating[j] < 0:
                if pick == 0:
                    op = j
                    break
                pick -= 1
    s.operator[app] = op
    s.know_how[app] = know_how
    if op >= 0:
        s.operating[op] = app
