"""CityModel under Mesa's own batch runner: seeds as Mesa passes them, the data collector, the end."""

import warnings

import mesa
import numpy as np
import pandas as pd
import pytest

from binjai_sim import CityModel
from binjai_sim.runs.recorder import series_frame
from binjai_sim.runs.runner import run_model

SCALE = 1000  # residents per citizen agent: few agents, same submodels


def batch(baseline, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Mesa deprecates iterations= in favour of rng=
        rows = mesa.batch_run(CityModel, parameters={"scenario": baseline, "residents_per_agent": SCALE},
                              max_steps=10_000, display_progress=False, **kwargs)
    return pd.DataFrame(rows)


def test_batch_run_with_a_list_of_seeds_runs_each_to_the_horizon_as_the_runner_does(baseline):
    months = baseline.spec.horizon.end - baseline.spec.horizon.start
    runs = batch(baseline, rng=[1, 2], data_collection_period=1)
    assert sorted(runs["seed"].unique()) == [1, 2]
    for seed, rows in runs.groupby("seed"):
        assert rows["Step"].tolist() == list(range(months + 1))  # the start month, then one step a month
        expected = series_frame(run_model(baseline, int(seed), residents_per_agent=SCALE))
        for column in ("month", "active", "degraded", "dead", "citizens_using", "allocated_rp", "mean_score"):
            assert np.allclose(rows[column].to_numpy(float), expected[column].to_numpy(float), equal_nan=True), column


def test_batch_run_with_iterations_passes_seed_none_and_records_the_seed_it_drew(baseline):
    runs = batch(baseline, iterations=2)
    assert len(runs) == 2 and runs["seed"].nunique() == 2
    for row in runs.itertuples():
        again = CityModel(baseline, seed=int(row.seed), residents_per_agent=SCALE)
        again.run()
        assert again.recorder.status[again.recorder.rows - 1].tolist().count(1) == row.active


def test_running_turns_false_at_the_horizon_and_a_further_step_changes_nothing(baseline):
    model = CityModel(baseline, seed=3, residents_per_agent=SCALE)
    assert model.running
    model.run()
    assert not model.running and model.month == model.end
    rows = len(model.datacollector.get_model_vars_dataframe())
    model.step()
    assert model.month == model.end and len(model.datacollector.get_model_vars_dataframe()) == rows


@pytest.mark.parametrize("rng", [np.random.SeedSequence(5), [5, 6], np.random.default_rng(5)])
def test_seed_like_values_reduce_to_one_recorded_integer_seed(baseline, rng):
    fresh = (lambda: np.random.default_rng(5)) if isinstance(rng, np.random.Generator) else (lambda: rng)
    first, second = (CityModel(baseline, rng=fresh(), residents_per_agent=SCALE) for _ in range(2))
    assert isinstance(first.seed, int) and first.seed == second.seed


def test_overrides_let_batch_run_vary_a_parameter(baseline):
    runs = batch(baseline, rng=[4])
    varied = pd.DataFrame(mesa.batch_run(
        CityModel, parameters={"scenario": baseline, "residents_per_agent": SCALE,
                               "overrides": [{}, {"apps.abandon_after_months": 120}]},
        rng=[4], max_steps=10_000, display_progress=False))
    assert varied.loc[0, "active"] == runs.loc[0, "active"]
    # with a citizen agent per 1,000 residents few apps find users; at the calibrated point idle
    # apps are abandoned, so sparing idle apps keeps more
    assert varied.loc[1, "active"] > varied.loc[0, "active"]
