"""The cheapest package that meets a target: an exact search in order of increasing cost.

A package gives each strategy of the catalogue one intensity from a small grid, or leaves it
out. Its cost per year is known before anything runs (each strategy's own cost model), so
packages are taken cheapest first and the first one that meets the target robustly is the
cheapest one that does: nothing dearer has to run. Two rules keep the search small without
losing that guarantee, because a package that adds a strategy or raises an intensity never
costs less:

- a package over the budget is never taken, nor anything that contains it;
- a package that contains one already known to meet the target is skipped (pruned): it is
  dearer and so never the cheapest (it only matters when the search goes on past the first
  package that meets, to draw more of the Pareto front).

Whether a package meets the target is a share of posterior draws, so it carries Monte-Carlo
error. As in binjai_sim.analysis.verdicts, draws are added in batches until the Wilson band of P(target) lies
wholly at or above the confidence asked for (meets), wholly below it (fails), or the cap is
reached (undecided). Nothing here simulates: ``assess`` takes a function that returns, for
draws ``a`` to ``b``, whether each met the target and its value, so the search can be checked
against brute force on a synthetic problem.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from binjai_sim.analysis.verdicts.rule import wilson

MEETS, FAILS, UNDECIDED = "meets", "fails", "undecided"


@dataclass(frozen=True)
class Option:
    """A strategy and the intensities it may take, with its cost per year at each (ascending)."""

    strategy: str
    levels: tuple[float, ...]
    annual: tuple[float, ...]


Vector = tuple[int, ...]  # per option: 0 = left out, k = its k-th intensity


def cost_of(options: list[Option], vector: Vector) -> float:
    return float(sum(o.annual[k - 1] for o, k in zip(options, vector, strict=True) if k))


def contents(options: list[Option], vector: Vector) -> tuple[tuple[str, float], ...]:
    """The package as (strategy, intensity) pairs, in the options' order."""
    return tuple((o.strategy, o.levels[k - 1]) for o, k in zip(options, vector, strict=True) if k)


def contains(bigger: Vector, smaller: Vector) -> bool:
    """Whether ``bigger`` holds every strategy of ``smaller`` at an intensity at least as high."""
    return all(b >= s for b, s in zip(bigger, smaller, strict=True))


def by_cost(options: list[Option], budget: float, skip: Callable[[Vector], bool] = lambda v: False
            ) -> Iterator[tuple[float, Vector]]:
    """Every package costing at most ``budget`` a year, cheapest first (ties in a fixed order), from
    the empty package up. A package is reached from each one with one strategy fewer or one
    intensity step lower, all of which cost no more, so a heap yields them in cost order; one over
    the budget or ``skip``-ped is not expanded, since every package reached from it contains it."""
    for o in options:
        if list(o.annual) != sorted(o.annual) or min(o.annual, default=0.0) < 0:
            raise ValueError(f"{o.strategy}: costs must be non-negative and rise with intensity")
    start: Vector = (0,) * len(options)
    heap = [(0.0, start)]
    seen = {start}
    while heap:
        cost, vector = heapq.heappop(heap)
        if skip(vector):
            continue
        yield cost, vector
        for i, k in enumerate(vector):
            if k < len(options[i].levels):
                step = vector[:i] + (k + 1,) + vector[i + 1:]
                if step not in seen:
                    seen.add(step)
                    price = cost_of(options, step)
                    if price <= budget:
                        heapq.heappush(heap, (price, step))


@dataclass
class Assessment:
    """P(target) over the draws read, its 90% Monte-Carlo band and the decision."""

    met: int
    draws: int
    low: float
    high: float
    decision: str
    benefit: float  # the target quantity's mean over the draws (apps running, citizen-months)

    @property
    def p(self) -> float:
        return self.met / self.draws if self.draws else float("nan")


Batch = Callable[[int, int], tuple[np.ndarray, np.ndarray]]  # draws a..b -> (met each?, value each)


def assess(batch: Batch, confidence: float, first: int, step: int, cap: int) -> Assessment:
    """Draws ``0..first``, then ``step`` more at a time, until the band decides or ``cap`` draws."""
    met, values, used = 0, [], 0
    while True:
        size = min(first if used == 0 else step, cap - used)
        hits, value = batch(used, used + size)
        met += int(np.sum(hits))
        values.extend(np.asarray(value, dtype=float).tolist())
        used += size
        low, high = wilson(met, used)
        decision = MEETS if low >= confidence else FAILS if high < confidence else UNDECIDED
        if decision != UNDECIDED or used >= cap:
            return Assessment(met, used, low, high, decision, float(np.mean(values)))


@dataclass
class Candidate:
    vector: Vector
    package: tuple[tuple[str, float], ...]
    cost: float
    assessment: Assessment


@dataclass
class SearchResult:
    candidates: list[Candidate]  # in the order evaluated: the ascent's packages, then cheapest first
    chosen: Candidate | None  # the cheapest package found that meets the target robustly
    proven: bool  # every package cheaper than the chosen one (or, none chosen, within the budget) was
    #               evaluated or pruned, so none cheaper meets (up to packages left undecided)
    pruned: int  # packages skipped because they contain one that meets
    checked_to: float | None = None  # when the candidate cap stopped the search: the cost reached
    options: list[Option] = field(default_factory=list)

    @property
    def cheaper_undecided(self) -> list[Candidate]:
        """Packages cheaper than the one chosen (or, with none chosen, any) whose P stayed undecided."""
        limit = self.chosen.cost if self.chosen else float("inf")
        return [c for c in self.candidates if c.assessment.decision == UNDECIDED and c.cost < limit]


def search(options: list[Option], budget: float, evaluate: Callable[[Vector], Assessment],
           max_candidates: int, beyond: int = 0, seeds: list[Candidate] | tuple = ()) -> SearchResult:
    """The cheapest package within ``budget`` whose assessment meets the target. ``seeds`` are
    packages evaluated already (the ascent's): the cheapest of them that meets caps the costs
    searched. ``beyond`` more packages are evaluated after the first that meets (supersets of
    packages that meet are pruned), for the front; at most ``max_candidates`` are evaluated."""
    candidates = list(seeds)
    known = {c.vector for c in candidates}
    winners = [c.vector for c in candidates if c.assessment.decision == MEETS]
    incumbent = min((c for c in candidates if c.assessment.decision == MEETS), key=lambda c: (c.cost, c.vector),
                    default=None)
    limit = min(budget, incumbent.cost) if incumbent and not beyond else budget
    seeded = {c.vector: c for c in candidates}
    found: Candidate | None = None
    pruned = after = evaluated = 0

    def skip(vector: Vector) -> bool:
        nonlocal pruned
        if vector in known:  # evaluated already (its successors are still to be reached)
            return False
        if any(contains(vector, w) for w in winners):
            pruned += 1
            return True
        return False

    for cost, vector in by_cost(options, limit, skip):
        if found is not None and after >= beyond:
            break
        if vector in known:  # the cheapest seed that meets, reached in cost order, is the one to beat
            if found is None and seeded[vector].assessment.decision == MEETS:
                found = seeded[vector]
            continue
        if evaluated >= max_candidates:
            return SearchResult(candidates, found or incumbent, found is not None, pruned, cost, options)
        result = evaluate(vector)
        candidate = Candidate(vector, contents(options, vector), cost, result)
        candidates.append(candidate)
        evaluated += 1
        after += found is not None
        if result.decision == MEETS:
            winners.append(vector)
            found = found or candidate
    return SearchResult(candidates, found or incumbent, True, pruned, None, options)


def pareto(points: list[tuple[float, float, float]]) -> list[bool]:
    """Which (cost, benefit, P) points no other point beats: as cheap or cheaper, as much benefit
    or more, as sure or surer, and strictly better in one."""
    out = []
    for i, (c, b, p) in enumerate(points):
        beaten = any(c2 <= c and b2 >= b and p2 >= p and (c2 < c or b2 > b or p2 > p)
                     for j, (c2, b2, p2) in enumerate(points) if j != i)
        out.append(not beaten)
    return out


def ascent(options: list[Option], budget: float, score: Callable[[Vector], float],
           meets: Callable[[Vector], bool]) -> tuple[Vector | None, list[Vector]]:
    """A first package that meets, found greedily: from the empty package, take the one step (add
    a strategy at its lowest intensity, or raise one a level) within the budget that gains the
    most score per rupiah, until the package meets or no step gains. Returns it (None: none met)
    and the packages on the way. Its cost bounds the exact search from above; it is not itself
    claimed to be the cheapest."""
    current: Vector = (0,) * len(options)
    path: list[Vector] = [current]
    while not meets(current):
        here, price = score(current), cost_of(options, current)
        best, best_key = None, None
        for i, k in enumerate(current):
            if k >= len(options[i].levels):
                continue
            step = current[:i] + (k + 1,) + current[i + 1:]
            cost = cost_of(options, step)
            if cost > budget:
                continue
            gain = score(step) - here
            if gain <= 0:
                continue
            key = (gain / max(cost - price, 1.0), -cost, tuple(-x for x in step))
            if best_key is None or key > best_key:
                best, best_key = step, key
        if best is None:
            return None, path
        current = best
        path.append(current)
    return current, path
