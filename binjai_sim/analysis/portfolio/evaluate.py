"""A package's runs over the posterior draws, with common random numbers.

Every candidate package runs on the same sequence of draws (parameter sets from the
calibration's posterior, over structures, with the strategies' effects and costs drawn from
their priors: binjai_sim.analysis.posterior) and draw ``d`` runs with the seed ``compare --posterior`` gives it
(``replicate_seed(seed, 0, sample=d)``), so two packages differ only by what they hold, and the
chosen package's runs are those of a comparison of it with the same seed. Draws are read in
order and a batch ``a..b`` gives the same values whatever the number of workers.
"""

from __future__ import annotations

import numpy as np

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import is_active
from binjai_sim.runs.runner import process_pool, replicate_seed, run_model

from .target import Target

_STATE: dict = {}  # per process: the base scenario, the draws, the target, the seed; the last package


def _install(base, draws, target: Target, seed: int) -> None:
    _STATE.clear()
    _STATE.update(base=base, draws=draws, target=target, seed=seed, package=None, scenario=None)


def measure(model, target: Target) -> float:
    """The target's quantity in one finished run."""
    rec = model.recorder
    if target.kind == "apps-running":
        return float(np.sum(is_active(rec.status[target.month - rec.t0])))
    return float(rec.citizens_using[1: rec.rows].sum())


def package_entries(package: tuple[tuple[str, float], ...], start: int) -> list[dict]:
    """A package as a scenario's ``strategies:`` list."""
    return [{"name": name, "start": format_month(start), "intensity": level} for name, level in package]


def _values(task) -> list[float]:
    from binjai_sim.analysis.posterior import applicable

    package, start, first, last = task
    if _STATE["package"] != (package, start):
        _STATE["scenario"] = _STATE["base"].with_overrides({"strategies": package_entries(package, start)})
        _STATE["package"] = (package, start)
    scenario = _STATE["scenario"]
    out = []
    for d in range(first, last):
        draw = _STATE["draws"][d]
        run = scenario
        if draw is not None:
            changes = applicable(scenario, draw.changes)
            run = scenario.with_overrides(changes) if changes else scenario
        model = run_model(run, replicate_seed(_STATE["seed"], 0, sample=d))
        out.append(measure(model, _STATE["target"]))
    return out


class Evaluator:
    """Runs packages over draws, in this process or a pool kept for the whole search."""

    def __init__(self, base, draws: list, target: Target, seed: int, start: int, workers: int = 1, progress=None):
        self.draws, self.target, self.start, self.workers, self.progress = draws, target, start, workers, progress
        self.runs = 0
        self._cache: dict[tuple, list[float]] = {}
        self._pool = process_pool(workers, _install, (base, draws, target, seed)) if workers > 1 else None
        if self._pool is None:
            _install(base, draws, target, seed)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def values(self, package: tuple[tuple[str, float], ...], first: int, last: int) -> np.ndarray:
        """The target's quantity in draws ``first..last`` of ``package``; each run made once."""
        known = self._cache.setdefault(package, [])
        if last > len(known):
            todo = len(known)
            if self._pool is None:
                known.extend(_values((package, self.start, todo, last)))
            else:
                edges = np.linspace(todo, last, min(self.workers, last - todo) + 1).round().astype(int)
                tasks = [(package, self.start, int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)]
                known.extend(v for part in self._pool.map(_values, tasks) for v in part)
            self.runs += last - todo
            if self.progress:
                self.progress(last - todo)
        return np.asarray(known[first:last], dtype=float)

    def score(self, package, draws: int) -> float:
        """How close ``package`` comes to the target over the first ``draws`` draws: the mean of
        each draw's value as a share of the target, capped at 1 (a draw that meets counts 1)."""
        values = self.values(package, 0, min(draws, len(self.draws)))
        return float(np.mean(np.minimum(values / self.target.threshold, 1.0)))

    def batch(self, package):
        """``binjai_sim.analysis.portfolio.search.assess``'s batch function for ``package``."""
        def run(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
            if last > len(self.draws):
                raise ValueError("more draws asked for than were drawn")
            values = self.values(package, first, last)
            return values >= self.target.threshold, values
        return run
