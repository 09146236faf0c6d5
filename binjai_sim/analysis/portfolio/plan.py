"""``plan_package``: the cheapest package of strategies that meets a target with a given
confidence within a budget per year, searched over the catalogue (binjai_sim.analysis.portfolio.search) with
each candidate run over posterior draws (binjai_sim.analysis.portfolio.evaluate)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from binjai_sim.analysis.report.costs import cost_lines
from binjai_sim.analysis.verdicts.rule import DEFAULT_CAP
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.scenario.strategy_priors import load_strategy_priors

from .defaults import FIRST_DRAWS, LEVELS, MAX_CANDIDATES, SCREEN_DRAWS, STEP_DRAWS
from .evaluate import Evaluator, package_entries
from .search import MEETS, Candidate, Option, SearchResult, ascent, assess, contents, cost_of, pareto, search
from .target import Target


@dataclass
class Plan:
    result: SearchResult
    target: Target
    budget: float
    confidence: float
    seed: int
    start: int
    levels: tuple[float, ...]
    runs: int  # simulation runs the search made
    draws: list  # the posterior draws (structure and changes), as many as the cap
    cost_draws: dict[str, np.ndarray] = field(default_factory=dict)  # Rp a year at full intensity, per prior draw
    settings: dict = field(default_factory=dict)
    ascent: int = 0  # how many of the candidates (the first ones) the ascent evaluated

    def cost_range(self, package: tuple[tuple[str, float], ...]) -> tuple[float, float]:
        """The 90% range of a package's cost per year over the priors on the strategies' costs."""
        if not package:
            return 0.0, 0.0
        total = np.sum([level * self.cost_draws[name] for name, level in package], axis=0)
        return float(np.quantile(total, 0.05)), float(np.quantile(total, 0.95))

    def front(self) -> list[bool]:
        """Which evaluated candidates are on the Pareto front of cost, benefit and P(target)."""
        return pareto([(c.cost, c.assessment.benefit, c.assessment.p) for c in self.result.candidates])


def options_for(names: list[str], levels: tuple[float, ...]) -> list[Option]:
    """Each strategy at each intensity with its catalogue cost per year, in catalogue order."""
    return [Option(name, levels, tuple(12 * REGISTRY[name](intensity=x).monthly_charge() for x in levels))
            for name in names]


def plan_package(base, budget: float, target: Target, confidence: float = 0.9, seed: int | None = None,
                 levels: tuple[float, ...] = LEVELS, start: int | None = None, strategies: list[str] | None = None,
                 first: int = FIRST_DRAWS, cap: int = DEFAULT_CAP, max_candidates: int = MAX_CANDIDATES,
                 beyond: int = 0, climb: bool = True, structures: bool = True, strategy_effects: bool = True,
                 workers: int = 1, progress=None) -> Plan:
    """Search packages of ``strategies`` (default: all fifteen) at ``levels``, acting from
    ``start`` (default: the horizon's first month) instead of ``base``'s own strategies, cheapest
    first, for the first whose P(target) over posterior draws is robustly at least ``confidence``.
    With ``climb`` a greedy ascent first finds a package that meets, whose cost bounds the search
    (binjai_sim.analysis.portfolio.search.ascent)."""
    from binjai_sim.analysis.calibrate.strategy_fit import POOLED_FIT
    from binjai_sim.analysis.posterior import draws as posterior_draws
    from binjai_sim.analysis.posterior import with_strategy_effects

    seed = base.spec.run.seed if seed is None else int(seed)
    start = base.spec.horizon.start if start is None else start
    names = list(REGISTRY) if strategies is None else list(strategies)
    cap = max(cap, first)
    draw_list = posterior_draws(base, cap, seed, structures)
    if strategy_effects:
        draw_list = with_strategy_effects(draw_list, seed, POOLED_FIT)
    options = options_for(names, levels)
    lines = cost_lines([{"name": n, "start": "2000-01"} for n in names], base.spec.horizon.start,
                       base.spec.horizon.end, load_strategy_priors(), np.random.default_rng(seed))
    with Evaluator(base, draw_list, target, seed, start, workers, progress) as evaluator:
        assessed: dict = {}

        def evaluate(vector):
            if vector not in assessed:
                assessed[vector] = assess(evaluator.batch(contents(options, vector)), confidence, first, STEP_DRAWS,
                                          cap)
            return assessed[vector]

        seeds = []
        if climb:
            _, path = ascent(options, budget, lambda v: evaluator.score(contents(options, v), SCREEN_DRAWS),
                             lambda v: evaluate(v).decision == MEETS)
            seeds = [Candidate(v, contents(options, v), cost_of(options, v), assessed[v]) for v in path]
        result = search(options, budget, evaluate, max_candidates, beyond, seeds)
        runs = evaluator.runs
    settings = {"strategies": names, "first_draws": first, "max_draws": cap, "max_candidates": max_candidates,
                "beyond": beyond, "climb": climb, "structures": structures, "strategy_effects": strategy_effects}
    return Plan(result, target, budget, confidence, seed, start, tuple(levels), runs, draw_list,
                {x.strategy: x.draws for x in lines}, settings, len(seeds))


def chosen_entries(plan: Plan) -> list[dict]:
    """The chosen package as a scenario's ``strategies:`` list (empty: none chosen, or the empty one)."""
    chosen = plan.result.chosen
    return package_entries(chosen.package, plan.start) if chosen else []
