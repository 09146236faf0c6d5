"""ABC-SMC with MCMC moves (Del Moral, Doucet & Jasra 2012), reproducible on any number of workers.

Why not importance weights: pyabc's population Monte Carlo weights each particle by prior over
proposal density. With the 27 parameters of this model the weights collapsed to an effective
sample size of 1-7 of 200 after one generation, whatever the proposal (a kernel mixture or one
wide normal: measured), so its posteriors rested on a handful of particles. Here the particles
keep equal weights: each generation lowers the tolerance to a quantile of the current distances,
resamples the particles within it, and moves each by Metropolis-Hastings steps whose proposals
are accepted only if their own run lies within the tolerance (the ABC posterior at that
tolerance is the chain's target). Parameters are moved in unbounded coordinates (a uniform
prior on [a, b] seen through the logistic map), so no proposal leaves its prior's range.

Every random number comes from a generator keyed by (seed, generation, particle), and every
model seed too; runs are evaluated in batches by a process pool whose results are put back in
proposal order. The same seed gives the same posterior with 1 worker or 16.

The estimate of each model's evidence: the fraction of particles that stay within each
tolerance, multiplied over the generations (the SMC estimate of the probability that a run
from the prior falls within the final tolerance). Structures fitted with the same tolerance
schedule can be compared by it (binjai_sim.analysis.calibrate.structures).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from binjai_sim.runs.runner import process_pool


@dataclass
class Space:
    """The fitted parameters in unbounded coordinates (``y``) and back (``x``)."""

    keys: list[str]
    kinds: list[str]  # uniform | month | normal | beta
    low: np.ndarray
    high: np.ndarray  # for normal priors: low = mean, high = sd
    a: np.ndarray | None = None  # a beta prior's shapes on [low, high] (1, 1 for the others)
    b: np.ndarray | None = None

    def __post_init__(self):
        n = len(self.keys)
        self.a = np.ones(n) if self.a is None else self.a
        self.b = np.ones(n) if self.b is None else self.b

    @classmethod
    def of(cls, priors) -> Space:
        return cls([p.key for p in priors], [p.kind for p in priors], np.array([p.low for p in priors], float),
                   np.array([p.high for p in priors], float), np.array([p.a for p in priors], float),
                   np.array([p.b for p in priors], float))

    @property
    def normal(self) -> np.ndarray:
        return np.array([k == "normal" for k in self.kinds])

    @property
    def beta(self) -> np.ndarray:
        return np.array([k == "beta" for k in self.kinds])

    def to_x(self, y: np.ndarray) -> np.ndarray:
        bounded = self.low + (self.high - self.low) / (1.0 + np.exp(-np.clip(y, -700, 700)))
        return np.where(self.normal, y, bounded)

    def log_prior(self, y: np.ndarray) -> np.ndarray:
        """Log density of the prior in ``y`` (logistic for uniform priors, normal for normal ones; a
        Beta(a, b) seen through the logistic map has density proportional to x^a (1 - x)^b)."""
        logistic = -np.abs(y) - 2.0 * np.log1p(np.exp(-np.abs(y)))
        beta = -self.a * np.logaddexp(0.0, -y) - self.b * np.logaddexp(0.0, y)  # log x, log(1 - x): no overflow
        z = (y - self.low) / np.where(self.normal, self.high, 1.0)
        normal = -0.5 * z * z
        return np.where(self.normal, normal, np.where(self.beta, beta, logistic)).sum(axis=-1)

    def draw_prior(self, rng: np.random.Generator, n: int) -> np.ndarray:
        u = rng.uniform(1e-12, 1 - 1e-12, size=(n, len(self.keys)))
        logistic = np.log(u / (1 - u))
        if self.beta.any():  # the same uniforms through the Beta's quantile function: no other draw moves
            from scipy.special import betaincinv

            x = np.clip(betaincinv(self.a, self.b, u), 1e-12, 1 - 1e-12)
            logistic = np.where(self.beta, np.log(x / (1 - x)), logistic)
        return np.where(self.normal, self.low + self.high * rng.standard_normal((n, len(self.keys))), logistic)

    def values(self, y: np.ndarray) -> dict[str, float]:
        return dict(zip(self.keys, self.to_x(y).tolist(), strict=True))


@dataclass
class SMCResult:
    posterior: pd.DataFrame  # one row per particle: parameters and weight (equal)
    epsilons: list[float]
    simulations: int
    generations: int
    acceptance: list[float]  # MCMC acceptance rate by generation
    log_evidence: float  # log of the estimated probability of falling within the final tolerance
    distances: np.ndarray = field(default_factory=lambda: np.zeros(0))
    point: dict[str, float] = field(default_factory=dict)
    point_rule: str = ""
    alive_fraction: list[float] = field(default_factory=list)  # share within each tolerance


_RUN: Callable | None = None  # the distance function of a fit, installed once per worker


def _install(run: Callable) -> None:
    global _RUN
    _RUN = run


def _evaluate(task) -> float:
    values, seed = task
    return _RUN(values, seed)


class Evaluator:
    """Runs ``run(values, seed) -> distance`` for a batch, serially or on a process pool, in order."""

    def __init__(self, run: Callable, workers: int, progress=None):
        self.run, self.workers, self.progress, self.count = run, workers, progress, 0
        self.pool = process_pool(workers, initializer=_install, initargs=(run,)) if workers > 1 else None

    def __call__(self, tasks: list[tuple[dict, int]]) -> np.ndarray:
        if self.pool is None:
            out = []
            for values, seed in tasks:
                out.append(self.run(values, seed))
                if self.progress:
                    self.progress()
        else:
            out = []
            for d in self.pool.map(_evaluate, tasks, chunksize=max(1, len(tasks) // (4 * self.workers))):
                out.append(d)
                if self.progress:
                    self.progress()
        self.count += len(tasks)
        return np.array(out, dtype=float)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=tuple(int(k) for k in key)))


def _seeds(seed: int, *key: int, n: int, step: int = 0) -> list[int]:
    """Model seeds for ``n`` runs; ``key`` is (generation,) plus the model index after model 0."""
    generation, rest = key[0], key[1:]
    rng = _rng(seed, 7, generation, step, *rest)
    return [int(s) for s in rng.integers(0, 2**31 - 1, size=n)]


def abc_smc(priors, run: Callable, seed: int, population: int = 400, generations: int = 10,
            budget: int = 40000, workers: int = 1, quantile: float = 0.5, moves: int = 8,
            min_acceptance: float = 0.05, epsilons: list[float] | None = None, progress=None) -> SMCResult:
    """Fit ``priors`` to the distance ``run(values, seed)``. ``epsilons`` fixes the tolerance
    schedule; otherwise each tolerance is the ``quantile`` of the current distances."""
    return abc_smc_models([priors], run, seed, population, generations, budget, workers, quantile, moves,
                          min_acceptance, epsilons, progress)[0]


def abc_smc_models(priors_by_model: list, run: Callable, seed: int, population: int = 400, generations: int = 10,
                   budget: int = 40000, workers: int = 1, quantile: float = 0.5, moves: int = 8,
                   min_acceptance: float = 0.05, epsilons: list[float] | None = None,
                   progress=None) -> list[SMCResult]:
    """Several models fitted together, ``population`` particles each, under one tolerance
    schedule: each tolerance is the ``quantile`` of all models' current distances, so every
    model's evidence is the probability of the same event (a run within the final tolerance)
    and their ratio is a Bayes factor. With more than one model, ``run`` receives the model's
    index as ``values["__model__"]``. A model none of whose particles stays within a tolerance
    drops out with evidence zero (log evidence -inf)."""
    spaces = [Space.of(p) for p in priors_by_model]
    evaluate = Evaluator(run, workers, progress)
    try:
        return _abc_smc(spaces, evaluate, seed, population, generations, budget, quantile, moves, min_acceptance,
                        epsilons)
    finally:
        evaluate.close()


@dataclass
class _Chain:
    """One model's particles (unbounded coordinates ``y``, distances ``d``) and its record."""

    index: int
    space: Space
    y: np.ndarray
    d: np.ndarray
    tagged: bool
    log_evidence: float = 0.0
    acceptance: list[float] = field(default_factory=lambda: [1.0])
    alive_fraction: list[float] = field(default_factory=list)
    out: bool = False

    def key(self, *parts: int) -> tuple[int, ...]:
        # model 0 keeps the keys of a one-model fit, so adding rivals does not change its draws
        return parts + ((self.index,) if self.index else ())

    def values(self, row: np.ndarray) -> dict[str, float]:
        values = self.space.values(row)
        if self.tagged:
            values["__model__"] = self.index
        return values


def resample(live: list, eps: float, n: int, seed: int, t: int) -> list:
    """Keep each chain's particles within ``eps``, resampled to ``n`` with the generation's own
    seeded generator; a chain with none left is out. The chains still in the fit."""
    for c in live:
        alive = c.d <= eps
        c.alive_fraction.append(float(alive.mean()))
        if not alive.any():
            c.out, c.log_evidence = True, float("-inf")
            continue
        c.log_evidence += np.log(alive.mean())
        picks = _rng(seed, *c.key(1, t)).choice(np.flatnonzero(alive), size=n, replace=True)
        c.y, c.d = c.y[picks].copy(), c.d[picks].copy()
    return [c for c in live if not c.out]


def _abc_smc(spaces: list[Space], evaluate: Evaluator, seed: int, n: int, generations: int, budget: int,
             quantile: float, moves: int, min_acceptance: float, schedule: list[float] | None) -> list[SMCResult]:
    tagged = len(spaces) > 1
    chains = []
    for m, space in enumerate(spaces):
        chain = _Chain(m, space, np.zeros((0, len(space.keys))), np.zeros(0), tagged)
        chain.y = space.draw_prior(_rng(seed, *chain.key(0)), n)
        chains.append(chain)
    tasks = [(c.values(row), s) for c in chains for row, s in zip(c.y, _seeds(seed, *c.key(0), n=n), strict=True)]
    d = evaluate(tasks)
    for c in chains:
        c.d = d[c.index * n:(c.index + 1) * n]
    epsilons = [float("inf")]
    for t in range(1, generations + 1):
        live = [c for c in chains if not c.out]
        if evaluate.count >= budget or not live:
            break
        finite = np.concatenate([c.d[np.isfinite(c.d)] for c in live])
        eps = (schedule[t - 1] if schedule and t - 1 < len(schedule)
               else float(np.quantile(finite, quantile)) if finite.size else float("inf"))
        live = resample(live, eps, n, seed, t)
        if not live:
            epsilons.append(eps)
            break
        _move(live, evaluate, seed, t, n, eps, moves, budget)
        epsilons.append(eps)
        if schedule is None and max(c.acceptance[-1] for c in live) < min_acceptance:
            break
    results = []
    for c in chains:
        frame = pd.DataFrame(c.space.to_x(c.y), columns=c.space.keys)
        frame["weight"] = 1.0 / n
        result = SMCResult(frame, epsilons[1:], evaluate.count, len(epsilons) - 1, c.acceptance[1:],
                           float(c.log_evidence), c.d)
        result.alive_fraction = c.alive_fraction
        results.append(result)
    return results


def _move(chains: list[_Chain], evaluate: Evaluator, seed: int, t: int, n: int, eps: float, moves: int,
          budget: int) -> None:
    """Metropolis-Hastings moves of every chain's particles within ``eps``; the runs of all
    chains go to the workers in one batch per step."""
    plans = []
    for c in chains:
        cov = np.cov(c.y.T) if n > 1 else np.eye(c.y.shape[1])
        cov = np.atleast_2d(cov)
        scale = 2.38 ** 2 / c.y.shape[1]  # Roberts & Rosenthal's optimal random-walk scaling
        chol = np.linalg.cholesky(scale * cov + 1e-10 * np.eye(c.y.shape[1]) * max(np.trace(cov), 1e-12))
        # enough Metropolis-Hastings steps that a particle moves at least once with chance ~90%
        # at the last generation's acceptance rate (Drovandi & Pettitt 2011), at most ``moves``
        rate = min(max(c.acceptance[-1], 1e-3), 1 - 1e-9)
        steps = int(min(moves, max(2, np.ceil(np.log(0.1) / np.log(1 - rate)))))
        plans.append((c, chol, steps))
    accepted = {c.index: 0 for c in chains}
    tried = {c.index: 0 for c in chains}
    for step in range(max(p[2] for p in plans)):
        batch, slots = [], []
        for c, chol, steps in plans:
            if step >= steps:
                continue
            g = _rng(seed, *c.key(2, t, step))
            proposal = c.y + g.standard_normal(c.y.shape) @ chol.T
            log_ratio = c.space.log_prior(proposal) - c.space.log_prior(c.y)
            gate = np.log(g.uniform(size=n)) < log_ratio  # the prior ratio, tested before running
            chosen = np.flatnonzero(gate)
            seeds = _seeds(seed, *c.key(t), n=n, step=step + 1)[: chosen.size]
            batch += [(c.values(proposal[i]), s) for i, s in zip(chosen, seeds, strict=True)]
            slots.append((c, proposal, chosen))
        results = evaluate(batch) if batch else np.zeros(0)
        at = 0
        for c, proposal, chosen in slots:
            new_d = np.full(n, np.inf)
            new_d[chosen] = results[at:at + chosen.size]
            at += chosen.size
            move = new_d <= eps
            c.y[move], c.d[move] = proposal[move], new_d[move]
            accepted[c.index] += int(move.sum())
            tried[c.index] += n
        if evaluate.count >= budget:
            break
    for c in chains:
        c.acceptance.append(accepted[c.index] / max(tried[c.index], 1))
