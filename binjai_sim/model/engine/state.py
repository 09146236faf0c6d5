"""The model's state as plain arrays, and everything built once before the first month.

``build`` turns a scenario and a seed into three records the compiled submodels read:
``State`` (what changes month to month, plus the monthly record and the event log),
``Params`` (the scenario's numbers) and ``Plan`` (what is known in advance for every month:
elections, national events, the internet share, and the strategies' levers and costs; declared
and assembled in ``binjai_sim.model.engine.plan``). Mesa agents (``binjai_sim.model.agents``) are views
on rows of ``State``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit, types
from numba.experimental import structref

from binjai_sim.base.vocabulary import FACTORS, Action

from . import rng

# the containers, assembled from each submodel's declarations (binjai_sim/model/engine/assemble.py)
from .assemble import PARAM_FIELDS, STATE_FIELDS, Context, Params, State, build_params, build_state  # noqa: F401

# the plan and its assembly, importable from here as before they moved
from .plan import LEVERS, PLAN_FIELDS, Plan, _check_levers, _fixed_plan, _in_force, _plan, internet_share  # noqa: F401


# The compiled submodels receive State and Plan as structrefs: one pointer, not a copy of every
# array, whatever the number of fields. They hold the same numpy arrays as the namedtuples, so
# what a submodel writes is what Python reads.
@structref.register
class _StateRefType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


@structref.register
class _PlanRefType(types.StructRef):
    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)


class StateRef(structref.StructRefProxy):
    pass


class PlanRef(structref.StructRefProxy):
    pass


structref.define_proxy(StateRef, _StateRefType, STATE_FIELDS)
structref.define_proxy(PlanRef, _PlanRefType, PLAN_FIELDS)


@njit(cache=True)
def state_ref(arrays):
    return StateRef(*arrays)


@njit(cache=True)
def plan_ref(arrays):
    return PlanRef(*arrays)


# what the hazard depends on (hazard.structure), in the order binjai_sim.model.engine.survival tests them
STRUCTURES = ("five_factor", "constant", "age", "resources_only")

# kinds of strategy action on state (binjai_sim.model.strategies: each strategy says which it takes)
ACT_SOPS, ACT_INTEGRATION, ACT_TRAINING, ACT_RATIONALISE = (int(a) for a in Action)


@dataclass
class Built:
    """What ``build`` returns: the arrays, and the names the event log's codes refer to."""

    state: State
    params: Params
    plan: Plan
    agency_names: list[str]
    app_names: list[str]
    detail_names: dict[str, list[str]]  # consolidation / shock / platform names by index
    strategy_costs: np.ndarray  # month since start x strategy: Rp charged
    strategy_names: list[str]


def betas(coefficients, use: str, estimates: dict[str, float] | None = None) -> np.ndarray:
    """The beta of each factor in FACTORS order, zero where excluded: with ``use:
    significant_only`` the factors the survey found not significant; ``estimates`` replace the
    file's values (significance is kept)."""
    estimates = estimates or {}
    return np.array([
        estimates.get(f, coefficients.factors[f].estimate)
        if (use == "all" or coefficients.factors[f].significant) else 0.0
        for f in FACTORS
    ])


def build(scenario, seed: int, residents_per_agent: int | None = None) -> Built:
    spec = scenario.spec
    months = spec.horizon.end - spec.horizon.start + 1
    dims, made = setup(scenario, seed, residents_per_agent)
    c = Context(scenario, dims, made, STRUCTURES, betas)
    state, params = build_state(c), build_params(c)
    plan, costs = _plan(scenario, months, dims["apps"], seed, params.newcomer_a, params.newcomer_b)
    nat = _in_force(spec.national)
    detail_names = {"consolidation": [m.name for m in nat.consolidations],
                    "shock": [x.name for x in nat.policy_shocks],
                    "platform": [p.name for p in nat.platforms], "pruning": [x.name for x in nat.prunings]}
    inv = scenario.inventory
    return Built(state, params, plan, list(dict.fromkeys(a.owner_agency for a in inv)), [x.name for x in inv],
                 detail_names, costs, [x.name for x in scenario.strategies])


def setup(scenario, seed: int, residents_per_agent: int | None = None) -> tuple[dict[str, int], dict[str, np.ndarray]]:
    """The run's sizes, and the initial values the declarations mark ``Setup``: inventory columns,
    random-stream keys, and the seeded draws, made here in one fixed order so a seed gives the
    same city whatever else is declared."""
    spec = scenario.spec
    inv = scenario.inventory
    start, end = spec.horizon.start, spec.horizon.end
    n = len(inv)
    agency_names = list(dict.fromkeys(a.owner_agency for a in inv))
    g = len(agency_names)
    st = spec.structure

    app_key = rng.keys_for(seed, [f"app:{x.name}" for x in inv])

    # civil servants: an even spread over agencies (ASSUMPTION: no staffing data), shuffled
    s = spec.civil_service.staff
    staff_rng = rng.generator(seed, "staff")
    staff_agency = np.arange(s) % g
    staff_rng.shuffle(staff_agency)
    k = st.skill_concentration
    a = max(spec.civil_service.initial_skill_mean * k, 1e-6)
    skill = staff_rng.beta(a, max(k - a, 1e-6), size=s)

    # citizens of equal weight; each belongs to a citizen app's target group with its share
    target_share = np.minimum(np.array([x.target_share for x in inv]) * spec.apps.target_share_scale, 1.0)
    citizen = np.array([x.audience == "citizen" for x in inv])
    scale = residents_per_agent or spec.city.residents_per_agent
    c = max(1, -(-spec.city.population // scale))
    weight = np.full(c, spec.city.population / c)
    citizen_rng = rng.generator(seed, "citizens")
    online_rank = citizen_rng.random(c)
    propensity = citizen_rng.beta(st.propensity_shape, st.propensity_shape, size=c)
    pair_row, pair_app = _members(app_key, np.flatnonzero(citizen), target_share, c)
    # internal apps diffuse among the staff in their target group, while they work in the owner agency
    spair_row, spair_app = _members(app_key, np.flatnonzero(~citizen), target_share, s, by_app=False)

    e_cap = 16 * n + 8 * len(spec.elections) + 4 * (n + 1) * (len(spec.national.platforms)
                                                             + len(spec.national.policy_shocks)) + 256
    dims = {"apps": n, "agencies": g, "staff": s, "citizens": c, "pairs": pair_row.size, "spairs": spair_row.size,
            "months": end - start + 1, "factors": len(FACTORS), "elections": len(spec.elections), "events": e_cap}
    made = {
        "clock": np.array([start, 0, 0, 0, 0], dtype=np.int64),
        "launch": np.array([x.launch for x in inv], dtype=np.int64),
        "redesign": np.array([-1 if x.redesign is None else x.redesign for x in inv], dtype=np.int64),
        "target_share": target_share, "citizen": citizen,
        "owner": np.array([agency_names.index(x.owner_agency) for x in inv], dtype=np.int64),
        "staff_agency": staff_agency.astype(np.int64), "skill": skill,
        "weight": weight, "online_rank": online_rank, "propensity": propensity,
        "pair_row": pair_row, "pair_app": pair_app, "pair_weight": weight[pair_row],
        "spair_row": spair_row, "spair_app": spair_app,
        "app_key": app_key,
        "staff_key": rng.numbered_keys(seed, "staff", s),
        "agency_key": rng.keys_for(seed, [f"agency:{name}" for name in agency_names]),
        "pair_key": rng.derive(app_key[pair_app], pair_row.astype(np.uint64)),
        "spair_key": rng.derive(app_key[spair_app], spair_row.astype(np.uint64) + np.uint64(1 << 40)),
        "election_key": rng.keys_for(seed, [f"election:{e.date}" for e in spec.elections]),
    }
    return dims, made


def _members(app_key: np.ndarray, apps: np.ndarray, share: np.ndarray, people: int,
             by_app: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Who is in each app's target group: person j is in app i's when their keyed draw is
    below its share, so one app's group never depends on another app. Pairs are ordered by app
    (citizens) or by person (civil servants)."""
    row, app_of = _draw_members(app_key, apps.astype(np.int64), share, people)
    if not by_app:
        order = np.lexsort((app_of, row))
        row, app_of = row[order], app_of[order]
    return row, app_of


@njit(cache=True)
def _draw_members(app_key, apps, share, people):
    count = 0
    inside = np.zeros((apps.size, people), dtype=np.bool_)
    for a in range(apps.size):
        for j in range(people):
            inside[a, j] = rng.uniform(app_key[apps[a]], rng.MEMBERSHIP, j) < share[apps[a]]
            count += inside[a, j]
    row = np.empty(count, dtype=np.int64)
    app_of = np.empty(count, dtype=np.int64)
    k = 0
    for a in range(apps.size):
        for j in range(people):
            if inside[a, j]:
                row[k] = j
                app_of[k] = apps[a]
                k += 1
    return row, app_of
