"""The planner's two questions as report sections: which apps to save first (``priorities.py``)
and what each package costs per year, programme, activity and agency (``costs.py``). Both read
only the comparison's folder and the run's; a summary goes on the page, every row in the
workbook."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import parse_month
from binjai_sim.base.i18n import current, name, percent, signed, t

from .costs import GROUPS, CostLine, agency_shares, annual_range, by_agency, cost_lines
from .folders import ComparisonFolder, RunFolder
from .money import rupiah, rupiah_range, unit_for
from .packages import contents_table, reasons
from .parts import Section, Table, c
from .priorities import agencies, app_chances, ranking

TOP = 15  # apps on the page; the workbook has them all
RP = "#,##0"


@dataclass
class Plan:
    """What the priorities, costs and brief share: read once per report."""
    dates: list[str]
    chances: pd.DataFrame | None  # None: the comparison predates app_events.parquet
    owners: dict[str, str]
    costs: dict[str, list[CostLine]]  # package -> lines; empty when the comparison names no strategies
    years: tuple[int, int]
    shares: dict[str, float]
    launches: dict[str, str] = field(default_factory=dict)  # app -> its launch month (YYYY-MM)

    def annual(self, package: str) -> float:
        return sum(x.annual for x in self.costs.get(package, []))

    def annual_range(self, package: str) -> tuple[float, float]:
        """The 90% range of a package's yearly cost; its strategies' costs drawn independently."""
        return annual_range(self.costs.get(package, []))


def headline(comparison: ComparisonFolder) -> list[str]:
    return [col.removeprefix("apps_active_").removesuffix("_median") for col in comparison.table.columns
            if col.startswith("apps_active_") and col.endswith("_median")]


def read_plan(run: RunFolder, comparison: ComparisonFolder) -> Plan:
    from binjai_sim.scenario.strategy_priors import load_strategy_priors

    dates = sorted(run.summary["apps_active"])  # every checkpoint: listed months, elections, the end
    owners = {a["name"]: a["owner_agency"] for a in run.inventory}
    path = comparison.path / "app_events.parquet"
    chances = (app_chances(pd.read_parquet(path), comparison.metrics, comparison.names, list(owners), dates)
               if path.is_file() else None)
    first, last = parse_month(run.summary["horizon"]["start"]), parse_month(run.summary["horizon"]["end"])
    priors = load_strategy_priors()
    seed = int(comparison.manifest.get("seed", 0))
    costs = {}
    for s in comparison.manifest["scenarios"][1:]:
        if "strategies" in s:  # one generator per package from the same seed: a strategy's range is the same in each
            costs[s["name"]] = cost_lines(s["strategies"], first, last, priors, np.random.default_rng(seed))
    return Plan(dates, chances, owners, costs, (first // 12, last // 12), agency_shares(run.inventory),
                {a["name"]: str(a.get("launch", "")) for a in run.inventory})


# --- which apps to save first ------------------------------------------------------------------

def priorities_section(plan: Plan, labels: dict[str, str]) -> Section:
    if plan.chances is None:
        return Section("priorities", t("plan.priorities.title"), t("plan.priorities.no_events"))
    date = plan.dates[-1]
    ranked = ranking(plan.chances, plan.owners, date)
    rows = [[c(str(r.rank), r.rank), c(r.app), c(r.agency), c(percent(r.p_without), r.p_without, fmt="0%"),
             c(percent(r.p_with), r.p_with, fmt="0%"), _package_cell(r, labels),
             c(_gain(r.gain, r.gain_low, r.gain_high), r.gain, "high" if r.gain_low > 0 else "", "0%"),
             c(t("report.cause_p", cause=name("cause", r.cause_without), p=percent(r.p_cause_without))
               if r.cause_without else "-")] for r in ranked.head(TOP).itertuples()]
    top = Table("priorities", t("plan.priorities.table", date=date, shown=min(TOP, len(ranked)), apps=len(ranked)),
                [t("plan.col.rank"), t("report.col_app"), t("report.col_owner"),
                 t("plan.col.without", date=date), t("plan.col.with", date=date), t("plan.col.package"),
                 t("plan.col.gain"), t("plan.col.loss")], rows, t("plan.priorities.note"),
                _ranked_workbook(plan, ranked, labels, date))
    per = agencies(plan.chances, plan.owners, date)
    agency_rows = [[c(r.agency), c(str(r.apps), r.apps), c(_expected(r.without), r.without),
                    c(labels.get(r.package, r.package)) if _helps(r.gain) else c(t("plan.priorities.none_helps")),
                    c(_expected(r.with_), r.with_) if _helps(r.gain) else c("-"),
                    c(signed(r.gain, 1), r.gain) if _helps(r.gain) else c("-")] for r in per.itertuples()]
    by_agency_table = Table("priority_agencies", t("plan.priorities.agencies", date=date),
                            [t("report.col_owner"), t("plan.col.apps"), t("plan.col.expected_without", date=date),
                             t("plan.col.best_package"), t("plan.col.expected_with"), t("plan.col.expected_gain")],
                            agency_rows, t("plan.priorities.agencies_note"))
    lines = []
    if len(ranked) and ranked["gain"].iloc[0] > 0:
        gaining = [r for r in ranked.head(3).itertuples() if r.gain > 0]
        lines.append(t("plan.priorities.first", apps=", ".join(
            f"{r.app} ({r.agency}, {signed(100 * r.gain, 0)} {t('plan.pp')})" for r in gaining)))
    if len(per) and _helps(per["gain"].iloc[0]):
        lines.append(t("plan.priorities.agency_first", agency=per["agency"].iloc[0],
                       gain=signed(per["gain"].iloc[0], 1), package=labels.get(per["package"].iloc[0], "")))
    section = Section("priorities", t("plan.priorities.title"), t("plan.priorities.intro"), [top, by_agency_table])
    section.sentences = lines
    return section


def _ranked_workbook(plan: Plan, ranked: pd.DataFrame, labels: dict[str, str], date: str) -> Table:
    """Every app in rank order for the workbook: a cell holds one number, so the gain's 90%
    interval has its own columns; an app not launched by ``date`` says so instead of 0%."""
    from .prospects import p_live_cell

    pct = "+0%;-0%;0%"
    rows = []
    for r in ranked.itertuples():
        launch = plan.launches.get(r.app, "")
        rows.append([c(str(r.rank), r.rank), c(r.app), c(r.agency), p_live_cell(r.p_without, launch, date),
                     p_live_cell(r.p_with, launch, date), _package_cell(r, labels),
                     c(signed(100 * r.gain, 0), r.gain, fmt=pct),
                     c(signed(100 * r.gain_low, 0), r.gain_low if np.isfinite(r.gain_low) else None, fmt=pct),
                     c(signed(100 * r.gain_high, 0), r.gain_high if np.isfinite(r.gain_high) else None, fmt=pct),
                     c(t("report.cause_p", cause=name("cause", r.cause_without), p=percent(r.p_cause_without))
                       if r.cause_without else "-")])
    return Table("priorities", t("plan.priorities.table_all", date=date, apps=len(ranked)),
                 [t("plan.col.rank"), t("report.col_app"), t("report.col_owner"),
                  t("plan.col.without", date=date), t("plan.col.with", date=date), t("plan.col.package"),
                  t("plan.col.gain_pp"), t("plan.col.gain_low"), t("plan.col.gain_high"), t("plan.col.loss")],
                 rows, t("plan.priorities.note_workbook"))


def _package_cell(r, labels: dict[str, str]):
    """An app's best package is named only when it raises the app's chance by at least the one
    percentage point the gain column shows; otherwise naming it would read as advice."""
    if round(100 * float(r.gain)) > 0:
        return c(labels.get(r.package, r.package))
    return c(t("plan.priorities.none_helps"))


def _helps(gain: float) -> bool:
    """A package is an agency's best only when it keeps more of its apps running (shown to one
    decimal): a loss, or a gain that rounds to nothing, is no package to name."""
    return round(float(gain), 1) > 0


def _gain(gain: float, low: float, high: float) -> str:
    if not np.isfinite(low):
        return f"{signed(100 * gain, 0)} {t('plan.pp')}"
    return t("plan.gain", gain=signed(100 * gain, 0), low=signed(100 * low, 0), high=signed(100 * high, 0))


def _expected(x: float) -> str:
    from binjai_sim.base.i18n import number

    return number(x, 1)


def priorities_all(plan: Plan, labels: dict[str, str]) -> Table:
    """Every package, app and checkpoint: the workbook's full table."""
    rows = []
    for r in plan.chances.itertuples():
        rows.append([c(labels.get(r.package, r.package)), c(r.app), c(plan.owners[r.app]), c(r.date),
                     c(percent(r.p_without), r.p_without, fmt="0%"), c(percent(r.p_with), r.p_with, fmt="0%"),
                     c(signed(100 * r.gain, 0), r.gain, fmt="+0%;-0%;0%"),
                     c(signed(100 * r.gain_low, 0), r.gain_low, fmt="+0%;-0%;0%"),
                     c(signed(100 * r.gain_high, 0), r.gain_high, fmt="+0%;-0%;0%"),
                     c(name("cause", r.cause_without) if r.cause_without else "-")])
    return Table("priorities_all", t("plan.priorities.all"),
                 [t("plan.col.package"), t("report.col_app"), t("report.col_owner"), t("report.col_month"),
                  t("plan.col.p_without"), t("plan.col.p_with"), t("plan.col.gain_pp"), t("plan.col.gain_low"),
                  t("plan.col.gain_high"), t("plan.col.loss_cause")], rows, t("plan.priorities.note_workbook"))


# --- money -------------------------------------------------------------------------------------

def costs_section(plan: Plan, labels: dict[str, str]) -> Section:
    if not plan.costs:
        return Section("costs", t("plan.costs.title"), t("plan.costs.no_strategies"))
    first, last = plan.years
    unit = unit_for(max(plan.annual(p) for p in plan.costs))
    summary = []
    for package, lines in plan.costs.items():
        low, high = plan.annual_range(package)
        total = sum(x.total for x in lines)
        from_it = sum(x.annual for x in lines if x.funding == "it_budget")
        summary.append([c(labels.get(package, package)), c(rupiah(plan.annual(package), unit), plan.annual(package),
                                                           fmt=RP),
                        c(rupiah_range(low, high), None, "assumption"), c(rupiah(total), total, fmt=RP),
                        c(rupiah(from_it, unit), from_it, fmt=RP)])
    tables = [Table("costs", t("plan.costs.table"), [t("plan.col.package"), t("plan.col.per_year"),
                                                      t("plan.col.range"), t("plan.col.total", first=first, last=last),
                                                      t("plan.col.from_it")], summary, t("plan.costs.note"))]
    tables += [_renstra(package, lines, labels) for package, lines in plan.costs.items()]
    tables.append(_agencies(plan, labels, unit))
    return Section("costs", t("plan.costs.title"), t("plan.costs.intro"), tables)


def _renstra(package: str, lines: list[CostLine], labels: dict[str, str]) -> Table:
    unit = unit_for(max((x.annual for x in lines), default=0.0))
    rows = []
    for g, group in enumerate(GROUPS, start=1):
        mine = [x for x in lines if x.group == group]
        if not mine:
            continue
        annual = sum(x.annual for x in mine)
        rows.append([c(str(g)), c(t(f"plan.programme.{group}")), c(""), c(rupiah(annual, unit), annual, fmt=RP),
                     c(rupiah_range(*annual_range(mine)), None,
                       "assumption" if any(range_basis(x.source)[1] for x in mine) else ""),
                     c(rupiah(sum(x.total for x in mine)), sum(x.total for x in mine), fmt=RP), c("")])
        for a, line in enumerate(mine, start=1):
            basis, style = range_basis(line.source, line.source_id)
            rows.append([c(f"{g}.{a}"), c(t(f"strategy.name.{line.strategy}")), c(t(f"plan.funding.{line.funding}")),
                         c(rupiah(line.annual, unit), line.annual, fmt=RP),
                         c(rupiah_range(line.low, line.high), None, style),
                         c(rupiah(line.total), line.total, fmt=RP), c(basis, style=style)])
    return Table(f"renstra_{package}", t("plan.costs.renstra", package=labels.get(package, package)),
                 [t("plan.col.code"), t("plan.col.activity"), t("plan.col.funding"), t("plan.col.per_year"),
                  t("plan.col.range"), t("plan.col.total_short"), t("costs.col_basis")], rows)


def range_basis(source: str, source_id: str = "") -> tuple[str, str]:
    """What a strategy's cost range rests on, as the reader sees it, and its cell style: a
    citation in the reader's language where the priors file gives it (a regulation keeps its own
    name in either language, the words and number formatting around it follow the reader)."""
    if not source:
        return t("costs.chosen"), ""
    if source.strip().upper().startswith("ASSUMPTION"):
        return t("costs.assumed"), "assumption"
    return (source_id if current() == "id" and source_id else source), ""


def _agencies(plan: Plan, labels: dict[str, str], unit: str) -> Table:
    packages = list(plan.costs)
    rows = []
    for agency, share in plan.shares.items():
        cells = [c(agency), c(percent(share), share, fmt="0%")]
        for p in packages:
            rp = plan.annual(p) * share
            cells.append(c(rupiah(rp, unit), rp, fmt=RP))
        rows.append(cells)
    rows.append([c(t("report.total")), c("100%", 1.0, fmt="0%"),
                 *[c(rupiah(plan.annual(p), unit), plan.annual(p), fmt=RP) for p in packages]])
    return Table("cost_agencies", t("plan.costs.agencies"),
                 [t("report.col_owner"), t("plan.col.share"), *[labels.get(p, p) for p in packages]], rows,
                 t("plan.costs.agencies_note"))


def costs_by_year(plan: Plan, labels: dict[str, str]) -> Table:
    """Every package, activity, agency and year: the workbook's full table."""
    rows = []
    for package, lines in plan.costs.items():
        for line in lines:
            for year in sorted(line.per_year):
                for agency, share in plan.shares.items():
                    rp = line.per_year[year] * share
                    rows.append([c(labels.get(package, package)), c(t(f"plan.programme.{line.group}")),
                                 c(t(f"strategy.name.{line.strategy}")), c(agency), c(str(year), year),
                                 c(rupiah(rp), rp, fmt=RP)])
    return Table("costs_all", t("plan.costs.all"),
                 [t("plan.col.package"), t("plan.col.programme"), t("plan.col.activity"), t("report.col_owner"),
                  t("plan.col.year"), t("plan.col.rp")], rows, t("plan.costs.agencies_note"))


def agency_year_totals(plan: Plan, package: str) -> dict[str, dict[int, float]]:
    return by_agency(plan.costs.get(package, []), plan.shares)


def add_planning(report, run: RunFolder, comparison: ComparisonFolder) -> Plan:
    """Put the priorities and the costs before the report's figures, their full tables in the
    workbook."""
    plan = read_plan(run, comparison)
    labels = comparison.labels
    at = next((i for i, s in enumerate(report.sections) if s.key == "figures"), len(report.sections))

    costs = costs_section(plan, labels)
    costs.tables.append(contents_table(comparison))
    costs.sentences += reasons(comparison, plan)
    report.sections[at:at] = [priorities_section(plan, labels), costs]
    if plan.chances is not None:
        report.extra.append(priorities_all(plan, labels))
    if plan.costs:
        report.extra.append(costs_by_year(plan, labels))
    return plan
