"""The report as one self-contained HTML file: no script, no font or image from elsewhere (the
figures are inside it), laid out for an A4 page when printed to PDF."""

from __future__ import annotations

import base64
import os
from html import escape
from pathlib import Path

from .parts import Report, Section, Table

CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4;
       color: #1a1a1a; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm 0; }
h2 { font-size: 13pt; margin: 7mm 0 2mm 0; border-bottom: 1px solid #9fb3c8; padding-bottom: 1mm;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm 0; break-after: avoid; page-break-after: avoid; }
p { margin: 1.5mm 0; }
.subtitle { color: #444; margin-bottom: 3mm; }
.banner { border-left: 4px solid #c62828; background: #fdecea; padding: 2.5mm 3.5mm; margin: 3mm 0;
          font-weight: bold; }
.banner.own { border-color: #2e7d32; background: #e8f5e9; }
.banner.none { border-color: #f9a825; background: #fff8e1; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.5mm 4mm; margin: 2mm 0; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
ul.glance li { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 1.5mm 0 1mm 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th { background: #dde7f0; text-align: left; vertical-align: bottom; }
th, td { border: 1px solid #c5d0db; padding: 1mm 1.5mm; }
td.num { text-align: right; white-space: nowrap; }
td.low { background: #fdecea; } td.high { background: #e8f5e9; }
td.not_launched { color: #757575; font-style: italic; }
td.assumption { color: #8a4b00; }
.note { font-size: 8.5pt; color: #444; margin: 0.5mm 0 3mm 0; }
figure { margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
figure img { width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #444; }
footer { margin-top: 8mm; font-size: 8.5pt; color: #444; border-top: 1px solid #c5d0db; padding-top: 2mm; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; } }
"""


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    body = []
    for row in table.rows:
        cells = []
        for cell in row:
            classes = " ".join(x for x in ("num" if isinstance(cell.value, (int, float)) else "", cell.style) if x)
            cells.append(f'<td class="{classes}">{escape(cell.text)}</td>' if classes else
                         f"<td>{escape(cell.text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f"<h3>{escape(table.title)}</h3>\n<table><thead><tr>{head}</tr></thead><tbody>\n"
            + "\n".join(body) + f"\n</tbody></table>\n{note}")


def _section(section: Section) -> str:
    parts = [f'<section id="{section.key}">', f"<h2>{escape(section.title)}</h2>"]
    if section.intro:
        parts.append(f"<p>{escape(section.intro)}</p>")
    if section.sentences:
        parts.append('<ul class="glance">' + "".join(f"<li>{escape(s)}</li>" for s in section.sentences) + "</ul>")
    parts += [_table(table) for table in section.tables]
    for figure in section.figures:
        data = base64.b64encode(figure.png).decode("ascii")
        parts.append(f'<figure><img alt="{escape(figure.title)}" src="data:image/png;base64,{data}">'
                     f"<figcaption>{escape(figure.title)}</figcaption></figure>")
    parts.append("</section>")
    return "\n".join(parts)


def render(report: Report) -> str:
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in report.facts)
    body = [f"<h1>{escape(report.title)}</h1>"]
    if report.subtitle:
        body.append(f'<p class="subtitle">{escape(report.subtitle)}</p>')
    body.append(f'<div class="banner {report.banner_kind}">{escape(report.banner)}</div>')
    body.append(f'<dl class="facts">{facts}</dl>')
    body += [_section(s) for s in report.sections]
    body.append("<footer>" + "".join(f"<p>{escape(line)}</p>" for line in report.footer) + "</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{report.lang}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def write_html(report: Report, path: Path) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(render(report), encoding="utf-8")
    os.replace(tmp, path)
    return path
