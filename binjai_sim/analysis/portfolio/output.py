"""What ``plan-package`` writes: the candidates evaluated (CSV for scripts, Markdown for people),
the chosen package and the Pareto front of cost, benefit and confidence as a figure, in the
language in force; ``plan.json`` records how to get the same bytes again."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from binjai_sim.analysis.report.money import rupiah, rupiah_range, unit_for
from binjai_sim.base.calendar import format_month
from binjai_sim.base.i18n import number, percent, plain, t, use
from binjai_sim.outputs.write import atomic_directory, versions, write_json
from binjai_sim.scenario.spreadsheet import neutral_frame

from .plan import Plan, chosen_entries

STAGES = {True: "ascent", False: "search"}


def package_name(package) -> str:
    """A package as a reader names it: each strategy with its intensity, or the baseline."""
    if not package:
        return t("portfolio.empty_package")
    return "; ".join(t("portfolio.item", strategy=t(f"strategy.name.{name}"), intensity=percent(level))
                     for name, level in package)


def package_code(package) -> str:
    """A package as scripts read it: ``handover_protocol@0.5;sops_documentation@1``."""
    return ";".join(f"{name}@{level:g}" for name, level in package)


def candidates_frame(plan: Plan) -> pd.DataFrame:
    """One row per package evaluated, in the order evaluated."""
    front = plan.front()
    chosen = plan.result.chosen
    rows = []
    for i, c in enumerate(plan.result.candidates):
        low, high = plan.cost_range(c.package)
        a = c.assessment
        rows.append({"order": i + 1, "stage": STAGES[i < plan.ascent], "package": package_code(c.package),
                     "strategies": len(c.package), "cost_per_year_rp": c.cost, "cost_low_rp": low,
                     "cost_high_rp": high, "p_target": a.p, "band_low": a.low, "band_high": a.high,
                     "draws": a.draws, "benefit_mean": a.benefit, "decision": a.decision, "pareto": front[i],
                     "chosen": chosen is not None and c.vector == chosen.vector})
    return pd.DataFrame(rows)


def verdict_lines(plan: Plan) -> list[str]:
    """What the search found, in plain sentences."""
    r, money = plan.result, lambda v: rupiah(v)
    lines = []
    if r.chosen is not None:
        c = r.chosen
        lines.append(t("portfolio.found", package=package_name(c.package), cost=money(c.cost),
                       range=rupiah_range(*plan.cost_range(c.package)), p=number(c.assessment.p, 2),
                       low=number(c.assessment.low, 2), high=number(c.assessment.high, 2),
                       draws=c.assessment.draws))
        if not r.proven:
            lines.append(t("portfolio.not_proven", checked=money(r.checked_to), cost=money(c.cost)))
    elif r.proven:
        lines.append(t("portfolio.none_in_budget", budget=money(plan.budget), confidence=percent(plan.confidence)))
    else:
        lines.append(t("portfolio.none_found", candidates=len(r.candidates), checked=money(r.checked_to),
                       budget=money(plan.budget)))
    undecided = r.cheaper_undecided
    if undecided:
        lines.append(t("portfolio.undecided", count=len(undecided), cap=plan.settings["max_draws"]))
    if r.chosen is None and r.candidates:
        best = max(r.candidates, key=lambda c: (c.assessment.p, -c.cost))
        lines.append(t("portfolio.best_seen", package=package_name(best.package), cost=money(best.cost),
                       p=number(best.assessment.p, 2)))
    return lines


def markdown(plan: Plan, frame: pd.DataFrame, title: str) -> str:
    r = plan.result
    head = [t("portfolio.col.order"), t("portfolio.col.package"), t("portfolio.col.cost"), t("portfolio.col.range"),
            t("portfolio.col.p"), t("portfolio.col.draws"), t(f"portfolio.col.benefit_{plan.target.kind}"),
            t("portfolio.col.decision"), t("portfolio.col.front")]
    unit = unit_for(max([c.cost for c in r.candidates], default=0.0))
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c, row in zip(r.candidates, frame.itertuples(), strict=True):
        mark = " **" + t("portfolio.chosen") + "**" if row.chosen else ""
        rows.append("| " + " | ".join([
            str(row.order) + ("*" if row.stage == "ascent" else ""), plain(package_name(c.package)) + mark,
            rupiah(c.cost, unit), rupiah_range(row.cost_low_rp, row.cost_high_rp),
            t("portfolio.p_band", p=number(row.p_target, 2), low=number(row.band_low, 2),
              high=number(row.band_high, 2)),
            number(row.draws), number(row.benefit_mean, 1 if plan.target.kind == "apps-running" else 0),
            t(f"portfolio.decision.{row.decision}"), "●" if row.pareto else ""]) + " |")
    settings = plan.settings
    method = t("portfolio.method", first=settings["first_draws"], cap=settings["max_draws"],
               confidence=percent(plan.confidence), levels=", ".join(percent(x) for x in plan.levels),
               strategies=len(settings["strategies"]), pruned=r.pruned, runs=number(plan.runs))
    return "\n".join([
        f"# {plain(title)}: {t('portfolio.title')}", "",
        t("portfolio.asked", target=plan.target.describe(), confidence=percent(plan.confidence),
          budget=rupiah(plan.budget), start=format_month(plan.start)), "",
        *[f"- {line}" for line in verdict_lines(plan)], "",
        t("portfolio.how"), "", method, "", t("portfolio.table_note"), "", *rows, ""])


def write_plan(plan: Plan, base, target: Path, force: bool, lang: str) -> Path:
    """The plan's folder, written atomically."""
    from .figure import front_figure

    with atomic_directory(target, force) as work, use(lang):
        frame = candidates_frame(plan)
        neutral_frame(frame).to_csv(work / "candidates.csv", index=False, float_format="%.6g")
        (work / f"plan_{lang}.md").write_text(markdown(plan, frame, base.title), encoding="utf-8")
        front_figure(plan, frame, base.title, work / f"pareto_{lang}.png")
        chosen = plan.result.chosen
        write_json(work / "plan.json", {
            "scenario": {"name": base.name, "file": str(base.path) if base.path else None, "sha256": base.hash},
            "target": plan.target.spec(), "confidence": plan.confidence, "budget_per_year_rp": plan.budget,
            "start": format_month(plan.start), "intensities": list(plan.levels), "seed": plan.seed,
            "settings": plan.settings, "lang": lang,
            "status": ("found" if chosen else "none") + ("" if plan.result.proven else "_search_capped"),
            "chosen": None if chosen is None else {
                "strategies": chosen_entries(plan), "cost_per_year_rp": chosen.cost,
                "cost_range_rp": list(plan.cost_range(chosen.package)), "p_target": chosen.assessment.p,
                "band": [chosen.assessment.low, chosen.assessment.high], "draws": chosen.assessment.draws},
            "candidates": len(plan.result.candidates), "pruned": plan.result.pruned,
            "checked_to_rp": plan.result.checked_to, "runs": plan.runs,
            "posterior_draws": [{"structure": d.structure, "changes": d.changes} for d in plan.draws],
        })
        write_json(work / "manifest.json", {"command": " ".join(["binjai-sim", *sys.argv[1:]]),
                                            "versions": versions(),
                                            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")})
    return target

