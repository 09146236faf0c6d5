"""Sustainability score, monthly discontinuation hazard, and the factor a closure is blamed on."""

from __future__ import annotations

import numpy as np


def sustainability(factors: np.ndarray, betas: np.ndarray) -> np.ndarray:
    """S = sum_k beta_k * F_k for each app (rows of ``factors``), summed in factor order."""
    score = factors[:, 0] * betas[0]
    for k in range(1, betas.shape[0]):
        score = score + factors[:, k] * betas[k]
    return score


def monthly_hazard(score: np.ndarray, intercept: float, scale: float) -> np.ndarray:
    """Complementary log-log hazard: h = 1 - exp(-exp(intercept - scale * S)).

    Increasing in -S; ``intercept`` is the log monthly rate at S = 0 and ``scale`` how fast the
    log rate falls as S rises. Always in (0, 1).
    """
    rate = np.exp(np.minimum(intercept - scale * score, 30.0))
    return -np.expm1(-rate)


def weakest_factor(factors: np.ndarray, betas: np.ndarray) -> np.ndarray:
    """For each app, the factor whose shortfall costs the score most, ``beta_k * (1 - F_k)``:
    the one a strategy would have had to raise (ties: the first in FACTORS order)."""
    return np.argmax(np.maximum(betas, 0.0) * (1.0 - factors), axis=1)
