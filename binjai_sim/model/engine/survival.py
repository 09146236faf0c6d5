"""Assessment: the five factor levels of every live app, its sustainability score, the monthly
hazard, closures and status.

Factors, each in [0, 1]:
- political: the mayor's priority (times ``legacy_support`` for a predecessor's app), with a
  floor from plan embedding and a bonus for a recognised champion;
- resources: ``w x coverage + (1 - w) x operator capacity``;
- participation: use ratio against ``participation_target``;
- impact: quality x participation;
- institutions: weighted regulation (city framework and use mandate), SOPs, unit, integration.

``S = sum_k beta_k F_k / sum_k |beta_k|``; hazard ``h = 1 - exp(-exp(intercept - scale S))`` (or
another structure, ``score_and_hazard``). Each month, in
order: quality below ``failure_below`` closes an app (``technical_failure``); no users for
``abandon_after`` months after the launch grace closes it (``abandoned``); otherwise a draw
below ``h`` closes it (``discontinued``, blaming the factor with the largest weighted shortfall).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from binjai_sim.base.vocabulary import AppStatus, Cause, Factor
from binjai_sim.model.strategies.levers import POLITICAL_FLOOR, REGULATION_LEVEL, UNIT_LEVEL

from .closures import open_now, request
from .declare import Field, Series, Submodel, derived, param
from .events import is_live
from .funding import coverage, operator_capacity
from .rng import HAZARD, uniform

ACTIVE, DEGRADED = int(AppStatus.ACTIVE), int(AppStatus.DEGRADED)
FIVE_FACTOR, CONSTANT, AGE, RESOURCES_ONLY = range(4)  # binjai_sim.model.engine.state.STRUCTURES
RESOURCES = int(Factor.RESOURCES)
TECHNICAL_FAILURE, ABANDONED, DISCONTINUED = (int(Cause.TECHNICAL_FAILURE), int(Cause.ABANDONED),
                                              int(Cause.DISCONTINUED))

DECLARED = Submodel(
    "survival", "7.8, 7.9", blocks=("hazard", "coefficients", "structure"),
    state=(
        Field("status", "i1", ("apps",), 0), Field("factors", "f8", ("apps", "factors"), 0.0),
        Field("score", "f8", ("apps",), 0.0), Field("hazard", "f8", ("apps",), 0.0),
        Field("idle", "i8", ("apps",), 0),  # months in a row without users, after the launch grace
        Field("regulation", "f8", ("agencies",), 0.0), Field("unit", "f8", ("agencies",), 0.0),
    ),
    params=(
        derived("betas", ("coefficients.file", "coefficients.use", "coefficients.estimates"), lambda c: c.betas()),
        derived("structure_kind", ("hazard.structure",), lambda c: c.structures.index(c.get("hazard.structure"))),
        param("hazard.age_effect"), param("apps.degraded_below"), param("apps.failure_below"),
        param("apps.abandon_after_months", "abandon_after"), param("apps.launch_grace_months", "grace"),
        param("hazard.intercept", "hazard_intercept"), param("hazard.scale", "hazard_scale"),
        param("politics.legacy_support"), param("citizens.participation_target"),
        param("structure.resources_budget_weight"),
        param("structure.institution_weights.regulation", "inst_regulation"),
        param("structure.institution_weights.sop", "inst_sop"),
        param("structure.institution_weights.unit", "inst_unit"),
        param("structure.institution_weights.integration", "inst_integration"),
        derived("inst_total", tuple(f"structure.institution_weights.{k}" for k in ("regulation", "sop", "unit",
                                                                                  "integration")),
                lambda c: sum(c.get(f"structure.institution_weights.{k}")
                              for k in ("regulation", "sop", "unit", "integration"))),
        param("structure.framework_share"), param("structure.champion_bonus"),
        param("civil_service.city_regulation_from", none=-1),
    ),
    levers=(POLITICAL_FLOOR, REGULATION_LEVEL, UNIT_LEVEL),
    series=(Series("status", "i1", ("apps",), "status code"), Series("factors", "f8", ("apps", "factors"), "0-1"),
            Series("score", "f8", ("apps",), "score"), Series("hazard", "f8", ("apps",), "probability per month")),
)


@njit(cache=True)
def factor_levels(s, p, plan, t):
    month = s.clock[0]
    city_regulation = 1.0 if (p.city_regulation_from >= 0 and month >= p.city_regulation_from) else 0.0
    floor = plan.political_floor[t]
    for i in range(p.n_apps):
        f = s.factors[i]
        if not is_live(s.status[i]):
            f[:] = 0.0
            continue
        base = s.mayor_priority[0] * (1.0 if s.launched_by[i] == s.mayor_id[0] else p.legacy_support)
        f[0] = min(max(max(base, floor) + p.champion_bonus * s.champion[i] * (1.0 - base), 0.0), 1.0)
        w = p.resources_budget_weight
        f[1] = min(max(w * coverage(s, p, plan, t, i) + (1.0 - w) * operator_capacity(s, i), 0.0), 1.0)
        ratio = s.users[i] / s.market[i] if s.market[i] > 0 else 0.0
        f[2] = min(max(ratio / max(p.participation_target, 1e-9), 0.0), 1.0)
        f[3] = min(max(s.quality[i] * f[2], 0.0), 1.0)
        a = s.owner[i]
        mandate = max(s.regulation[a], plan.regulation_level[t])
        unit = max(s.unit[a], plan.unit_level[t])
        fs = p.framework_share
        regulation = fs * city_regulation + (1.0 - fs) * mandate
        level = (p.inst_regulation * regulation + p.inst_sop * s.sop[a] + p.inst_unit * unit
                 + p.inst_integration * s.integrated[i]) / p.inst_total
        f[4] = min(max(level, 0.0), 1.0)


@njit(cache=True)
def score_and_hazard(s, p):
    """The score S and the monthly hazard under the scenario's structure (``hazard.structure``):
    five_factor: S = sum_k beta_k F_k / sum_k |beta_k| (a weighted mean of the factor levels, the
    survey's coefficients giving the relative weights) and log rate = intercept - scale S;
    constant: S = 0; resources_only: S = F_resources; age: log rate = intercept + age_effect x
    years since launch (S = 0)."""
    b = p.betas
    total = 0.0
    for k in range(b.shape[0]):
        total += abs(b[k])
    month = s.clock[0]
    for i in range(p.n_apps):
        if not is_live(s.status[i]):
            s.score[i] = 0.0
            s.hazard[i] = 0.0
            continue
        f = s.factors[i]
        score = 0.0
        if p.structure_kind == FIVE_FACTOR and total > 0:
            score = f[0] * b[0]
            for k in range(1, b.shape[0]):
                score = score + f[k] * b[k]
            score = score / total
        elif p.structure_kind == RESOURCES_ONLY:
            score = f[RESOURCES]
        log_rate = p.hazard_intercept - p.hazard_scale * score
        if p.structure_kind == AGE:
            log_rate = p.hazard_intercept + p.age_effect * (month - s.launch[i]) / 12.0
        s.score[i] = score
        s.hazard[i] = -math.expm1(-math.exp(min(log_rate, 30.0)))


@njit(cache=True)
def weakest_factor(s, p, i):
    """The factor whose shortfall costs app i's score most, ``beta_k (1 - F_k)`` (first on ties)."""
    best, worst = 0, -1.0
    for k in range(p.betas.shape[0]):
        gap = max(p.betas[k], 0.0) * (1.0 - s.factors[i, k])
        if gap > worst:
            best, worst = k, gap
    return best


@njit(cache=True)
def assess(s, p, plan, t, hazard_on):
    factor_levels(s, p, plan, t)
    score_and_hazard(s, p)
    if hazard_on:
        closures(s, p, t)
    update_status(s, p)


@njit(cache=True)
def closures(s, p, t):
    n = p.n_apps
    month = s.clock[0]
    live = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        live[i] = is_live(s.status[i])
        idle = live[i] and s.users[i] <= 0 and month - s.launch[i] > p.grace
        s.idle[i] = s.idle[i] + 1 if idle else 0
    broken = np.zeros(n, dtype=np.bool_)
    idle = np.zeros(n, dtype=np.bool_)
    hazard = np.zeros(n, dtype=np.bool_)
    weakest = np.zeros(n, dtype=np.int64)
    for i in range(n):  # each cause asked on its own; closures.request settles which one is kept
        here = open_now(s, i)
        broken[i] = here and s.quality[i] < p.failure_below
        idle[i] = here and s.idle[i] >= p.abandon_after
        hazard[i] = here and uniform(s.app_key[i], HAZARD, t) < s.hazard[i]
        weakest[i] = weakest_factor(s, p, i)
    for i in range(n):
        if broken[i]:
            request(s, i, TECHNICAL_FAILURE, 0)
    for i in range(n):
        if idle[i]:
            request(s, i, ABANDONED, 0)
    for i in range(n):
        if hazard[i]:
            request(s, i, DISCONTINUED, weakest[i])


@njit(cache=True)
def update_status(s, p):
    """A live app is degraded while its quality is low or it is partly replaced, else active."""
    for i in range(p.n_apps):
        if is_live(s.status[i]):
            weak = s.quality[i] < p.degraded_below or s.partial[i]
            s.status[i] = DEGRADED if weak else ACTIVE
