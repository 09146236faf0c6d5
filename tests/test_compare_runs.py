"""What a comparison's run and its writing keep for a reader, checked with a stand-in for the
simulation: common seeds, run numbers across draw batches, the first scenario's checkpoints,
comparison.md's sections and the columns of the stored tables."""

import json
from types import SimpleNamespace

import pandas as pd
import pyarrow.parquet as pq
import pytest

import binjai_sim.outputs.plots
import binjai_sim.runs.runner
from binjai_sim.analysis.compare import Comparison, compare, comparison_table, paired_markdown, write_comparison
from binjai_sim.base.i18n import use
from binjai_sim.base.vocabulary import CAUSES
from binjai_sim.runs.runner import replicate_seed
from tests.test_compare_tables import DATE, _metrics, _paired, _series


def _scenario(scenario_name: str, label: str | None = None):
    calibration = {"file": "calibration/fit.yaml", "note": "n", "parameters": {"hazard.scale": 0.5}}
    spec = SimpleNamespace(label=label, lang="en", city=SimpleNamespace(name="Binjai"), strategies=[])
    return SimpleNamespace(name=scenario_name, path=None, hash="abc", spec=spec, strategies=[],
                           calibration=lambda: calibration)


@pytest.mark.parametrize("with_paired", [True, False])
def test_comparison_md_names_the_reference_and_has_a_paired_section_only_with_paired_rows(
        tmp_path, monkeypatch, baseline, with_paired):
    monkeypatch.setattr(binjai_sim.outputs.plots, "comparison_figures", lambda comparison, out: None)
    survival = ["| log-rank row |"] if with_paired else []
    monkeypatch.setattr(binjai_sim.outputs.plots, "log_rank_rows", lambda comparison: survival)
    metrics = _metrics()
    names = ["ref", "pkg"]
    metrics = metrics[metrics.scenario.isin(names)].reset_index(drop=True)
    paired = _paired(baseline.spec, names, metrics) if with_paired else pd.DataFrame()
    events = pd.DataFrame({"draw": [0], "replicate": [0], "month": [1], "date": ["x"], "kind": ["launch"],
                           "app": [1], "cause": [""]})
    comparison = Comparison(metrics, comparison_table(metrics, names, [DATE]), {n: events for n in names},
                            {n: _series(0) for n in names}, [_scenario("ref", "Today"), _scenario("pkg")], [1, 2],
                            paired, None, 5)
    write_comparison(comparison, tmp_path / "cmp", seed=7, force=False, lang="en")
    md = (tmp_path / "cmp" / "comparison.md").read_text(encoding="utf-8")
    assert md.startswith("# Scenario comparison (reference: Today)")
    assert ("## Against Today, paired" in md) is with_paired
    if with_paired:
        with use("en"):
            assert paired_markdown(paired, {"ref": "Today", "pkg": "pkg"}) in md
    assert md.endswith("\n## Survival since launch\n\n| log-rank row |\n") is with_paired
    # the tables carry their columns only: no stored index for SQL or Arrow readers to find
    assert pq.read_schema(tmp_path / "cmp" / "series_by_scenario.parquet").names == [
        "scenario", "replicate", "date", "not_launched", "active", "degraded", "dead"]
    assert pq.read_schema(tmp_path / "cmp" / "app_events.parquet").names == [
        "scenario", "draw", "replicate", "month", "date", "kind", "app", "cause"]
    assert pq.read_schema(tmp_path / "cmp" / "metrics.parquet").names == list(metrics.columns)
    manifest = json.loads((tmp_path / "cmp" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenarios"][0]["calibration"] == {"file": "calibration/fit.yaml", "note": "n"}
    assert [s["label"] for s in manifest["scenarios"]] == ["Today", "pkg"]


def _fake_simulate(calls):
    """A stand-in for a run: its outcomes follow from the seed and the scenario, so the test
    can tell which seed a run had; every run it is asked for is recorded in ``calls``."""
    def simulate(scenario, seed, record_apps=True):
        calls.append((scenario.name, seed))
        lift = 2.0 if scenario.name == "pkg" else 0.0
        metrics = {f"apps_active_{d}": 1.0 for d in ("2021-06", "2022-12", "2026-12", "2030-12")}
        metrics |= {f"deaths_{c}": 0.0 for c in CAUSES} | {"app_years": seed % 97 + lift, "citizen_months": 1.0,
                                                           "strategy_cost_rp": 0.0}
        return {"metrics": pd.DataFrame([metrics]), "apps": None,
                "series": pd.DataFrame({"month": [24_276], "active": [1]}),
                "events": pd.DataFrame({"month": [24_276], "kind": ["launch"]})}
    return simulate


def test_compare_pairs_every_scenarios_run_r_by_seed_and_numbers_runs_across_draws(monkeypatch, baseline):
    calls = []
    monkeypatch.setattr(binjai_sim.runs.runner, "simulate", _fake_simulate(calls))
    other = baseline.with_overrides({"report.checkpoints": ["2021-06"]})
    scenarios = [SimpleNamespace(name="ref", spec=baseline.spec, strategies=baseline.strategies, calibrated=None),
                 SimpleNamespace(name="pkg", spec=other.spec, strategies=other.strategies, calibrated=None)]
    draws = [SimpleNamespace(structure="age", changes={}), SimpleNamespace(structure="constant", changes={})]
    result = compare(scenarios, seed=11, replicates=3, draws=draws, first_draw=5)
    seeds = [replicate_seed(11, r, sample=d) for d in (5, 6) for r in range(3)]
    assert result.seeds == seeds
    assert [s for n, s in calls if n == "ref"] == [s for n, s in calls if n == "pkg"] == seeds
    m = result.metrics
    assert list(m.columns[:4]) == ["scenario", "draw", "structure", "replicate"]
    assert list(result.series["ref"].columns[:2]) == ["draw", "replicate"]
    for scenario in ("ref", "pkg"):
        mine = m[m.scenario == scenario]
        assert list(mine.draw) == [5, 5, 5, 6, 6, 6] and list(mine.replicate) == [15, 16, 17, 18, 19, 20]
        assert list(mine.structure) == ["age"] * 3 + ["constant"] * 3
    assert list(result.events["pkg"].replicate) == [15, 16, 17, 18, 19, 20]
    # the table and the paired rows show the first scenario's checkpoints
    assert "apps_active_2022-12_median" in result.table and "apps_active_2021-06_median" not in result.table
    assert "apps_active_2026-12" in set(result.paired.outcome)
    assert set(result.paired.outcome) >= {"app_years"} and "apps_active_2021-06" not in set(result.paired.outcome)
    years = result.paired.set_index("outcome").loc["app_years"]
    assert years.unit == "draw" and years.units == 2 and years["mean"] == pytest.approx(2.0)


def test_compare_at_the_calibrated_point_numbers_runs_from_zero(monkeypatch, baseline):
    calls = []
    monkeypatch.setattr(binjai_sim.runs.runner, "simulate", _fake_simulate(calls))
    scenarios = [SimpleNamespace(name=n, spec=baseline.spec, calibrated=None) for n in ("ref", "pkg")]
    result = compare(scenarios, seed=3, replicates=4)
    assert list(result.metrics.replicate) == [0, 1, 2, 3] * 2 and set(result.metrics.draw) == {0}
    assert "structure" not in result.metrics and result.draws is None and result.replicates == 4
    assert (result.paired.unit == "replicate").all()
