"""A pilot before a sweep: run its first few sample points with many replicates, measure each
outcome's run-to-run noise, and recommend replicates per point.

The rule (a rule of thumb; the sweep itself reports the noise it ends up with): replicates R
such that the noise left in a point's mean, ``sigma_noise / sqrt(R)``, is at most a tenth of
the spread of the outcome across points, so replicate noise is at most 1% of the variance the
analysis apportions. ``sigma_noise`` is the noise that survives common random numbers between
neighbouring points (consecutive Morris points; a Sobol base point and each of its one-column
variants; for a Latin hypercube the part of the run-to-run noise that is not common to all
points, ``binjai_sim.analysis.sweep.noise.residual_sd``), or the plain run-to-run SD without common random numbers.
The pilot's points are few, so every number comes with a 90% bootstrap interval over them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from binjai_sim.base.i18n import t

from .noise import residual_sd

TARGET = 0.1  # noise SE of a point's mean, as a share of the spread across points
BOOTSTRAP = 500
MAX_REPLICATES = 1000


def pilot(sweep, points: int, replicates: int, workers: int = 1) -> pd.DataFrame:
    """Runs of the first ``points`` sample points, ``replicates`` each, seeded as the sweep's
    own runs would be (its first replicates are the sweep's). Nothing is written."""
    from binjai_sim.base.errors import InputError
    from binjai_sim.base.i18n import t
    from binjai_sim.runs import limits

    from .executor import run_pool, run_serial
    from .report import samples_frame

    if replicates < 2:
        raise InputError(sweep.path, "--pilot-replicates", t("msg.sweep.pilot_replicates"), ">= 2")
    samples = samples_frame(sweep.spec).head(points)
    if len(samples) < 3:
        raise InputError(sweep.path, "--pilot", t("msg.sweep.pilot_points"), ">= 3")
    limits.check_workers(workers)
    labels = [p.label for p in sweep.spec.parameters]
    tasks = [(int(row["sample"]), r, {k: float(row[k]) for k in labels})
             for _, row in samples.iterrows() for r in range(replicates)]
    stream = run_pool(sweep, tasks, workers) if workers > 1 else run_serial(sweep, tasks)
    return pd.DataFrame(list(stream)).sort_values(["sample", "replicate"], ignore_index=True)


def _pairs(method: str, points: int, dims: int, crn: bool) -> list[tuple[int, int]]:
    """Neighbouring points whose difference common random numbers make precise."""
    if not crn or method == "latin":
        return []
    if method == "morris":
        size = dims + 1
        return [(j, j + 1) for j in range(points - 1) if (j + 1) % size]
    size = dims + 2  # Sobol: A, AB_1 ... AB_d, B per base sample
    return [(j - j % size, j) for j in range(points) if 0 < j % size <= dims]


def _sds(y: np.ndarray, diffs: np.ndarray | None, common: bool) -> tuple[float, float, float]:
    """(run-to-run SD, the noise that matters, spread of the points' true means)."""
    reps = y.shape[1]
    within = math.sqrt(float(np.mean(np.var(y, axis=1, ddof=1))))
    if diffs is not None:
        noise = math.sqrt(float(np.mean(np.var(diffs, axis=1, ddof=1))) / 2.0)
    else:
        noise = residual_sd(y, common)
    # the points' means carry only the noise that is not common to them all
    spread = math.sqrt(max(float(np.var(y.mean(axis=1), ddof=1)) - residual_sd(y, common) ** 2 / reps, 0.0))
    return within, noise, spread


def _needed(noise: float, spread: float) -> int:
    if noise == 0:
        return 1
    if spread == 0:
        return MAX_REPLICATES
    return min(MAX_REPLICATES, max(1, math.ceil((noise / (TARGET * spread)) ** 2)))


def recommend(sweep, runs: pd.DataFrame) -> pd.DataFrame:
    """Per outcome: the SDs, the recommended replicates and their 90% bootstrap interval
    (points and neighbour pairs resampled with replacement)."""
    spec = sweep.spec
    reps = int(runs["replicate"].max()) + 1
    points = len(runs) // reps
    dims = len({p.analysis_group or p.label for p in spec.parameters})
    crn = spec.common_random_numbers
    pairs = _pairs(spec.method.name, points, dims, crn)
    rng = np.random.default_rng(spec.seed % 2**32)
    rows = []
    for outcome in dict.fromkeys(spec.outcomes):
        y = runs[outcome].to_numpy(float).reshape(points, reps)
        diffs = np.array([y[b] - y[a] for a, b in pairs]) if pairs else None
        within, noise, spread = _sds(y, diffs, crn)
        draws = []
        for _ in range(BOOTSTRAP):
            yb = y[rng.integers(0, points, points)]
            db = diffs[rng.integers(0, len(diffs), len(diffs))] if diffs is not None else None
            draws.append(_needed(*_sds(yb, db, crn)[1:]))
        low, high = np.quantile(draws, [0.05, 0.95])
        rows.append({"outcome": outcome, "replicate_sd": within, "noise_sd": noise, "point_sd": spread,
                     "replicates": _needed(noise, spread), "low": int(low), "high": int(math.ceil(high))})
    return pd.DataFrame(rows)


def pilot_lines(sweep, runs: pd.DataFrame) -> list[str]:
    """The pilot's printout in the language in force."""
    table = recommend(sweep, runs)
    spec = sweep.spec
    reps = int(runs["replicate"].max()) + 1
    crn = t("archdocs.sensitivity.crn") if spec.common_random_numbers else ""
    lines = [t("archdocs.pilot.header", sweep=sweep.name, points=len(runs) // reps, replicates=reps,
               method=spec.method.name, crn=crn, target=f"{TARGET:.0%}")]
    for r in table.itertuples():
        lines.append(t("archdocs.pilot.outcome", outcome=r.outcome, within=f"{r.replicate_sd:.3g}",
                       noise=f"{r.noise_sd:.3g}", spread=f"{r.point_sd:.3g}", needed=r.replicates,
                       low=r.low, high=r.high))
    worst = table.loc[table["replicates"].idxmax()]
    lines.append(t("archdocs.pilot.recommended", replicates=worst.replicates, outcome=worst.outcome,
                   current=spec.replicates))
    return lines
