"""Comparisons: paired differences with common random numbers, posterior draws and structures,
verdicts, and survival curves whose band is the spread between runs."""

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from binjai_sim import load_scenario
from binjai_sim.analysis.compare import compare
from binjai_sim.analysis.posterior import applicable, draws
from binjai_sim.interfaces.cli import main
from binjai_sim.outputs.plots import kaplan_meier, survival_envelope

from .conftest import BASELINE, ROOT, write_scenario

FIFTEEN = ROOT / "scenarios" / "strategies" / "all_fifteen.yaml"


def test_a_scenario_compared_with_itself_differs_by_exactly_zero(tmp_path, baseline):
    twin = load_scenario(write_scenario(tmp_path, "name: twin\n"))
    result = compare([baseline, twin], seed=3, replicates=4)
    paired = result.paired
    assert not paired.empty and set(paired["scenario"]) == {"twin"}
    assert (paired[["mean", "mean_low", "mean_high", "p05", "p95", "p_better", "p_worse"]] == 0).all().all()
    assert set(paired["verdict"]) == {"no difference"}


def test_paired_differences_read_the_same_replicates(baseline):
    fifteen = load_scenario(FIFTEEN)
    result = compare([baseline, fifteen], seed=5, replicates=6)
    m = result.metrics
    diff = (m[m.scenario == fifteen.name].set_index("replicate")["app_years"]
            - m[m.scenario == baseline.name].set_index("replicate")["app_years"])
    row = result.paired.set_index("outcome").loc["app_years"]
    assert row["mean"] == pytest.approx(diff.mean()) and row["units"] == 6 and row["unit"] == "replicate"
    assert row["p_better"] == pytest.approx((diff > 0).mean())
    assert row["mean_low"] < row["mean"] < row["mean_high"]


def test_posterior_draws_are_seeded_and_respect_a_scenarios_own_values(tmp_path, baseline):
    a, b = draws(baseline, 5, seed=1), draws(baseline, 5, seed=1)
    assert [d.changes for d in a] == [d.changes for d in b] and draws(baseline, 5, seed=2)[0].changes != a[0].changes
    assert all(not k.startswith("observation.") for d in a for k in d.changes)
    own = load_scenario(write_scenario(tmp_path, "politics: {continuity: 0.123}\n"))
    kept = applicable(own, a[0].changes)
    assert "politics.continuity" not in kept and "hazard.intercept" in kept
    assert "politics.continuity" in applicable(baseline, a[0].changes)


@pytest.mark.slow
def test_posterior_comparison_is_the_same_serial_and_parallel(baseline):
    fifteen = load_scenario(FIFTEEN)
    sets = draws(baseline, 3, seed=9)
    serial = compare([baseline, fifteen], seed=9, replicates=1, draws=sets)
    parallel = compare([baseline, fifteen], seed=9, replicates=1, draws=sets, workers=2)
    pd.testing.assert_frame_equal(serial.metrics, parallel.metrics)
    pd.testing.assert_frame_equal(serial.paired, parallel.paired)
    assert serial.paired["unit"].iloc[0] == "draw" and serial.paired["units"].iloc[0] == 3
    # a draw's parameters reach the runs: different draws, different baselines under the same seed logic
    base = serial.metrics[serial.metrics.scenario == baseline.name]
    assert base["app_years"].nunique() > 1


def _structures_calibration(tmp_path, probabilities: dict[str, float]):
    """A copy of the shipped calibration with a structures fit (the shipped posterior for
    five_factor, its intercept alone for constant)."""
    folder = tmp_path / "calibration"
    folder.mkdir()
    for name in ("calibrated.yaml", "posterior.parquet"):
        shutil.copy(ROOT / "calibration" / name, folder / name)
    (folder / "structures").mkdir()
    posterior = pd.read_parquet(ROOT / "calibration" / "posterior.parquet")
    posterior.to_parquet(folder / "structures" / "five_factor.parquet")
    posterior[["hazard.intercept", "weight"]].to_parquet(folder / "structures" / "constant.parquet")
    pd.DataFrame({"structure": list(probabilities), "probability": list(probabilities.values())}).to_csv(
        folder / "structures" / "probabilities.csv", index=False)
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {BASELINE}\nname: with_structures\ncalibrated: calibration/calibrated.yaml\n")
    return load_scenario(path)


def test_structures_are_drawn_by_their_probability_and_set_in_each_run(tmp_path):
    scenario = _structures_calibration(tmp_path, {"five_factor": 0.25, "constant": 0.75})
    sets = draws(scenario, 400, seed=3, structures=True)
    share = np.mean([d.structure == "constant" for d in sets])
    assert 0.68 < share < 0.82
    constant = next(d for d in sets if d.structure == "constant")
    assert constant.changes["hazard.structure"] == "constant" and "hazard.scale" not in constant.changes
    result = compare([scenario, load_scenario(FIFTEEN)], seed=3, replicates=1, draws=sets[:6])
    assert set(result.metrics["structure"]) <= {"five_factor", "constant"}
    assert any(c.startswith("p_better_") for c in result.paired.columns) or result.metrics["structure"].nunique() == 1


def test_compare_posterior_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compare", str(BASELINE), str(FIFTEEN), "--posterior", "3", "--max-draws", "3", "--out", str(out),
                 "--seed", "4"]) == 0
    folder = out / "comparison"
    paired = pd.read_csv(folder / "paired.csv")
    assert set(paired["unit"]) == {"draw"} and "P(better)" in (folder / "comparison.md").read_text()
    manifest = yaml.safe_load((folder / "manifest.json").read_text())
    assert len(manifest["posterior_draws"]) == 3 and len(manifest["prior_draws"]) == 3
    # 3 draws cannot clear 0.90 (25 are needed), and the cap stops them: the verdicts say so
    assert "undecided" in paired["verdict"].tolist() and (paired["units"] == 3).all()
    assert {"prior_p_better", "prior_band_low", "prior_band_high", "prior_verdict"} <= set(paired.columns)
    printed = capsys.readouterr().out
    assert "P(better) under the prior" in printed and "The data moved" in printed
    assert main(["compare", str(BASELINE), "--draw-structures", "--out", str(tmp_path / "o2")]) == 2
    assert not (tmp_path / "o2").exists()


def test_kaplan_meier_matches_statsmodels_and_the_envelope_is_the_spread_between_runs():
    from statsmodels.duration.survfunc import SurvfuncRight

    rng = np.random.default_rng(1)
    months = rng.integers(1, 100, 40).astype(float)
    died = rng.random(40) < 0.7
    grid = np.arange(0, 101, dtype=float)
    fit = SurvfuncRight(months, died.astype(int))
    expected = [fit.surv_prob[np.searchsorted(fit.surv_times, t, side="right") - 1]
                if t >= fit.surv_times[0] else 1.0 for t in grid]
    assert kaplan_meier(months, died, grid) == pytest.approx(expected)
    assert (kaplan_meier(months, np.zeros(40, dtype=bool), grid) == 1.0).all()  # a run in which no app closed

    def runs(n):
        r = np.random.default_rng(2)
        return pd.DataFrame([{"replicate": k, "months": float(r.integers(1, 100)), "died": bool(r.random() < 0.7)}
                             for k in range(n) for _ in range(32)])

    few, many = (survival_envelope(runs(n), grid) for n in (40, 400))
    width_few, width_many = (np.mean(high - low) for _, low, high in (few, many))
    assert width_many > 0.6 * width_few  # pooling runs would shrink it about threefold
