"""The calibrated point a scenario runs with, and what the posterior says about the score's weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.vocabulary import FACTORS

from .fit import FitSetup, weighted_quantile


def posterior_medoid(posterior: pd.DataFrame) -> int:
    """Row of the particle with the smallest weighted mean distance to all the others, each
    parameter measured in its own posterior standard deviations: a point of the posterior that
    stands for its centre. Unlike the marginal medians it is a particle the posterior holds, so it
    respects the parameters' correlations; unlike a best-fitting particle it does not sit in the
    posterior's tail."""
    keys = [c for c in posterior.columns if c != "weight"]
    x = posterior[keys].to_numpy(dtype=float)
    w = posterior["weight"].to_numpy(dtype=float)
    w = w / w.sum()
    mean = w @ x
    sd = np.sqrt(w @ (x - mean) ** 2)
    z = (x - mean) / np.where(sd > 0, sd, 1.0)
    sq = (z ** 2).sum(axis=1)
    dist = np.sqrt(np.maximum(sq[:, None] + sq[None, :] - 2.0 * z @ z.T, 0.0))
    return int(np.argmin(dist @ w))


def choose_point(setup: FitSetup, posterior: pd.DataFrame, seed: int = 0, workers: int = 1) -> tuple[dict, str]:
    """The point a scenario runs with: the posterior's medoid (``posterior_medoid``). It is chosen
    without running the model, so it is not tuned to pass the fit checks; the checks are run at
    it and reported as they come out."""
    keys = [c for c in posterior.columns if c != "weight"]
    row = posterior_medoid(posterior)
    rule = (f"the posterior medoid: of the {len(posterior)} particles, the one with the smallest weighted mean "
            f"distance to all others (each parameter in posterior standard deviations); chosen without "
            f"running the model, so it represents the posterior's centre, not its best-fitting corner")
    return {k: float(posterior[k].iloc[row]) for k in keys}, rule


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
