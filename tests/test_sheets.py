"""Spreadsheet inventories are read bounded and honestly: a stray far cell is refused at once,
no row is dropped without being named, launch years are plausible, the number of apps is
capped and `validate`'s time estimate grows with the apps."""

from __future__ import annotations

import subprocess
import sys

import pytest
from openpyxl import Workbook

from binjai_sim.base.errors import InputError
from binjai_sim.runs import limits
from binjai_sim.scenario.inventory import load_inventory
from binjai_sim.scenario.load import load_scenario

from .conftest import ROOT, write_scenario

HEADER = ["name", "sector", "audience", "owner_agency", "launch", "target_share"]
GOOD = ["SIMPEG", "hr", "internal", "BKPSDM", "2019-07", "0.8"]


def _xlsx(path, rows, cells=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "apps"
    for row in rows:
        sheet.append(row)
    for ref, value, kind in cells:
        sheet[ref] = value
        if kind:
            sheet[ref].data_type = kind
    book.save(path)
    return path


def _csv(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _problems(path) -> str:
    with pytest.raises(InputError) as caught:
        load_inventory(path)
    return str(caught.value)


def test_a_stray_cell_at_xfd1048576_is_refused_at_once_naming_it(tmp_path):
    inv = _xlsx(tmp_path / "apps.xlsx", [HEADER, GOOD], [("XFD1048576", "x", None)])
    assert inv.stat().st_size < 10_000
    scenario = write_scenario(tmp_path, f"apps:\n  inventory: {inv}\n")
    # a hang guard, not a timing assertion: reading the padded sheet never finishes
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "validate", str(scenario)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "XFD1048576" in proc.stderr and str(inv) in proc.stderr and "Traceback" not in proc.stderr


def test_an_empty_formatted_cell_far_away_is_not_a_problem(tmp_path):
    inv = tmp_path / "apps.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(GOOD)
    sheet["XFD1048576"].number_format = "0.00"  # formatting only: no value
    book.save(inv)
    # in a process of its own with a hang guard: reading the padded sheet never finishes
    code = (f"from pathlib import Path; from binjai_sim.scenario.inventory import load_inventory; "
            f"print([a.name for a in load_inventory(Path({str(inv)!r}))])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.stdout.strip() == "['SIMPEG']", proc.stderr[-2000:]


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_no_row_is_dropped_without_its_row_being_named(tmp_path, suffix):
    rows = [HEADER, GOOD, ["#1 Lapor", "complaints", "citizen", "Diskominfo", "2018-01", "0.05"],
            ["eDokter", "health", "citizen", "RSUD", "2018-01", "#N/A"],
            ["eKinerja", "hr", "internal", "BKPSDM", "2018-01", "#REF!"]]
    if suffix == "csv":
        inv = _csv(tmp_path / "apps.csv", ["# a note above the header stays a note", *(",".join(r) for r in rows)])
        lines = (4, 5, 6)
    else:
        inv = _xlsx(tmp_path / "apps.xlsx", rows)
        lines = (3, 4, 5)
    text = _problems(inv)
    assert f"line {lines[0]}: key 'name'" in text and "'#1 Lapor' starts with '#'" in text
    assert f"line {lines[1]}: key 'target_share'" in text and "#N/A" in text
    assert f"line {lines[2]}: key 'target_share'" in text and "#REF!" in text


def test_error_cells_and_formulas_without_saved_values_are_named(tmp_path):
    rows = [HEADER, GOOD, ["eDokter", "health", "citizen", "RSUD", "=DATE(2018,1,1)", "0.01"],
            ["eKinerja", "hr", "internal", "BKPSDM", "2018-01", "0.5"]]
    inv = _xlsx(tmp_path / "apps.xlsx", rows, [("F4", "#DIV/0!", "e")])
    text = _problems(inv)
    assert "line 3: key 'launch'" in text and "E3" in text and "formula" in text
    assert "line 4: key 'target_share'" in text and "#DIV/0!" in text


@pytest.mark.parametrize("launch", ["1985-03", "1900", "2150-01", "Maret 2199"])
def test_implausible_launch_years_are_refused(tmp_path, launch):
    inv = _csv(tmp_path / "apps.csv", [",".join(HEADER), ",".join([*GOOD[:4], launch, GOOD[5]])])
    text = _problems(inv)
    assert "line 2: key 'launch'" in text and "1990" in text


def test_the_number_of_apps_is_capped_and_the_cap_can_be_raised(tmp_path, monkeypatch):
    lines = [",".join(HEADER)] + [",".join([f"app{i}", *GOOD[1:]]) for i in range(6)]
    inv = _csv(tmp_path / "apps.csv", lines)
    monkeypatch.setenv("BINJAI_SIM_MAX_APPS", "5")
    text = _problems(inv)
    assert "BINJAI_SIM_MAX_APPS" in text and "5" in text
    monkeypatch.setenv("BINJAI_SIM_MAX_APPS", "6")
    assert len(load_inventory(inv)) == 6


def test_ten_thousand_apps_are_refused_by_default(tmp_path, monkeypatch):
    monkeypatch.delenv("BINJAI_SIM_MAX_APPS", raising=False)
    lines = [",".join(HEADER)] + [",".join([f"app{i}", *GOOD[1:]]) for i in range(10_000)]
    text = _problems(_csv(tmp_path / "apps.csv", lines))
    assert "BINJAI_SIM_MAX_APPS" in text


def _estimate(tmp_path, apps: int) -> float:
    """The estimate for Binjai's inventory grown to ``apps`` (its own apps, then copies renamed)."""
    text = (ROOT / "scenarios" / "data" / "binjai_inventory.csv").read_text(encoding="utf-8")
    header, *rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    grown = [rows[i] if i < len(rows) else f"copy{i}_{rows[i % len(rows)]}" for i in range(apps)]
    inv = _csv(tmp_path / f"apps_{apps}.csv", [header, *grown])
    scenario = load_scenario(write_scenario(tmp_path, f"name: a{apps}\napps:\n  inventory: {inv}\n",
                                            f"s{apps}.yaml"))
    return limits.run_estimate(scenario, 1, None, 1).seconds


def test_the_time_estimate_grows_with_the_apps(tmp_path):
    """Measured (benchmarks/bench_apps.py): one baseline run took 1.2 s with 1,000 apps, 6.3 s with
    3,000 and 55 s with 10,000, where 32 apps take 0.1 s."""
    few, many, most = _estimate(tmp_path, 32), _estimate(tmp_path, 1000), _estimate(tmp_path, 3000)
    assert 0.05 < few < 0.3
    assert 0.6 < many < 2.5
    assert 4 < most / many < 8  # faster than linear (3x) in the apps, as measured (6.3 / 1.2 = 5.3)


HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def test_hostile_text_is_written_to_xlsx_as_text_never_a_formula(tmp_path):
    from openpyxl import load_workbook

    from binjai_sim.analysis.report.tables import Report, Section, Table, c
    from binjai_sim.analysis.report.xlsx import write_xlsx
    from binjai_sim.interfaces.newcity.templates import inventory_xlsx

    template = inventory_xlsx(tmp_path / "apps.xlsx", "en", [[h, "hr", "internal", "BKPSDM", "2019-07", "", "5%"]
                                                            for h in HOSTILE])
    table = Table("outlook", "=title", ["=head"], [[c(h)] for h in HOSTILE], note="=note")
    report = Report("en", "=T", "=S", "=B", "none", [("=k", "=v")], [Section("outlook", "=s", tables=[table])], [],
                    ["=f"])
    made = write_xlsx(report, tmp_path / "report.xlsx")
    for path in (template, made):
        cells = [cell for sheet in load_workbook(path).worksheets for row in sheet.iter_rows() for cell in row
                 if isinstance(cell.value, str)]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
        texts = {cell.value for cell in cells}
        assert set(HOSTILE[:-1]) <= texts  # XML stores a carriage return as a line break
    assert {"=title", "=head", "=note", "=k", "=v", "=f"} <= texts


def test_csv_outputs_and_templates_neutralise_formulas_and_read_back(tmp_path):
    import csv
    import io

    import pandas as pd

    from binjai_sim.interfaces.newcity.templates import fates_csv, inventory_csv
    from binjai_sim.scenario.spreadsheet import neutral_frame, read_table

    text = fates_csv([*HOSTILE, 'Say "hi", then go'])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE] + ['Say "hi", then go']
    assert all(len(r) == 4 for r in rows)
    (tmp_path / "fates.csv").write_text(fates_csv([*HOSTILE[:-1], 'Say "hi", then go']), encoding="utf-8")
    assert [r["name"] for _, r in read_table(tmp_path / "fates.csv").rows] == [h.strip() for h in HOSTILE[:-1]] + [
        'Say "hi", then go']
    template = [line for line in inventory_csv("en").splitlines() if not line.startswith("#")]
    assert len(template) == 1 and template[0].startswith("name,")
    frame = neutral_frame(pd.DataFrame({"app": HOSTILE, "p_live": [-0.5] * len(HOSTILE)}))
    assert list(frame["app"]) == ["'" + h for h in HOSTILE] and list(frame["p_live"]) == [-0.5] * len(HOSTILE)


def test_fuzzed_spreadsheet_inventories_are_read_or_refused_and_lose_no_row():
    from .fuzzing_sheets import fuzz_sheets

    fuzz_sheets(60)
