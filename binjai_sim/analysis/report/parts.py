"""The report as data: sections of sentences, tables and figures, laid out by ``html.py``,
``xlsx.py`` and ``brief.py`` alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from binjai_sim.base.i18n import count, number, t


@dataclass
class Cell:
    text: str  # as a reader sees it
    value: object = None  # for the workbook: a number when there is one
    style: str = ""  # "", "low", "high", "assumption": how the HTML colours it; Excel number format below
    fmt: str | None = None


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]]
    note: str = ""
    workbook: Table | None = None  # the workbook's own version (every row, intervals as numbers)


@dataclass
class Figure:
    key: str
    title: str
    png: bytes


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    subtitle: str
    banner: str
    banner_kind: str  # "prior" (fitted elsewhere), "own", "none"
    facts: list[tuple[str, str]]
    sections: list[Section]
    extra: list[Table]  # workbook only: every month, every date of the outlook
    footer: list[str]


def c(text: object, value: object = None, style: str = "", fmt: str | None = None) -> Cell:
    return Cell(str(text), value, style, fmt)


def band(b: dict, whole: bool = True, digits: int = 1) -> str:
    """A median (or mean) with its 90% range; a count's range ends are whole numbers."""
    if whole:
        return t("report.band", median=count(b["median"]), low=number(round(b["p05"])), high=number(round(b["p95"])))
    show = lambda x: number(x, digits)  # noqa: E731
    return t("report.band", median=show(b["median"]), low=show(b["p05"]), high=show(b["p95"]))
