"""The sheets of a region workbook, their column names in English and Bahasa Indonesia, and
where a problem sits (file, sheet, row, column) in the words of the language in force."""

from __future__ import annotations

import re
from pathlib import Path

from binjai_sim.base.errors import InputError, combine
from binjai_sim.base.i18n import t
from binjai_sim.scenario.spreadsheet import SHEET_NAMES, Table, read_table

SUFFIXES = (".xlsx", ".xlsm")
# each sheet under its English and its Indonesian name; either is read, in any letter case
SHEETS = {"profile": ("profile", "profil"), "inventory": ("inventory", "inventaris"),
          "strategies": ("strategies", "strategi")}
PROFILE_COLUMNS = {"en": ("key", "value", "source", "note"), "id": ("kunci", "nilai", "sumber", "keterangan")}
STRATEGY_COLUMNS = {
    "en": ("package", "strategy", "start", "end", "intensity", "monthly_cost_rp", "package_budget_rp"),
    "id": ("paket", "strategi", "mulai", "akhir", "intensitas", "biaya_per_bulan_rp", "pagu_paket_rp"),
}
MAX_PROFILE_ROWS = 200  # a profile has about twenty keys
MAX_STRATEGY_ROWS = 2000  # 15 strategies in a hundred packages


def sheet_name(kind: str, lang: str) -> str:
    return SHEETS[kind][1 if lang == "id" else 0]


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names (an unreadable file is refused as the inventory reader does)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        read_table(path, t("workbook.what"))  # its message says why the file cannot be read
        raise
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def find_sheet(names: list[str], kind: str) -> str | None:
    lowered = {n.lower(): n for n in names}
    # the inventory is the sheet the inventory reader takes (an 'apps' sheet first, as in apps.xlsx)
    order = SHEET_NAMES if kind == "inventory" else SHEETS[kind]
    return next((lowered[n] for n in order if n in lowered), None)


def is_region_workbook(path: Path) -> bool:
    """A workbook with a profile sheet: a whole region, read in place of a scenario file."""
    if Path(path).suffix.lower() not in SUFFIXES or not Path(path).is_file():
        return False
    try:
        return find_sheet(sheet_names(Path(path)), "profile") is not None
    except InputError:
        return False


def at(path: Path, sheet: str, row: int | None = None, column: str | None = None) -> str:
    """``bangli.xlsx, sheet 'inventaris', row 7, column 'peluncuran'``."""
    where = t("workbook.at_sheet", file=path, sheet=sheet)
    if row is not None:
        where += t("workbook.at_row", row=row)
    if column:
        where += t("workbook.at_column", column=column)
    return where


def read_sheet(path: Path, sheet: str, cap: int) -> Table:
    """A sheet's header and rows, bounded as every table is (binjai_sim.scenario.spreadsheet); every problem the
    reader found is reported at its sheet, row and column."""
    try:
        table = read_table(path, t("workbook.what"), cap=(cap, "-"), sheet=sheet)
    except InputError as exc:
        raise located(exc, path, sheet) from None
    if table.problems:
        raise combine([located(p, path, sheet, line) for line, p in table.problems])
    return table


def located(exc: InputError, path: Path, sheet: str, row: int | None = None) -> InputError:
    """The problems of ``exc`` (found by a reader that speaks of ``FILE line N`` and a column key)
    at their sheet, row and column of the workbook."""
    pattern = re.compile(re.escape(t("errors.at_line", file=path, line=987654321)).replace("987654321", r"(\d+)"))
    out = []
    for problem in exc.problems:
        match = pattern.fullmatch(problem.file or "")
        line = int(match.group(1)) if match else row
        if match or problem.file in (None, str(path)):
            out.append(InputError(at(path, sheet, line, problem.key), None, problem.problem, problem.allowed))
        else:
            out.append(problem)
    return combine(out)
