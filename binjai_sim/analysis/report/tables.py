"""The report's content, in the language in force: sentences, tables and figures, each number
with its band, each month a calendar month, each value with its source or marked as an
assumption. ``html.py`` and ``xlsx.py`` only lay it out."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd

from binjai_sim.analysis.compare import ROBUST, outcome_name, verdict_name
from binjai_sim.analysis.verdicts.taught import lesson
from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.i18n import count, current, name, number, percent, signed, t
from binjai_sim.base.vocabulary import CAUSES

from . import prospects
from .assumptions import assumptions_section, event_text, parameter_name  # noqa: F401 - named here by callers
from .folders import ComparisonFolder, RunFolder
from .parts import Cell, Figure, Report, Section, Table, band, c  # noqa: F401 - named here by callers

MONTE_CARLO_Z = 1.645  # a 90% interval


def build(run: RunFolder, comparison: ComparisonFolder | None) -> Report:
    s, spec = run.summary, run.scenario
    label = s.get("label") or spec.get("label") or spec["city"]["name"]
    calibration = run.manifest.get("calibration") or s.get("calibration") or {}
    kind = ("none" if not calibration.get("fitted_to") else
            "own" if calibration.get("fitted_to_this_city") else "prior")
    banner = {"prior": t("report.banner_prior", fitted=calibration.get("fitted_to", ""), city=spec["city"]["name"]),
              "own": t("report.banner_own", fitted=calibration.get("fitted_to", "")),
              "none": t("report.banner_none")}[kind]
    horizon = f"{s['horizon']['start']} - {s['horizon']['end']}"
    facts = [(t("report.fact_scenario"), f"{label} ({s['scenario']})"),
             (t("report.fact_horizon"), horizon),
             (t("report.fact_apps"), str(s["apps_total"])),
             (t("report.fact_runs"), t("report.fact_runs_value", replicates=s["replicates"], seed=s["seed"])),
             (t("report.fact_version"), run.manifest.get("versions", {}).get("binjai-sim", "?"))]
    from binjai_sim.runs.conditioning import report_facts

    facts += report_facts(s)  # a projection or a counterfactual, and the known statuses' conditioning
    sections = [_glance(run, label, comparison), assumptions_section(run, calibration, kind),
                _checkpoints(run), _outlook(run), _causes(run)]
    if comparison is not None:
        sections.append(_comparison(comparison))
    sections.append(_figures(run, label, comparison))
    return Report(current(), t("report.title", label=label), spec.get("description", ""), banner,
                  kind, facts, sections, [_monthly(run), _outlook_all(run)], _footer(run, spec))


# --- at a glance -------------------------------------------------------------------------------

def _glance(run: RunFolder, label: str, comparison: ComparisonFolder | None) -> Section:
    s = run.summary
    end = s["horizon"]["end"]
    active, live = s["apps_active"][end], s["apps_live"][end]
    lines = [t("report.glance_end", end=end, active=count(active["median"]), low=number(round(active["p05"])),
               high=number(round(active["p95"])), live=count(live["median"]), total=s["apps_total"])]
    causes = sorted(((b["mean"], c_) for c_, b in s["deaths_by_cause"].items() if b["mean"] >= 0.05), reverse=True)
    if causes:
        lines.append(t("report.glance_causes", causes="; ".join(
            t("report.glance_cause", cause=name("cause", c_), mean=number(m, 1)) for m, c_ in causes[:3])))
    at_end = run.outlook[run.outlook["date"] == end].sort_values(["p_live", "app"], ascending=[False, True])
    if len(at_end):
        top = ", ".join(f"{r.app} ({percent(r.p_live)})" for r in at_end.head(3).itertuples())
        low = ", ".join(f"{r.app} ({percent(r.p_live)})" for r in at_end.tail(3).iloc[::-1].itertuples())
        lines.append(t("report.glance_apps", end=end, top=top, low=low))
    life = s["mean_app_lifetime_years"]
    lines.append(t("report.glance_life", mean=number(life["mean"], 1), low=number(life["p05"], 1),
                   high=number(life["p95"], 1)))
    if comparison is not None:
        gains = comparison.paired[comparison.paired.outcome == "app_years"].sort_values("mean", ascending=False)
        if len(gains):
            g = gains.iloc[0]
            lines.append(t("report.glance_best", scenario=comparison.labels.get(g.scenario, g.scenario),
                           gain=signed(g["mean"]), low=signed(g.mean_low), high=signed(g.mean_high),
                           p=percent(g.p_better), units=t(f"compare.unit_plural.{g.unit}"),
                           verdict=verdict_name(g.verdict)))
    return Section("glance", t("report.section_glance"), sentences=lines)


# --- results -----------------------------------------------------------------------------------

def _checkpoints(run: RunFolder) -> Section:
    s = run.summary
    rows = []
    for date in sorted(s["apps_active"]):
        why = s["checkpoints"].get(date, "listed")
        a, d, live = s["apps_active"][date], s["apps_degraded"][date], s["apps_live"][date]
        rows.append([c(date), c(name("checkpoint", why)), c(band(a), a["median"]), c(band(d), d["median"]),
                     c(band(live), live["median"]), c(str(s["apps_total"]), s["apps_total"])])
    table = Table("checkpoints", t("report.table_checkpoints"),
                  [t("report.col_month"), t("report.col_why"), t("report.col_active"), t("report.col_degraded"),
                   t("report.col_live"), t("report.col_total")], rows,
                  t("report.checkpoints_note", replicates=s["replicates"]))
    return Section("checkpoints", t("report.section_checkpoints"), t("report.checkpoints_intro"), [table])


def _outlook(run: RunFolder) -> Section:
    s = run.summary
    dates = sorted(s["apps_active"])
    table = run.outlook
    replicates = s["replicates"]
    half = 100 * MONTE_CARLO_Z * math.sqrt(0.25 / replicates)
    if len(run.inventory) > prospects.ROWS:
        return prospects.by_agency(run, dates)
    rows = []
    meta = {a["name"]: a for a in run.inventory}
    for app in [a["name"] for a in run.inventory]:
        mine = table[table["app"] == app].set_index("date")
        row = [c(app), c(meta[app]["owner_agency"])]
        for date in dates:
            p = float(mine.loc[date, "p_live"]) if date in mine.index else 0.0
            row.append(prospects.p_live_cell(p, meta[app]["launch"], date))
        first = mine.iloc[0]
        cause = first["most_likely_cause"]
        row.append(c(percent(float(first["p_closed"])), float(first["p_closed"]), fmt="0%"))
        row.append(c(t("report.cause_p", cause=name("cause", cause), p=percent(float(first["p_most_likely_cause"])))
                     if cause else "-"))
        rows.append(row)
    header = [t("report.col_app"), t("report.col_owner"), *[t("report.col_p_live", date=d) for d in dates],
              t("report.col_p_closed", end=s["horizon"]["end"]), t("report.col_cause")]
    note = t("report.outlook_note", replicates=replicates, half=number(half, 0))
    return Section("outlook", t("report.section_outlook"), t("report.outlook_intro"),
                   [Table("outlook", t("report.table_outlook"), header, rows, note)])


def _causes(run: RunFolder) -> Section:
    s = run.summary
    rows = [[c(name("cause", cause)), c(number(b["mean"], 1), b["mean"]),
             c(t("report.range", low=number(b["p05"]), high=number(b["p95"])))]
            for cause, b in sorted(s["deaths_by_cause"].items(), key=lambda x: -x[1]["mean"]) if cause in CAUSES]
    rows.append([c(t("report.total")), c(number(s["deaths_total"]["mean"], 1), s["deaths_total"]["mean"]),
                 c(t("report.range", low=number(s["deaths_total"]["p05"]), high=number(s["deaths_total"]["p95"])))])
    table = Table("causes", t("report.table_causes", start=s["horizon"]["start"], end=s["horizon"]["end"]),
                  [t("report.col_cause_name"), t("report.col_mean"), t("report.col_range")], rows,
                  t("report.causes_note"))
    return Section("causes", t("report.section_causes"), t("report.causes_intro"), [table])


def _comparison(comp: ComparisonFolder) -> Section:
    labels = comp.labels
    dates = [col.removeprefix("apps_active_").removesuffix("_median") for col in comp.table.columns
             if col.startswith("apps_active_") and col.endswith("_median")]
    rows = []
    for r in comp.table.to_dict("records"):
        cells = [c(labels.get(r["scenario"], r["scenario"]))]
        for d in dates:
            key = f"apps_active_{d}"
            cells.append(c(band({"median": r[f"{key}_median"], "p05": r[f"{key}_p05"], "p95": r[f"{key}_p95"]}),
                           r[f"{key}_median"]))
        cells.append(c(band({"median": r["app_years_mean"], "p05": r["app_years_p05"], "p95": r["app_years_p95"]},
                            whole=False), r["app_years_mean"]))
        cells.append(c(number(r["strategy_cost_rp_mean"] / 1e6), r["strategy_cost_rp_mean"] / 1e6))
        per = r["cost_per_extra_app_year_rp"]
        cells.append(c("-" if pd.isna(per) else number(per / 1e6, 1), None if pd.isna(per) else per / 1e6))
        rows.append(cells)
    outcomes = Table("comparison", t("report.table_comparison", reference=labels[comp.names[0]]),
                     [t("report.col_scenario"), *[t("report.col_active_at", date=d) for d in dates],
                      t("report.col_app_years"), t("report.col_cost_m"), t("report.col_cost_per_year")], rows,
                     t("report.comparison_note", replicates=len(comp.manifest["replicate_seeds"])))
    paired_rows = []
    extra = [col for col in comp.paired.columns if col.startswith("p_better_")]
    prior = "prior_p_better" in comp.paired
    for r in comp.paired.itertuples(index=False):
        scale, digits = (1e6, 0) if r.outcome == "strategy_cost_rp" else (1e3, 0) if r.outcome == "citizen_months" \
            else (1.0, 1)
        interval = (t("report.range", low=signed(r.mean_low / scale, digits),
                      high=signed(r.mean_high / scale, digits)) if np.isfinite(r.mean_low) else "-")
        paired_rows.append([c(labels.get(r.scenario, r.scenario)), c(outcome_name(r.outcome)),
                            c(signed(r.mean / scale, digits), r.mean / scale), c(interval),
                            c(t("report.range", low=signed(r.p05 / scale, digits),
                                high=signed(r.p95 / scale, digits))),
                            c(_band(r.p_better, getattr(r, "band_low", None), getattr(r, "band_high", None)),
                              r.p_better, "high" if r.p_better >= ROBUST else "low" if r.p_better < 0.5 else "",
                              "0%"),
                            c(verdict_name(r.verdict)),
                            *([c(_band(r.prior_p_better, r.prior_band_low, r.prior_band_high), r.prior_p_better,
                                 "", "0%"), c(verdict_name(r.prior_verdict))] if prior else []),
                            *[c(percent(getattr(r, col)), getattr(r, col), "", "0%") for col in extra]])
    unit = comp.paired["unit"].iloc[0] if len(comp.paired) else "replicate"
    units = int(comp.paired["units"].iloc[0]) if len(comp.paired) else 0
    paired = Table("paired", t("report.table_paired", reference=labels[comp.names[0]]),
                   [t("report.col_scenario"), t("report.col_outcome_name"), t("report.col_difference"),
                    t("report.col_interval"), t("report.col_range_units", units=t(f"compare.unit_plural.{unit}")),
                    t("report.col_benefit"), t("report.col_verdict"),
                    *([t("compare.prior_p_better"), t("compare.prior_verdict")] if prior else []),
                    *[t("report.col_benefit_structure", structure=col.removeprefix("p_better_")) for col in extra]],
                   paired_rows, t(f"report.paired_note.{unit}", units=units, share=percent(ROBUST)))
    taught = lesson(comp.paired, labels)
    return Section("comparison", t("report.section_comparison"), t("report.comparison_intro"), [outcomes, paired],
                   sentences=[taught] if taught else [])


def _band(p: float, low: float | None, high: float | None) -> str:
    """P(better) with its Monte-Carlo band when the comparison recorded one."""
    if low is None or high is None or not np.isfinite(low):
        return percent(p)
    return t("report.benefit_band", p=percent(p), low=percent(low), high=percent(high))


# --- figures and the workbook's extra tables ---------------------------------------------------

def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    from binjai_sim.outputs.plots import DPI, plain_figure

    buffer = io.BytesIO()
    plain_figure(fig).savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _figures(run: RunFolder, label: str, comparison: ComparisonFolder | None) -> Section:
    from binjai_sim.outputs.plots import (
        causes_figure,
        comparison_status_figure,
        cost_effectiveness_figure,
        factor_figure,
        status_figure,
        survival_figure,
    )

    s = run.summary
    start, end = parse_month(s["horizon"]["start"]), parse_month(s["horizon"]["end"])
    replicates = sorted(run.series["replicate"].unique().tolist())
    period = t("errors.range", low=format_month(start), high=format_month(end))
    figures = [Figure("status", t("report.figure_status"), _png(status_figure(run.series, label))),
               Figure("causes", t("report.figure_causes"), _png(causes_figure(run.events, replicates, label, period))),
               Figure("survival", t("report.figure_survival"), _png(survival_figure(run.events, end, label))),
               Figure("factors", t("report.figure_factors"), _png(factor_figure(run.series, label)))]
    if comparison is not None:
        city = run.scenario["city"]["name"]
        figures.insert(2, Figure("cost", t("report.figure_cost"), _png(cost_effectiveness_figure(
            comparison.metrics, comparison.names, comparison.labels, city))))
        figures.insert(3, Figure("active", t("report.figure_active"), _png(comparison_status_figure(
            comparison.series, comparison.labels, city))))
    return Section("figures", t("report.section_figures"), t("report.figures_intro"), figures=figures)


def _monthly(run: RunFolder) -> Table:
    series = run.series
    grouped = series.groupby("date")
    stats = {col: (grouped[col].median(), grouped[col].quantile(0.05), grouped[col].quantile(0.95))
             for col in ("active", "degraded", "dead", "citizens_using")}
    rows = []
    for date in sorted(series["date"].unique()):
        row = [c(date)]
        for mid, low, high in stats.values():
            for v in (mid[date], low[date], high[date]):
                row.append(c(number(v, 0), float(v), fmt="#,##0"))
        rows.append(row)
    header = [t("report.col_month")]
    for col in ("active", "degraded", "dead", "citizens_using"):
        what = name("status", col) if col != "citizens_using" else t("report.citizens_using")
        header += [t("report.col_median", what=what), t("report.col_p05", what=what), t("report.col_p95", what=what)]
    return Table("monthly", t("report.table_monthly"), header, rows, t("report.monthly_note"))


def _outlook_all(run: RunFolder) -> Table:
    rows = []
    for r in run.outlook.itertuples(index=False):
        rows.append([c(r.app), c(r.date), c(name("checkpoint", r.why)), c(percent(r.p_live), float(r.p_live), fmt="0%"),
                     c(percent(r.p_active), float(r.p_active), fmt="0%"),
                     c(name("cause", r.most_likely_cause) if r.most_likely_cause else "-")])
    return Table("outlook_all", t("report.table_outlook_all"),
                 [t("report.col_app"), t("report.col_month"), t("report.col_why"), t("report.col_p_live_short"),
                  t("report.col_p_active"), t("report.col_cause_name")], rows, t("report.outlook_all_note"))


def _footer(run: RunFolder, spec: dict) -> list[str]:
    lines = [t("report.footer_model"), t("report.footer_assumptions")]
    sources = " ".join((spec.get("sources") or {}).values())
    if "BPS" in sources:
        lines.append(t("report.footer_bps"))
    lines.append(t("report.footer_command", command=run.manifest.get("command", ""),
                   scenario=run.manifest.get("scenario_sha256", "")[:12]))
    return lines
