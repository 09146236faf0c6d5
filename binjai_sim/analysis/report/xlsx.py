"""The report as an Excel workbook: one sheet per part, numbers as numbers (so a planner can
sort, chart and paste them), every table with its title and note, the figures on their own
sheet."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font

from binjai_sim.base.i18n import t
from binjai_sim.outputs import workbook

from .tables import Report, Table

SHEETS = {"glance": "summary", "assumptions": "assumptions", "checkpoints": "checkpoints", "outlook": "outlook",
          "causes": "causes", "comparison": "comparison", "figures": "figures", "priorities": "priorities",
          "costs": "costs"}
MAX_WIDTH = 60


def _put(sheet, table: Table, row: int) -> int:
    """Write ``table`` from ``row``; the next free row."""
    sheet.cell(row=row, column=1, value=table.title).font = Font(bold=True, size=12)
    workbook.header_row(sheet, row + 1, table.header)
    r = row + 2
    for cells in table.rows:
        for col, cell in enumerate(cells, start=1):
            target = sheet.cell(row=r, column=col, value=cell.value if cell.value is not None else cell.text)
            if cell.fmt and cell.value is not None:
                target.number_format = cell.fmt
            target.alignment = Alignment(vertical="top", wrap_text=len(cell.text) > MAX_WIDTH)
        r += 1
    if table.note:
        sheet.cell(row=r, column=1, value=table.note).font = Font(italic=True, size=9)
        r += 1
    return r + 1


def _widths(sheet) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and cell.row > 1:
                widths[cell.column] = max(widths.get(cell.column, 8), min(MAX_WIDTH, len(str(cell.value)) + 2))
    workbook.widths(sheet, [widths.get(i, 10) for i in range(1, max(widths, default=1) + 1)])


def write_xlsx(report: Report, path: Path) -> Path:
    book = Workbook()
    first = book.active
    first.title = t("report.sheet.summary")[:31]
    first.cell(row=1, column=1, value=report.title).font = Font(bold=True, size=14)
    row = 2
    if report.subtitle:
        first.cell(row=row, column=1, value=report.subtitle)
        row += 1
    first.cell(row=row, column=1, value=report.banner).font = Font(bold=True, color="C62828")
    row += 2
    for key, value in report.facts:
        first.cell(row=row, column=1, value=key).font = Font(bold=True)
        first.cell(row=row, column=2, value=value)
        row += 1
    row += 1
    for section in report.sections:
        if section.key == "glance":
            first.cell(row=row, column=1, value=section.title).font = Font(bold=True, size=12)
            row += 1
            for sentence in section.sentences:
                first.cell(row=row, column=1, value=sentence)
                row += 1
            continue
        sheet = book.create_sheet(t(f"report.sheet.{SHEETS[section.key]}")[:31])
        r = 1
        if section.intro:
            sheet.cell(row=1, column=1, value=section.intro).font = Font(italic=True)
            r = 3
        for table in section.tables:
            r = _put(sheet, table.workbook or table, r)
        for figure in section.figures:
            sheet.cell(row=r, column=1, value=figure.title).font = Font(bold=True)
            image = Image(io.BytesIO(figure.png))
            image.width, image.height = image.width * 0.6, image.height * 0.6
            sheet.add_image(image, f"A{r + 1}")
            r += int(image.height / 20) + 3
        _widths(sheet)
    first.cell(row=row + 1, column=1, value=t("report.sheet_footer")).font = Font(bold=True)
    for i, line in enumerate(report.footer):
        first.cell(row=row + 2 + i, column=1, value=line)
    workbook.widths(first, [34, 90])
    for table in report.extra:
        sheet = book.create_sheet(t(f"report.sheet.{table.key}")[:31])
        _put(sheet, table, 1)
        sheet.freeze_panes = "B3"
        _widths(sheet)
    return workbook.save(book, path)
