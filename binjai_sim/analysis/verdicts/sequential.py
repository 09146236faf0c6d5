"""Posterior draws added in batches until every verdict is decided, or a cap is reached.

Draws are a prefix-stable sequence (binjai_sim.analysis.posterior draws them one after another from one seeded
generator) and run ``d`` of draw ``d``'s replicates has the same seed whether it runs in the
first batch or the fifth, so a comparison built in batches is the comparison of all its draws
at once (``merge``): stopping early changes how many draws are read, never what a draw gives.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from binjai_sim.analysis.compare import Comparison, compare, comparison_table, headline_dates, paired_table

from .rule import decided


def merge(parts: list[Comparison]) -> Comparison:
    """Comparisons of consecutive batches of one sequence of draws, as one comparison."""
    first = parts[0]
    if len(parts) == 1:
        return first
    names = [s.name for s in first.scenarios]
    metrics = pd.concat([p.metrics for p in parts], ignore_index=True)
    order = metrics["scenario"].map({n: i for i, n in enumerate(names)})  # as one comparison lists them
    metrics = metrics.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    spec = first.scenarios[0].spec
    dates = headline_dates(spec)
    return replace(first, metrics=metrics, table=comparison_table(metrics, names, dates),
                   events={n: pd.concat([p.events[n] for p in parts], ignore_index=True) for n in names},
                   series={n: pd.concat([p.series[n] for p in parts], ignore_index=True) for n in names},
                   seeds=[s for p in parts for s in p.seeds], paired=paired_table(metrics, names, dates, spec),
                   draws=[d for p in parts for d in p.draws])


def undecided(comparison: Comparison) -> int:
    """How many of a comparison's verdicts more draws could still change."""
    paired = comparison.paired
    return 0 if paired.empty else int((~paired["verdict"].map(decided)).sum())


def until_decided(scenarios, seed: int, replicates: int, draws: list, first: int, batch: int,
                  workers: int = 1, progress=None) -> Comparison:
    """Compare over the first ``first`` of ``draws``, then ``batch`` more at a time while any
    verdict is undecided; ``len(draws)`` is the cap."""
    cap = len(draws)
    used = min(first, cap)
    parts = [compare(scenarios, seed, replicates, workers, progress, draws=draws[:used])]
    result = parts[0]
    while undecided(result) and used < cap:
        step = min(batch, cap - used)
        parts.append(compare(scenarios, seed, replicates, workers, progress, draws=draws[used:used + step],
                             first_draw=used))
        used += step
        result = merge(parts)
    return result


def with_prior(scenarios, seed: int, replicates: int, first: int, cap: int, structures: bool = False,
               workers: int = 1, progress=None, strategy_effects: bool = True) -> Comparison:
    """The comparison over posterior draws until decided, its paired table showing beside each
    verdict the one the same comparison gives over draws from the priors (binjai_sim.analysis.verdicts.taught).
    With ``strategy_effects`` each draw also draws the strategies' effect sizes and costs from
    their priors (the same values for the same draw in both), except on the posterior side those
    the pooled fit holds, which come from its posterior (binjai_sim.analysis.calibrate.strategy_fit)."""
    from binjai_sim.analysis.calibrate.strategy_fit import POOLED_FIT
    from binjai_sim.analysis.posterior import draws, prior_draws, with_strategy_effects

    from .taught import beside

    cap = max(cap, first)
    post_draws = draws(scenarios[0], cap, seed, structures)
    prior_list = prior_draws(scenarios[0], cap, seed, structures)
    if strategy_effects:
        post_draws = with_strategy_effects(post_draws, seed, POOLED_FIT)
        prior_list = with_strategy_effects(prior_list, seed)
    post = until_decided(scenarios, seed, replicates, post_draws, first, first, workers, progress)
    prior = until_decided(scenarios, seed, replicates, prior_list, first, first, workers, progress)
    return replace(post, paired=beside(post.paired, prior.paired), prior_draws=prior.draws, cap=cap)
