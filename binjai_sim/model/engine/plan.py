"""``Plan``: everything known before the first month, for every month, and its assembly.

The calendar (votes, oaths, known outcomes), the national events in force, the internet share,
and the strategies' levers, actions and costs. All of it but the new mayors' fresh priorities
is the same for every seed, so a scenario keeps it for its next run.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from binjai_sim.base.vocabulary import ELECTION_OUTCOMES, SECTORS
from binjai_sim.model.strategies.levers import declared

from . import rng

# complete: importing binjai_sim.model.strategies.levers first runs binjai_sim/model/strategies/__init__.py
LEVERS = declared()

PLAN_FIELDS = (
    # per month since the start (row 0 is the initial state, where no strategy acts yet)
    # (the levers: one field each, declared with the strategies, binjai_sim/model/strategies/levers.py)
    "internet", *(lever.field for lever in LEVERS), "charged_it", "ring_fenced", "month_cost",
    "vote_at", "oath_at", "fresh_priority", "known_outcome",
    # strategy actions on state, in scenario order: kind, active by month, numbers, count by month
    "act_kind", "act_on", "act_x", "act_count",
    # national events
    "cons_month", "cons_members", "def_month", "def_app", "shock_month", "shock_hits", "shock_loss",
    "shock_kill", "plat_date", "plat_degrade", "plat_prob", "plat_hits", "covered",
    "prune_from", "prune_until", "prune_prob", "prune_hits", "blocked",
)
Plan = namedtuple("Plan", PLAN_FIELDS)


def _plan(scenario, months: int, n: int, seed: int, newcomer_a: float, newcomer_b: float) -> tuple[Plan, np.ndarray]:
    """Everything known before the run: the calendar, national events, and the strategies'
    levers, actions and costs for every month. All but the new mayors' fresh priorities are the
    same for every seed, so a scenario keeps them for its next run."""
    fresh = np.array([rng.generator(seed, "politics", e.date).beta(newcomer_a, newcomer_b)
                      for e in scenario.spec.elections])
    cached = scenario.__dict__.get("_plan")
    if cached is None:
        cached = scenario.__dict__["_plan"] = _fixed_plan(scenario, months, n)
    plan, costs = cached
    return plan._replace(fresh_priority=fresh), costs


# long: one Plan constructor over every national event table; split with the schema's declarations (issue 19, item 1)
def _fixed_plan(scenario, months: int, n: int) -> tuple[Plan, np.ndarray]:
    spec = scenario.spec
    start = spec.horizon.start
    t_months = start + np.arange(months)
    inv = scenario.inventory
    names = [x.name for x in inv]
    citizen = np.array([x.audience == "citizen" for x in inv])
    nat = _in_force(spec.national)

    def hits(want_sectors=(), want_apps=(), audiences=("citizen", "internal"), counterparts=()):
        """Apps of the sectors, the apps named, and the apps whose counterpart is in ``counterparts``."""
        by_target = np.array([x.sector in want_sectors or x.name in want_apps or x.counterpart in counterparts
                              for x in inv], dtype=np.bool_)
        by_audience = np.where(citizen, "citizen" in audiences, "internal" in audiences)
        return by_target & by_audience

    vote_at = np.full(months, -1, dtype=np.int64)
    oath_at = np.full(months, -1, dtype=np.int64)
    known = np.array([ELECTION_OUTCOMES.index(e.outcome) if e.outcome else -1 for e in spec.elections], np.int64)
    for i, e in enumerate(spec.elections):
        if start <= e.date <= spec.horizon.end:
            vote_at[e.date - start] = i
        if start <= e.inauguration <= spec.horizon.end:
            oath_at[e.inauguration - start] = i

    levers = {lever.field: np.full(months, lever.neutral) for lever in LEVERS}
    strategies = scenario.strategies
    charges = np.zeros((months, len(strategies)))
    charged_it = np.zeros(months)
    ring_fenced = np.zeros(months)
    month_cost = np.zeros(months)
    actions = []
    for k, strategy in enumerate(strategies):
        on = np.array([strategy.active(m) for m in t_months]) & (np.arange(months) > 0)
        charge = strategy.monthly_charge()
        if charge:
            charges[on, k] = charge
        strategy.set_levers(levers, on)
        _check_levers(levers, strategy)
        kind = strategy.action()
        if kind is not None:
            actions.append((k, kind, on, strategy))
    for t in range(1, months):
        month_costs: dict[str, float] = {}
        for k, strategy in enumerate(strategies):  # the order the month's books saw them
            if charges[t, k]:
                month_costs[strategy.name] = month_costs.get(strategy.name, 0.0) + charges[t, k]
                if strategy.funding == "it_budget":
                    charged_it[t] += charges[t, k]
        month_cost[t] = sum(month_costs.values())
        for strategy in strategies:
            if strategy.active(int(t_months[t])):
                ring_fenced[t] += strategy.ring_fenced()
    k_act = len(actions)
    act_kind = np.array([kind for _, kind, _, _ in actions], dtype=np.int64)
    act_on = np.zeros((months, k_act), dtype=np.bool_)
    act_x = np.zeros((k_act, 5))
    act_count = np.zeros((months, k_act), dtype=np.int64)
    for j, (_, _, on, strategy) in enumerate(actions):
        act_on[:, j] = on
        act_x[j], count = strategy.action_numbers()
        act_count[:, j] = count
    index = {nm: i for i, nm in enumerate(names)}
    members = [np.flatnonzero(hits(want_apps=m.apps, counterparts=(m.name,))) for m in nat.consolidations]
    cons_members = np.full((len(members), max([len(m) for m in members] + [1])), -1, dtype=np.int64)
    for i, m in enumerate(members):
        cons_members[i, : len(m)] = m
    plat_hits = np.array([hits(p.sectors, p.apps, p.audiences, (p.name,)) for p in nat.platforms],
                         dtype=np.bool_).reshape(len(nat.platforms), n)
    ban = min([b.date for b in nat.launch_bans], default=None)
    plan = Plan(
        internet=internet_share(spec.citizens.internet, t_months),
        **levers, charged_it=charged_it, ring_fenced=ring_fenced, month_cost=month_cost,
        vote_at=vote_at, oath_at=oath_at, fresh_priority=np.zeros(len(spec.elections)), known_outcome=known,
        act_kind=act_kind, act_on=act_on, act_x=act_x, act_count=act_count,
        cons_month=np.array([m.date for m in nat.consolidations], dtype=np.int64), cons_members=cons_members,
        def_month=np.array([d.date for d in nat.defundings], dtype=np.int64),
        def_app=np.array([index[d.app] for d in nat.defundings], dtype=np.int64),
        shock_month=np.array([x.date for x in nat.policy_shocks], dtype=np.int64),
        shock_hits=np.array([hits(x.sectors, x.apps, counterparts=tuple(x.counterparts)) for x in nat.policy_shocks],
                             dtype=np.bool_).reshape(
            len(nat.policy_shocks), n),
        shock_loss=np.array([x.quality_loss for x in nat.policy_shocks]),
        shock_kill=np.array([x.kill_prob for x in nat.policy_shocks]),
        plat_date=np.array([p.date for p in nat.platforms], dtype=np.int64),
        plat_degrade=np.array([p.effect == "degrade" for p in nat.platforms], dtype=np.bool_),
        plat_prob=np.array([p.monthly_prob for p in nat.platforms]),
        plat_hits=plat_hits, covered=plat_hits.any(axis=0) if len(nat.platforms) else np.zeros(n, dtype=np.bool_),
        prune_from=np.array([x.date for x in nat.prunings], dtype=np.int64),
        prune_until=np.array([x.until for x in nat.prunings], dtype=np.int64),
        prune_prob=np.array([x.monthly_prob for x in nat.prunings]),
        prune_hits=np.array([hits(SECTORS, (), x.audiences) for x in nat.prunings], dtype=np.bool_).reshape(
            len(nat.prunings), n),
        blocked=np.array([ban is not None and x.launch >= ban for x in inv], dtype=np.bool_),
    )
    return plan, charges


def _check_levers(levers: dict[str, np.ndarray], strategy) -> None:
    """A lever outside its declared bounds is a mistake in the strategy's code, said at once."""
    for lever in LEVERS:
        values = levers[lever.field]
        if values.min() < lever.low or values.max() > lever.high:
            raise ValueError(f"strategy {strategy.name} set lever {lever.name} outside [{lever.low}, {lever.high}]")


def _in_force(national):
    """The national events, without the groups a scenario switched off."""
    off = set(national.disable)
    keep = {key: [e for e in getattr(national, key) if e.group not in off]
            for key in ("platforms", "policy_shocks", "consolidations", "defundings", "prunings", "launch_bans")}
    return national.model_copy(update=keep)


def internet_share(table: dict[int, float], months: np.ndarray) -> np.ndarray:
    """Share of residents online in each month, linear between the years given (January)."""
    years = sorted(table)
    return np.interp(months / 12.0, [float(y) for y in years], [table[y] for y in years])
