"""The calibrated point a scenario runs with, and what the posterior says about the score's weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..runner import process_pool, replicate_seed
from ..vocabulary import FACTORS
from .fit import FitSetup, distance_for, simulate, weighted_quantile

CANDIDATES = 150  # posterior particles tried as the calibrated point, besides the weighted medians
REPLICATES = 40  # replicates per candidate, the same seeds for every candidate


def _candidate(args) -> tuple[float, bool]:
    """Mean distance over the seeds, and whether the runs pass the fit checks."""
    from .predictive import checks_pass

    setup, values, seeds = args
    distance = distance_for(setup)
    sims = [simulate(setup, values, s) for s in seeds]
    return float(np.mean([distance(x, {}) for x in sims])), checks_pass(sims, setup)


def choose_point(setup: FitSetup, posterior: pd.DataFrame, seed: int, workers: int = 1) -> tuple[dict, str]:
    """Among the candidates whose runs pass the fit checks, the one with the smallest mean
    distance over the same replicate seeds (the Bayes choice under the fit's distance as loss);
    if none passes, the smallest mean distance. Candidates: the weighted marginal medians and
    particles drawn from the posterior by weight (medians alone can sit in a poor corner of a
    correlated posterior)."""
    keys = [c for c in posterior.columns if c != "weight"]
    w = posterior["weight"].to_numpy()
    rng = np.random.default_rng(seed)
    median = {k: weighted_quantile(posterior[k].to_numpy(), w, 0.5) for k in keys}
    picks = rng.choice(len(posterior), size=min(CANDIDATES, len(posterior)), replace=False, p=w)
    candidates = [median] + [{k: float(posterior[k].iloc[i]) for k in keys} for i in picks]
    seeds = [replicate_seed(seed, r, sample=1) for r in range(REPLICATES)]
    tasks = [(setup, c, seeds) for c in candidates]
    if workers > 1:
        with process_pool(workers) as pool:
            results = list(pool.map(_candidate, tasks))
    else:
        results = [_candidate(t) for t in tasks]
    scores = np.array([r[0] for r in results])
    passing = np.array([r[1] for r in results])
    best = int(np.argmin(np.where(passing, scores, np.inf) if passing.any() else scores))
    rule = (f"among the weighted marginal medians and {len(picks)} particles drawn from the posterior by weight, "
            f"each run over {REPLICATES} x {setup.replicates} runs, {int(passing.sum())} passed the fit checks; "
            f"chosen: the {'passing ' if passing.any() else ''}one with the smallest mean distance "
            f"({'the marginal medians' if best == 0 else 'a drawn particle'}, {scores[best]:.3f}; "
            f"marginal medians {scores[0]:.3f})")
    return candidates[best], rule


def relative_weights(posterior: pd.DataFrame, setup: FitSetup) -> list[str]:
    """Rows for the report: each factor's survey result, prior, and posterior relative weight."""
    keys = [f"coefficients.estimates.{f}" for f in FACTORS]
    if not all(k in posterior for k in keys):
        return ["| (the weights were not fitted) | | | |"]
    raw = posterior[keys].to_numpy()
    total = np.abs(raw).sum(axis=1, keepdims=True)
    rel = np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)
    w = posterior["weight"].to_numpy()
    priors = {p.key: p for p in setup.priors}
    rows = []
    for j, factor in enumerate(FACTORS):
        c = setup.scenario.coefficients.factors[factor]
        survey = f"{c.sign}, {'significant' if c.significant else 'not significant'}"
        p = priors[keys[j]]
        prior = f"N({p.low:g}, {p.high:g})" if p.kind == "normal" else f"U({p.low:g}, {p.high:g})"
        lo, med, hi = (weighted_quantile(rel[:, j], w, q) for q in (0.05, 0.5, 0.95))
        rows.append(f"| {factor} | {survey} | {prior} | {med:+.2f} [{lo:+.2f}, {hi:+.2f}] |")
    return rows
