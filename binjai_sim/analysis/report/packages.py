"""What each compared package holds and from when, for the report's costs section: a planner needs
both to put a package in a plan. A package that costs money and still loses app-years gets its
one-sentence reason, as in the brief (e.g. the institutional package retires weak apps on purpose)."""

from __future__ import annotations

from binjai_sim.base.i18n import number, plain, t

from .folders import ComparisonFolder
from .package_verdicts import surprise, verdicts
from .parts import Table, c


def contents_table(comparison: ComparisonFolder) -> Table:
    rows = []
    for scenario in comparison.manifest["scenarios"][1:]:
        label = plain(comparison.labels.get(scenario["name"], scenario["name"]))
        for item in scenario.get("strategies", []):
            until = item.get("end") or t("scenario.the_end")
            intensity = item.get("intensity", 1.0)
            rows.append([c(label), c(t(f"strategy.name.{item['name']}")), c(f"{item['start']} - {until}"),
                         c(number(intensity, 2), intensity)])
    return Table("package_contents", t("wording.table_contents"),
                 [t("wording.col_package"), t("report.col_strategy"), t("report.col_window"),
                  t("report.col_intensity")], rows, t("wording.contents_note"))


def reasons(comparison: ComparisonFolder, plan) -> list[str]:
    """One sentence for each package that costs money and loses app-years."""
    return [x for x in (surprise(v, plan) for v in verdicts(comparison, plan)) if x]
