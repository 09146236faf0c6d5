"""What a reader of a comparison relies on, checked on small hand-made frames (no simulation):
which scenario is the reference, the sign and units of a difference, interval bounds, rounding,
the verdict words and their bands, column order and labels in comparison.csv, paired.csv and
comparison.md."""

from datetime import date
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from binjai_sim.analysis.compare import (
    app_events_by_scenario,
    comparison_table,
    describe_rule,
    describe_units,
    markdown_table,
    outcome_name,
    p_better_band,
    paired_markdown,
    paired_table,
    scenario_label,
    series_by_scenario,
    structure_order,
    verdict_name,
)
from binjai_sim.analysis.verdicts.rule import verdict, wilson
from binjai_sim.base.i18n import name, t, use
from binjai_sim.base.vocabulary import CAUSES

DATE = "2022-12"
ACTIVE = f"apps_active_{DATE}"


def _metrics() -> pd.DataFrame:
    """Five paired runs of a reference and two packages; the package is listed first, so the
    reference can only be found by its place in ``names``."""
    rows = []
    for r in range(5):
        deaths = {f"deaths_{c}": float(i + r % 2) for i, c in enumerate(CAUSES)}
        rows.append({"scenario": "pkg", "replicate": r, "draw": 0, ACTIVE: 4.0 + r, "app_years": 12.0 + r,
                     "citizen_months": 1_234_567.0 + 1000 * r, "strategy_cost_rp": 2.5e9, **deaths})
        rows.append({"scenario": "ref", "replicate": r, "draw": 0, ACTIVE: 3.0 + r, "app_years": 10.0 + r,
                     "citizen_months": 1_000_000.0, "strategy_cost_rp": 0.0, **deaths})
        rows.append({"scenario": "worse", "replicate": r, "draw": 0, ACTIVE: 3.0 + r, "app_years": 9.0 + r,
                     "citizen_months": 1_000_000.0, "strategy_cost_rp": 1e9, **deaths})
    return pd.DataFrame(rows)


NAMES = ["ref", "pkg", "worse"]


@pytest.fixture(scope="module")
def table():
    return comparison_table(_metrics(), NAMES, [DATE]).set_index("scenario")


def test_the_comparison_table_has_its_columns_in_reading_order():
    columns = list(comparison_table(_metrics(), NAMES, [DATE]).columns)
    assert columns == ["scenario", f"{ACTIVE}_median", f"{ACTIVE}_p05", f"{ACTIVE}_p95", "app_years_mean",
                       "app_years_p05", "app_years_p95", "extra_app_years_vs_reference", "citizen_months_mean",
                       "strategy_cost_rp_mean", "cost_per_extra_app_year_rp", *[f"deaths_{c}_mean" for c in CAUSES]]
    assert list(comparison_table(_metrics(), NAMES, [DATE]).scenario) == NAMES, "rows in the order compared"


def test_the_comparison_table_intervals_are_the_5_and_95_percent_quantiles(table):
    assert table.loc["ref", f"{ACTIVE}_median"] == 5.0
    assert (table.loc["ref", f"{ACTIVE}_p05"], table.loc["ref", f"{ACTIVE}_p95"]) == pytest.approx((3.2, 6.8))
    assert (table.loc["pkg", "app_years_p05"], table.loc["pkg", "app_years_p95"]) == pytest.approx((12.2, 15.8))
    assert table.loc["pkg", "app_years_mean"] == pytest.approx(14.0)
    assert table.loc["pkg", "citizen_months_mean"] == pytest.approx(1_236_567.0)
    assert table.loc["pkg", "strategy_cost_rp_mean"] == pytest.approx(2.5e9)
    assert table.loc["pkg", f"deaths_{CAUSES[1]}_mean"] == pytest.approx(1.4)  # 1, 2, 1, 2, 1


def test_a_checkpoint_not_in_the_metrics_is_left_out_of_the_table():
    columns = comparison_table(_metrics(), NAMES, [DATE, "2030-12"]).columns
    assert not any("2030-12" in c for c in columns)


def test_extra_app_years_are_against_the_first_named_scenario_with_their_sign(table):
    assert table.loc["ref", "extra_app_years_vs_reference"] == 0.0
    assert table.loc["pkg", "extra_app_years_vs_reference"] == pytest.approx(2.0)
    assert table.loc["worse", "extra_app_years_vs_reference"] == pytest.approx(-1.0)
    swapped = comparison_table(_metrics(), ["pkg", "ref", "worse"], [DATE]).set_index("scenario")
    assert swapped.loc["ref", "extra_app_years_vs_reference"] == pytest.approx(-2.0)


def test_a_price_per_extra_app_year_only_for_more_app_years(table):
    assert table.loc["pkg", "cost_per_extra_app_year_rp"] == pytest.approx(2.5e9 / 2.0)
    assert np.isnan(table.loc["ref", "cost_per_extra_app_year_rp"])
    assert np.isnan(table.loc["worse", "cost_per_extra_app_year_rp"])
    same = _metrics()
    same.loc[same.scenario == "pkg", "app_years"] = same.loc[same.scenario == "ref", "app_years"].to_numpy()
    even = comparison_table(same, NAMES, [DATE]).set_index("scenario")
    assert np.isnan(even.loc["pkg", "cost_per_extra_app_year_rp"]), "no extra years: no price, not infinity"


def _cells(markdown: str, row: int) -> list[str]:
    return [c.strip() for c in markdown.splitlines()[row].strip("|").split("|")]


def test_the_markdown_table_header_and_separator():
    with use("en"):
        md = markdown_table(comparison_table(_metrics(), NAMES, [DATE]))
        closed = [f"closed: {name('cause', c)}" for c in CAUSES]
    head = ["scenario", f"active {DATE}", "app-years", "extra app-years", "citizen-months (thousand)",
            "strategy cost (Rp million)", "Rp million per extra app-year", *closed]
    assert _cells(md, 0) == head
    assert md.splitlines()[1] == "|" + "---|" * len(head)
    assert len(md.splitlines()) == 2 + len(NAMES) and md.endswith("\n")


def test_the_markdown_table_rounds_counts_and_scales_money_and_citizen_months():
    labels = {"ref": "Today's apps", "pkg": "Keep\x1b[31m alive"}
    with use("en"):
        md = markdown_table(comparison_table(_metrics(), NAMES, [DATE]), labels)
    ref, pkg, worse = (_cells(md, i) for i in (2, 3, 4))
    assert ref[:7] == ["Today's apps", "5 [3-7]", "12.0 [10.2-13.8]", "+0.0", "1,000", "0", "-"]
    # 3.2 and 6.8 round to 3 and 7; 1,236,567 citizen-months are 1,237 thousand; Rp 2.5e9 is 2,500 million
    assert pkg[:7] == ["Keep\\x1b[31m alive", "6 [4-8]", "14.0 [12.2-15.8]", "+2.0", "1,237", "2,500", "1,250.0"]
    assert worse[:7] == ["worse", "5 [3-7]", "11.0 [9.2-12.8]", "-1.0", "1,000", "1,000", "-"]
    assert pkg[7:] == [f"{i + 0.4:.1f}" for i in range(len(CAUSES))]


def test_the_markdown_table_in_bahasa_indonesia_swaps_the_separators():
    with use("id"):
        md = markdown_table(comparison_table(_metrics(), NAMES, [DATE]))
    assert _cells(md, 3)[2:7] == ["14,0 [12,2-15,8]", "+2,0", "1.237", "2.500", "1.250,0"]


def test_a_median_between_two_runs_shows_its_half():
    metrics = _metrics()
    metrics = metrics[metrics.replicate < 4]
    with use("en"):
        md = markdown_table(comparison_table(metrics, NAMES, [DATE]))
    assert _cells(md, 2)[1] == "4.5 [3-6]"  # runs 3, 4, 5, 6: quantiles 3.15 and 5.85


def _paired(spec, names=("ref", "pkg"), metrics=None) -> pd.DataFrame:
    return paired_table(_metrics() if metrics is None else metrics, list(names), [DATE], spec)


def test_paired_rows_are_each_package_against_the_reference_per_outcome_in_order(baseline):
    paired = _paired(baseline.spec, NAMES)
    assert list(paired.scenario) == ["pkg"] * 4 + ["worse"] * 4
    assert list(paired.outcome[:4]) == ["app_years", ACTIVE, "citizen_months", "strategy_cost_rp"]
    assert list(paired.columns[:5]) == ["scenario", "outcome", "unit", "units", "mean"]
    assert set(paired.unit) == {"replicate"} and set(paired.units) == {5}


def test_a_paired_difference_keeps_its_sign_and_its_interval_brackets_the_mean(baseline):
    paired = _paired(baseline.spec, NAMES).set_index(["scenario", "outcome"])
    years = paired.loc[("pkg", "app_years")]
    assert years["mean"] == pytest.approx(2.0) and years.mean_low == years.mean_high == pytest.approx(2.0)
    cost = paired.loc[("pkg", "strategy_cost_rp")]
    assert cost["mean"] == pytest.approx(2.5e9), "a dearer package has a positive cost difference"
    assert (cost.p_better, cost.p_worse) == (0.0, 1.0) and cost.verdict == verdict(0, 5, 5)
    citizens = paired.loc[("pkg", "citizen_months")]  # differences 234,567 + 1000 r
    diffs = 234_567.0 + 1000 * np.arange(5)
    half = 1.645 * diffs.std(ddof=1) / np.sqrt(5)
    assert (citizens.mean_low, citizens.mean_high) == pytest.approx((diffs.mean() - half, diffs.mean() + half))
    assert citizens.mean_low < citizens["mean"] < citizens.mean_high
    assert (citizens.p05, citizens.p95) == pytest.approx((np.quantile(diffs, 0.05), np.quantile(diffs, 0.95)))
    worse = paired.loc[("worse", "app_years")]
    assert worse["mean"] == pytest.approx(-1.0) and (worse.p_better, worse.p_worse) == (0.0, 1.0)


def test_the_band_of_p_better_is_the_wilson_interval_of_the_wins(baseline):
    metrics = _metrics()
    pkg = metrics.scenario == "pkg"
    metrics.loc[pkg & (metrics.replicate == 0), "app_years"] = 5.0  # one of five worse
    metrics.loc[pkg & (metrics.replicate == 1), "app_years"] = 11.0  # one ties
    row = _paired(baseline.spec, metrics=metrics).set_index("outcome").loc["app_years"]
    assert (row.p_better, row.p_worse) == (0.6, 0.2)
    assert (row.band_low, row.band_high) == pytest.approx(wilson(3, 5))
    assert row.verdict == verdict(3, 1, 5)


def test_one_unit_has_no_interval_of_the_mean(baseline):
    metrics = _metrics()
    row = _paired(baseline.spec, metrics=metrics[metrics.replicate == 0]).iloc[0]
    assert row.units == 1 and np.isnan(row.mean_low) and np.isnan(row.mean_high)


def _draws(structures: list[str]) -> pd.DataFrame:
    """Eight draws of one run; the package wins in draws 0-5, loses in 6 and ties in 7."""
    rows = []
    for d in range(8):
        s = structures[d % len(structures)]
        rows.append({"scenario": "ref", "replicate": d, "draw": d, "structure": s, "app_years": 10.0})
        rows.append({"scenario": "pkg", "replicate": d, "draw": d, "structure": s,
                     "app_years": 11.0 if d < 6 else 9.0 if d == 6 else 10.0})
    return pd.DataFrame(rows)


def test_p_better_per_structure_is_the_share_of_that_structures_draws(baseline):
    row = _paired(baseline.spec, metrics=_draws(["constant", "five_factor"])).iloc[0]
    assert row.unit == "draw" and row.units == 8
    # five_factor: draws 1, 3, 5, 7 (3 wins, a tie is no win); constant: 0, 2, 4, 6 (3 wins)
    assert (row.p_better_five_factor, row.draws_five_factor) == (0.75, 4)
    assert (row.p_better_constant, row.draws_constant) == (0.75, 4)
    uneven = _draws(["constant", "constant", "age", "constant"])  # age: draws 2 and 6 (1 win)
    row = _paired(baseline.spec, metrics=uneven).iloc[0]
    assert (row.p_better_age, row.draws_age, row.p_better_constant, row.draws_constant) == (0.5, 2, 5 / 6, 6)
    single = _paired(baseline.spec, metrics=_draws(["age"]))
    assert not [c for c in single.columns if c.startswith("p_better_")], "one structure: no per-structure column"


def test_structures_are_ordered_as_the_calibration_lists_them_unknown_ones_last():
    assert structure_order(["constant", "zeta", "five_factor", "alpha", "age"]) == [
        "five_factor", "age", "constant", "alpha", "zeta"]


def _paired_frame(**extra) -> pd.DataFrame:
    rows = [
        {"scenario": "pkg", "outcome": "citizen_months", "unit": "replicate", "units": 20, "mean": 2500.0,
         "mean_low": 1500.0, "mean_high": 3500.0, "p05": -1000.0, "p95": 6000.0, "p_better": 0.85,
         "band_low": 0.7, "band_high": 0.93, "p_worse": 0.1, "verdict": "undecided"},
        {"scenario": "pkg", "outcome": "strategy_cost_rp", "unit": "replicate", "units": 20, "mean": 3e9,
         "mean_low": np.nan, "mean_high": np.nan, "p05": 2e9, "p95": 4e9, "p_better": 0.0,
         "band_low": 0.0, "band_high": 0.12, "p_worse": 1.0, "verdict": "robust: worse"},
        {"scenario": "ref2", "outcome": ACTIVE, "unit": "replicate", "units": 20, "mean": -1.26,
         "mean_low": -2.0, "mean_high": -0.5, "p05": -3.0, "p95": 0.0, "p_better": 0.05,
         "band_low": 0.01, "band_high": 0.2, "p_worse": 0.9, "verdict": "not robust"},
    ]
    return pd.DataFrame([r | extra for r in rows])


def test_the_paired_markdown_shows_differences_in_the_tables_units():
    with use("en"):
        md = paired_markdown(_paired_frame(), {"pkg": "Keep alive"})
    assert _cells(md, 0) == ["scenario", "outcome", "difference, mean [90% interval of the mean]",
                             "5-95% across replicates", "replicates used", "P(better)", "verdict"]
    assert md.splitlines()[1] == "|" + "---|" * 7
    assert _cells(md, 2) == ["Keep alive", "citizen-months (thousand)", "+2.5 [+1.5; +3.5]", "-1.0 to +6.0", "20",
                             "0.85 [0.70-0.93]", "undecided"]
    assert _cells(md, 3) == ["Keep alive", "strategy cost (Rp million)", "+3,000.0", "+2,000.0 to +4,000.0", "20",
                             "0.00 [0.00-0.12]", "robust: worse"]
    assert _cells(md, 4) == ["ref2", f"active {DATE}", "-1.3 [-2.0; -0.5]", "-3.0 to +0.0", "20",
                             "0.05 [0.01-0.20]", "not robust"]
    assert len(md.splitlines()) == 5 and md.endswith("\n")


def test_the_paired_markdown_names_draws_the_prior_and_the_structures():
    frame = _paired_frame(unit="draw", prior_p_better=0.5, prior_band_low=0.3, prior_band_high=0.7,
                          prior_verdict="undecided", p_better_age=0.25, draws_age=12)
    with use("en"):
        md = paired_markdown(frame)
    assert _cells(md, 0)[3:] == ["5-95% across posterior draws", "posterior draws used", "P(better)", "verdict",
                                 "P(better) under the prior", "verdict under the prior", "P(better), age (12 draws)"]
    assert _cells(md, 3)[5:] == ["0.00 [0.00-0.12]", "robust: worse", "0.50 [0.30-0.70]", "undecided", "0.25"]


def test_no_paired_rows_no_paired_markdown():
    assert paired_markdown(pd.DataFrame()) == ""


def test_every_verdict_the_rule_gives_has_a_name_in_both_languages():
    words = {verdict(0, 0, 5), verdict(40, 0, 40), verdict(0, 40, 40), verdict(20, 20, 40), verdict(36, 4, 40)}
    assert words == {"no difference", "robust: better", "robust: worse", "not robust", "undecided"}
    for word in words:
        with use("en"):
            assert verdict_name(word) == word, "comparison.md and paired.csv use the same English words"
        with use("id"):
            assert verdict_name(word) not in (word, f"compare.verdict.{word}")
            assert verdict_name(word) == t(f"compare.verdict.{word.replace(': ', '_').replace(' ', '_')}")


def test_outcome_names_and_the_band_as_a_reader_sees_them():
    with use("en"):
        assert [outcome_name(o) for o in ("app_years", ACTIVE, "citizen_months", "strategy_cost_rp")] == [
            "app-years", f"active {DATE}", "citizen-months (thousand)", "strategy cost (Rp million)"]
        assert p_better_band(0.925, 0.8123, 0.97) == "0.93 [0.81-0.97]"
    with use("id"):
        assert p_better_band(0.5, 0.25, 0.75) == "0,50 [0,25-0,75]"


def test_a_scenario_is_named_by_its_label_else_its_name_in_words():
    assert scenario_label(SimpleNamespace(name="keep_it_alive", spec=SimpleNamespace(label=None))) == "keep it alive"
    assert scenario_label(SimpleNamespace(name="keep_it", spec=SimpleNamespace(label="Plan B"))) == "Plan B"


def _comparison(**extra):
    return SimpleNamespace(**({"paired": _paired_frame(), "cap": 0, "prior_draws": None, "draws": None,
                               "replicates": 3} | extra))


def test_the_rule_is_described_with_its_threshold_units_and_cap():
    with use("en"):
        fixed = describe_rule(_comparison())
        capped = describe_rule(_comparison(cap=120))
        prior = describe_rule(_comparison(cap=120, prior_draws=[]))
    assert "90%" in fixed and "replicates" in fixed and "up to" not in fixed
    assert "up to 120" in capped and "90%" in capped
    assert prior.startswith(capped) and prior != capped and "prior" in prior.removeprefix(capped)


def test_the_units_are_described_by_what_was_run():
    draw = SimpleNamespace
    with use("en"):
        point = describe_units(_comparison(), 42)
        one = describe_units(_comparison(draws=[draw(structure="age")] * 7), 42)
        two = describe_units(_comparison(draws=[draw(structure="constant"), draw(structure="age")]), 42)
    assert point.startswith("3 replicates per scenario") and "seed 42" in point
    assert one.startswith("7 posterior draws, 3 run(s)") and "structures" not in one
    assert two.startswith("2 posterior draws over the structures age, constant")


def _series(offset: int) -> pd.DataFrame:
    return pd.DataFrame({"replicate": [0, 0], "month": [24_276, 24_277], "not_launched": [1, 0],
                         "active": [2 + offset, 3], "degraded": [0, 1], "dead": [0, 0], "users": [9, 9]})


def test_the_series_table_is_by_scenario_and_calendar_month():
    out = series_by_scenario(SimpleNamespace(series={"ref": _series(0), "pkg": _series(5)}))
    assert list(out.columns) == ["scenario", "replicate", "date", "not_launched", "active", "degraded", "dead"]
    assert list(out.scenario) == ["ref", "ref", "pkg", "pkg"]
    assert list(out.date[:2]) == [date(2023, 1, 1), date(2023, 2, 1)]
    assert list(out.active) == [2, 3, 7, 3]


def test_app_events_keep_launches_redesigns_and_closures_only():
    events = pd.DataFrame({"draw": 0, "replicate": [0, 0, 1, 1], "month": [1, 2, 3, 4],
                           "date": ["a", "b", "c", "d"], "kind": ["launch", "election", "death", "redesign"],
                           "app": [1, -1, 1, 2], "cause": ["", "", "abandoned", ""], "detail": "x"})
    out = app_events_by_scenario(SimpleNamespace(events={"ref": events, "pkg": events.iloc[:1]}))
    assert list(out.columns) == ["scenario", "draw", "replicate", "month", "date", "kind", "app", "cause"]
    assert list(out.kind) == ["launch", "death", "redesign", "launch"]
    assert list(out.scenario) == ["ref", "ref", "ref", "pkg"]
