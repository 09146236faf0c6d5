"""A whole region in one workbook: new-city --workbook writes it (English or Bahasa sheet and
column names, both read), run/compare/report read it in place of a scenario file, a bad cell is
refused at its sheet, row and column with nothing written, and editing a cell changes the next
run. The report's workbook is the one workbook out: numbers as numbers, Bahasa headers, names
that look like formulas kept as text."""

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.interfaces.cli import main
from binjai_sim.interfaces.regionbook.reader import load_region, strategy_key
from binjai_sim.model.strategies import REGISTRY

APPS = [  # name, sector, audience, agency, launch, redesign, share, counterpart, notes
    ("e-Musrenbang", "perencanaan", "warga", "Bappeda", "2018-03", "", "1%", "tidak ada", ""),
    ("SIMPEG", "kepegawaian", "ASN", "BKPSDM", "2019-07", "", "80%", "SIASN", ""),
    ("Antrean RSUD", "kesehatan", "warga", "RSUD", "2019-03", "", "1%", "Mobile JKN", ""),
    ("Lapor Bupati", "pengaduan", "warga", "Diskominfo", "2018", "2021-06", "5%", "SP4N-LAPOR", ""),
    ('=HYPERLINK("http://example.org")', "pajak", "warga", "Bapenda", "2020-01", "", "2%", "tidak ada", ""),
]


def make(folder: Path, name: str, *extra: str) -> Path:
    path = folder / f"{name}.xlsx"
    assert main(["new-city", str(path), "--no-input", *extra]) == 0
    return path


def fill(path: Path, apps=APPS) -> None:
    """Type the apps into the inventory sheet as a planner would (a name is text, never a formula)."""
    book = load_workbook(path)
    sheet = book["inventaris"] if "inventaris" in book.sheetnames else book["inventory"]
    for app in apps:
        sheet.append(list(app))
        sheet.cell(row=sheet.max_row, column=1).data_type = "s"
    book.save(path)


def edit(path: Path, sheet: str, cell: str, value) -> None:
    book = load_workbook(path)
    book[sheet][cell] = value
    book.save(path)


@pytest.fixture(scope="module")
def bangli(tmp_path_factory):
    root = tmp_path_factory.mktemp("bangli")
    path = make(root, "bangli", "--region", "Bangli", "--lang", "id")
    fill(path)
    return path


def test_new_city_workbook_has_bahasa_sheets_and_columns_and_english_ones_in_english(tmp_path, bangli):
    book = load_workbook(bangli)
    assert book.sheetnames[:3] == ["profil", "inventaris", "strategi"]
    assert [c.value for c in book["profil"][1]] == ["kunci", "nilai", "sumber", "keterangan"]
    assert [c.value for c in book["inventaris"][1]][:5] == ["nama", "sektor", "sasaran", "opd", "peluncuran"]
    english = make(tmp_path, "gianyar", "--region", "Gianyar")
    book = load_workbook(english)
    assert book.sheetnames[:3] == ["profile", "inventory", "strategies"]
    assert [c.value for c in book["strategies"][1]][:3] == ["package", "strategy", "start"]
    fill(english)
    region = load_region(english)  # English names are read as well as Bahasa ones
    assert region.lang == "en" and len(region.baseline.inventory) == len(APPS)


def test_the_workbook_holds_the_profile_inventory_and_every_package(bangli):
    region = load_region(bangli)
    spec = region.baseline.spec
    assert spec.city.name == "Kabupaten Bangli" and spec.city.population == 258721 and spec.lang == "id"
    assert [a.name for a in region.baseline.inventory] == [a[0] for a in APPS]
    assert [s.name for s in region.packages] == ["bangli_low_fiscal_capacity", "bangli_political",
                                                 "bangli_resources", "bangli_institutional", "bangli_all_fifteen"]
    assert len(region.packages[-1].strategies) == len(REGISTRY)
    assert region.packages[0].spec.strategy_budget_rp == 10e6  # the package's budget column
    assert not region.baseline.strategies


def test_a_strategy_is_named_by_its_key_or_its_name_in_either_language():
    assert strategy_key("long_term_plan") == "long_term_plan"
    assert strategy_key(t("strategy.name.long_term_plan", "id")) == "long_term_plan"
    assert strategy_key(t("strategy.name.handover_protocol", "en").upper()) == "handover_protocol"
    assert strategy_key("strategi ajaib") is None


def test_bad_cells_are_refused_at_their_sheet_row_and_column_and_nothing_is_written(tmp_path, bangli, capsys):
    bad = tmp_path / "bangli.xlsx"
    bad.write_bytes(bangli.read_bytes())
    book = load_workbook(bad)
    book["inventaris"]["E3"] = "Maretz 2019"  # SIMPEG's launch
    book["inventaris"]["B5"] = "astrologi"  # Lapor Bupati's sector
    book["profil"]["B6"] = "banyak"  # population
    book["strategi"]["E3"] = 1.5  # an intensity above 1
    book["strategi"]["B4"] = "strategi ajaib"
    book.save(bad)
    out = tmp_path / "out"
    assert main(["run", str(bad), "--out", str(out), "--replicates", "1"]) == 2
    err = capsys.readouterr().err
    for where in (f"{bad}, lembar 'inventaris', baris 3, kolom 'peluncuran': 'Maretz 2019'",
                  f"{bad}, lembar 'inventaris', baris 5, kolom 'sektor':",
                  f"{bad}, lembar 'profil', baris 6, kolom 'nilai': 'banyak'",
                  f"{bad}, lembar 'strategi', baris 3, kolom 'intensitas':",
                  f"{bad}, lembar 'strategi', baris 4, kolom 'strategi':"):
        assert where in err
    assert not out.exists()
    assert main(["compare", str(bad), "--out", str(out), "--lang", "en"]) == 2  # in English on request
    assert f"{bad}, sheet 'profil', row 6, column 'nilai'" in capsys.readouterr().err
    assert not out.exists()


def test_a_workbook_without_a_profile_or_inventory_sheet_says_which_sheets_it_needs(tmp_path, bangli):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bangli.read_bytes())
    book = load_workbook(bad)
    del book["inventaris"]
    book.save(bad)
    with pytest.raises(InputError, match="inventory"):
        load_region(bad)


def test_new_city_never_replaces_an_existing_workbook(tmp_path, bangli, capsys):
    before = bangli.read_bytes()
    assert main(["new-city", str(bangli), "--region", "Bangli", "--no-input", "--force"]) == 2
    assert f"{bangli}: {t('workbook.exists')}" in capsys.readouterr().err
    assert bangli.read_bytes() == before


@pytest.mark.slow
def test_round_trip_new_city_workbook_then_run_and_a_cell_edit_changes_the_next_run(tmp_path, bangli):
    path = tmp_path / "bangli.xlsx"
    path.write_bytes(bangli.read_bytes())
    out = tmp_path / "out"
    run = ["run", str(path), "--replicates", "2", "--out", str(out), "--no-figures", "--force"]
    assert main(run) == 0
    summary = json.loads((out / "bangli" / "summary.json").read_text())
    assert summary["lang"] == "id" and summary["apps_total"] == len(APPS)
    first = pd.read_csv(out / "bangli" / "app_outlook.csv")
    assert "Antrean RSUD" in set(first.iloc[:, 0])
    edit(path, "inventaris", "A4", "Antrean Puskesmas")  # rename the third app
    edit(path, "profil", "B6", 300000)  # and change the population
    assert main(run) == 0
    second = pd.read_csv(out / "bangli" / "app_outlook.csv")
    assert "Antrean Puskesmas" in set(second.iloc[:, 0]) and "Antrean RSUD" not in set(second.iloc[:, 0])
    resolved = (out / "bangli" / "scenario_resolved.yaml").read_text(encoding="utf-8")
    assert "population: 300000" in resolved


@pytest.mark.slow
def test_report_from_a_workbook_writes_one_workbook_out_with_numbers_bahasa_headers_and_inert_text(tmp_path, bangli):
    path = tmp_path / "bangli.xlsx"
    path.write_bytes(bangli.read_bytes())
    book = load_workbook(path)  # two packages keep the test short
    sheet = book["strategi"]
    for row in range(sheet.max_row, 1, -1):
        if sheet.cell(row=row, column=1).value not in ("low_fiscal_capacity", "political"):
            sheet.delete_rows(row)
    book.save(path)
    out = tmp_path / "out"
    assert main(["report", str(path), "--replicates", "2", "--out", str(out)]) == 0
    assert (out / "bangli_strategies" / "comparison.csv").is_file()
    report = load_workbook(out / "bangli" / "report_id.xlsx")
    names = report.sheetnames
    assert names[0] == t("report.sheet.summary", "id")
    for key in ("priorities", "costs"):
        assert t(f"report.sheet.{key}", "id") in names
    costs = report[t("report.sheet.costs", "id")]
    amounts = [c.value for row in costs.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert amounts and all(isinstance(v, int | float) for v in amounts)
    formula_like = [c for s in report.worksheets for row in s.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert formula_like and all(c.data_type == "s" for c in formula_like)  # shown, never run


def test_validate_reads_a_workbook_and_names_each_scenario_it_holds(bangli, capsys):
    assert main(["validate", str(bangli), "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("'")[1] for line in lines] == ["bangli", "bangli_low_fiscal_capacity", "bangli_political",
                                                      "bangli_resources", "bangli_institutional", "bangli_all_fifteen"]
    assert lines[0].endswith("0 strategies") and lines[-1].endswith(f"{len(REGISTRY)} strategies")
