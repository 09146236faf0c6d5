"""Side-by-side comparison of scenarios with common random numbers."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError
from .outcomes import checkpoints, fmt_count, registry
from .outputs import atomic_directory, versions, write_json
from .runner import process_pool, replicate_seed
from .scenario import LoadedScenario
from .vocabulary import CAUSES


@dataclass
class Comparison:
    metrics: pd.DataFrame  # one row per scenario x run (``replicate`` numbers runs; ``draw`` the posterior draw)
    table: pd.DataFrame  # one row per scenario
    events: dict[str, pd.DataFrame]
    series: dict[str, pd.DataFrame]
    scenarios: list[LoadedScenario]
    seeds: list[int]
    paired: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario x outcome against the reference
    draws: list | None = None  # posterior draws (sim.posterior.Draw), None: the calibrated point
    replicates: int = 0  # runs per draw


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


_SCENARIOS: list | None = None  # (scenarios, draws), installed once per worker


def _install(scenarios, draws) -> None:
    global _SCENARIOS
    _SCENARIOS = [scenarios, draws]


def _runs(task) -> list[dict]:
    """Every replicate of one scenario at one draw (frames tagged with draw and run number)."""
    from .posterior import applicable
    from .runner import simulate

    index, draw, seeds, first_run = task
    scenarios, draws = _SCENARIOS
    scenario = scenarios[index]
    if draws is not None:
        changes = applicable(scenario, draws[draw].changes)
        scenario = scenario.with_overrides(changes) if changes else scenario
    out = []
    for r, seed in enumerate(seeds):
        frames = simulate(scenario, seed, record_apps=False)
        for frame in frames.values():
            if frame is not None:
                frame.insert(0, "replicate", first_run + r)
                frame.insert(0, "draw", draw)
        out.append(frames)
    return out


def compare(scenarios: list[LoadedScenario], seed: int, replicates: int, workers: int = 1,
            progress=None, draws: list | None = None) -> Comparison:
    """Run every scenario with the same seeds (common random numbers): ``replicates`` runs at the
    calibrated point, or at each of ``draws`` (posterior draws, sim.posterior). Run ``r`` of draw
    ``d`` has the same seed in every scenario, so differences are paired."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        raise InputError(None, "name", f"scenarios to compare need distinct names; repeated: {', '.join(dupes)}")
    n_draws = len(draws) if draws else 1
    seeds = [[replicate_seed(seed, r, sample=d) for r in range(replicates)] for d in range(n_draws)]
    tasks = [(i, d, seeds[d], d * replicates) for i in range(len(scenarios)) for d in range(n_draws)]
    results: list[list[dict]] = []
    if workers > 1 and len(tasks) > 1:
        with process_pool(workers, initializer=_install, initargs=(scenarios, draws)) as pool:
            for frames in pool.map(_runs, tasks):
                results.append(frames)
                if progress:
                    progress(len(frames))
    else:
        _install(scenarios, draws)
        for task in tasks:
            results.append(_runs(task))
            if progress:
                progress(len(results[-1]))
    by_scenario: dict[str, list[dict]] = {name: [] for name in names}
    for (i, _, _, _), frames in zip(tasks, results, strict=True):
        by_scenario[names[i]].extend(frames)

    def cat(frames: list[dict], key: str) -> pd.DataFrame:
        return pd.concat([f[key] for f in frames], ignore_index=True)

    metrics = pd.concat([cat(f, "metrics").assign(scenario=n) for n, f in by_scenario.items()], ignore_index=True)
    metrics = metrics[["scenario", *[c for c in metrics.columns if c != "scenario"]]]
    if draws is not None:
        metrics.insert(2, "structure", [draws[d].structure for d in metrics["draw"]])
    events = {n: cat(f, "events") for n, f in by_scenario.items()}
    series = {n: cat(f, "series") for n, f in by_scenario.items()}
    dates = headline_dates(scenarios[0].spec)
    return Comparison(metrics, comparison_table(metrics, names, dates), events, series, scenarios,
                      [s for row in seeds for s in row], paired_table(metrics, names, dates, scenarios[0].spec),
                      draws, replicates)


ROBUST = 0.9  # the share of draws (or runs) that must agree before a verdict says "robust"


def paired_outcomes(dates: list[str]) -> list[str]:
    return ["app_years", *[f"apps_active_{d}" for d in dates], "citizen_months", "strategy_cost_rp"]


def paired_table(metrics: pd.DataFrame, names: list[str], dates: list[str], spec) -> pd.DataFrame:
    """Each scenario against the reference, per outcome: the paired difference per unit (a
    posterior draw, its runs averaged; or a run when there are no draws), its mean with a 90%
    interval of the mean, its 5-95% spread across units, the share of units in which the
    scenario does better (and worse), and a verdict that says "robust" only when at least 90%
    of units agree."""
    better = {name: o.better for name, o in registry(spec).items()}
    unit = "draw" if metrics["draw"].nunique() > 1 else "replicate"
    ref = metrics[metrics.scenario == names[0]].groupby(unit).mean(numeric_only=True)
    structures = sorted(metrics["structure"].unique()) if "structure" in metrics else []
    rows = []
    for name in names[1:]:
        mine = metrics[metrics.scenario == name].groupby(unit).mean(numeric_only=True)
        for outcome in paired_outcomes(dates):
            if outcome not in mine:
                continue
            diff = (mine[outcome] - ref[outcome]).to_numpy()
            sign = 1.0 if better[outcome] == "higher" else -1.0
            gain, loss = float(np.mean(sign * diff > 0)), float(np.mean(sign * diff < 0))
            se = float(np.std(diff, ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else float("nan")
            row = {"scenario": name, "outcome": outcome, "unit": unit, "units": int(diff.size),
                   "mean": float(diff.mean()), "mean_low": float(diff.mean() - 1.645 * se),
                   "mean_high": float(diff.mean() + 1.645 * se), "p05": float(np.quantile(diff, 0.05)),
                   "p95": float(np.quantile(diff, 0.95)), "p_better": gain, "p_worse": loss,
                   "verdict": verdict_word(gain, loss)}
            if len(structures) > 1:
                for s in structures:
                    keep = metrics[(metrics.scenario == name)].groupby(unit)["structure"].first() == s
                    row[f"p_better_{s}"] = float(np.mean((sign * diff > 0)[keep.to_numpy()])) if keep.any() \
                        else float("nan")
            rows.append(row)
    return pd.DataFrame(rows)


def verdict_word(p_better: float, p_worse: float) -> str:
    if p_better == 0.0 and p_worse == 0.0:
        return "no difference"
    if p_better >= ROBUST:
        return "robust: better"
    if p_worse >= ROBUST:
        return "robust: worse"
    return "not robust"


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


OUTCOME_LABELS = {"app_years": "app-years", "citizen_months": "citizen-months (thousand)",
                  "strategy_cost_rp": "strategy cost (Rp million)"}
OUTCOME_SCALE = {"citizen_months": 1e3, "strategy_cost_rp": 1e6}


def paired_markdown(paired: pd.DataFrame) -> str:
    """The paired differences as a planner reads them: one row per scenario and outcome."""
    if paired.empty:
        return ""
    unit = paired["unit"].iloc[0]
    extra = [c for c in paired.columns if c.startswith("p_better_")]
    head = ["scenario", "outcome", "difference, mean [90% interval of the mean]", f"5-95% across {unit}s",
            "P(better)", "verdict", *[f"P(better), {c.removeprefix('p_better_')}" for c in extra]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in paired.itertuples():
        k = OUTCOME_SCALE.get(r.outcome, 1.0)
        label = OUTCOME_LABELS.get(r.outcome, r.outcome.replace("apps_active_", "active apps "))
        interval = (f"{r.mean / k:+,.1f} [{r.mean_low / k:+,.1f}, {r.mean_high / k:+,.1f}]"
                    if np.isfinite(r.mean_low) else f"{r.mean / k:+,.1f}")
        cells = [r.scenario, label, interval, f"{r.p05 / k:+,.1f} to {r.p95 / k:+,.1f}", f"{r.p_better:.2f}",
                 r.verdict, *[f"{getattr(r, c):.2f}" for c in extra]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def describe_units(comparison) -> str:
    runs = comparison.replicates
    if comparison.draws is None:
        return (f"{runs} replicates per scenario at the calibrated point, common random numbers (replicate i of "
                "every scenario uses the same seeds). Differences are paired by replicate: their spread is "
                "the city's luck, and P(better) the share of replicates in which the scenario does better.")
    structures = sorted({d.structure for d in comparison.draws})
    over = (f"posterior draws over the structures {', '.join(structures)} (each drawn by its posterior "
            "probability)" if len(structures) > 1 else "posterior draws")
    return (f"{len(comparison.draws)} {over}, {runs} run(s) per draw, common random numbers (run i of draw d "
            "has the same seed in every scenario). Differences are paired by draw (its runs averaged): their "
            "spread is what the calibration leaves uncertain, and P(better) the share of draws in which the "
            "scenario does better.")


def write_comparison(comparison, target: Path, seed: int, force: bool) -> Path:
    """Write a comparison's tables, per-run metrics, manifest and figures atomically."""
    from .plots import comparison_figures, log_rank_rows

    with atomic_directory(target, force) as work:
        comparison.table.to_csv(work / "comparison.csv", index=False, float_format="%.6g")
        comparison.paired.to_csv(work / "paired.csv", index=False, float_format="%.6g")
        reference = comparison.table.scenario.iloc[0]
        log_rank = log_rank_rows(comparison)
        (work / "comparison.md").write_text(
            f"# Scenario comparison (reference: {reference})\n\n"
            f"{describe_units(comparison)} Master seed {seed}. Intervals in the first table are 5-95% across "
            "runs; costs are totals over the horizon.\n\n" + markdown_table(comparison.table)
            + f"\n## Against {reference}, paired\n\nA verdict is robust only when at least {ROBUST:.0%} of "
            "the units agree.\n\n" + paired_markdown(comparison.paired)
            + ("\n## Survival since launch\n\n" + "\n".join(log_rank) + "\n" if log_rank else ""),
            encoding="utf-8")
        comparison.metrics.to_parquet(work / "metrics.parquet", index=False)
        write_json(work / "manifest.json", {
            "scenarios": [{"name": s.name, "file": str(s.path) if s.path else None, "sha256": s.hash}
                          for s in comparison.scenarios],
            "seed": seed,
            "replicates": comparison.replicates,
            "posterior_draws": [{"structure": d.structure, "changes": d.changes} for d in comparison.draws]
            if comparison.draws is not None else None,
            "replicate_seeds": comparison.seeds,
            "command": " ".join(["binjai-sim", *sys.argv[1:]]),
            "versions": versions(),
            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        comparison_figures(comparison, work)
    return target
