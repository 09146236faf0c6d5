"""Side-by-side comparison of scenarios with common random numbers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .outcomes import checkpoints
from .outputs import atomic_directory, versions, write_json
from .runner import run_scenario
from .scenario import LoadedScenario
from .vocabulary import CAUSES


@dataclass
class Comparison:
    metrics: pd.DataFrame  # one row per scenario x replicate
    table: pd.DataFrame  # one row per scenario
    events: dict[str, pd.DataFrame]
    series: dict[str, pd.DataFrame]
    scenarios: list[LoadedScenario]
    seeds: list[int]

    @property
    def labels(self) -> dict[str, str]:
        return {s.name: scenario_label(s) for s in self.scenarios}


def scenario_label(scenario: LoadedScenario) -> str:
    """How a comparison names a scenario: its ``label``, else its name in words."""
    return scenario.spec.label or scenario.name.replace("_", " ")


def paired_differences(metrics: pd.DataFrame, names: list[str], outcomes: dict[str, str]) -> pd.DataFrame:
    """Each scenario against the first, replicate by replicate (the same seeds, so the luck of a
    replicate cancels), for each ``outcome: better`` ("higher" or "lower" is better): the mean
    difference, its 90% range over replicates, a 90% interval of the mean (a seeded bootstrap
    over replicates) and the probability of benefit, the share of replicates in which the
    scenario does better than the reference."""
    reference = metrics[metrics.scenario == names[0]].set_index("replicate").sort_index()
    draws = np.random.default_rng(BOOTSTRAP_SEED).integers(0, len(reference), size=(BOOTSTRAP, len(reference)))
    rows = []
    for name in names[1:]:
        m = metrics[metrics.scenario == name].set_index("replicate").sort_index()
        for outcome, better in outcomes.items():
            diff = (m[outcome] - reference[outcome]).to_numpy()
            means = diff[draws].mean(axis=1)
            sign = -1.0 if better == "lower" else 1.0
            rows.append({"scenario": name, "outcome": outcome, "better": better,
                         "mean_difference": diff.mean(), "p05": np.quantile(diff, 0.05),
                         "p95": np.quantile(diff, 0.95), "mean_low": np.quantile(means, 0.05),
                         "mean_high": np.quantile(means, 0.95), "p_benefit": float(np.mean(sign * diff > 0)),
                         "p_harm": float(np.mean(sign * diff < 0)), "replicates": len(diff)})
    return pd.DataFrame(rows)


BOOTSTRAP, BOOTSTRAP_SEED = 2000, 20161202  # resamples of the replicates; fixed, so the table is reproducible


def paired_outcomes(spec) -> dict[str, str]:
    """The outcomes a comparison pairs: apps active at each headline checkpoint, app-years,
    citizen-months and strategy cost, each with which way is better (sim.outcomes)."""
    from .outcomes import registry

    outcomes = registry(spec)
    names = [f"apps_active_{d}" for d in headline_dates(spec)] + ["app_years", "citizen_months", "strategy_cost_rp"]
    return {n: outcomes[n].better for n in names}


def headline_dates(spec) -> list[str]:
    """The checkpoints a comparison table shows: the scenario's listed months and its end."""
    return [cp.label for cp in checkpoints(spec) if cp.headline]


def comparison_table(metrics: pd.DataFrame, names: list[str], dates: list[str]) -> pd.DataFrame:
    reference = metrics[metrics.scenario == names[0]].set_index("replicate")
    rows = []
    for name in names:
        m = metrics[metrics.scenario == name].set_index("replicate")
        extra_years = (m["app_years"] - reference["app_years"]).mean()
        extra_cost = (m["strategy_cost_rp"] - reference["strategy_cost_rp"]).mean()
        row = {"scenario": name}
        for date in dates:
            col = f"apps_active_{date}"
            if col in m:
                row[f"apps_active_{date}_median"] = m[col].median()
                row[f"apps_active_{date}_p05"] = m[col].quantile(0.05)
                row[f"apps_active_{date}_p95"] = m[col].quantile(0.95)
        row["app_years_mean"] = m["app_years"].mean()
        row["app_years_p05"] = m["app_years"].quantile(0.05)
        row["app_years_p95"] = m["app_years"].quantile(0.95)
        row["extra_app_years_vs_reference"] = extra_years
        row["citizen_months_mean"] = m["citizen_months"].mean()
        row["strategy_cost_rp_mean"] = m["strategy_cost_rp"].mean()
        row["cost_per_extra_app_year_rp"] = (extra_cost / extra_years if name != names[0] and extra_years > 0
                                             else np.nan)
        for cause in CAUSES:
            row[f"deaths_{cause}_mean"] = m[f"deaths_{cause}"].mean()
        rows.append(row)
    return pd.DataFrame(rows)


def compare(scenarios: list[LoadedScenario], seed: int, replicates: int, workers: int = 1,
            progress=None) -> Comparison:
    """Run every scenario with the same replicate seeds (common random numbers)."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise InputError(None, "name", f"scenarios to compare need distinct names; repeated: {', '.join(dupes)}")
    parts, events, series = [], {}, {}
    seeds: list[int] = []
    for scenario in scenarios:
        result = run_scenario(scenario, seed=seed, replicates=replicates, workers=workers,
                              progress=progress, record_apps=False)
        seeds = result.seeds
        parts.append(result.metrics.assign(scenario=scenario.name))
        events[scenario.name] = result.events
        series[scenario.name] = result.series
    metrics = pd.concat(parts, ignore_index=True)
    metrics = metrics[["scenario", *[c for c in metrics.columns if c != "scenario"]]]
    dates = headline_dates(scenarios[0].spec)
    return Comparison(metrics, comparison_table(metrics, names, dates), events, series, scenarios, seeds)


def markdown_table(table: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """A planner-readable table in the language in force: intervals as text, money in millions
    of rupiah."""
    from .i18n import count, name, number, t

    labels = labels or {}
    dates = [c.removeprefix("apps_active_").removesuffix("_median") for c in table.columns
             if c.startswith("apps_active_") and c.endswith("_median")]
    head = [t("compare.scenario"), *[t("compare.active", date=d) for d in dates], t("compare.app_years"),
            t("compare.extra_app_years"), t("compare.citizen_months"), t("compare.cost"),
            t("compare.cost_per_year"), *[t("compare.closed", cause=name("cause", c)) for c in CAUSES]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, r in table.iterrows():
        cells = [labels.get(r["scenario"], r["scenario"])]
        for date in dates:
            key = f"apps_active_{date}"
            cells.append(f"{count(r[key + '_median'])} [{number(round(r[key + '_p05']))}-"
                         f"{number(round(r[key + '_p95']))}]"
                         if key + "_median" in r else "-")
        cells.append(f"{number(r['app_years_mean'], 1)} [{number(r['app_years_p05'], 1)}-"
                     f"{number(r['app_years_p95'], 1)}]")
        extra = r["extra_app_years_vs_reference"]
        cells.append(("+" if extra >= 0 else "-") + number(abs(extra), 1))
        cells.append(number(r["citizen_months_mean"] / 1e3))
        cells.append(number(r["strategy_cost_rp_mean"] / 1e6))
        cost = r["cost_per_extra_app_year_rp"]
        cells.append("-" if pd.isna(cost) else number(cost / 1e6, 1))
        cells.extend(number(r[f"deaths_{c}_mean"], 1) for c in CAUSES)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def series_by_scenario(comparison) -> pd.DataFrame:
    """Apps by status in every month of every replicate and scenario (calendar months), so a
    report can draw the comparison again in another language."""
    from .outputs import dated

    parts = [dated(frame[["replicate", "month", "not_launched", "active", "degraded", "dead"]]).assign(scenario=name)
             for name, frame in comparison.series.items()]
    out = pd.concat(parts, ignore_index=True)
    return out[["scenario", *[c for c in out.columns if c != "scenario"]]]


def write_comparison(comparison, target: Path, seed: int, force: bool, lang: str | None = None) -> Path:
    """Write a comparison's tables, paired differences, per-replicate metrics, manifest and
    figures atomically, in ``lang`` (default: the first scenario's ``lang:``)."""
    from .i18n import t, use
    from .plots import comparison_figures

    first = comparison.scenarios[0]
    lang = lang or first.spec.lang
    names = [s.name for s in comparison.scenarios]
    paired = paired_differences(comparison.metrics, names, paired_outcomes(first.spec))
    with atomic_directory(target, force) as work, use(lang):
        comparison.table.to_csv(work / "comparison.csv", index=False, float_format="%.6g")
        paired.to_csv(work / "paired_differences.csv", index=False, float_format="%.6g")
        reference = comparison.labels[names[0]]
        (work / "comparison.md").write_text(
            t("compare.md_title", reference=reference) + "\n\n"
            + t("compare.md_intro", replicates=len(comparison.seeds), seed=seed) + "\n\n"
            + markdown_table(comparison.table, comparison.labels), encoding="utf-8")
        comparison.metrics.to_parquet(work / "metrics.parquet", index=False)
        series_by_scenario(comparison).to_parquet(work / "series_by_scenario.parquet", index=False)
        write_json(work / "manifest.json", {
            "scenarios": [{"name": s.name, "label": comparison.labels[s.name], "file": str(s.path) if s.path else None,
                           "sha256": s.hash, "calibration": {k: v for k, v in s.calibration().items()
                                                             if k != "parameters"}}
                          for s in comparison.scenarios],
            "city": first.spec.city.name,
            "lang": lang,
            "seed": seed,
            "replicates": len(comparison.seeds),
            "replicate_seeds": comparison.seeds,
            "command": " ".join(["binjai-sim", *sys.argv[1:]]),
            "versions": versions(),
            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        comparison_figures(comparison, work)
    return target
