"""A one-page brief for the regional head, beside the report: the recommended package (the best
gain in app-years per rupiah among the packages whose benefit is robust, or a plain statement
that none is), what it costs a year, how sure the model is, what it assumes and what would
change it, and one sentence for each verdict a reader would not expect. Everything else goes in
an appendix after a page break, with parameters under their human names."""

from __future__ import annotations

import math
import os
from html import escape
from pathlib import Path

from binjai_sim.analysis.compare import ROBUST, verdict_name
from binjai_sim.base.i18n import count, current, number, percent, plain, signed, t

from .folders import ComparisonFolder, RunFolder
from .html import CSS, _table
from .money import rupiah, rupiah_range
from .package_verdicts import Verdict, recommend, surprise, verdicts, wilson  # noqa: F401 - wilson: named here by callers
from .param_names import human_name
from .parts import Report, Section, Table, c
from .planning import Plan, headline, priorities_section

WORD_BUDGET = 420  # a page of A4 at the brief's type size, with its headings and table


def build_brief(run: RunFolder, comparison: ComparisonFolder, plan: Plan) -> Report:
    spec, s = run.scenario, run.summary
    label = plain(s.get("label") or spec.get("label") or spec["city"]["name"])  # a title and a heading
    found = verdicts(comparison, plan)
    best = recommend(found)
    calibration = run.manifest.get("calibration") or s.get("calibration") or {}
    lines = _headline(best, found)
    if best is not None:
        lines += _contents(comparison, best.package), _sure(best), _saves(best, plan, comparison)
    runs = len(comparison.manifest["replicate_seeds"])
    assumes = [t("plan.brief.assume_calibration", fitted=calibration["fitted_to"]) if calibration.get("fitted_to")
               else t("plan.brief.assume_uncalibrated"), t("plan.brief.assume_costs"),
               t("plan.brief.assume_horizon", start=s["horizon"]["start"], end=s["horizon"]["end"], runs=runs)]
    changes = _changes(best, found, calibration)
    surprises = [x for x in (surprise(v, plan) for v in found) if x]
    page = Section("brief", t("plan.brief.recommendation"), sentences=lines)
    parts = [page, Section("assumes", t("plan.brief.assumes"), sentences=assumes),
             Section("changes", t("plan.brief.changes"), sentences=changes + surprises)]
    appendix = [_verdict_table(found, plan), _terms(run, calibration)]
    facts = [(t("report.fact_scenario"), label), (t("report.fact_horizon"),
                                                  f"{s['horizon']['start']} - {s['horizon']['end']}"),
             (t("report.fact_apps"), str(s["apps_total"]))]
    from binjai_sim.runs.conditioning import report_facts

    facts += report_facts(s)  # from which month the strategies act, and how well the known facts were met
    return Report(current(), t("plan.brief.title", label=label), "", "", "none", facts, parts,
                  appendix, [t("plan.brief.footer", report=f"report_{current()}.html")])


def _headline(best: Verdict | None, found: list[Verdict]) -> list[str]:
    if best is not None:
        return [t("plan.brief.recommend", package=best.label, gain=signed(best.gain), low=signed(best.gain_low),
                  high=signed(best.gain_high), cost=rupiah(best.annual),
                  range=rupiah_range(best.annual_low, best.annual_high))]
    if not found:
        return [t("plan.brief.no_packages")]
    likely = max(found, key=lambda v: (v.p_better, v.gain))
    # the verdict reads the 90% band of the share, not the share: 10 of 10 runs better is a band
    # of 79-100%, undecided, and "none does better in 90% of the runs" would contradict it
    undecided = [v for v in found if v.verdict == "undecided"]
    if undecided:
        return [t("plan.brief.none_decided", share=percent(ROBUST), units=likely.units,
                  unit=t(f"compare.unit_plural.{likely.unit}")),
                _closest(likely)]
    return [t("plan.brief.none_robust", share=percent(ROBUST)),
            _closest(likely)]


def _closest(v: Verdict) -> str:
    """The package nearest to a recommendation, each number with its 90% interval as the
    appendix's table has it: a planner must not read a point as a certainty."""
    return t("wordfix.brief.closest", package=v.label, p=percent(v.p_better), low=percent(v.p_low),
             high=percent(v.p_high), gain=signed(v.gain), gain_low=signed(v.gain_low), gain_high=signed(v.gain_high),
             cost=rupiah(v.annual), range=rupiah_range(v.annual_low, v.annual_high))


def verdicts_legend() -> str:
    """The verdict table's legend: it names every verdict the table can show, in the words the
    table shows it with."""
    return t("wordfix.brief.verdicts_note", share=percent(ROBUST), better=verdict_name("robust: better"),
             worse=verdict_name("robust: worse"), undecided=verdict_name("undecided"),
             not_robust=verdict_name("not robust"), none=verdict_name("no difference"))


def _contents(comparison: ComparisonFolder, package: str) -> str:
    """What the package holds and from when: a planner needs both to put it in a plan."""
    items = next(s.get("strategies", []) for s in comparison.manifest["scenarios"] if s["name"] == package)
    starts = sorted({x["start"] for x in items})
    names = ", ".join(t(f"strategy.name.{x['name']}") + ("" if len(starts) == 1 else f" ({x['start']})")
                      for x in items)
    return t("plan.brief.contents", strategies=names, start=starts[0] if starts else "-")


def _sure(best: Verdict) -> str:
    return t("plan.brief.sure", p=percent(best.p_better), low=percent(best.p_low), high=percent(best.p_high),
             units=best.units, unit=t(f"compare.unit_plural.{best.unit}"), verdict=verdict_name(best.verdict))


def _saves(best: Verdict, plan: Plan, comparison: ComparisonFolder) -> str:
    end = comparison.table.set_index("scenario")
    date = headline(comparison)[-1]
    col = f"apps_active_{date}_median"
    without, with_ = end.loc[comparison.names[0], col], end.loc[best.package, col]
    text = t("plan.brief.apps", date=date, without=count(without), with_=count(with_))
    if plan.chances is not None:
        mine = plan.chances[(plan.chances.package == best.package) & (plan.chances.date == date)]
        top = mine.sort_values(["gain", "app"], ascending=[False, True]).head(3)
        top = top[top.gain > 0]
        if len(top):
            text += " " + t("plan.brief.first_apps", apps=", ".join(
                f"{r.app} ({signed(100 * r.gain, 0)} {t('plan.pp')})" for r in top.itertuples()))
    return text


def _changes(best: Verdict | None, found: list[Verdict], calibration: dict) -> list[str]:
    out = []
    if best is not None:
        out.append(t("plan.brief.change_cost", cost=rupiah(best.annual_high),
                     per=number(best.per_rupiah(high=True), 1), now=number(best.per_rupiah(), 1)))
        others = [v for v in found if v is not best and v.gain > 0]
        if others:
            runner = max(others, key=lambda v: (v.per_rupiah(), v.gain))
            out.append(t("plan.brief.change_runner", package=runner.label, p=percent(runner.p_better),
                         per=number(runner.per_rupiah(), 1) if math.isfinite(runner.per_rupiah()) else "-"))
        if best.p_low < ROBUST:
            out.append(t("plan.brief.change_runs", low=percent(best.p_low)))
    if calibration.get("fitted_to") and not calibration.get("fitted_to_this_city"):
        out.append(t("plan.brief.change_calibration", fitted=calibration["fitted_to"]))
    return out


def _verdict_table(found: list[Verdict], plan: Plan) -> Table:
    rows = []
    for v in found:
        per = v.per_rupiah()
        rows.append([c(v.label), c(verdict_name(v.verdict), None, "high" if v.robust else ""),
                     c(t("plan.brief.p_interval", p=percent(v.p_better), low=percent(v.p_low), high=percent(v.p_high)),
                       v.p_better, fmt="0%"),
                     c(t("report.band", median=signed(v.gain), low=signed(v.gain_low), high=signed(v.gain_high)),
                       v.gain),
                     c(rupiah(v.annual), v.annual, fmt="#,##0"),
                     c(rupiah_range(v.annual_low, v.annual_high), None, "assumption"),
                     c(number(per, 1) if math.isfinite(per) else "-", per if math.isfinite(per) else None),
                     c(surprise(v, plan) or "")])
    header = [t("plan.col.package"), t("report.col_verdict"), t("plan.col.p_better"), t("plan.col.app_years"),
              t("plan.col.per_year"), t("plan.col.range"), t("plan.col.per_miliar"), t("plan.col.why")]
    if not any(row[-1].text for row in rows):  # no verdict needs explaining: no empty column
        header, rows = header[:-1], [row[:-1] for row in rows]
    return Table("verdicts", t("plan.brief.verdicts"), header, rows, verdicts_legend())


def _terms(run: RunFolder, calibration: dict) -> Table:
    fitted = calibration.get("parameters") or run.summary.get("calibration", {}).get("parameters") or {}
    rows = [[c(human_name(k)), c(number(v, 3) if isinstance(v, float) else str(v),
                                 v if isinstance(v, (int, float)) else None)] for k, v in fitted.items()]
    return Table("terms", t("plan.brief.terms", fitted=calibration.get("fitted_to") or "-"),
                 [t("report.col_parameter"), t("report.col_setting")], rows, t("plan.brief.terms_note"))


BRIEF_CSS = """
body { font-size: 10pt; }
section.page { break-after: page; page-break-after: always; }
section.page h2 { margin-top: 4mm; }
section.appendix h2 { margin-top: 0; }
p.lead { font-size: 11.5pt; font-weight: bold; }
"""


def render_brief(brief: Report, priorities: Section | None) -> str:
    """The brief on one A4 page (the recommendation, what it assumes, what would change it, the
    apps to save first), then the appendix."""
    page = [f"<h1>{escape(brief.title)}</h1>",
            '<dl class="facts">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in brief.facts)
            + "</dl>"]
    for i, section in enumerate(brief.sections):
        page.append(f'<h2 id="{section.key}">{escape(section.title)}</h2>')
        items = section.sentences
        if i == 0 and items:
            page.append(f'<p class="lead">{escape(items[0])}</p>')
            items = items[1:]
        if items:
            page.append('<ul class="glance">' + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>")
    appendix = [f"<h2>{escape(t('plan.brief.appendix'))}</h2>"]
    appendix += [_table(x) for x in brief.extra]
    if priorities is not None:
        appendix += [_table(x) for x in priorities.tables]
    footer = "<footer>" + "".join(f"<p>{escape(x)}</p>" for x in brief.footer) + "</footer>"
    return (f'<!DOCTYPE html>\n<html lang="{brief.lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(brief.title)}</title>\n<style>{CSS}{BRIEF_CSS}</style>\n</head>\n<body>\n"
            f'<section class="page" id="brief-page">\n' + "\n".join(page) + "\n</section>\n"
            '<section class="appendix" id="appendix">\n' + "\n".join(appendix) + f"\n{footer}\n</section>\n"
            "</body>\n</html>\n")


def page_words(brief: Report) -> int:
    """Words on the brief's page (title, facts, headings, sentences): its budget is WORD_BUDGET."""
    text = " ".join([brief.title, *[f"{k} {v}" for k, v in brief.facts],
                     *[" ".join([s.title, *s.sentences]) for s in brief.sections]])
    return len(text.split())


def write_brief(run: RunFolder, comparison: ComparisonFolder, plan: Plan, path: Path) -> Path:
    brief = build_brief(run, comparison, plan)
    shown = {k: plain(v) for k, v in comparison.labels.items()}
    html = render_brief(brief, priorities_section(plan, shown) if plan.chances is not None else None)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)
    return path

