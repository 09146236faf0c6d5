"""Sustainability score, monthly discontinuation hazard, and the cause of a hazard death."""

from __future__ import annotations

import numpy as np

from .agents.app import Cause


def sustainability(factors: np.ndarray, betas: np.ndarray) -> np.ndarray:
    """S = sum_k beta_k * F_k for each app (rows of ``factors``)."""
    return factors @ betas


def monthly_hazard(score: np.ndarray, intercept: float, scale: float) -> np.ndarray:
    """Complementary log-log hazard: h = 1 - exp(-exp(intercept - scale * S)).

    Increasing in -S; ``intercept`` is the log monthly rate at S = 0 and ``scale`` how fast the
    log rate falls as S rises. Always in (0, 1).
    """
    rate = np.exp(np.minimum(intercept - scale * score, 30.0))
    return -np.expm1(-rate)


def hazard_cause(quality: np.ndarray, participation: np.ndarray, degraded_below: float,
                 abandon_level: float = 0.05) -> np.ndarray:
    """Cause recorded when the hazard closes an app: the visible deficit at that moment.

    Nobody uses it -> abandoned; it is broken -> technical failure; otherwise the city stopped
    paying for it -> defunded.
    """
    cause = np.full(quality.shape, int(Cause.DEFUNDED), dtype=np.int8)
    cause[quality < degraded_below] = int(Cause.TECHNICAL_FAILURE)
    cause[participation < abandon_level] = int(Cause.ABANDONED)
    return cause
