"""Excel workbooks written the same way every time: the same content gives the same bytes.

openpyxl stamps a workbook with the time it was created and saved, and its zip entries with
the time they were written; both are fixed here, so a report or a template made twice from the
same inputs is byte-identical (and a change shows up in a diff).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FIXED = dt.datetime(2000, 1, 1)  # the time stamped in every workbook and zip entry
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def save(book, path: Path) -> Path:
    """Save ``book`` to ``path`` (atomically: a temporary file renamed into place)."""
    _inert(book)
    book.properties.creator = "binjai-sim"
    book.properties.created = FIXED
    book.properties.modified = FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl writes the save time as 'modified'
                data = _fixed_times(data)
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, data)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(fixed.getvalue())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no partial file behind
        raise
    return path


def _inert(book) -> None:
    """Every text a workbook holds stays text: openpyxl stores a text starting with ``=`` as a
    formula, and this project writes no formulas, so a name such as ``=HYPERLINK(...)`` from an
    inventory or a profile is shown, never run."""
    for sheet in book.worksheets:
        for cell in sheet._cells.values():
            if cell.data_type == "f":
                cell.data_type = "s"


def _fixed_times(xml: bytes) -> bytes:
    import re

    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>", xml)


def header_row(sheet, row: int, titles: list[str]) -> None:
    """Bold titles on a shaded row, wrapped so long titles stay readable."""
    for col, title in enumerate(titles, start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def widths(sheet, columns: list[float]) -> None:
    for col, width in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
