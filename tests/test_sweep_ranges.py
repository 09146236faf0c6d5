"""The shipped sweeps move the survey weights over the calibration's posterior interval, which
contains the calibrated point their base runs with (scenarios/sweeps/*.yaml explain why)."""

import math

import numpy as np
import pandas as pd
import pytest

from binjai_sim.analysis.sweep.spec import load_sweep
from binjai_sim.base.vocabulary import FACTORS

from .conftest import ROOT

SWEEPS = sorted((ROOT / "scenarios" / "sweeps").glob("*.yaml"))


def weighted_interval(values: np.ndarray, weights: np.ndarray, low: float = 0.05, high: float = 0.95):
    order = np.argsort(values, kind="stable")
    share = np.cumsum(weights[order]) / weights.sum()
    return tuple(float(values[order][np.searchsorted(share, q)]) for q in (low, high))


@pytest.mark.parametrize("path", SWEEPS, ids=[p.stem for p in SWEEPS])
def test_survey_weight_bounds_are_the_posterior_interval_and_contain_the_calibrated_value(path):
    sweep = load_sweep(path)
    posterior = pd.read_parquet(ROOT / "calibration" / "posterior.parquet")
    weights = posterior["weight"].to_numpy(float)
    fitted = sweep.base.calibrated["parameters"]
    bounds = {p.path: p.bounds for p in sweep.spec.parameters if p.path.startswith("coefficients.estimates.")}
    assert set(bounds) == {f"coefficients.estimates.{f}" for f in FACTORS}
    for key, (low, high) in bounds.items():
        assert low <= sweep.base.spec.coefficients.estimates[key.rsplit(".", 1)[1]] == fitted[key] <= high, key
        p05, p95 = weighted_interval(posterior[key].to_numpy(float), weights)
        assert (low, high) == (math.floor(p05 * 100) / 100, math.ceil(p95 * 100) / 100), key
