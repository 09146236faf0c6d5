"""Runs that agree with what is known: sequential importance resampling of whole runs.

The method (docs/your-region.md, "Known statuses"): start ``candidates x replicates`` runs from
their replicate seeds; step them together month by month through every month a known fact
constrains. A closed app never reopens, so "alive at D" is checked at every month from the
app's launch to D and "stopped by D" at D. A run that breaks a fact gets weight 0 and stops,
the others keep weight 1. When fewer than 90% still agree, and at the last constrained month,
each broken run is replaced by a copy of a surviving one, picked uniformly by the
seeded generator, whose random-stream keys (and the fresh priorities of mayors not yet elected)
are then re-drawn, so the copy's future is a new draw from the model given the same past.
Survivors keep their place and their own draws: when no run breaks a fact, the runs are the
unconditioned ones, byte for byte. A step's effective sample size (ESS) is its number of
survivors; the reported ESS is the smallest of these and of the number of distinct first
candidates the final runs descend from (many steps can each keep most runs yet leave one
ancestry). The product of the survival shares estimates the facts' probability under the
model. The runs reported are ``replicates`` of the final candidates, drawn without replacement.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import plain, t
from binjai_sim.base.vocabulary import AppStatus, is_live
from binjai_sim.model.engine import AppsView, RecordView, Simulation, rng
from binjai_sim.model.engine.state import State, plan_ref, state_ref
from binjai_sim.scenario.known import ALIVE, Fact

from .seeds import replicate_seed

# resample when fewer than this share of the runs still agree (and at the last constrained month):
# replacing broken runs at every month would make all runs descend from a few early ones
RESAMPLE_BELOW = 0.9
KEY_FIELDS = ("app_key", "staff_key", "agency_key", "pair_key", "spair_key", "election_key")
DEAD = int(AppStatus.DEAD)


@dataclasses.dataclass
class Checks:
    """For each month a fact constrains: which apps must be running, which must have stopped,
    and the facts behind each (for messages)."""

    months: list[int]
    alive: dict[int, np.ndarray]
    stopped: dict[int, np.ndarray]
    facts: dict[int, list[tuple[int, Fact]]]


def checks(scenario, facts: list[Fact]) -> Checks:
    index = {a.name: i for i, a in enumerate(scenario.inventory)}
    start = scenario.spec.horizon.start
    alive: dict[int, set] = {}
    stopped: dict[int, set] = {}
    behind: dict[int, list] = {}
    for f in facts:
        i = index[f.app]
        if f.kind == ALIVE:
            for m in range(max(scenario.inventory[i].launch, start), f.month + 1):
                alive.setdefault(m, set()).add(i)
                behind.setdefault(m, []).append((i, f))
        else:
            stopped.setdefault(f.month, set()).add(i)
            behind.setdefault(f.month, []).append((i, f))
    months = sorted(set(alive) | set(stopped))
    arr = lambda d, m: np.array(sorted(d.get(m, ())), dtype=np.int64)  # noqa: E731
    return Checks(months, {m: arr(alive, m) for m in months}, {m: arr(stopped, m) for m in months}, behind)


def _agrees(sim: Simulation, c: Checks, month: int) -> bool:
    status = sim.state.status
    return bool(is_live(status[c.alive[month]]).all() and (status[c.stopped[month]] == DEAD).all())


def _clone(sim: Simulation, gen: np.random.Generator, month: int) -> Simulation:
    """A copy of a run at ``month`` whose draws from the next month on are new ones."""
    new = copy.copy(sim)
    state = State(*(a.copy() for a in sim.state))
    tag = np.uint64(gen.integers(0, 2**63))
    for name in KEY_FIELDS:
        keys = getattr(state, name)
        keys[:] = rng.derive(keys, np.full(keys.shape[0], tag, dtype=np.uint64))
    fresh = sim.plan.fresh_priority.copy()
    p = sim.params
    for e, election in enumerate(sim.spec.elections):
        if election.inauguration > month:
            fresh[e] = gen.beta(p.newcomer_a, p.newcomer_b)
    plan = sim.plan._replace(fresh_priority=fresh)
    new.built = dataclasses.replace(sim.built, state=state, plan=plan)
    new.state, new.plan = state, plan
    new.refs = state_ref(tuple(state)), plan_ref(tuple(plan))
    new.apps, new.recorder = AppsView(new), RecordView(new)
    new._events, new._events_seen = [], 0
    return new


def _impossible(scenario, c: Checks, month: int, runs: list[Simulation]) -> InputError:
    """Every candidate broke a fact at ``month``: name the fact most of them broke."""
    def broken(i: int, f: Fact) -> int:
        if f.kind == ALIVE:
            return sum(not is_live(r.state.status[i]) for r in runs)
        return sum(r.state.status[i] != DEAD for r in runs)

    i, fact = max(c.facts[month], key=lambda x: broken(*x))
    what = t("condition.kind_alive") if fact.kind == ALIVE else t("condition.kind_stopped")
    problem = t("condition.impossible", app=plain(fact.app), what=what, month=format_month(fact.month),
                runs=len(runs), at=format_month(month))
    allowed = t("condition.impossible_allowed")
    acting = [s.start for s in scenario.strategies if s.start <= fact.month]
    if acting:  # a package acting before the fact changes the past the fact describes
        problem += t("condition.impossible_strategies", scenario=plain(scenario.spec.label or scenario.name),
                     start=format_month(min(acting)))
        allowed = t("condition.impossible_project") + "; " + allowed
    return InputError(fact.where, fact.key, problem, allowed)


def run_conditioned(scenario, facts: list[Fact], seed: int, replicates: int,
                    residents_per_agent: int | None = None, seeds: list[int] | None = None
                    ) -> tuple[list[Simulation], dict]:
    """``replicates`` finished runs that agree with every fact, and the conditioning's record
    (effective sample sizes, the facts' estimated probability, distinct histories kept)."""
    known = scenario.spec.known
    per_run = known.candidates if known is not None else 4
    share = known.warn_ess if known is not None else 0.1
    n = replicates * per_run
    if seeds is None:
        seeds = [replicate_seed(seed, r) for r in range(n)]
    else:  # a comparison's seeds first, then more of the same sequence
        seeds = list(seeds) + [replicate_seed(seed, r) for r in range(len(seeds), n)]
    runs = [Simulation(scenario, s, residents_per_agent) for s in seeds[:n]]
    origin = list(range(n))
    gen = rng.generator(seed, "conditioning")
    c = checks(scenario, facts)
    steps = []
    kept = np.ones(n, dtype=bool)  # runs that agree with every fact checked so far
    for step, month in enumerate(c.months):
        before = [runs[j] for j in np.flatnonzero(kept)]
        for j in np.flatnonzero(kept):
            runs[j].run(until=month)
            kept[j] = _agrees(runs[j], c, month)
        survivors = np.flatnonzero(kept)
        if survivors.size == 0:
            raise _impossible(scenario, c, month, before)
        if survivors.size < n and (survivors.size < RESAMPLE_BELOW * n or step == len(c.months) - 1):
            steps.append((month, int(survivors.size)))
            for j in np.flatnonzero(~kept):
                k = int(survivors[gen.integers(survivors.size)])
                runs[j], origin[j] = _clone(runs[k], gen, month), origin[k]
            kept[:] = True
    for r in runs:
        r.run()
    chosen = list(range(n)) if n == replicates else sorted(gen.choice(n, replicates, replace=False).tolist())
    # a step's survivors can stay many while, step after step, they descend from fewer first
    # candidates: the distinct histories left bound the sample's worth as well
    histories = len(set(origin))
    ess = min(min((s for _, s in steps), default=n), histories)
    worst = min(steps, key=lambda s: s[1])[0] if steps else None
    record = {
        "method": "sequential importance resampling of runs (docs/your-region.md)",
        "facts": len(facts),
        "candidates": n,
        "ess_min": ess,
        "ess_min_step": min((s for _, s in steps), default=n),
        "candidate_histories": histories,
        "ess_share": ess / n,
        "ess_month": format_month(worst) if worst is not None else None,
        "facts_probability": float(np.prod([s / n for _, s in steps])) if steps else 1.0,
        "resampling_steps": len(steps),
        "distinct_histories": len({origin[j] for j in chosen}),
        "warn_below_share": share,
        "improbable": ess / n < share,
        "candidate_seeds": [seeds[origin[j]] for j in chosen],
    }
    return [runs[j] for j in chosen], record


def warning(record: dict) -> str | None:
    """The warning a reader must see when the facts were improbable under the model."""
    if not record or not record.get("improbable"):
        return None
    return t("condition.improbable", ess=record["ess_min"], candidates=record["candidates"],
             month=record["ess_month"], share=_small(record["facts_probability"]))


def timing(scenario) -> dict | None:
    """When the strategies act, as a reader must be told: a projection from a month, or the
    counterfactual of having started them at their own (past) start; none without strategies."""
    projection = scenario.spec.projection
    if projection is not None:
        return {"kind": "projection", "from": format_month(projection.from_month)}
    if scenario.strategies:
        return {"kind": "counterfactual", "from": format_month(min(s.start for s in scenario.strategies))}
    return None


def summary_lines(summary: dict) -> list[str]:
    """The printed summary's lines on conditioning and timing (empty for a plain run)."""
    lines = []
    record = summary.get("conditioning")
    if record:
        lines.append(t("condition.summary_line", facts=record["facts"], ess=record["ess_min"],
                       candidates=record["candidates"], histories=record["distinct_histories"]))
    when = summary.get("timing")
    if when:
        key = "condition.projection_line" if when["kind"] == "projection" else "condition.counterfactual_line"
        lines.append(t(key, month=when["from"]))
    return ["  " + line for line in lines]


def report_facts(summary: dict) -> list[tuple[str, str]]:
    """The report's key facts on timing and conditioning: (label, value) rows."""
    rows = []
    when = summary.get("timing")
    if when:
        key = "condition.projection_line" if when["kind"] == "projection" else "condition.counterfactual_line"
        rows.append((t("condition.report_timing"), t(key, month=when["from"])))
    record = summary.get("conditioning")
    if record:
        rows.append((t("condition.report_known"), t(
            "condition.summary_line", facts=record["facts"], ess=record["ess_min"], candidates=record["candidates"],
            histories=record["distinct_histories"])))
        if warning(record):
            rows.append((t("condition.report_warning"), warning(record)))
    return rows


def _small(p: float) -> str:
    """A probability that may be tiny (1.7e-08), with the decimal mark of the language in force."""
    from binjai_sim.base.i18n import current

    text = f"{p:.2g}"
    return text.replace(".", ",") if current() == "id" else text
