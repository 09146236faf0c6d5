"""Side-by-side comparison of scenarios with common random numbers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .outcomes import checkpoints, fmt_count
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


def markdown_table(table: pd.DataFrame) -> str:
    """A planner-readable table: intervals as text, money in millions of rupiah."""
    dates = [c.removeprefix("apps_active_").removesuffix("_median") for c in table.columns
             if c.startswith("apps_active_") and c.endswith("_median")]
    head = ["scenario", *[f"active {d}" for d in dates], "app-years", "extra app-years",
            "citizen-months (thousand)", "strategy cost (Rp million)", "Rp million per extra app-year",
            *[f"closed: {c}" for c in CAUSES]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for _, r in table.iterrows():
        cells = [r["scenario"]]
        for date in dates:
            key = f"apps_active_{date}"
            cells.append(f"{fmt_count(r[key + '_median'])} [{fmt_count(r[key + '_p05'])}-{fmt_count(r[key + '_p95'])}]"
                         if key + "_median" in r else "-")
        cells.append(f"{r['app_years_mean']:.1f} [{r['app_years_p05']:.1f}-{r['app_years_p95']:.1f}]")
        cells.append(f"{r['extra_app_years_vs_reference']:+.1f}")
        cells.append(f"{r['citizen_months_mean'] / 1e3:,.0f}")
        cells.append(f"{r['strategy_cost_rp_mean'] / 1e6:,.0f}")
        cost = r["cost_per_extra_app_year_rp"]
        cells.append("-" if pd.isna(cost) else f"{cost / 1e6:,.1f}")
        cells.extend(f"{r[f'deaths_{c}_mean']:.1f}" for c in CAUSES)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_comparison(comparison, target: Path, seed: int, force: bool) -> Path:
    """Write a comparison's tables, per-replicate metrics, manifest and figures atomically."""
    from .plots import comparison_figures

    with atomic_directory(target, force) as work:
        comparison.table.to_csv(work / "comparison.csv", index=False, float_format="%.6g")
        reference = comparison.table.scenario.iloc[0]
        (work / "comparison.md").write_text(
            f"# Scenario comparison (reference: {reference})\n\n"
            f"{len(comparison.seeds)} replicates per scenario, master seed {seed}, common random numbers "
            "(replicate i of every scenario uses the same seeds). Intervals are 5-95% across replicates; "
            "costs are totals over the horizon.\n\n" + markdown_table(comparison.table), encoding="utf-8")
        comparison.metrics.to_parquet(work / "metrics.parquet", index=False)
        write_json(work / "manifest.json", {
            "scenarios": [{"name": s.name, "file": str(s.path) if s.path else None, "sha256": s.hash}
                          for s in comparison.scenarios],
            "seed": seed,
            "replicates": len(comparison.seeds),
            "replicate_seeds": comparison.seeds,
            "command": " ".join(["binjai-sim", *sys.argv[1:]]),
            "versions": versions(),
            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        comparison_figures(comparison, work)
    return target
