"""Which apps to save first, what packages cost, and the one-page brief: built from constructed
comparisons whose answers are known, and from a small real comparison read back from its folder."""

import re
import shutil

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from binjai_sim.analysis.report.brief import WORD_BUDGET, Verdict, recommend, surprise, wilson
from binjai_sim.analysis.report.costs import agency_shares, by_agency, cost_lines, months_by_year
from binjai_sim.analysis.report.folders import read_comparison, read_run
from binjai_sim.analysis.report.money import rupiah, rupiah_range
from binjai_sim.analysis.report.planning import Plan, agency_year_totals, read_plan
from binjai_sim.analysis.report.priorities import agencies, app_chances, ranking
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.i18n import use
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.strategy_priors import load_strategy_priors

from .conftest import ROOT

END = "2030-12"


def _events(rows):
    """rows: (scenario, replicate, kind, app, date, cause)"""
    return pd.DataFrame([{"scenario": s, "draw": 0, "replicate": r, "month": parse_month(d), "date": d, "kind": k,
                          "app": a, "cause": cause} for s, r, k, a, d, cause in rows])


def _constructed():
    """Ten paired runs of three apps. Without the package: A dies in 8 runs, B in 4, C never
    (C launches only in 2028). With it: A dies in 2, B in 4 (a run the package does not save
    swaps with one it does), C never."""
    metrics = pd.DataFrame([{"scenario": s, "draw": 0, "replicate": r} for s in ("base", "pkg") for r in range(10)])
    rows = []
    for s in ("base", "pkg"):
        for r in range(10):
            rows += [(s, r, "launch", "A", "2017-01", None), (s, r, "launch", "B", "2017-01", None),
                     (s, r, "launch", "C", "2028-06", None)]
    rows += [("base", r, "death", "A", "2021-05", "abandonment") for r in range(8)]
    rows += [("base", r, "death", "B", "2019-02", "handover_cut") for r in range(4)]
    rows += [("pkg", r, "death", "A", "2022-01", "technical_failure") for r in range(2)]
    rows += [("pkg", r, "death", "B", "2019-02", "handover_cut") for r in range(1, 5)]
    return _events(rows), metrics


def test_apps_are_ranked_by_what_a_package_saves_with_paired_gains_and_the_cause_of_loss():
    events, metrics = _constructed()
    chances = app_chances(events, metrics, ["base", "pkg"], ["A", "B", "C"], ["2020-12", END])
    at_end = chances[chances.date == END].set_index("app")
    assert at_end.loc["A", "p_without"] == pytest.approx(0.2) and at_end.loc["A", "p_with"] == pytest.approx(0.8)
    assert at_end.loc["B", "gain"] == pytest.approx(0.0) and at_end.loc["C", "p_without"] == pytest.approx(1.0)
    assert at_end.loc["A", "gain_low"] > 0  # six of ten paired runs saved: the interval excludes zero
    assert at_end.loc["B", "gain_low"] < 0 < at_end.loc["B", "gain_high"]  # one saved, one lost: no signal
    assert at_end.loc["A", "cause_without"] == "abandonment" and at_end.loc["A", "p_cause_without"] == 0.8
    early = chances[chances.date == "2020-12"].set_index("app")
    assert early.loc["C", "p_without"] == 0.0  # not launched yet is not running
    assert early.loc["A", "p_without"] == 1.0  # A's deaths come in 2021
    owners = {"A": "Dinas X", "B": "Dinas Y", "C": "Dinas Y"}
    ranked = ranking(chances, owners, END)
    assert list(ranked["app"]) == ["A", "B", "C"]  # A gains; B (0.6 without) before C (1.0 without)
    assert list(ranked["rank"]) == [1, 2, 3]
    per = agencies(chances, owners, END)
    assert list(per["agency"]) == ["Dinas X", "Dinas Y"]
    assert per.set_index("agency").loc["Dinas Y", "without"] == pytest.approx(1.6)


def test_each_agency_carries_its_share_and_the_shares_add_up_to_the_package():
    inventory = [{"owner_agency": a} for a in ("Diskominfo", "Diskominfo", "Dinkes", "Disdukcapil", "Dinkes")]
    first, last = parse_month("2017-01"), parse_month("2030-12")
    strategies = [{"name": "smart_city_unit", "start": "2017-03"},
                  {"name": "council_earmark", "start": "2020-07", "end": "2024-06", "intensity": 0.5}]
    lines = cost_lines(strategies, first, last, load_strategy_priors(), np.random.default_rng(1))
    unit = next(x for x in lines if x.strategy == "smart_city_unit")
    assert unit.per_year[2017] == 10 * 8.0e6 and unit.per_year[2030] == 12 * 8.0e6 and unit.annual == 96.0e6
    earmark = next(x for x in lines if x.strategy == "council_earmark")
    assert earmark.per_year[2020] == 6 * 0.5 * 15.0e6 and 2025 not in earmark.per_year
    assert unit.low < unit.annual < unit.high  # the catalogue's cost inside its prior range
    # the money an earmark moves is the planner's choice, not an uncertain cost: no range
    assert earmark.low == earmark.annual == earmark.high
    assert earmark.funding == "city_budget" and unit.funding == "it_budget"
    shares = agency_shares(inventory)
    assert shares == {"Dinkes": 0.4, "Diskominfo": 0.4, "Disdukcapil": 0.2}
    per = by_agency(lines, shares)
    for year in range(2017, 2031):
        assert sum(per[a].get(year, 0.0) for a in per) == pytest.approx(sum(x.per_year.get(year, 0.0) for x in lines))
    assert sum(sum(v.values()) for v in per.values()) == pytest.approx(sum(x.total for x in lines))
    again = cost_lines(strategies, first, last, load_strategy_priors(), np.random.default_rng(1))
    assert [(x.low, x.high) for x in again] == [(x.low, x.high) for x in lines]  # same seed, same ranges
    assert months_by_year(parse_month("2029-11"), None, first, last) == {2029: 2, 2030: 12}


def test_rupiah_read_in_juta_and_miliar_with_each_languages_decimal_mark():
    with use("id"):
        assert rupiah(250e6) == "Rp250 juta" and rupiah(2.5e6) == "Rp2,5 juta"
        assert rupiah(1.25e9) == "Rp1,25 miliar" and rupiah(12_345e9) == "Rp12.345,00 miliar"
        assert rupiah(96e6, "miliar") == "Rp0,10 miliar"  # a table's one unit for every row
        assert rupiah_range(18e6, 72e6) == "Rp18-72 juta" and rupiah_range(0.5e9, 2e9) == "Rp0,50-2,00 miliar"
    with use("en"):
        assert rupiah(1.25e9) == "Rp1.25 billion" and rupiah(2.5e6) == "Rp2.5 million"
        assert rupiah(12_345e9) == "Rp12,345.00 billion"


def _verdict(package, gain, p, cost, verdict="robust: better", strategies=()):
    low, high = wilson(p, 40)
    return Verdict(package, package, gain, gain - 1, gain + 1, p, low, high, 40, "replicate", verdict, cost,
                   cost / 2, cost * 2, list(strategies), total=10 * cost)


def test_the_recommendation_is_the_robust_package_with_most_app_years_per_rupiah():
    cheap = _verdict("cheap", 2.0, 0.95, 100e6)  # 2 app-years per Rp1 miliar spent
    big = _verdict("big", 10.0, 0.99, 1e9)  # 1 per miliar
    fragile = _verdict("fragile", 30.0, 0.7, 50e6, "not robust")  # the best value, but not robust
    assert recommend([big, cheap, fragile]) is cheap
    assert recommend([fragile]) is None
    assert cheap.per_rupiah() == pytest.approx(2.0) and cheap.per_rupiah(high=True) == pytest.approx(1.0)
    assert wilson(1.0, 40)[0] < 1.0 and wilson(0.0, 40)[1] > 0.0  # honest even when every run agrees


def test_a_package_that_costs_money_and_loses_app_years_is_explained():
    plan = Plan([END], None, {}, {}, (2017, 2030), {})
    with use("en"):
        retire = surprise(_verdict("institutional", -1.7, 0.2, 1e9, "not robust",
                                   ["smart_city_unit", "portfolio_rationalisation"]), plan)
        assert "retires weak apps on purpose" in retire and "-1.7" in retire
        assert surprise(_verdict("good", 3.0, 0.95, 1e9), plan) is None
    with use("id"):
        assert "sengaja menutup" in surprise(_verdict("kelembagaan", -1.7, 0.2, 1e9, "not robust",
                                                      ["portfolio_rationalisation"]), plan)


CONTOH = ROOT / "scenarios" / "cities" / "contoh"


@pytest.fixture(scope="module")
def contoh(tmp_path_factory):
    """A small real comparison of the illustrative city with two packages, reported with the brief."""
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(CONTOH / "scenario.yaml"), "--replicates", "3", "--out", str(out)]) == 0
    assert main(["compare", str(CONTOH / "scenario.yaml"), str(CONTOH / "strategies" / "institutional.yaml"),
                 str(CONTOH / "strategies" / "low_fiscal_capacity.yaml"), "--replicates", "3", "--out", str(out),
                 "--name", "cmp"]) == 0
    for lang in ("id", "en"):
        assert main(["report", str(out / "contoh"), "--comparison", str(out / "cmp"), "--brief", "--lang", lang]) == 0
    return out / "contoh", out / "cmp"


@pytest.mark.slow
def test_the_planned_costs_are_what_the_runs_spent_and_the_agencies_add_up(contoh):
    run, cmp = contoh
    with use("en"):
        plan = read_plan(read_run(run), read_comparison(cmp))
    metrics = pd.read_parquet(cmp / "metrics.parquet")
    for package, lines in plan.costs.items():
        spent = metrics[metrics.scenario == package]["strategy_cost_rp"].mean()
        assert sum(x.total for x in lines) == pytest.approx(spent)  # the cost model is the engine's
        per = agency_year_totals(plan, package)
        assert sum(sum(v.values()) for v in per.values()) == pytest.approx(spent)
    book = load_workbook(run / "report_id.xlsx")
    assert {"Prioritas aplikasi", "Biaya", "Aplikasi per paket", "Biaya per tahun"} <= set(book.sheetnames)
    rows = [r for r in book["Aplikasi per paket"].iter_rows(min_row=3, values_only=True) if r[1] is not None]
    assert len(plan.dates) == 4 and len(rows) == 2 * 15 * 4  # every package, app and checkpoint
    assert all(isinstance(r[4], (int, float)) for r in rows)  # chances as numbers


def test_the_brief_reads_in_bahasa_first_within_its_word_budget_without_code_paths(contoh):
    run, cmp = contoh
    html = (run / "brief_id.html").read_text(encoding="utf-8")
    page = html.split('id="brief-page"')[1].split("</section>")[0]
    words = len(re.sub(r"<[^>]+>", " ", page).split())
    assert 60 < words <= WORD_BUDGET
    assert "Rekomendasi" in page and "Asumsi" in page and "Yang dapat mengubahnya" in page
    assert re.search(r"Rp\d+(,\d+)? (juta|miliar)", page) and "million" not in page
    appendix = html.split('id="appendix"')[1]
    assert "national." not in appendix and "[SIPD" not in appendix  # human names, no scenario paths
    assert "bulan SIPD modul keuangan mulai berlaku" in appendix
    english = (run / "brief_en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "What would change it" in english
    assert "report_id.html" in html  # points to the full report in its own language


def test_a_brief_without_a_comparison_is_refused_with_what_it_needs(contoh, capsys):
    run, _ = contoh
    assert main(["report", str(run), "--brief", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "--brief" in err and "--comparison" in err


@pytest.mark.slow
def test_a_brief_from_a_comparison_without_app_results_is_refused_before_anything_is_written(contoh, tmp_path,
                                                                                           capsys):
    run, cmp = contoh
    old, folder = tmp_path / "old", tmp_path / "run"
    shutil.copytree(cmp, old)
    shutil.copytree(run, folder)
    (old / "app_events.parquet").unlink()
    for f in folder.glob("report_*"):
        f.unlink()
    assert main(["report", str(folder), "--comparison", str(old), "--brief", "--lang", "en"]) == 2
    assert "run binjai-sim compare again" in capsys.readouterr().err
    assert not list(folder.glob("report_*")) and not list(folder.glob("brief_*.tmp"))
    assert main(["report", str(folder), "--comparison", str(old), "--lang", "en"]) == 0  # the report says so
    assert "binjai-sim compare again" in (folder / "report_en.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_brief_prints_on_one_a4_page(contoh):
    from .browser import chromium

    run, _ = contoh
    with chromium() as browser:
        for lang in ("id", "en"):
            page = browser.new_page()
            page.goto((run / f"brief_{lang}.html").as_uri())
            page.evaluate("document.getElementById('appendix').remove()")
            pdf = page.pdf(format="A4")
            assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
            page.close()


def test_an_app_no_package_helps_names_no_best_package():
    from types import SimpleNamespace

    from binjai_sim.analysis.report.planning import _package_cell

    labels = {"resources": "Resources"}
    helped = _package_cell(SimpleNamespace(gain=0.02, package="resources"), labels)
    unhelped = _package_cell(SimpleNamespace(gain=0.004, package="resources"), labels)
    hurt = _package_cell(SimpleNamespace(gain=-0.1, package="resources"), labels)
    with use("en"):
        none = _package_cell(SimpleNamespace(gain=0.0, package="resources"), labels)
    assert helped.text == "Resources"
    assert "Resources" not in unhelped.text and "Resources" not in hurt.text
    assert none.text.startswith("none helps")


def test_the_brief_says_from_which_month_its_strategies_act(contoh):
    run, _ = contoh
    summary = read_run(run).summary
    month = summary["timing"]["from"]
    html = (run / "brief_id.html").read_text(encoding="utf-8")
    assert "Kapan strategi berjalan" in html and f"proyeksi mulai {month}" in html
    assert f"projection from {month}" in (run / "brief_en.html").read_text(encoding="utf-8")
