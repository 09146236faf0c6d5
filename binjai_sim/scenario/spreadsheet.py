"""Reading the tables planners keep in spreadsheets: CSV (any of ``,`` ``;`` tab, with or
without Excel's byte-order mark) and XLSX, with numbers written the Indonesian way."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.errors import InputError, at_line, short
from binjai_sim.base.i18n import t

MAX_BYTES = 5_000_000  # an app inventory is a few kilobytes; refuse what cannot be one
MAX_COLUMNS = 64  # an inventory has ten columns; a value further right is a stray cell
MAX_SHEET_ROWS = 100_000  # row records in a sheet's XML, filled or not: a bound on the time to read it
SHEET_NAMES = ("apps", "aplikasi", "inventory", "inventaris")
# the values Excel shows for a failed formula, as a cell holds them and as a CSV export writes them
ERROR_VALUES = frozenset(("#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!",
                          "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA"))
# a cell text starting with one of these is run as a formula by a spreadsheet (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    path: Path
    columns: list[str]  # normalised header names
    rows: list[tuple[int, dict[str, str]]]  # (line or row number, column -> text)
    problems: list[tuple[int, InputError]]  # (line or row, problem): rows that could not be read


def neutral(value: object) -> object:
    """Text a spreadsheet would run as a formula, made inert with a leading single quote (OWASP's
    advice for CSV files; Excel shows the text as written). Anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(text: str) -> str:
    """The text ``neutral`` made inert, as it was written (a table this project wrote, read back)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def neutral_frame(frame):
    """A copy of a pandas table with every text cell made inert: the one way a CSV for people is
    written (``frame.to_csv`` after this)."""
    from pandas.api.types import is_numeric_dtype

    out = frame.copy()
    for column in out.columns:
        if not is_numeric_dtype(out[column]):
            out[column] = out[column].map(neutral)
    out.columns = [neutral(c) for c in out.columns]
    return out


def csv_text(rows: list[list[object]], prefix: str = "") -> str:
    """Rows as CSV text (the csv module: quotes doubled, separators quoted), every cell inert;
    ``prefix`` starts each line (``"# "`` for example rows shown as notes)."""
    lines = []
    for row in rows:
        buffer = io.StringIO()
        # "\r\n" as the terminator makes the writer quote a cell holding either character; each
        # record then ends in a plain "\n"
        csv.writer(buffer, lineterminator="\r\n").writerow([neutral(c) for c in row])
        lines.append(prefix + buffer.getvalue()[:-2] + "\n")
    return "".join(lines)


def normalise_header(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


def read_table(path: Path, what: str = "table", referrer: tuple[str, str] | None = None,
               cap: tuple[int, str] | None = None, sheet: str | None = None) -> Table:
    """Header and rows of a CSV or XLSX file. Lines starting with ``#`` above the header are
    notes; below it they are reported, never skipped. ``cap`` (most rows, its variable) refuses a
    longer table as soon as the row past the cap is reached. ``sheet`` names the workbook's sheet
    (default: the first of SHEET_NAMES it has, else its first)."""
    if not path.is_file():
        if referrer:
            raise InputError(referrer[0], referrer[1], t("table.not_found_at", what=what, path=path))
        raise InputError(path, None, t("table.not_found", what=what))
    if path.stat().st_size > MAX_BYTES:
        raise InputError(path, None, t("table.too_large", size=f"{path.stat().st_size:,}", what=what),
                         t("table.at_most", size=f"{MAX_BYTES:,}"))
    xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    if xlsx:
        found, problems = _read_xlsx(path, what, cap, sheet)
    else:
        found, problems = _read_csv(path, what, cap)
    header = [normalise_header(h) for h in found[0][1]]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, values in found[1:]:
        while len(values) > len(header) and not values[-1]:
            values = values[:-1]  # trailing empty cells a spreadsheet adds
        if len(values) > len(header) or (len(values) < len(header) and not xlsx):  # a sheet's empty cells are absent
            problems.append((number, InputError(at_line(path, number), None, t(
                "table.fields", found=len(values), wanted=len(header), header=", ".join(header)))))
            continue
        rows.append((number, dict(zip(header, values + [""] * (len(header) - len(values)), strict=True))))
    return Table(path, header, rows, sorted(problems, key=lambda p: p[0]))


def _row_problems(path: Path, number: int, values: list[str], header: list[str] | None) -> list:
    """A row below the header that starts with ``#``, or holds a spreadsheet's error value."""
    where = at_line(path, number)
    if header is None:
        return []
    if values and values[0].startswith("#") and values[0].strip().upper() not in ERROR_VALUES:
        return [(number, InputError(where, _column(header, 1), t("table.hash_row", value=short(values[0], 40))))]
    return [(number, InputError(where, _column(header, i + 1), t("table.error_value", value=v.strip())))
            for i, v in enumerate(values) if v.strip().upper() in ERROR_VALUES]


def _capped(path: Path, what: str, count: int, cap: tuple[int, str] | None) -> None:
    if cap is not None and count > cap[0]:
        raise InputError(path, None, t("table.too_many_rows", what=what, cap=f"{cap[0]:,}", variable=cap[1]))


def _read_csv(path: Path, what: str, cap: tuple[int, str] | None) -> tuple[list, list]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(at_line(path, line), None, t("table.not_utf8", what=what), t("table.utf8_hint")) from None
    lines = re.split(r"\r\n|\r|\n", text)  # not splitlines(): U+2028, \x1c or \x85 in a cell end no CSV line
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    # lines starting with '#' above the header are notes; below it they are rows, reported
    first = next((i for i, (_, line) in enumerate(numbered) if not line.lstrip().startswith("#")), None)
    if first is None:
        raise InputError(path, None, t("table.empty", what=what))
    numbered = numbered[first:]
    delimiter = _delimiter(numbered[0][1])
    numbered, parsed, problems = _records(path, what, numbered, delimiter)
    found, header = [], None
    for (number, _), raw in zip(numbered, parsed, strict=True):
        header = _take(path, what, cap, number, [restored(f.strip()).strip() for f in raw], header, found, problems)
    if not found:
        raise InputError(path, None, t("table.empty", what=what))
    return found, problems


def _take(path: Path, what: str, cap, number: int, values: list[str], header: list[str] | None,
          found: list, problems: list) -> list[str] | None:
    """One row of a CSV or a sheet: reported if it holds a problem, else kept (the first kept row is
    the header, returned); the cap is checked as the rows come."""
    row_problems = _row_problems(path, number, values, header)
    if row_problems:
        problems += row_problems
        return header
    if header is None:
        header = [normalise_header(v) for v in values]
    found.append((number, values))
    _capped(path, what, len(found) - 1, cap)
    return header


def _too_long(path: Path, what: str, line_number: int):
    """A field over the csv module's limit: the one error a line raises that no reading fixes."""
    limit = csv.field_size_limit()
    raise InputError(at_line(path, line_number), None, t("table.field_too_long", what=what),
                     t("table.field_at_most", limit=f"{limit:,}")) from None


def _records(path: Path, what: str, numbered: list[tuple[int, str]], delimiter: str):
    """Each line's fields. A quoted cell that runs over a line break (Excel writes one for a cell
    with Alt+Enter) is reported as such, with the lines it spans, and its row left out, instead
    of being read as two rows with the wrong number of fields."""
    kept, parsed, problems = [], [], []
    i = 0
    while i < len(numbered):
        line, text = numbered[i]
        end = i
        while True:
            try:
                fields = next(csv.reader(io.StringIO(text), delimiter=delimiter, strict=True))
                break
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    _too_long(path, what, line)
                if "unexpected end of data" not in str(exc):
                    fields = next(csv.reader(io.StringIO(text), delimiter=delimiter))
                    break
                if end + 1 == len(numbered):
                    fields = None
                    break
                end += 1
                text += "\n" + numbered[end][1]
        if fields is None:
            problems.append((line, InputError(at_line(path, line), None, t("table.open_quote"))))
            break
        if end > i:
            problems.append((line, InputError(at_line(path, line), None,
                                              t("table.line_break", until=numbered[end][0]))))
        else:
            kept.append((line, text))
            parsed.append(fields)
        i = end + 1
    return kept, parsed, problems


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _sheet_rows(path: Path, sheet_name: str | None = None):
    """``(row number, [(column, value, formula?, error?)])`` for the cells a sheet holds, in order.

    openpyxl's row iterator pads every row to the sheet's stated size (one stray cell at XFD1048576
    makes a thousand million empty cells); its parser, used here, gives the cells that exist.
    The parser runs in data-only mode (cached values) and is told to note formulas too, so a
    formula saved without its value is found rather than read as an empty cell."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            cell["formula"] = element.find(FORMULA_TAG) is not None
            return cell

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise InputError(path, None, t("table.bad_xlsx", detail=short(str(exc), 60))) from None
    try:
        names = {n.lower(): n for n in book.sheetnames}
        sheet = book[sheet_name or next((names[n] for n in SHEET_NAMES if n in names), book.sheetnames[0])]
        with sheet._get_source() as source:
            parser = Parser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                            date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for count, (number, cells) in enumerate(parser.parse(), start=1):
                if count > MAX_SHEET_ROWS:
                    raise InputError(path, None, t("table.sheet_rows", rows=f"{MAX_SHEET_ROWS:,}"))
                yield number, [(c["column"], c["value"], c["formula"], c["data_type"] == "e") for c in cells]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet's XML fails in the parser
        raise InputError(path, None, t("table.bad_xlsx", detail=short(str(exc), 60))) from None
    finally:
        book.close()


def _read_xlsx(path: Path, what: str, cap: tuple[int, str] | None,
               sheet: str | None = None) -> tuple[list, list]:
    from openpyxl.utils import get_column_letter

    found, problems, header = [], [], None
    for number, cells in _sheet_rows(path, sheet):
        values: list[str] = []
        where, broken = at_line(path, number), []
        for column, value, formula, error in cells:
            if value is None and not formula:
                continue
            if column > MAX_COLUMNS:
                raise InputError(path, None, t("table.far_cell", cell=f"{get_column_letter(column)}{number}",
                                               last=get_column_letter(MAX_COLUMNS)))
            values += [""] * (column - len(values))
            if value is None:
                broken.append(InputError(where, _column(header, column),
                                         t("table.formula_no_value", cell=f"{get_column_letter(column)}{number}")))
            elif error:
                broken.append(InputError(where, _column(header, column), t("table.error_value", value=str(value))))
            values[column - 1] = "" if value is None or error else _cell_text(value)
        if broken:
            problems += [(number, p) for p in broken]
            continue
        if not any(values) or (header is None and values[0].startswith("#")):
            continue
        header = _take(path, what, cap, number, values, header, found, problems)
    if not found:
        raise InputError(path, None, t("table.empty_sheet", what=what))
    return found, problems


def _column(header: list[str] | None, column: int) -> str | None:
    return header[column - 1] if header and column <= len(header) else None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_share(text: str) -> float:
    """A share from ``0.05``, ``0,05``, ``5%`` or ``5 %``."""
    raw = text.strip().replace(" ", "")
    percent = raw.endswith("%")
    number = float(_decimal(raw.rstrip("%")))
    return number / 100.0 if percent else number


# longest first, so "jt" (juta) is not read as "t" (triliun) after a stray "j"
_SCALE_WORDS = sorted(((w, f) for words, f in ((("triliun", "t"), 1e12), (("miliar", "milyar", "m"), 1e9),
                                               (("juta", "jt"), 1e6), (("ribu", "rb"), 1e3)) for w in words),
                      key=lambda wf: -len(wf[0]))


def parse_amount(text: str) -> float:
    """A count or an amount of money: ``268254``, ``268.254`` or ``268,254`` (thousands),
    ``1,1`` (a decimal comma), ``1.100.000,50``, ``Rp 1,1 T`` / ``Rp1.1 triliun`` / ``850 juta`` /
    ``850 jt`` / ``2,5 M``. A group of three digits after a single separator is read as thousands (a count or
    an amount of rupiah is never written to three decimals)."""
    raw = text.strip().lower().replace("rp", "").replace(" ", "")
    scale = 1.0
    for word, factor in _SCALE_WORDS:
        if raw.endswith(word) and raw[: -len(word)]:
            raw, scale = raw[: -len(word)], factor
            break
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw) and scale == 1.0:
        return float(re.sub(r"[.,]", "", raw))  # thousands separators, unambiguous for a count
    if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", raw):  # 1.100.000,50: Indonesian thousands and decimals
        return float(raw.replace(".", "").replace(",", ".")) * scale
    if re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", raw):  # 1,100,000.50: English thousands and decimals
        return float(raw.replace(",", "")) * scale
    return float(_decimal(raw)) * scale


def _decimal(raw: str) -> str:
    """A decimal number with a comma or a point as the decimal mark."""
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?", raw):
        raise ValueError(t("table.not_a_number", value=repr(raw)))
    return raw.replace(",", ".")
