"""Sweeps from Python: the same numbers as the command; Latin hypercubes, feature scores and
scenario discovery (PRIM beside CART, and what is said when the condition is never met)."""

import numpy as np
import pandas as pd
import pytest

import binjai_sim.analysis.sweep
from binjai_sim.analysis.sweep.discovery import degenerate
from binjai_sim.analysis.sweep.scoring import RANDOM_INPUT
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE

LHS = f"""
name: lhs
base: {BASELINE}
method: {{name: latin, n: 40}}
replicates: 2
outcomes: [app_years, apps_live_2030-12]
discovery: {{outcome: apps_live_2030-12, at_least: 7}}  # about half of the points (median 6.5)
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}}
  - {{path: budget.maintenance_need_rp, name: need, bounds: [1.25e+6, 5.0e+6], group: assumption}}
"""


@pytest.fixture(scope="module")
def lhs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lhs")
    path = folder / "lhs.yaml"
    path.write_text(LHS)
    result = binjai_sim.analysis.sweep.run(path, out=folder / "api")
    assert main(["sensitivity", str(path), "--out", str(folder / "cli"), "--workers", "2"]) == 0
    return path, result, folder / "cli" / "lhs"


@pytest.mark.slow
def test_python_api_returns_the_numbers_the_command_writes(lhs):
    _, result, cli = lhs
    pd.testing.assert_frame_equal(result.runs, pd.read_parquet(cli / "results.parquet"))
    pd.testing.assert_frame_equal(result.aggregated, pd.read_parquet(cli / "aggregated.parquet"))
    pd.testing.assert_frame_equal(result.samples, pd.read_parquet(cli / "samples.parquet"))
    for name in ("feature_scores", "noise"):
        written = pd.read_csv(cli / f"{name}.csv")
        pd.testing.assert_frame_equal(getattr(result, name), written, check_exact=False, rtol=1e-5)
    assert (result.folder / "discovery.md").read_bytes() == (cli / "discovery.md").read_bytes()


def test_runs_carry_their_parameters_and_the_sample_is_a_latin_hypercube(lhs):
    _, result, _ = lhs
    assert len(result.samples) == 40 and len(result.runs) == 80
    assert {"politics.continuity", "plan", "need", "app_years"} <= set(result.runs.columns)
    merged = result.runs.merge(result.samples, on="sample", suffixes=("", "_s"))
    assert (merged["plan"] == merged["plan_s"]).all()
    strata = np.floor(result.samples["plan"].to_numpy() * 40).astype(int)
    assert sorted(strata) == list(range(40)), "one point in each of the 40 strata"
    assert result.indices.empty and not result.feature_scores.empty


def test_feature_scores_come_with_intervals_and_a_random_input(lhs):
    _, result, _ = lhs
    fs = result.feature_scores
    assert set(fs.outcome) == {"app_years", "apps_live_2030-12"}
    for _, part in fs.groupby("outcome"):
        assert RANDOM_INPUT in set(part.parameter)
        assert (part.low <= part.score).all() and (part.score <= part.high).all()
        assert part.score.sum() == pytest.approx(1.0, abs=1e-6)


def test_discovery_runs_prim_and_cart_on_a_latin_hypercube(lhs):
    _, result, cli = lhs
    found = result.discovery
    assert found["reason"] is None, found["reason"]
    assert 0 < found["base_rate"] < 1
    for name in ("prim", "cart"):
        assert 0 < found[name]["coverage"] <= 1 and 0 < found[name]["density"] <= 1
    text = (cli / "discovery.md").read_text()
    assert "PRIM box" in text and "CART leaf" in text and "Feature scores" in text
    assert (cli / "discovery_cart.csv").exists() and (cli / "discovery_box.csv").exists()


def test_a_condition_never_met_is_said_with_a_threshold_that_would_split(tmp_path, capsys):
    path = tmp_path / "never.yaml"
    path.write_text(LHS.replace("name: lhs", "name: never").replace("at_least: 7", "at_least: 1000"))
    result = binjai_sim.analysis.sweep.run(path, out=tmp_path)
    reason = result.discovery["reason"]
    assert "never met" in reason and "try discovery: {at_least:" in reason
    suggested = float(reason.split("at_least: ")[1].split("}")[0])
    values = result.aggregated["apps_live_2030-12"].to_numpy()
    assert values.min() < suggested <= values.max()
    assert 0 < np.mean(values >= suggested) < 1
    assert "No box" in (tmp_path / "never" / "discovery.md").read_text()


def test_degenerate_conditions():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    assert degenerate(values >= 2, values, "x", 2) is None
    assert "always met" in degenerate(values >= 0, values, "x", 0)
    assert "no threshold can separate" in degenerate(np.zeros(3, bool), np.ones(3), "x", 5)


@pytest.mark.slow
def test_the_command_prints_feature_scores_with_ties_for_a_latin_hypercube(lhs, capsys):
    path, _, cli = lhs
    assert main(["sensitivity", str(path), "--out", str(cli.parent), "--resume"]) == 0
    out = capsys.readouterr().out
    assert "app_years by feature score:" in out and "discovery (PRIM" in out and "discovery (CART" in out
