"""Feature scoring (EMA Workbench's extra trees): how much each input explains of an outcome,
without assuming a form, on any sample that spreads its points (Latin hypercube, Sobol).

A score is the share of the forest's impurity reduction an input earns; the forest is refitted
on bootstrap resamples of the points, so each score comes with a 95% interval. Trees split on
noise too, so an input that does nothing still earns a score: a column of seeded random numbers,
``RANDOM_INPUT``, is scored beside the real inputs, and an input whose interval reaches its
score cannot be told from nothing.
"""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

ROUNDS = 10  # bootstrap refits behind each interval
TREES = 100
RANDOM_INPUT = "(random input)"


def feature_scores(x: pd.DataFrame, y: np.ndarray, seed: int, classify: bool = False,
                   rounds: int = ROUNDS) -> pd.DataFrame:
    """One row per input (and one for ``RANDOM_INPUT``): mean score over ``rounds`` refits on
    resampled points, and the 2.5-97.5% range of the refits. Seeded: the same inputs give the
    same scores."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        from ema_workbench.analysis.feature_scoring import get_ex_feature_scores
        from ema_workbench.analysis.scenario_discovery_util import RuleInductionType

    mode = RuleInductionType.CLASSIFICATION if classify else RuleInductionType.REGRESSION
    rng = np.random.default_rng(seed % 2**32)
    x = x.reset_index(drop=True).assign(**{RANDOM_INPUT: rng.random(len(x))})
    scores = []
    for r in range(rounds):
        rows = rng.integers(0, len(x), len(x)) if r else np.arange(len(x))
        xb, yb = x.iloc[rows].reset_index(drop=True), np.asarray(y)[rows]
        if np.ptp(yb) == 0:
            scores.append(pd.Series(0.0, index=x.columns))
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found, _ = get_ex_feature_scores(xb, yb, mode=mode, nr_trees=TREES, oob_score=False,
                                             random_state=int(rng.integers(2**31)))
        scores.append(found.iloc[:, 0].reindex(x.columns).fillna(0.0))
    table = pd.concat(scores, axis=1)
    return pd.DataFrame({"parameter": list(x.columns), "score": table.mean(axis=1).to_numpy(),
                         "low": table.quantile(0.025, axis=1).to_numpy(),
                         "high": table.quantile(0.975, axis=1).to_numpy()})
