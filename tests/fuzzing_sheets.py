"""Property-based fuzzing of spreadsheet inventories (Hypothesis), used by tests/test_sheets.py.

Random CSV tables (any of ``,`` ``;`` tab, with or without a byte-order mark, notes above the
header) and XLSX workbooks (text, numbers, dates, error cells, formulas without saved values,
stray far cells) of valid and hostile cells. The properties: reading gives the apps or one input
error naming the file, never another exception; and no row is lost: when the file is accepted,
every row below the header with any content is an app.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binjai_sim.base.errors import InputError
from binjai_sim.scenario.inventory import load_inventory

HEADERS = (["name", "sector", "audience", "owner_agency", "launch", "target_share"],
           ["nama", "sektor", "sasaran", "opd", "peluncuran", "porsi_sasaran", "padanan"],
           ["name", "sector", "audience", "owner_agency", "launch", "redesign", "target_share", "counterpart"])
VALID = ("SIMPEG", "e-Musrenbang", "hr", "kesehatan", "planning", "citizen", "warga", "ASN", "BKPSDM", "RSUD",
         "2018-03", "Maret 2019", "07/2019", "2018", "5%", "0,05", "0.8", "none", "tidak ada", "SIPD")
HOSTILE = ("#1 app", "#N/A", "#REF!", "#DIV/0!", "=1+1", "+1", "-1", "@x", "'=x", "\tx", '"q"', "a,b", "a;b",
           "1e400", "nan", "inf", "-0", "1899", "2199-01", "13/2020", "0", "", " ", "x" * 300, "\u202ename", "\x00")
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=12)
CELL = st.one_of(st.sampled_from(VALID), st.sampled_from(HOSTILE), TEXT)


def _filled(row) -> bool:
    return any(str(c).strip() for c in row if c is not None)


def check(path: Path, data_rows: list[list]) -> bool:
    """The two properties for one file whose rows below the header are ``data_rows``; whether
    the file was accepted."""
    try:
        apps = load_inventory(path)
    except InputError as exc:
        assert str(path) in str(exc), str(exc)
        return False
    assert len(apps) == sum(1 for row in data_rows if _filled(row))
    return True


def _csv_case(table, delimiter, bom, notes) -> tuple[bytes, list]:
    header, rows = table
    buffer = io.StringIO()
    for note in notes:
        buffer.write(f"# {note}\n")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows([header, *rows])
    data = buffer.getvalue().encode("utf-8", errors="replace")
    return (b"\xef\xbb\xbf" + data if bom else data), rows


def _xlsx_cell(sheet, ref: str, value, kind: str) -> None:
    sheet[ref] = value
    if kind == "error":
        sheet[ref].data_type = "e"


TEMPLATES = (["hr", "internal", "BKPSDM", "2019-07", "0.8"],  # a valid row of each header, after the name
             ["kepegawaian", "ASN", "BKPSDM", "Juli 2019", "80%", "tidak ada"],
             ["hr", "internal", "BKPSDM", "2019-07", "", "0.8", "none"])


@st.composite
def tables(draw, cell=CELL, wrap=lambda v: v):
    """A header and rows: random ones, and valid ones with at most one cell changed (so that
    files are accepted too, and the no-lost-row property is tried)."""
    which = draw(st.integers(0, len(HEADERS) - 1))
    rows = []
    for i in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            rows.append(draw(st.lists(cell, min_size=5, max_size=9)))
            continue
        row = [wrap(f"app{i}"), *map(wrap, TEMPLATES[which])]
        if draw(st.booleans()):
            row[draw(st.integers(0, len(row) - 1))] = draw(cell)
        rows.append(row)
    return HEADERS[which], rows


CSV_CASES = st.tuples(tables(), st.sampled_from((",", ";", "\t")), st.booleans(), st.lists(TEXT, max_size=2))
XLSX_VALUES = st.one_of(CELL.map(lambda v: (v, "text")), st.floats(allow_nan=True).map(lambda v: (v, "number")),
                        st.dates(dt.date(1800, 1, 1), dt.date(2300, 1, 1)).map(lambda v: (v, "date")),
                        st.sampled_from(("#N/A", "#REF!")).map(lambda v: (v, "error")),
                        st.sampled_from(("=1+1", "=NOW()")).map(lambda v: (v, "formula")))
XLSX_CASES = st.tuples(tables(XLSX_VALUES, lambda v: (v, "text")),
                       st.sampled_from(((), ("XFD1048576",), ("BM2",), ("A70000",))))


def fuzz_sheets(examples: int) -> None:
    quick = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None, max_examples=examples)

    @quick
    @given(CSV_CASES)
    def csv_tables(case):
        data, rows = _csv_case(*case)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "apps.csv"
            path.write_bytes(data)
            check(path, rows)

    @quick
    @given(XLSX_CASES)
    def workbooks(case):
        from openpyxl import Workbook
        from openpyxl.utils.exceptions import IllegalCharacterError

        (header, rows), far = case
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        written = []
        for r, row in enumerate(rows, start=2):
            written.append([])
            for c, (value, kind) in enumerate(row, start=1):
                try:
                    _xlsx_cell(sheet, f"{chr(64 + c)}{r}", value, kind)
                except IllegalCharacterError:  # a control character no workbook can hold: the cell stays empty
                    sheet[f"{chr(64 + c)}{r}"] = value = None
                written[-1].append(value)
        for ref in far:
            sheet[ref] = "stray"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "apps.xlsx"
            try:
                book.save(path)
            except (ValueError, TypeError):  # openpyxl refuses some values (control characters): no file
                return
            check(path, written + [["stray"] for _ in far])

    csv_tables()
    workbooks()
