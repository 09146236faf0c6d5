"""Each app's chance of running as the report shows it. A checkpoint before an app's launch says
"not launched yet" in grey: 0% in red would read as "dead". An inventory too long to read app by
app (more than ``ROWS``) is summarised by agency (OPD) in the report; the per-app detail stays in
the workbook, whose outlook sheet lists every app at every year's end and checkpoint."""

from __future__ import annotations

from binjai_sim.base.i18n import current, number, percent, t

from .folders import RunFolder
from .parts import Cell, Section, Table, c

ROWS = 40  # apps: about four A4 pages of the per-app table


def not_launched(launch: str, date: str) -> bool:
    """The app goes live after ``date`` (both YYYY-MM, which sort as months do)."""
    return str(launch) > str(date)


def p_live_cell(p: float, launch: str, date: str) -> Cell:
    if not_launched(launch, date):
        return c(t("wording.not_launched"), None, "not_launched")
    return c(percent(p), p, "low" if p < 0.2 else "high" if p >= 0.8 else "", "0%")


def by_agency(run: RunFolder, dates: list[str]) -> Section:
    """The outlook of a long inventory: per agency, its apps and how many of them are expected to
    run (the sum of their chances) at each checkpoint, how many are not launched yet."""
    table = run.outlook.set_index(["app", "date"])["p_live"]
    agencies: dict[str, list[dict]] = {}
    for app in run.inventory:
        agencies.setdefault(app["owner_agency"], []).append(app)
    rows = []
    for agency, apps in sorted(agencies.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        row = [c(agency), c(number(len(apps)), len(apps))]
        for date in dates:
            launched = [a for a in apps if not not_launched(a["launch"], date)]
            expected = sum(float(table.get((a["name"], date), 0.0)) for a in launched)
            waiting = len(apps) - len(launched)
            shown = number(expected, 1) + (" " + t("wording.not_launched_count", n=number(waiting)) if waiting else "")
            row.append(c(shown, round(expected, 3)))
        rows.append(row)
    header = [t("report.col_owner"), t("wording.col_apps"), *[t("wording.col_expected", date=d) for d in dates]]
    note = t("wording.outlook_summary_note", apps=number(len(run.inventory)), rows=ROWS,
             workbook=f"report_{current()}.xlsx", sheet=t("report.sheet.outlook_all"))
    return Section("outlook", t("report.section_outlook"), t("wording.outlook_summary_intro"),
                   [Table("outlook", t("wording.table_outlook_summary"), header, rows, note)])
