"""How much of a sweep's result is the model's own run-to-run noise.

A sample point's outcome is the mean (or median) of its replicates, so it carries the noise of a
few random runs. With common random numbers two points share their replicates' seeds and most
of that noise cancels in their difference, but not all: a changed parameter can close an app a
month earlier, and from then on the runs part ways. Two measures, from the replicates:

- the noise share: the variance of a point's aggregated outcome that comes from its replicates
  (the part common random numbers do not cancel), as a share of the variance across points
  (what Sobol indices would misread as interaction);
- for Morris, each parameter's noise floor: the mu* that replicate noise alone would give it,
  ``sqrt(2/pi) x`` the mean standard error of its elementary effects over the trajectories (the
  expected absolute value of a zero-mean effect measured with that error). A parameter whose
  mu* is not well above its floor cannot be told from noise.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .sampling import units

MEDIAN_EFFICIENCY = math.pi / 2  # variance of a median of normal draws, relative to the mean's


def replicate_matrix(runs: pd.DataFrame, outcome: str, points: int, replicates: int) -> np.ndarray:
    """One row per sample point, one column per replicate (runs sorted by sample, replicate)."""
    return runs[outcome].to_numpy(float).reshape(points, replicates)


def residual_sd(y: np.ndarray, common: bool) -> float:
    """The run-to-run SD that differences between points carry. With common random numbers a
    replicate's seed moves every point alike (``y = point + seed + residual``); only the residual,
    the part in which points part ways, is noise to a comparison of points. Without, all of it is."""
    points, reps = y.shape
    if reps < 2:
        return float("nan")
    if not common or points < 2:
        return float(np.sqrt(np.mean(np.var(y, axis=1, ddof=1))))
    residual = y - y.mean(axis=1, keepdims=True) - y.mean(axis=0, keepdims=True) + y.mean()
    return float(np.sqrt(np.sum(residual**2) / ((points - 1) * (reps - 1))))


def noise_share(y: np.ndarray, aggregate: str, common: bool) -> dict[str, float]:
    """The run-to-run SD (within a point, and the part that differs between points), the SD of
    the aggregated values across points, and the share of the latter's variance that replicate
    noise explains."""
    points, reps = y.shape
    within = float(np.sqrt(np.mean(np.var(y, axis=1, ddof=1)))) if reps > 1 else float("nan")
    residual = residual_sd(y, common)
    per_point = residual**2 / reps * (MEDIAN_EFFICIENCY if aggregate == "median" else 1.0)
    values = np.mean(y, axis=1) if aggregate == "mean" else np.median(y, axis=1)
    across = float(np.std(values, ddof=1)) if points > 1 else float("nan")
    share = min(per_point / across**2, 1.0) if across > 0 else float("nan")
    return {"replicate_sd": within, "residual_sd": residual, "point_sd": across, "noise_share": share}


def morris_floor(problem: dict, x: np.ndarray, y: np.ndarray, levels: int) -> np.ndarray:
    """Each parameter's (or group's) noise floor of mu*, from the replicate-paired elementary
    effects of every trajectory step; NaN with a single replicate."""
    names = units(problem)
    owner = problem.get("groups") or problem["names"]
    index = [names.index(g) for g in owner]
    points, reps = y.shape
    if reps < 2:
        return np.full(len(names), np.nan)
    delta = levels / (2.0 * (levels - 1))
    size = len(names) + 1
    se = [[] for _ in names]
    for start in range(0, points, size):
        for j in range(start, start + size - 1):
            moved = np.flatnonzero(x[j + 1] != x[j])
            if moved.size == 0:
                continue
            effects = (y[j + 1] - y[j]) / delta
            se[index[moved[0]]].append(np.std(effects, ddof=1) / math.sqrt(reps))
    return np.array([math.sqrt(2 / math.pi) * float(np.mean(s)) if s else np.nan for s in se])
