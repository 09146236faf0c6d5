"""Outcome definitions and comparison verdicts from first principles.

Every outcome of binjai_sim/runs/outcomes.py is recomputed here from a recorded series made by hand, by
its stated definition; the paired verdicts of binjai_sim/analysis/compare.py are checked for outcomes where
higher and where lower is better, with the robustness threshold exactly at its value and one
unit either side."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from numba import config

from binjai_sim.analysis.compare import ROBUST, comparison_table, paired_outcomes, paired_table
from binjai_sim.analysis.verdicts.rule import classify, verdict, wilson
from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.vocabulary import Cause
from binjai_sim.runs.outcomes import checkpoints, fmt_count, measure, registry

NL, ACT, DEG, DEAD = 0, 1, 2, 3


def _spec(baseline, **overrides):
    return baseline.with_overrides(overrides).spec if overrides else baseline.spec


def _model(spec, status, launch, death, cause, citizens, cost):
    """A finished run as the outcomes read it: the record from the horizon's start, row 0 the
    initial state, and the apps' launch and closure months."""
    rows = status.shape[0]
    recorder = SimpleNamespace(status=status, rows=rows, t0=spec.horizon.start,
                               citizens_using=np.asarray(citizens, float), strategy_cost=np.asarray(cost, float))
    apps = SimpleNamespace(launch=np.asarray(launch), death_month=np.asarray(death), cause=np.asarray(cause))
    return SimpleNamespace(spec=spec, recorder=recorder, apps=apps, month=spec.horizon.start + rows - 1)


@pytest.fixture()
def small(baseline):
    """Three apps over a five-month horizon (four steps), no elections."""
    spec = _spec(baseline, **{"horizon.start": "2020-10", "horizon.end": "2021-02", "elections": [],
                              "report.checkpoints": ["2020-12"]})
    s0 = spec.horizon.start
    status = np.array([
        [ACT, DEG, NL],   # row 0: the initial state, not counted in app-years
        [ACT, DEG, NL],
        [DEG, DEAD, ACT],
        [ACT, DEAD, DEG],
        [DEAD, DEAD, DEG],
    ], dtype=np.int8)
    launch = [s0 - 24, s0 - 6, s0 + 2]
    death = [s0 + 4, s0 + 2, -1]
    cause = [int(Cause.HANDOVER_CUT), int(Cause.ABANDONED), -1]
    return _model(spec, status, launch, death, cause, citizens=[100, 10, 20, 30, 40], cost=[0, 5, 5, 7, 9])


def test_checkpoints_are_listed_months_elections_and_the_end_in_time_order(baseline):
    spec = _spec(baseline, **{"report.checkpoints": ["2024-11", "2022-12"]})
    points = checkpoints(spec)
    assert [p.month for p in points] == sorted(p.month for p in points)
    why = {p.label: p.why for p in points}
    assert why["2024-11"] == "listed", "a month listed and an election keeps its first reason"
    assert why["2020-12"] == "election" and why[format_month(spec.horizon.end)] == "end"
    assert not points[0].month < spec.horizon.start
    assert {p.why: p.headline for p in points} == {"listed": True, "election": False, "end": True}, \
        "elections are shown in the summary only"


def test_every_outcome_is_its_definition(small):
    got = measure(small)
    assert got["app_years"] == pytest.approx((2 + 2 + 2 + 1) / 12), "active AND degraded months after the start"
    assert got["apps_active_2020-12"] == 1 and got["apps_live_2020-12"] == 2
    assert got["apps_active_2021-02"] == 0 and got["apps_live_2021-02"] == 1
    assert got["mean_app_lifetime_years"] == pytest.approx(np.mean([28, 8, 2]) / 12)
    assert got["citizen_months"] == 100, "the initial state's row is not a month of use"
    assert got["strategy_cost_rp"] == 26
    assert got["deaths_handover_cut"] == 1 and got["deaths_abandoned"] == 1 and got["deaths_total"] == 2
    assert got["deaths_discontinued"] == 0


def test_app_years_count_degraded_months_as_live(small):
    """A run whose apps are all degraded has as many app-years as one whose apps are all active."""
    small.recorder.status[1:] = DEG
    degraded = measure(small, ["app_years"])["app_years"]
    small.recorder.status[1:] = ACT
    assert degraded == measure(small, ["app_years"])["app_years"] == pytest.approx(4 * 3 / 12)


def test_lifetime_counts_only_launched_apps_and_is_zero_when_none_launched(small):
    small.apps.launch[2] = small.month + 1
    assert measure(small, ["mean_app_lifetime_years"])["mean_app_lifetime_years"] == pytest.approx(18 / 12)
    small.apps.launch[:] = small.month + 1
    assert measure(small, ["mean_app_lifetime_years"])["mean_app_lifetime_years"] == 0.0


def test_which_way_is_better(baseline):
    outcomes = registry(baseline.spec)
    lower = {name for name, o in outcomes.items() if o.better == "lower"}
    assert lower == {"strategy_cost_rp", "deaths_total", *[f"deaths_{c.key}" for c in Cause]}
    assert all(o.better == "higher" for name, o in outcomes.items() if name not in lower)
    assert {o.name for o in outcomes.values() if o.integer} >= {"deaths_total", "apps_active_2030-12"}


def test_counts_print_whole_or_as_a_half():
    assert (fmt_count(3.0), fmt_count(3.5), fmt_count(2.9999999999)) == ("3", "3.5", "3")


@pytest.mark.skipif(config.DISABLE_JIT, reason="a whole run needs the compiled engine")
def test_outcomes_of_a_real_run_match_its_recorded_series(baseline):
    from binjai_sim import run_scenario

    result = run_scenario(baseline, seed=4, replicates=1)
    series, m = result.series, result.metrics.iloc[0]
    after = series[series.month > baseline.spec.horizon.start]
    assert m["app_years"] == pytest.approx((after.active + after.degraded).sum() / 12)
    assert m["citizen_months"] == pytest.approx(after.citizens_using.sum())
    end = series[series.month == baseline.spec.horizon.end].iloc[0]
    assert m["apps_active_2030-12"] == end.active and m["apps_live_2030-12"] == end.active + end.degraded
    deaths = result.events[result.events.kind == "death"]
    assert m["deaths_total"] == len(deaths) == end.dead
    for cause in Cause:
        assert m[f"deaths_{cause.key}"] == (deaths.cause == cause.key).sum()


def _metrics(diffs, outcome="app_years", base=100.0):
    n = len(diffs)
    rows = [{"scenario": "ref", "replicate": r, "draw": 0, outcome: base} for r in range(n)]
    rows += [{"scenario": "pkg", "replicate": r, "draw": 0, outcome: base + d} for r, d in enumerate(diffs)]
    return pd.DataFrame(rows)


def _row(baseline, diffs, outcome):
    table = paired_table(_metrics(diffs, outcome), ["ref", "pkg"], [], baseline.spec)
    return table[table.outcome == outcome].iloc[0]


def test_lower_is_better_outcomes_cannot_flip_sign(baseline):
    outcome = "strategy_cost_rp"
    cheaper = _row(baseline, [-5.0] * 30, outcome)  # 30 of 30: the band (0.92-1.00) clears 0.90
    assert cheaper.p_better == 1.0 and cheaper.p_worse == 0.0 and cheaper.verdict == "robust: better"
    assert cheaper["mean"] == pytest.approx(-5.0), "the difference keeps its sign; only the verdict reads it"
    dearer = _row(baseline, [5.0] * 30, outcome)
    assert dearer.p_better == 0.0 and dearer.p_worse == 1.0 and dearer.verdict == "robust: worse"


def test_higher_is_better_outcomes(baseline):
    row = _row(baseline, [2.0] * 30, "app_years")
    assert row.p_better == 1.0 and row.verdict == "robust: better"
    assert _row(baseline, [-2.0] * 30, "app_years").verdict == "robust: worse"
    assert _row(baseline, [0.0] * 30, "app_years").verdict == "no difference"
    # 10 of 10 is a share of 1.00 but its band (0.79-1.00) straddles 0.90: more draws are needed
    assert _row(baseline, [2.0] * 10, "app_years").verdict == "undecided"


@pytest.mark.parametrize(("better", "word"), [(30, "robust: better"), (27, "undecided"), (20, "not robust")])
def test_the_robustness_rule_reads_the_band_of_p_better(baseline, better, word):
    """Of 30 units: all agreeing clears 0.90 with its band; 27 (a share of exactly 0.90) leaves the band
    straddling it; 20 leaves both bands below it."""
    assert ROBUST == 0.9
    diffs = [1.0] * better + [-1.0] * (30 - better)
    row = _row(baseline, diffs, "app_years")
    assert row.p_better == pytest.approx(better / 30) and row.verdict == word
    assert (row.band_low, row.band_high) == pytest.approx(wilson(better, 30))
    worse = _row(baseline, [-d for d in diffs], "app_years")
    assert worse.p_worse == pytest.approx(better / 30) and worse.verdict == word.replace("better", "worse")
    cost = _row(baseline, [-d for d in diffs], "strategy_cost_rp")  # lower is better: same verdict
    assert cost.p_better == pytest.approx(better / 30) and cost.verdict == word


def test_verdict_words_at_their_edges():
    assert classify((0.9, 1.0), (0.0, 0.1)) == "robust: better" and classify((0.0, 0.1), (0.9, 1.0)) == "robust: worse"
    assert classify((np.nextafter(0.9, 0), 1.0), (0.0, 0.1)) == "undecided"
    assert classify((0.5, np.nextafter(0.9, 0)), (0.0, np.nextafter(0.9, 0))) == "not robust"
    assert verdict(0, 0, 10) == "no difference" and verdict(5, 5, 10) == "not robust"


def test_paired_statistics_are_the_stated_ones(baseline):
    diffs = np.array([3.0, -1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 0.0, 3.0])
    row = _row(baseline, diffs, "app_years")
    se = diffs.std(ddof=1) / np.sqrt(diffs.size)
    assert row["mean"] == pytest.approx(diffs.mean())
    assert (row.mean_low, row.mean_high) == pytest.approx((diffs.mean() - 1.645 * se, diffs.mean() + 1.645 * se))
    assert (row.p05, row.p95) == pytest.approx((np.quantile(diffs, 0.05), np.quantile(diffs, 0.95)))
    assert (row.p_better, row.p_worse, row.units, row.unit) == (0.8, 0.1, 10, "replicate")


def test_draws_are_the_unit_when_there_are_several_and_runs_are_averaged_within_a_draw(baseline):
    rows = []
    for d in range(10):
        for r in range(2):
            rows.append({"scenario": "ref", "replicate": r, "draw": d, "app_years": 10.0})
            rows.append({"scenario": "pkg", "replicate": r, "draw": d, "app_years": 10.0 + (3.0 if r else -1.0)})
    table = paired_table(pd.DataFrame(rows), ["ref", "pkg"], [], baseline.spec)
    row = table[table.outcome == "app_years"].iloc[0]
    assert row.unit == "draw" and row.units == 10 and row["mean"] == pytest.approx(1.0) and row.p_better == 1.0


def test_the_paired_outcomes(baseline):
    assert paired_outcomes(["2022-12"]) == ["app_years", "apps_active_2022-12", "citizen_months", "strategy_cost_rp"]
    assert parse_month("2022-12") in [c.month for c in checkpoints(baseline.spec)]


def test_the_comparison_table_prices_extra_app_years_from_paired_differences():
    rows = []
    for r in range(4):
        base = {f"deaths_{c.key}": 1.0 for c in Cause} | {"citizen_months": 5.0}
        rows.append({"scenario": "ref", "replicate": r, "app_years": 10.0 + r, "strategy_cost_rp": 100.0, **base})
        rows.append({"scenario": "pkg", "replicate": r, "app_years": 12.0 + r, "strategy_cost_rp": 400.0, **base})
        rows.append({"scenario": "worse", "replicate": r, "app_years": 9.0 + r, "strategy_cost_rp": 400.0, **base})
    table = comparison_table(pd.DataFrame(rows), ["ref", "pkg", "worse"], []).set_index("scenario")
    assert table.loc["pkg", "extra_app_years_vs_reference"] == pytest.approx(2.0)
    assert table.loc["pkg", "cost_per_extra_app_year_rp"] == pytest.approx(300.0 / 2.0)
    assert np.isnan(table.loc["ref", "cost_per_extra_app_year_rp"]), "the reference has no extra years"
    assert np.isnan(table.loc["worse", "cost_per_extra_app_year_rp"]), "no price for fewer app-years"
    assert table.loc["pkg", "app_years_mean"] == pytest.approx(13.5)
