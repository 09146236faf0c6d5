"""Input files as people really write them, and every problem of a file reported at once."""

import pytest

from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.inventory import load_inventory
from binjai_sim.scenario.spreadsheet import parse_amount, parse_share

from .conftest import ROOT, write_scenario

HEADER = "name,sector,audience,owner_agency,launch,redesign,target_share"
ROWS = ["eA,tax,citizen,BPPRD,2017-03,,0.05", "eB,hr,internal,BKPSDM,2018-07,2021-05,0.5"]


def _apps(path):
    return [(a.name, a.sector, a.audience, a.owner_agency, a.launch, a.redesign, round(a.target_share, 9))
            for a in load_inventory(path)]


EXPECTED = [("eA", "tax", "citizen", "BPPRD", parse_month("2017-03"), None, 0.05),
            ("eB", "hr", "internal", "BKPSDM", parse_month("2018-07"), parse_month("2021-05"), 0.5)]


@pytest.mark.parametrize("variant", ["plain", "bom", "semicolon", "indonesian"])
def test_inventory_variants_read_the_same(tmp_path, variant):
    path = tmp_path / "inv.csv"
    if variant == "plain":
        path.write_text("\n".join([HEADER, *ROWS]) + "\n")
    elif variant == "bom":
        path.write_bytes(("\ufeff" + "\n".join([HEADER, *ROWS]) + "\r\n").encode("utf-8"))
    elif variant == "semicolon":  # Excel in an Indonesian locale: ';' and decimal commas
        path.write_text("name;sector;audience;owner_agency;launch;redesign;target_share\n"
                        "eA;tax;citizen;BPPRD;2017-03;;0,05\neB;hr;internal;BKPSDM;07/2018;05/2021;0,5\n")
    else:  # Indonesian headers, values, month names and a percentage
        path.write_text("nama;sektor;sasaran;opd;peluncuran;desain_ulang;porsi_sasaran\n"
                        "eA;pajak;warga;BPPRD;Maret 2017;;5%\neB;kepegawaian;ASN;BKPSDM;Juli 2018;Mei 2021;50 %\n")
    assert _apps(path) == EXPECTED


def test_inventory_from_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "apps"
    sheet.append(HEADER.split(","))
    import datetime as dt

    sheet.append(["eA", "tax", "citizen", "BPPRD", dt.datetime(2017, 3, 30), None, 0.05])
    sheet.append(["eB", "hr", "internal", "BKPSDM", "2018-07", "2021-05", "50%"])
    path = tmp_path / "inv.xlsx"
    book.save(path)
    assert _apps(path) == EXPECTED


def test_every_problem_of_an_inventory_is_reported_at_once(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_text(HEADER + "\n" + "\n".join([
        "eA,space,citizen,X,2017-03,,0.05",      # line 2: sector
        "eB,tax,citizen,X,March 2017,,lots",      # line 3: launch ok (English name), share bad
        "eC,tax,everyone,X,2017-13,,0.05",        # line 4: audience and launch
        "eD,tax,citizen,X,2018-01,2017-01,0.05",  # line 5: redesign before launch
        "eE,tax,citizen",                         # line 6: too few fields
    ]) + "\n")
    with pytest.raises(InputError) as info:
        load_inventory(path)
    text = str(info.value)
    lines = text.splitlines()
    assert len(lines) >= 5, text
    for needle in ("line 2: key 'sector'", "line 3: key 'target_share'", "line 4: key 'audience'",
                   "line 4: key 'launch'", "line 5: key 'redesign'", "line 6"):
        assert needle in text, needle
    assert "'space'" in text and "planning" in text  # the allowed sectors are listed


def test_non_utf8_inventory_names_the_file_and_line(tmp_path):
    path = tmp_path / "inv.csv"
    path.write_bytes((HEADER + "\neA,tax,citizen,Dinas P\xe9ndapatan,2017-03,,0.05\n").encode("latin-1"))
    with pytest.raises(InputError, match=r"inv.csv line 2.*not UTF-8.*CSV UTF-8"):
        load_inventory(path)


def test_numbers_written_the_indonesian_way():
    assert parse_share("5%") == pytest.approx(0.05) and parse_share("0,3") == pytest.approx(0.3)
    assert parse_amount("268.254") == 268254 and parse_amount("268,254") == 268254
    assert parse_amount("Rp 1,1 T") == pytest.approx(1.1e12) and parse_amount("850 juta") == pytest.approx(8.5e8)
    assert parse_amount("2,5 M") == pytest.approx(2.5e9) and parse_amount("1.5") == 1.5
    with pytest.raises(ValueError):
        parse_share("lots")


@pytest.mark.parametrize("text", [
    "coefficients: {estimates: {political: .nan}}\n",
    "coefficients: {estimates: {political: .inf}}\n",
    "coefficients: {estimates: {political: 1.0e+308}}\n",
    "city: {annual_budget_rp: .inf}\n",
    "strategies: [{name: smart_city_unit, monthly_cost_rp: .inf}]\n",
    "politics: {continuity: .nan}\n",
    "politics: {continuity: true}\n",
    "citizens: {internet: {}}\n",
    "citizens: {internet: {2016: .nan}}\n",
    "strategies: [{name: [a, b]}]\n",
    "strategies: [{name: {x: 1}}]\n",
    "horizon: {start: 0001-01, end: 9999-12}\n",
    "horizon: {start: 2016-12, end: 2500-12}\n",
])
def test_non_finite_and_wrongly_typed_values_exit_2(tmp_path, capsys, text):
    out = tmp_path / "out"
    code = main(["run", str(write_scenario(tmp_path, text)), "--out", str(out), "--replicates", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and not out.exists()


def test_all_problems_of_a_scenario_are_reported_at_once(tmp_path, capsys):
    text = ("politics: {continuity: 1.7, continuty: 0.2}\ncity: {population: many}\n"
            "strategies: [{name: long_term_pan}, {name: digital_training, intensity: 2}]\n")
    assert main(["validate", str(write_scenario(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    for needle in ("politics.continuity", "did you mean 'continuity'", "city.population"):
        assert needle in err, needle
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) >= 4, err


def test_strategy_problems_are_all_reported(tmp_path, capsys):
    text = "strategies: [{name: long_term_pan}, {name: digital_training, intensity: 2}]\n"
    assert main(["validate", str(write_scenario(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert "strategies.0.name" in err and "strategies.1.intensity" in err


def test_dates_outside_the_horizon_are_named(tmp_path, capsys):
    inv = tmp_path / "inv.csv"
    inv.write_text(HEADER + "\neA,tax,citizen,X,2100-01,,0.05\neB,tax,citizen,X,2017-01,,0.05\n")
    text = (f"apps: {{inventory: {inv}}}\nstrategies: [{{name: smart_city_unit, start: 2040-01}}]\n"
            "report: {checkpoints: [2045-01]}\n")
    assert main(["validate", str(write_scenario(tmp_path, text))]) == 2
    err = capsys.readouterr().err
    assert "eA" in err and "after the horizon ends" in err
    assert "strategies.0" in err and "outside the horizon" in err and "report.checkpoints.0" in err


@pytest.mark.parametrize(("body", "needle"), [
    ("extends: /etc/passwd\nname: x\n", "extends"),
    ("coefficients: {file: /etc/passwd}\n", "coefficients.file"),
    ("apps: {inventory: /etc/hostname}\n", "column"),
])
def test_paths_to_the_wrong_kind_of_file_name_the_referring_key(tmp_path, capsys, body, needle):
    if body.startswith("extends"):
        path = tmp_path / "s.yaml"
        path.write_text(body)
    else:
        path = write_scenario(tmp_path, body)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err and "CoefficientFile" not in err


def test_validate_says_what_kind_of_file_it_got(capsys):
    assert main(["validate", str(ROOT / "calibration" / "targets.yaml")]) == 0
    assert "calibration targets" in capsys.readouterr().out
    assert main(["validate", str(ROOT / "calibration" / "survey_coefficients.yaml")]) == 0
    assert "survey coefficients" in capsys.readouterr().out


def test_a_yaml_mapping_that_is_no_known_file_says_what_it_expected(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text("foo: 1\nbar: 2\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not a scenario file" in err and "foo" in err


@pytest.mark.parametrize("written, month", [
    ("30/03/2017", "2017-03"), ("30 Maret 2017", "2017-03"), ("Mar-17", "2017-03"), ("Agt 2019", "2019-08"),
    ("Desember 2020", "2020-12"), ("12/2020", "2020-12"), ("2017-03-30", "2017-03"), ("Mei-21", "2021-05"),
])
def test_months_written_the_indonesian_spreadsheet_way(written, month):
    assert parse_month(written) == parse_month(month)


def test_an_inventory_from_an_indonesian_excel_reads_the_same(tmp_path):
    """BOM, semicolons, decimal commas, percentages, day-first dates, a bare year, G2C/G2G."""
    path = tmp_path / "inv.csv"
    text = ("Nama Aplikasi;Sektor;Pengguna;OPD Pengelola;Tanggal Peluncuran;Redesain;Porsi Sasaran;Padanan\r\n"
            "eA;Pendapatan;G2C;BPPRD;30/03/2017;;0,05;-\r\neB;Kepegawaian;G2G;BKPSDM;2018;Mei 2021;50%;Tidak ada\r\n")
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    apps = _apps(path)
    assert apps[0] == EXPECTED[0]
    assert apps[1][:4] == ("eB", "hr", "internal", "BKPSDM") and apps[1][4] == parse_month("2018-07")


def test_missing_columns_and_row_problems_are_reported_together_in_indonesian(tmp_path):
    from binjai_sim.base import i18n

    path = tmp_path / "inv.csv"
    path.write_text("nama;sektor;opd;peluncuran;porsi_sasaran\neA;antariksa;X;Maret 2017;5\n"
                    "eA;pajak;X;13/2017;5%\n", encoding="utf-8")
    with i18n.use("id"), pytest.raises(InputError) as info:
        load_inventory(path)
    text = str(info.value)
    lines = text.splitlines()
    assert "kolom audience tidak ada" in lines[0]
    for needle in ("inv.csv baris 2: isian 'sektor': sektor 'antariksa' untuk aplikasi eA tidak dikenal",
                   "perencanaan (planning)", "inv.csv baris 2: isian 'porsi_sasaran': 5 di luar rentang",
                   "inv.csv baris 3: isian 'peluncuran'", "bulan hanya 1 sampai 12",
                   "aplikasi eA tercantum dua kali (pertama di baris 2)"):
        assert needle in text, needle
    assert len(lines) == 5


def test_errors_speak_the_language_asked_for(tmp_path, capsys):
    path = write_scenario(tmp_path, "name: x\npolitics: {continuty: 0.5}\n")
    assert main(["validate", str(path), "--lang", "id"]) == 2
    err = capsys.readouterr().err
    assert "kesalahan:" in err and "isian 'politics.continuty'" in err and "tidak dikenal" in err
    assert "mungkin maksudnya 'continuity'" in err and "(yang diperbolehkan: continuity," in err
    path = write_scenario(tmp_path, "name: x\nlang: id\nelections: [{date: 2040-01}]\n", "t.yaml")
    assert main(["validate", str(path)]) == 2  # the scenario's own lang: speaks for its errors too
    assert "2040-01 berada di luar rentang waktu simulasi (yang diperbolehkan: 2016-12 sampai 2030-12)" in \
        capsys.readouterr().err


def test_help_speaks_the_language_asked_for(capsys):
    with pytest.raises(SystemExit):
        main(["new-city", "--help", "--lang", "id"])
    out = capsys.readouterr().out
    assert "kabupaten/kota" in out and "Sensus Penduduk 2020" in out
