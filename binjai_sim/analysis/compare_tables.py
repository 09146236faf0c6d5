"""A comparison as a planner reads it: the scenario table and the paired differences in Markdown,
with the words for outcomes and verdicts, in the language in force."""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.vocabulary import CAUSES

from .verdicts.rule import ROBUST


def markdown_table(table: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """A planner-readable table in the language in force: intervals as text, money in millions
    of rupiah."""
    from binjai_sim.base.i18n import count, name, number, plain, signed, t

    labels = labels or {}
    dates = [c.removeprefix("apps_active_").removesuffix("_median") for c in table.columns
             if c.startswith("apps_active_") and c.endswith("_median")]
    head = [t("compare.scenario"), *[t("compare.active", date=d) for d in dates], t("compare.app_years"),
            t("compare.extra_app_years"), t("compare.citizen_months"), t("compare.cost"),
            t("compare.cost_per_year"), *[t("compare.closed", cause=name("cause", c)) for c in CAUSES]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, r in table.iterrows():
        cells = [plain(labels.get(r["scenario"], r["scenario"]))]
        for date in dates:
            key = f"apps_active_{date}"
            cells.append(f"{count(r[key + '_median'])} [{number(round(r[key + '_p05']))}-"
                         f"{number(round(r[key + '_p95']))}]"
                         if key + "_median" in r else "-")
        cells.append(f"{number(r['app_years_mean'], 1)} [{number(r['app_years_p05'], 1)}-"
                     f"{number(r['app_years_p95'], 1)}]")
        extra = r["extra_app_years_vs_reference"]
        cells.append(signed(extra))
        cells.append(number(r["citizen_months_mean"] / 1e3))
        cells.append(number(r["strategy_cost_rp_mean"] / 1e6))
        cost = r["cost_per_extra_app_year_rp"]
        cells.append("-" if pd.isna(cost) else number(cost / 1e6, 1))
        cells.extend(number(r[f"deaths_{c}_mean"], 1) for c in CAUSES)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


OUTCOME_SCALE = {"citizen_months": 1e3, "strategy_cost_rp": 1e6}  # thousands; Rp million
# paired.csv's words (stable for scripts) -> catalogue keys
VERDICTS = {"robust: better": "robust_better", "robust: worse": "robust_worse", "not robust": "not_robust",
            "no difference": "no_difference", "undecided": "undecided"}


def outcome_name(outcome: str) -> str:
    """A paired outcome as a reader knows it, in the language in force."""
    from binjai_sim.base.i18n import t

    if outcome.startswith("apps_active_"):
        return t("compare.active", date=outcome.removeprefix("apps_active_"))
    return t({"app_years": "compare.app_years", "citizen_months": "compare.citizen_months",
              "strategy_cost_rp": "compare.cost"}[outcome])


def verdict_name(verdict: str) -> str:
    from binjai_sim.base.i18n import t

    return t(f"compare.verdict.{VERDICTS[verdict]}")


def paired_markdown(paired: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """The paired differences as a planner reads them, in the language in force: one row per
    scenario and outcome."""
    from binjai_sim.base.i18n import number, plain, signed, t

    if paired.empty:
        return ""
    labels = labels or {}
    unit = paired["unit"].iloc[0]
    extra = [c for c in paired.columns if c.startswith("p_better_")]
    prior = "prior_p_better" in paired
    head = [t("compare.scenario"), t("compare.outcome"), t("compare.difference"),
            t("compare.spread", units=t(f"compare.unit_plural.{unit}")), t("compare.units_col",
                                                                             units=t(f"compare.unit_plural.{unit}")),
            t("compare.p_better"), t("compare.verdict_col"),
            *([t("compare.prior_p_better"), t("compare.prior_verdict")] if prior else []),
            *[t("compare.p_better_structure", structure=c.removeprefix("p_better_"),
                draws=int(paired[c.replace("p_better_", "draws_")].iloc[0])) for c in extra]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    for r in paired.itertuples():
        k = OUTCOME_SCALE.get(r.outcome, 1.0)
        interval = (f"{signed(r.mean / k)} [{signed(r.mean_low / k)}; {signed(r.mean_high / k)}]"
                    if np.isfinite(r.mean_low) else signed(r.mean / k))
        cells = [plain(labels.get(r.scenario, r.scenario)), outcome_name(r.outcome), interval,
                 t("compare.to", low=signed(r.p05 / k), high=signed(r.p95 / k)), number(r.units),
                 p_better_band(r.p_better, r.band_low, r.band_high), verdict_name(r.verdict),
                 *([p_better_band(r.prior_p_better, r.prior_band_low, r.prior_band_high),
                    verdict_name(r.prior_verdict)] if prior else []),
                 *[number(getattr(r, c), 2) for c in extra]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def p_better_band(p: float, low: float, high: float) -> str:
    """P(better) with its Monte-Carlo band, in the language in force."""
    from binjai_sim.base.i18n import number, t

    return t("compare.p_better_band", p=number(p, 2), low=number(low, 2), high=number(high, 2))


def describe_rule(comparison) -> str:
    """How a verdict reads P(better)'s band, and (with prior draws) what the prior's columns are."""
    from binjai_sim.base.i18n import percent, t

    units = t(f"compare.unit_plural.{comparison.paired['unit'].iloc[0]}")
    text = (t("compare.md_robust", share=percent(ROBUST), units=units, cap=comparison.cap) if comparison.cap
            else t("compare.md_robust_fixed", share=percent(ROBUST), units=units))
    return text + ("\n\n" + t("compare.md_prior") if comparison.prior_draws is not None else "")


def describe_units(comparison, seed: int) -> str:
    """What was run and what a paired difference is paired by, in the language in force."""
    from binjai_sim.base.i18n import t

    runs = comparison.replicates
    if comparison.draws is None:
        return t("compare.md_intro", replicates=runs, seed=seed)
    structures = sorted({d.structure for d in comparison.draws})
    if len(structures) > 1:
        return t("compare.md_intro_structures", draws=len(comparison.draws), structures=", ".join(structures),
                 runs=runs, seed=seed)
    return t("compare.md_intro_draws", draws=len(comparison.draws), runs=runs, seed=seed)
