"""binjai-sim neighbours: several regions (workbooks and folders) in one table and one page, one
row per region, each row equal to that region's own comparison at the same seed."""


import pandas as pd
import pytest
from openpyxl import load_workbook

from binjai_sim.analysis.compare import compare
from binjai_sim.interfaces.cli import main
from binjai_sim.interfaces.regionbook.neighbours import COLUMNS, pair_of, region_row
from binjai_sim.interfaces.regionbook.reader import load_region
from binjai_sim.scenario.load import load_scenario

from .test_region_workbook import APPS, fill

INVENTORY = "\n".join(["nama;sektor;sasaran;opd;peluncuran;desain_ulang;porsi_sasaran;padanan;catatan",
                       *(";".join(app) for app in APPS[:4])]) + "\n"
SEED, REPLICATES = 7, 2


@pytest.fixture(scope="module")
def regions(tmp_path_factory):
    """Bangli and Gianyar as workbooks (two packages each, to keep runs short), Klungkung as a folder."""
    root = tmp_path_factory.mktemp("neighbours")
    found = []
    for name, apps in (("bangli", APPS), ("gianyar", APPS[:3])):
        path = root / f"{name}.xlsx"
        assert main(["new-city", str(path), "--region", name.title(), "--lang", "id", "--no-input"]) == 0
        fill(path, apps)
        book = load_workbook(path)
        sheet = book["strategi"]
        for row in range(sheet.max_row, 1, -1):
            if sheet.cell(row=row, column=1).value not in ("low_fiscal_capacity", "political"):
                sheet.delete_rows(row)
        book.save(path)
        found.append(path)
    (root / "apps.csv").write_text(INVENTORY, encoding="utf-8")
    folder = root / "klungkung"
    assert main(["new-city", str(folder), "--region", "Klungkung", "--inventory", str(root / "apps.csv"),
                 "--no-input"]) == 0
    return [*found, folder]


@pytest.fixture(scope="module")
def table(regions, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    args = ["neighbours", *map(str, regions), "--package", "low_fiscal_capacity", "--seed", str(SEED),
            "--replicates", str(REPLICATES), "--out", str(out), "--lang", "id"]
    assert main(args) == 0
    return out / "neighbours"


@pytest.mark.slow
def test_one_row_per_region_in_the_table_the_workbook_and_the_page(table):
    frame = pd.read_csv(table / "neighbours.csv")
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["region"]) == ["Kabupaten Bangli", "Kabupaten Gianyar", "Kabupaten Klungkung"]
    assert list(frame["apps"]) == [5, 3, 4]
    book = load_workbook(table / "neighbours_id.xlsx")
    sheet = book.worksheets[0]
    rows = [r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(rows) == 3 and all(isinstance(v, int | float) for r in rows for v in r[3:])
    page = (table / "neighbours_id.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 4 and "Daerah tetangga" in page


@pytest.mark.slow
def test_each_row_equals_the_regions_own_comparison_at_the_same_seed(regions, table):
    frame = pd.read_csv(table / "neighbours.csv")
    bangli = load_region(regions[0])
    alone = [bangli.baseline, bangli.packages[0]]
    folder = regions[2]
    own = [load_scenario(folder / "scenario.yaml"), load_scenario(folder / "strategies" / "low_fiscal_capacity.yaml")]
    for i, scenarios in ((0, alone), (2, own)):
        expected = region_row(pair_of(regions[i], "low_fiscal_capacity"), compare(scenarios, SEED, REPLICATES))
        for column in COLUMNS[3:]:
            assert frame.loc[i, column] == pytest.approx(expected[column], rel=1e-5, abs=1e-9), column


def test_a_region_without_the_package_is_refused_and_nothing_is_written(regions, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["neighbours", *map(str, regions), "--package", "resources", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(regions[0]) in err and "resources" in err and str(regions[2]) not in err
    assert not out.exists()


def test_a_path_that_is_no_region_is_named(tmp_path, capsys):
    assert main(["neighbours", str(tmp_path), "--package", "political", "--out", str(tmp_path / "out")]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_a_catalogue_package_is_named_in_the_language_of_the_page():
    from binjai_sim.base.i18n import use
    from binjai_sim.interfaces.regionbook.neighbours import package_name

    with use("id"):
        assert package_name("low_fiscal_capacity") == "paket kapasitas fiskal rendah"
        assert package_name("paket saya") == "paket saya"  # a planner's own package as written
    with use("en"):
        assert package_name("low_fiscal_capacity") == "low fiscal capacity package"
