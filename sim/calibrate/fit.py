"""Fitting the free parameters to the observed patterns by ABC-SMC (pyabc).

Reproducibility: pyabc draws its proposals from numpy's global generator, which ``fit`` seeds
from the master seed; each simulation's model seed is drawn from that generator too. With one
worker (pyabc's ``SingleCoreSampler``) the same seed gives the same posterior. With more
workers pyabc's ``MulticoreEvalParallelSampler`` evaluates in parallel and the order in which
results arrive, hence the posterior, varies from run to run.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..runner import run_model
from ..scenario import LoadedScenario
from .targets import STATUS_GROUPS, Prior, Targets, last_month_read, observables

SHAPE_WEIGHT = 2.0  # distance units per unit of shape violation (ratio units)


def _name(key: str) -> str:
    return key.replace(".", "__")


def simulate_observables(scenario: LoadedScenario, targets: Targets, params: dict[str, float],
                         seed: int) -> dict[str, float]:
    chosen = scenario.with_overrides(params) if params else scenario
    model = run_model(chosen, seed, until=last_month_read(chosen, targets))
    return observables(model, targets)


def shape_violation(y1: float, y2: float, y3: float) -> float:
    """0 when use rises or holds then falls below half; grows with the size of the miss."""
    if y2 <= 0:
        return 1.0
    rise = max(0.0, 0.95 - y2 / y1) if y1 > 0 else 0.0
    fall = max(0.0, y3 / y2 - 0.5)
    return rise + fall


def distance(sim: dict, obs: dict) -> float:
    """Normalised distance between simulated and observed patterns."""
    counts = sum((sim[g] - obs[g]) ** 2 / (obs[g] + 1.0) for g in STATUS_GROUPS)
    shape = 0.0
    for key in obs:
        if key.endswith("_year1"):
            app = key[: -len("_year1")]
            shape += shape_violation(sim[f"{app}_year1"], sim[f"{app}_year2"], sim[f"{app}_year3"])
    return float(np.sqrt(counts) + SHAPE_WEIGHT * shape)


def observed_vector(targets: Targets) -> dict[str, float]:
    obs = {g: float(getattr(targets.status_counts, g)) for g in STATUS_GROUPS}
    for use in targets.app_use:
        for y, value in enumerate(use.monthly_users_by_year, start=1):
            obs[f"{use.app}_year{y}"] = float(value)
    return obs


@dataclass
class FitResult:
    posterior: pd.DataFrame  # one row per particle: parameters (dotted keys) and weight
    point: dict[str, float]  # the calibrated parameter set (see choose_point)
    epsilons: list[float]
    simulations: int
    generations: int
    point_rule: str = ""


def fit(scenario: LoadedScenario, targets: Targets, priors: list[Prior], seed: int, population: int,
        generations: int, budget: int, workers: int = 1, progress=None) -> FitResult:
    import pyabc

    logging.getLogger("ABC").setLevel(logging.WARNING)
    logging.getLogger("pyabc").setLevel(logging.WARNING)
    np.random.seed(seed % 2**32)  # pyabc's proposals use numpy's global generator
    observed = observed_vector(targets)
    names = {_name(p.key): p.key for p in priors}

    def model(parameters):
        params = {names[k]: float(v) for k, v in parameters.items()}
        sim_seed = int(np.random.randint(0, 2**31 - 1))
        out = simulate_observables(scenario, targets, params, sim_seed)
        if progress:
            progress()
        return out

    prior = pyabc.Distribution(**{_name(p.key): pyabc.RV("uniform", p.low, p.high - p.low) for p in priors})
    sampler = (pyabc.sampler.SingleCoreSampler() if workers <= 1
               else pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers))
    abc = pyabc.ABCSMC(model, prior, distance, population_size=population, sampler=sampler)
    with tempfile.TemporaryDirectory() as tmp:
        abc.new(f"sqlite:///{Path(tmp) / 'abc.db'}", observed)
        history = abc.run(max_nr_populations=generations, max_total_nr_simulations=budget)
        frame, weights = history.get_distribution()
        eps = history.get_all_populations()
        epsilons = [float(e) for e in eps[eps.t >= 0].epsilon]
        simulations = int(history.total_nr_simulations)
        done = int(history.max_t) + 1
    frame = frame.rename(columns=names)[[p.key for p in priors]].reset_index(drop=True)
    frame["weight"] = np.asarray(weights) / np.sum(weights)
    point, rule = choose_point(scenario, targets, frame, seed, workers=workers)
    return FitResult(frame, point, epsilons, simulations, done, rule)


POINT_CANDIDATES = 30  # posterior particles tried as the calibrated point, plus the marginal medians
POINT_REPLICATES = 30  # replicates per candidate


def _candidate_runs(args) -> pd.DataFrame:
    scenario, targets, params, seeds = args
    return pd.DataFrame([simulate_observables(scenario, targets, params, s) for s in seeds])


def choose_point(scenario: LoadedScenario, targets: Targets, posterior: pd.DataFrame, seed: int,
                 workers: int = 1) -> tuple[dict[str, float], str]:
    """The parameter set a scenario uses. Candidates: the weighted marginal medians and particles
    drawn from the posterior by weight, each run over the same replicate seeds. Among those whose
    replicates pass the fit-quality checks, the one with the smallest mean distance to the targets
    (the Bayes choice under the ABC distance as loss); if none passes, the smallest distance.
    Marginal medians alone can sit in a poor corner of a correlated posterior."""
    from ..runner import process_pool, replicate_seed
    from .predictive import checks_on

    keys = [c for c in posterior.columns if c != "weight"]
    rng = np.random.default_rng(seed)
    median = {k: weighted_median(posterior[k].to_numpy(), posterior["weight"].to_numpy()) for k in keys}
    picks = rng.choice(len(posterior), size=min(POINT_CANDIDATES, len(posterior)), replace=False,
                       p=posterior["weight"].to_numpy())
    candidates = [median] + [{k: float(posterior[k].iloc[i]) for k in keys} for i in picks]
    seeds = [replicate_seed(seed, r, sample=1) for r in range(POINT_REPLICATES)]
    tasks = [(scenario, targets, c, seeds) for c in candidates]
    if workers > 1:
        with process_pool(workers) as pool:
            runs = list(pool.map(_candidate_runs, tasks))
    else:
        runs = [_candidate_runs(t) for t in tasks]
    obs = observed_vector(targets)
    scores = np.array([np.mean([distance(row, obs) for row in r.to_dict("records")]) for r in runs])
    passing = np.array([all(c["pass"] for c in checks_on(r, targets)) for r in runs])
    pool_scores = np.where(passing, scores, np.inf) if passing.any() else scores
    best = int(np.argmin(pool_scores))
    rule = (f"among the weighted marginal medians and {len(picks)} particles drawn from the posterior by weight, "
            f"each run over {POINT_REPLICATES} replicates, {int(passing.sum())} passed the fit-quality checks; "
            f"chosen: the {'passing ' if passing.any() else ''}candidate with the smallest mean distance "
            f"({'the marginal medians' if best == 0 else 'a drawn particle'}, {scores[best]:.3f}; "
            f"marginal medians {scores[0]:.3f})")
    return candidates[best], rule


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
