"""The planner's report: a run (and a comparison) into one self-contained HTML file that opens in
a browser without errors and prints on A4, and an Excel workbook; the same inputs give the same
bytes; no output a person opens shows an integer month index."""

import hashlib
import json
import re
import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from binjai_sim.analysis.report.tables import event_text
from binjai_sim.base import i18n
from binjai_sim.interfaces.cli import main

from .browser import chromium
from .conftest import BASELINE, ROOT

PACKAGE = ROOT / "scenarios" / "strategies" / "low_fiscal_capacity.yaml"
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["run", str(BASELINE), "--replicates", "3", "--out", str(out)]) == 0
    assert main(["compare", str(BASELINE), str(PACKAGE), "--replicates", "3", "--out", str(out),
                 "--name", "cmp"]) == 0
    run = out / "binjai_baseline"
    assert main(["report", str(run), "--comparison", str(out / "cmp"), "--lang", "id"]) == 0
    assert main(["report", str(run), "--comparison", str(out / "cmp")]) == 0
    return run, out / "cmp"


@pytest.mark.slow
@pytest.mark.browser
def test_the_report_opens_in_a_browser_without_errors_and_prints_on_a4(folders, tmp_path):
    run, _ = folders
    with chromium() as browser:
        for lang in ("id", "en"):
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            errors = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(f"pageerror: {exc}"))
            page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
            page.on("request", lambda r, errors=errors: errors.append(f"fetched {r.url}")
                    if not r.url.startswith(("file:", "data:")) else None)
            page.goto((run / f"report_{lang}.html").as_uri())
            for section in ("glance", "assumptions", "checkpoints", "outlook", "causes", "comparison", "figures"):
                assert page.locator(f"section#{section}").count() == 1, section
            widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
            assert len(widths) == 6 and min(widths) > 500  # four run figures and two of the comparison
            page.screenshot(path=tmp_path / f"report_{lang}.png", full_page=True)
            pdf = page.pdf(path=tmp_path / f"report_{lang}.pdf", format="A4")
            assert (tmp_path / f"report_{lang}.png").stat().st_size > 100_000
            assert pdf[:4] == b"%PDF" and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 4
            assert not errors, errors
            page.close()
    html = (run / "report_id.html").read_text()
    assert '<html lang="id">' in html and "<script" not in html and "http" not in html.split("<body>")[1]


def test_the_report_holds_the_scenarios_checkpoints_bands_outlook_and_comparison(folders):
    run, _ = folders
    html = (run / "report_en.html").read_text()
    assert "Calibrated on Binjai: the fitted parameters come from this city" in html
    table = html.split('id="checkpoints"')[1].split("</section>")[0]
    assert re.findall(r"<td>(\d{4}-\d{2})</td>", table) == ["2020-12", "2022-12", "2024-11", "2026-12", "2029-11",
                                                            "2030-12"]  # the scenario's, never fixed years
    assert re.search(r"\d+(\.5)? \(\d+-\d+\)", table)  # each count with its 90% range
    outlook = html.split('id="outlook"')[1].split("</section>")[0]
    assert outlook.count("<tr>") == 33 and "running 2026-12" in outlook and "most likely cause" in outlook
    comparison = html.split('id="comparison"')[1].split("</section>")[0]
    assert "low fiscal capacity" in comparison and "probability of benefit" in comparison
    assert "Paired differences against binjai baseline" in comparison  # its name in words: no label
    indonesian = (run / "report_id.html").read_text()
    assert "Peluang setiap aplikasi masih berjalan" in indonesian and "peluang manfaat" in indonesian
    assert "platform nasional" in indonesian and "SIPD modul keuangan" in indonesian


def test_the_paired_differences_are_the_comparisons_paired_csv(folders):
    run, comparison = folders
    paired = pd.read_csv(comparison / "paired.csv").set_index("outcome").loc["app_years"]
    html = (run / "report_en.html").read_text().split('id="comparison"')[1].split("</section>")[0]
    assert f"{round(100 * paired['p_better'])}%" in html and paired["verdict"] in html
    assert "over 3 replicates" in html and "5-95% across replicates" in html
    indonesian = (run / "report_id.html").read_text().split('id="comparison"')[1].split("</section>")[0]
    assert "kesimpulan" in indonesian and i18n.t(
        f"compare.verdict.{paired['verdict'].replace(': ', '_').replace(' ', '_')}", "id") in indonesian


@pytest.mark.slow
def test_a_comparison_over_posterior_draws_reads_in_bahasa_indonesia(folders, tmp_path, capsys):
    run = shutil.copytree(folders[0], tmp_path / "run")  # the module's reports stay as they are
    assert main(["compare", str(BASELINE), str(PACKAGE), "--posterior", "3", "--max-draws", "3",
                 "--out", str(tmp_path), "--name", "draws", "--lang", "id"]) == 0
    printed = capsys.readouterr().out
    assert "dipasangkan per sampel posterior" in printed and "P(lebih baik)" in printed
    md = (tmp_path / "draws" / "comparison.md").read_text()
    assert "## Selisih berpasangan terhadap" in md and "3 sampel dari distribusi posterior" in md
    assert set(pd.read_csv(tmp_path / "draws" / "paired.csv")["verdict"]) <= {
        "robust: better", "robust: worse", "not robust", "no difference", "undecided"}  # stable words for scripts
    assert main(["report", str(run), "--comparison", str(tmp_path / "draws"), "--lang", "id"]) == 0
    html = (run / "report_id.html").read_text().split('id="comparison"')[1].split("</section>")[0]
    assert "atas 3 sampel dari posterior kalibrasi" in html and "5-95% antar-sampel posterior" in html
    assert "P(lebih baik) di bawah prior" in html and "Data " in html  # the prior beside, and what it taught
    assert main(["report", str(run), "--comparison", str(tmp_path / "draws"), "--lang", "en"]) == 0
    assert "over 3 draws from the calibration&#x27;s posterior" in (run / "report_en.html").read_text()


def test_the_workbook_has_a_sheet_per_part_with_numbers_as_numbers(folders):
    run, _ = folders
    book = load_workbook(run / "report_id.xlsx")
    assert book.sheetnames == ["Ringkasan", "Asumsi", "Titik pantau", "Prospek aplikasi", "Penyebab berhenti",
                               "Perbandingan strategi", "Prioritas aplikasi", "Biaya", "Gambar", "Bulanan",
                               "Prospek per tahun", "Aplikasi per paket", "Biaya per tahun"]
    monthly = book["Bulanan"]
    dates = [monthly.cell(row=r, column=1).value for r in range(3, monthly.max_row + 1)]
    dates = [d for d in dates if d and not str(d).startswith("Median")]
    assert len(dates) == 169 and all(MONTH.match(d) for d in dates)
    assert isinstance(monthly.cell(row=3, column=2).value, (int, float))
    assert len(book["Gambar"]._images) == 6
    outlook = book["Prospek aplikasi"]
    assert 0 <= outlook.cell(row=5, column=3).value <= 1 and outlook.cell(row=5, column=3).number_format == "0%"


@pytest.mark.slow
def test_the_same_run_gives_the_same_report_bytes(folders, tmp_path):
    run, comparison = folders
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in run.glob("report_*")}
    assert main(["report", str(run), "--comparison", str(comparison), "--lang", "id"]) == 0
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in run.glob("report_*")}
    assert before == after and len(before) == 4


def test_no_output_a_person_opens_shows_a_month_index(folders):
    run, comparison = folders
    for table in ("series", "apps", "events"):
        frame = pd.read_parquet(run / f"{table}.parquet")
        # a DATE, the month's first day (docs/data_dictionary.md), never an integer index
        assert "month" not in frame.columns and frame["date"].map(lambda d: d.day == 1).all(), table
    series = pd.read_parquet(comparison / "series_by_scenario.parquet")
    assert "month" not in series.columns and series["date"].map(lambda d: d.day == 1).all()
    outlook = pd.read_csv(run / "app_outlook.csv", dtype=str)
    assert outlook["date"].map(lambda d: bool(MONTH.match(d))).all()
    for path in [*run.glob("*.json"), *run.glob("*.csv"), *run.glob("*.html"), comparison / "comparison.md"]:
        assert not re.search(r"\b2[45]\d{3}\b", re.sub(r"data:image/png;base64,[^\"]+", "", path.read_text())), path
    summary = json.loads((run / "summary.json").read_text())
    assert all(MONTH.match(d) for d in summary["apps_active"])


def test_a_comparison_of_another_scenario_is_refused(folders, tmp_path, capsys):
    run, _ = folders
    assert main(["compare", str(PACKAGE), str(BASELINE), "--replicates", "2", "--out", str(tmp_path),
                 "--name", "other"]) == 0
    capsys.readouterr()
    assert main(["report", str(run), "--comparison", str(tmp_path / "other")]) == 2
    assert "low_fiscal_capacity, not this run's scenario binjai_baseline" in capsys.readouterr().err


def test_a_folder_that_is_no_run_names_what_is_missing(tmp_path, capsys):
    (tmp_path / "summary.json").write_text("{}")
    assert main(["report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "manifest.json" in err and "series.parquet" in err and "summary.json" not in err


def test_every_national_event_is_translated_while_its_text_is_the_layers():
    from binjai_sim.scenario.yamlfile import read_yaml

    layer = read_yaml(ROOT / "scenarios" / "national" / "indonesia.yaml")["national"]
    for items in layer.values():
        for event in items:
            with i18n.use("id"):
                name, source = event_text(event, "name"), event_text(event, "source")
            assert source != event["source"], f"{event['name']}: no Indonesian source (or its English changed)"
            assert "EVIDENCE" in source and name
    changed = dict(layer["platforms"][0], source="a new source")
    with i18n.use("id"):
        assert event_text(changed, "source") == "a new source"  # a stale translation is never shown
