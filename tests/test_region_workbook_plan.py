"""A region workbook plans as a new city's folder does: from today unless its profile names
another month or the counterfactual, with the folder's ``known.candidates`` setting."""

from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.regionbook.reader import load_region
from binjai_sim.runs.conditioning import timing
from tests.test_region_workbook import fill, make


def profile_row(path, key, value) -> None:
    book = load_workbook(path)
    sheet = book["profil"]
    sheet.append([key, value])
    book.save(path)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = make(tmp_path_factory.mktemp("plan"), "bangli", "--region", "Bangli", "--lang", "id")
    fill(path)
    return path


def test_a_workbook_projects_from_the_current_month_and_its_packages_start_then(book):
    region = load_region(book)
    today = datetime.now(UTC)
    month = f"{today.year}-{today.month:02d}"
    for scenario in region.scenarios:
        assert timing(scenario) in ({"kind": "projection", "from": month}, None)
    assert region.packages and all(timing(p) == {"kind": "projection", "from": month} for p in region.packages)
    for package in region.packages:
        assert all(s.start >= package.spec.projection.from_month for s in package.strategies if s.end is None)


def test_a_profile_row_names_the_projection_month_or_the_labelled_counterfactual(tmp_path, book):
    path = tmp_path / "b.xlsx"
    path.write_bytes(book.read_bytes())
    profile_row(path, "proyeksi_dari", "2025-01")
    assert timing(load_region(path).packages[0]) == {"kind": "projection", "from": "2025-01"}
    other = tmp_path / "c.xlsx"
    other.write_bytes(book.read_bytes())
    profile_row(other, "proyeksi_dari", "tidak")
    package = load_region(other).packages[0]
    assert package.spec.projection is None and timing(package)["kind"] == "counterfactual"


def test_known_candidates_is_read_from_the_profile_and_a_bad_value_is_refused_at_its_cell(tmp_path, book):
    path = tmp_path / "b.xlsx"
    path.write_bytes(book.read_bytes())
    profile_row(path, "kandidat_diketahui", 12)
    assert load_region(path).baseline.spec.known.candidates == 12
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(book.read_bytes())
    profile_row(bad, "known.candidates", "banyak")
    with pytest.raises(InputError) as err:
        load_region(bad)
    assert "profil" in str(err.value) and "banyak" in str(err.value)


def test_plan_package_reads_a_workbook_as_its_baseline(tmp_path, book, capsys):
    from binjai_sim.interfaces.cli import main

    out = tmp_path / "out"
    # the workbook loads (its horizon then judges the target): a target past it is the only refusal
    code = main(["plan-package", str(book), "--budget-per-year", "200jt", "--target", "apps-running:2040:5",
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "--target" in err and "UTF-8" not in err
    assert not out.exists()


def test_the_workbooks_priority_sheet_holds_every_app_with_its_interval_and_labels_unlaunched_ones(tmp_path):
    import pandas as pd

    from binjai_sim.analysis.report.parts import Report, Section
    from binjai_sim.analysis.report.planning import TOP, Plan, priorities_section
    from binjai_sim.analysis.report.xlsx import write_xlsx
    from binjai_sim.base.i18n import t, use

    apps = [f"app{i:02d}" for i in range(TOP + 6)]
    rows = [{"package": "pkg", "app": a, "date": "2030-12", "p_without": 0.1, "p_with": 0.1 + i / 100,
             "gain": i / 100, "gain_low": i / 100 - 0.05, "gain_high": i / 100 + 0.05, "cause_without": "",
             "p_cause_without": 0.0} for i, a in enumerate(apps)]
    launches = {a: "2018-01" for a in apps} | {"app00": "2031-06"}
    plan = Plan(["2030-12"], pd.DataFrame(rows), {a: "Dinas" for a in apps}, {}, (2017, 2030), {}, launches)
    with use("id"):
        section = priorities_section(plan, {"pkg": "Paket"})
        page = section.tables[0]
        assert len(page.rows) == TOP  # the page shows the first ones only
        report = Report("id", "judul", "", "", "none", [], [Section("glance", "ringkas"), section], [], [])
        book = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
        sheet = book[t("report.sheet.priorities")]
        top = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == t("plan.col.rank"))
        header = [c.value for c in sheet[top]]
        assert t("plan.col.gain_low") in header and t("plan.col.gain_high") in header
        names = [sheet.cell(row=r, column=2).value for r in range(top + 1, top + 1 + len(apps))]
        assert sorted(names) == apps  # every app, not the page's first ones
        low = header.index(t("plan.col.gain_low")) + 1
        rows = range(top + 1, top + 1 + len(apps))
        assert all(isinstance(sheet.cell(row=r, column=low).value, (int, float)) for r in rows)
        last = names.index("app00") + top + 1
        assert sheet.cell(row=last, column=4).value == t("wording.not_launched")
        notes = [sheet.cell(row=r, column=1).value for r in range(1, sheet.max_row + 1)]
        assert t("plan.priorities.note") not in notes  # "in brackets" is the page's note, not the sheet's


def test_the_brief_never_says_none_is_better_in_90_percent_next_to_one_better_in_all_runs():
    from binjai_sim.analysis.report.brief import _headline
    from binjai_sim.analysis.report.package_verdicts import Verdict, wilson
    from binjai_sim.base.i18n import percent, t, use

    low, high = wilson(1.0, 10)  # 10 of 10 runs better: a band of 79-100%, so undecided
    every = Verdict("all", "all fifteen", 41.3, 35.6, 46.9, 1.0, low, high, 10, "replicate", "undecided",
                    9e8, 8e8, 1e9, [], total=1e10)
    with use("id"):
        lines = _headline(None, [every])
        assert t("plan.brief.none_robust", share=percent(0.9)) not in lines
        assert "10 ulangan" in lines[0] and "100%" in lines[1]
    weak = Verdict("weak", "weak", 1.0, -1.0, 3.0, 0.5, *wilson(0.5, 10), 10, "replicate", "not robust",
                   1e8, 1e8, 1e8, [], total=1e9)
    assert _headline(None, [weak])[0] == t("plan.brief.none_robust", share=percent(0.9))


def test_an_agency_whose_best_package_loses_apps_is_told_none_helps():
    import pandas as pd

    from binjai_sim.analysis.report.planning import Plan, priorities_section
    from binjai_sim.base.i18n import t

    rows = [{"package": p, "app": a, "date": "2030-12", "p_without": 0.5, "p_with": 0.5 + g, "gain": g,
             "gain_low": g - 0.1, "gain_high": g + 0.1, "cause_without": "", "p_cause_without": 0.0}
            for p, a, g in (("a", "x", -0.3), ("b", "x", -0.1), ("a", "y", 0.4), ("b", "y", 0.2))]
    plan = Plan(["2030-12"], pd.DataFrame(rows), {"x": "Dinas X", "y": "Dinas Y"}, {}, (2017, 2030), {})
    section = priorities_section(plan, {"a": "A", "b": "B"})
    agencies = {row[0].text: row for row in section.tables[1].rows}
    assert agencies["Dinas X"][3].text == t("plan.priorities.none_helps") and agencies["Dinas X"][5].text == "-"
    assert agencies["Dinas Y"][3].text == "A" and agencies["Dinas Y"][5].value == pytest.approx(0.4)


def test_a_package_acting_before_a_refused_fact_says_to_project_it_from_after_the_facts(tmp_path):
    from binjai_sim.base.i18n import t, use
    from binjai_sim.runs.runner import run_scenario
    from binjai_sim.scenario.load import load_scenario
    from tests.test_conditioning import region

    # the package's strategies act from 2017-03 (the counterfactual), before the fact
    path = region(tmp_path, {"e-Office": "berhenti;2020-01;rekaan"}, "known: {candidates: 1}\n", strategies=True)
    scenario = load_scenario(path)
    for lang in ("en", "id"):
        with use(lang):
            with pytest.raises(InputError) as caught:
                run_scenario(scenario, seed=1, replicates=2)
            assert t("condition.impossible_project") in str(caught.value) and "2017-03" in str(caught.value)
    baseline = load_scenario(path.parent.parent / "scenario.yaml")
    with pytest.raises(InputError) as caught:
        run_scenario(baseline, seed=1, replicates=2)
    assert t("condition.impossible_project") not in str(caught.value)  # no strategies: nothing to move
