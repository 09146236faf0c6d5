"""The model's state as plain arrays, and everything built once before the first month.

``build`` turns a scenario and a seed into three records the compiled submodels read:
``State`` (what changes month to month, plus the monthly record and the event log),
``Params`` (the scenario's numbers) and ``Plan`` (what is known in advance for every month:
elections, national events, the internet share, and the strategies' levers and costs; declared
and assembled in ``sim.engine.plan``). Mesa agents (``sim.agents``) are views on rows of ``State``.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass

import numpy as np
from numba import njit, types
from numba.experimental import structref

from ..vocabulary import FACTORS, Action
from . import rng

# the plan and its assembly, importable from here as before they moved
from .plan import LEVERS, PLAN_FIELDS, Plan, _check_levers, _fixed_plan, _in_force, _plan, internet_share  # noqa: F401

STATE_FIELDS = (
    # clock and counters: month, rows recorded, events logged, rotations so far, overflow flag
    "clock",
    # apps (one row each)
    "status", "cause", "death_month", "quality", "users", "market", "factors", "score", "hazard", "budget",
    "launched_by", "operator", "know_how", "integrated", "partial", "idle", "champion",
    "launch", "redesign", "target_share", "citizen", "owner",
    # agencies
    "sop", "unit", "regulation",
    # civil servants
    "staff_agency", "skill", "operating", "moved",
    # citizens and their (citizen, app) pairs; civil servants' (servant, internal app) pairs
    "weight", "online_rank", "propensity", "pair_row", "pair_app", "pair_state", "pair_weight",
    "spair_row", "spair_app", "spair_state", "staff_weight",
    # the mayor, each a one-element array so the compiled submodels' writes reach Python:
    # inaugurated (-1: before the horizon), pending winner (-1 none, else its ELECTION_OUTCOMES
    # index), rotation-wave month (-1 none), the next wave's scale
    "mayor_id", "mayor_priority", "mayor_terms", "inaugurated", "pending_winner", "wave_month", "wave_scale",
    # the month's money: [pool, other IT, maintenance available]
    "money",
    # random-stream keys (sim.engine.rng): apps, civil servants, agencies, pairs, elections
    "app_key", "staff_key", "agency_key", "pair_key", "spair_key", "election_key",
    # monthly record
    "rec_status", "rec_quality", "rec_users", "rec_factors", "rec_score", "rec_hazard", "rec_budget",
    "rec_mayor_id", "rec_priority", "rec_pool", "rec_allocated", "rec_internet", "rec_citizens_using",
    "rec_strategy_cost",
    # event log: month, kind, app (-1 none), cause (-1 none), code, value
    "ev_month", "ev_kind", "ev_app", "ev_cause", "ev_code", "ev_value",
    # scratch space reused every month: reachable pairs, users and market by app, who uses an app
    "pair_reach", "spair_reach", "c_users", "c_market", "s_users", "s_market", "p_aware", "p_quit", "using",
)
State = namedtuple("State", STATE_FIELDS)

PARAM_FIELDS = (
    "start", "end", "n_apps", "n_agencies", "n_staff", "n_citizens", "betas", "structure_kind", "age_effect",
    "initial_quality", "quality_decay", "repair_rate", "degraded_below", "failure_below", "abandon_after",
    "grace", "hazard_intercept", "hazard_scale",
    "legacy_support", "transition_defund_prob", "impact_feedback", "continuity", "newcomer_a", "newcomer_b",
    "incumbent_win_prob", "term_limit", "successor_continuity", "successor_win_prob",
    "monthly_it", "priority_weight", "priority_reference", "maintenance_share", "maintenance_need",
    "ownership_bias",
    "rotation_rate", "head_rotation_rate", "wave_delay", "wave_share", "learning_rate", "sop_retention",
    "no_rotation_months", "city_regulation_from",
    "bass_p", "bass_q", "trial_rate", "quit_base", "quit_quality", "participation_target",
    "launch_awareness", "staff_launch_awareness",
    "resources_budget_weight", "inst_regulation", "inst_sop", "inst_unit", "inst_integration", "inst_total",
    "framework_share", "champion_bonus", "upkeep_operator_share", "initial_know_how",
)
Params = namedtuple("Params", PARAM_FIELDS)



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


# what the hazard depends on (hazard.structure), in the order sim.engine.survival tests them
STRUCTURES = ("five_factor", "constant", "age", "resources_only")

# kinds of strategy action on state (sim.strategies: each strategy says which it takes)
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


# long: one constructor call per record (State, Params); the schema-to-array mapping is issue 19's item 1
def build(scenario, seed: int, residents_per_agent: int | None = None) -> Built:
    spec = scenario.spec
    inv = scenario.inventory
    start, end = spec.horizon.start, spec.horizon.end
    months = end - start + 1
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
    f = np.float64
    state = State(
        clock=np.array([start, 0, 0, 0, 0], dtype=np.int64),
        status=np.zeros(n, dtype=np.int8), cause=np.full(n, -1, dtype=np.int8),
        death_month=np.full(n, -1, dtype=np.int64), quality=np.full(n, spec.apps.initial_quality),
        users=np.zeros(n), market=np.zeros(n), factors=np.zeros((n, len(FACTORS))), score=np.zeros(n),
        hazard=np.zeros(n), budget=np.zeros(n), launched_by=np.full(n, -1, dtype=np.int64),
        operator=np.full(n, -1, dtype=np.int64), know_how=np.zeros(n), integrated=np.zeros(n),
        partial=np.zeros(n, dtype=np.bool_), idle=np.zeros(n, dtype=np.int64), champion=np.zeros(n),
        launch=np.array([x.launch for x in inv], dtype=np.int64),
        redesign=np.array([-1 if x.redesign is None else x.redesign for x in inv], dtype=np.int64),
        target_share=target_share, citizen=citizen,
        owner=np.array([agency_names.index(x.owner_agency) for x in inv], dtype=np.int64),
        sop=np.full(g, spec.civil_service.initial_sop), unit=np.zeros(g), regulation=np.zeros(g),
        staff_agency=staff_agency.astype(np.int64), skill=skill, operating=np.full(s, -1, dtype=np.int64),
        moved=np.zeros(s, dtype=np.bool_),
        weight=weight, online_rank=online_rank, propensity=propensity, pair_row=pair_row,
        pair_app=pair_app, pair_state=np.zeros(pair_row.size, dtype=np.int8), pair_weight=weight[pair_row],
        spair_row=spair_row, spair_app=spair_app, spair_state=np.zeros(spair_row.size, dtype=np.int8),
        staff_weight=np.ones(spair_row.size),
        mayor_id=np.zeros(1, dtype=np.int64), mayor_priority=np.array([spec.mayor.initial_priority]),
        mayor_terms=np.array([spec.mayor.initial_terms_served], dtype=np.int64),
        inaugurated=np.full(1, -1, dtype=np.int64), pending_winner=np.full(1, -1, dtype=np.int64),
        wave_month=np.full(1, -1, dtype=np.int64), wave_scale=np.ones(1),
        money=np.zeros(3),
        app_key=app_key,
        staff_key=rng.numbered_keys(seed, "staff", s),
        agency_key=rng.keys_for(seed, [f"agency:{name}" for name in agency_names]),
        pair_key=rng.derive(app_key[pair_app], pair_row.astype(np.uint64)),
        spair_key=rng.derive(app_key[spair_app], spair_row.astype(np.uint64) + np.uint64(1 << 40)),
        election_key=rng.keys_for(seed, [f"election:{e.date}" for e in spec.elections]),
        rec_status=np.zeros((months, n), dtype=np.int8), rec_quality=np.zeros((months, n)),
        rec_users=np.zeros((months, n)), rec_factors=np.zeros((months, n, len(FACTORS))),
        rec_score=np.zeros((months, n)), rec_hazard=np.zeros((months, n)), rec_budget=np.zeros((months, n)),
        rec_mayor_id=np.zeros(months, dtype=np.int64), rec_priority=np.zeros(months), rec_pool=np.zeros(months),
        rec_allocated=np.zeros(months), rec_internet=np.zeros(months), rec_citizens_using=np.zeros(months),
        rec_strategy_cost=np.zeros(months),
        ev_month=np.zeros(e_cap, dtype=np.int64), ev_kind=np.zeros(e_cap, dtype=np.int8),
        ev_app=np.zeros(e_cap, dtype=np.int64), ev_cause=np.zeros(e_cap, dtype=np.int8),
        ev_code=np.zeros(e_cap, dtype=np.int64), ev_value=np.zeros(e_cap, dtype=f),
        pair_reach=np.zeros(pair_row.size, dtype=np.bool_), spair_reach=np.zeros(spair_row.size, dtype=np.bool_),
        c_users=np.zeros(n), c_market=np.zeros(n), s_users=np.zeros(n), s_market=np.zeros(n),
        p_aware=np.zeros(n), p_quit=np.zeros(n),
        using=np.zeros(c, dtype=np.bool_),
    )

    pol, bud, cs, cz, ap = spec.politics, spec.budget, spec.civil_service, spec.citizens, spec.apps
    fiscal = (spec.city.fiscal_multiplier if spec.city.fiscal_multiplier is not None
              else getattr(st.fiscal_multipliers, spec.city.fiscal_capacity))
    w = st.institution_weights
    params = Params(
        start=start, end=end, n_apps=n, n_agencies=g, n_staff=s, n_citizens=c,
        betas=betas(scenario.coefficients, spec.coefficients.use, spec.coefficients.estimates),
        structure_kind=STRUCTURES.index(spec.hazard.structure), age_effect=spec.hazard.age_effect,
        initial_quality=ap.initial_quality, quality_decay=ap.quality_decay, repair_rate=ap.repair_rate,
        degraded_below=ap.degraded_below, failure_below=ap.failure_below, abandon_after=ap.abandon_after_months,
        grace=ap.launch_grace_months, hazard_intercept=spec.hazard.intercept, hazard_scale=spec.hazard.scale,
        legacy_support=pol.legacy_support, transition_defund_prob=pol.transition_defund_prob,
        impact_feedback=pol.impact_feedback, continuity=pol.continuity,
        newcomer_a=max(pol.newcomer_priority_mean * pol.newcomer_priority_concentration, 1e-6),
        newcomer_b=max((1.0 - pol.newcomer_priority_mean) * pol.newcomer_priority_concentration, 1e-6),
        incumbent_win_prob=pol.incumbent_win_prob, term_limit=spec.mayor.term_limit,
        successor_continuity=pol.successor_continuity, successor_win_prob=pol.successor_win_prob or 0.0,
        monthly_it=spec.city.annual_budget_rp / 12.0 * bud.it_share * fiscal,
        priority_weight=bud.priority_weight, priority_reference=st.priority_reference,
        maintenance_share=bud.maintenance_share, maintenance_need=bud.maintenance_need_rp,
        ownership_bias=bud.ownership_bias,
        rotation_rate=cs.rotation_rate, head_rotation_rate=cs.head_rotation_rate,
        wave_delay=cs.rotation_wave.months_after_inauguration, wave_share=cs.rotation_wave.share,
        learning_rate=cs.learning_rate, sop_retention=cs.sop_retention, no_rotation_months=st.no_rotation_months,
        city_regulation_from=-1 if cs.city_regulation_from is None else cs.city_regulation_from,
        bass_p=cz.bass_p, bass_q=cz.bass_q, trial_rate=cz.trial_rate, quit_base=cz.quit_base,
        quit_quality=cz.quit_quality, participation_target=cz.participation_target,
        launch_awareness=cz.launch_awareness, staff_launch_awareness=cz.staff_launch_awareness,
        resources_budget_weight=st.resources_budget_weight,
        inst_regulation=w.regulation, inst_sop=w.sop, inst_unit=w.unit, inst_integration=w.integration,
        inst_total=w.regulation + w.sop + w.unit + w.integration,
        framework_share=st.framework_share, champion_bonus=st.champion_bonus,
        upkeep_operator_share=st.upkeep_operator_share, initial_know_how=st.initial_know_how,
    )
    plan, costs = _plan(scenario, months, n, seed, params.newcomer_a, params.newcomer_b)
    nat = _in_force(spec.national)
    detail_names = {"consolidation": [m.name for m in nat.consolidations],
                    "shock": [x.name for x in nat.policy_shocks],
                    "platform": [p.name for p in nat.platforms], "pruning": [x.name for x in nat.prunings]}
    return Built(state, params, plan, agency_names, [x.name for x in inv], detail_names, costs,
                 [x.name for x in scenario.strategies])


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
