"""Reading the tables planners keep in spreadsheets: CSV (any of ``,`` ``;`` tab, with or
without Excel's byte-order mark) and XLSX, with numbers written the Indonesian way."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError, at_line, short
from .i18n import t

MAX_BYTES = 5_000_000  # an app inventory is a few kilobytes; refuse what cannot be one
SHEET_NAMES = ("apps", "aplikasi", "inventory", "inventaris")


@dataclass
class Table:
    path: Path
    columns: list[str]  # normalised header names
    rows: list[tuple[int, dict[str, str]]]  # (line or row number, column -> text)
    problems: list[InputError]  # rows that could not be read (wrong number of fields)


def normalise_header(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text or "").strip().lower())


def read_table(path: Path, what: str = "table", referrer: tuple[str, str] | None = None) -> Table:
    """Header and rows of a CSV or XLSX file. Lines starting with ``#`` are notes, not rows."""
    if not path.is_file():
        if referrer:
            raise InputError(referrer[0], referrer[1], t("table.not_found_at", what=what, path=path))
        raise InputError(path, None, t("table.not_found", what=what))
    if path.stat().st_size > MAX_BYTES:
        raise InputError(path, None, t("table.too_large", size=f"{path.stat().st_size:,}", what=what),
                         t("table.at_most", size=f"{MAX_BYTES:,}"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, what)
    return _read_csv(path, what)


def _read_csv(path: Path, what: str) -> Table:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(at_line(path, line), None, t("table.not_utf8", what=what), t("table.utf8_hint")) from None
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not numbered:
        raise InputError(path, None, t("table.empty", what=what))
    delimiter = _delimiter(numbered[0][1])
    parsed = [next(csv.reader(io.StringIO(line), delimiter=delimiter)) for _, line in numbered]
    header = [normalise_header(h) for h in parsed[0]]
    rows, problems = [], []
    for (line, _), fields in zip(numbered[1:], parsed[1:], strict=True):
        while len(fields) > len(header) and not fields[-1].strip():
            fields = fields[:-1]  # trailing empty cells a spreadsheet adds
        if len(fields) != len(header):
            problems.append(InputError(at_line(path, line), None, t("table.fields", found=len(fields),
                                                                    wanted=len(header), header=", ".join(header))))
            continue
        rows.append((line, dict(zip(header, (f.strip() for f in fields), strict=True))))
    return Table(path, header, rows, problems)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _read_xlsx(path: Path, what: str) -> Table:
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a broken file
        raise InputError(path, None, t("table.bad_xlsx", detail=short(str(exc), 60))) from None
    try:
        names = {n.lower(): n for n in book.sheetnames}
        sheet = book[next((names[n] for n in SHEET_NAMES if n in names), book.sheetnames[0])]
        found = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [_cell_text(c) for c in cells]
            if not any(values) or values[0].startswith("#"):
                continue
            found.append((number, values))
    finally:
        book.close()
    if not found:
        raise InputError(path, None, t("table.empty_sheet", what=what))
    header = [normalise_header(h) for h in found[0][1]]
    while header and not header[-1]:
        header.pop()
    rows = [(n, dict(zip(header, v[: len(header)] + [""] * (len(header) - len(v)), strict=True)))
            for n, v in found[1:]]
    return Table(path, header, rows, [])


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
