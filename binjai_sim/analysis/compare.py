"""Side-by-side comparison of scenarios with common random numbers."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.base.errors import InputError
from binjai_sim.base.vocabulary import CAUSES
from binjai_sim.outputs.write import atomic_directory, versions, write_json
from binjai_sim.runs.outcomes import checkpoints, registry
from binjai_sim.runs.runner import process_pool, replicate_seed
from binjai_sim.scenario.load import LoadedScenario

# the tables and words a reader sees, importable from here as before they moved
from .compare_tables import (  # noqa: F401
    OUTCOME_SCALE,
    VERDICTS,
    describe_rule,
    describe_units,
    markdown_table,
    outcome_name,
    p_better_band,
    paired_markdown,
    verdict_name,
)
from .verdicts.rule import ROBUST, verdict, wilson  # noqa: F401


@dataclass
class Comparison:
    metrics: pd.DataFrame  # one row per scenario x run (``replicate`` numbers runs; ``draw`` the posterior draw)
    table: pd.DataFrame  # one row per scenario
    events: dict[str, pd.DataFrame]
    series: dict[str, pd.DataFrame]
    scenarios: list[LoadedScenario]
    seeds: list[int]
    paired: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario x outcome against the reference
    draws: list | None = None  # posterior draws (binjai_sim.analysis.posterior.Draw), None: the calibrated point
    replicates: int = 0  # runs per draw
    prior_draws: list | None = None  # the draws from the priors whose verdicts paired.csv shows beside
    cap: int = 0  # the most draws the verdicts could have used (0: a fixed number)

    @property
    def labels(self) -> dict[str, str]:
        return {s.name: scenario_label(s) for s in self.scenarios}


def scenario_label(scenario: LoadedScenario) -> str:
    """How a comparison names a scenario: its ``label``, else its name in words."""
    return scenario.spec.label or scenario.name.replace("_", " ")


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
    from binjai_sim.runs.runner import simulate

    from .posterior import applicable

    index, draw, seeds, first_run, number = task
    scenarios, draws = _SCENARIOS
    scenario = scenarios[index]
    if draws is not None:
        changes = applicable(scenario, draws[draw].changes)
        scenario = scenario.with_overrides(changes) if changes else scenario
    out = []
    from binjai_sim.scenario.known import known_facts

    if known_facts(scenario):  # the same candidates and choices in every scenario: still paired
        from binjai_sim.runs.conditioning import run_conditioned
        from binjai_sim.runs.runner import frames_of

        models, _ = run_conditioned(scenario, known_facts(scenario), seeds[0], len(seeds), seeds=seeds)
        conditioned = [frames_of(m, record_apps=False) for m in models]
    for r, seed in enumerate(seeds):
        frames = conditioned[r] if known_facts(scenario) else simulate(scenario, seed, record_apps=False)
        for frame in frames.values():
            if frame is not None:
                frame.insert(0, "replicate", first_run + r)
                frame.insert(0, "draw", number)
        out.append(frames)
    return out


def compare(scenarios: list[LoadedScenario], seed: int, replicates: int, workers: int = 1,
            progress=None, draws: list | None = None, first_draw: int = 0) -> Comparison:
    """Run every scenario with the same seeds (common random numbers): ``replicates`` runs at the
    calibrated point, or at each of ``draws`` (posterior draws, binjai_sim.analysis.posterior). Run ``r`` of draw
    ``d`` has the same seed in every scenario, so differences are paired. ``draws`` may be a batch
    of a longer sequence starting at draw number ``first_draw``: its runs have the seeds and
    numbers they have in the whole sequence, so batches put together equal one comparison."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        dupes = sorted({n for n in names if names.count(n) > 1})
        from binjai_sim.base.i18n import t

        raise InputError(None, "name", t("msg.compare.distinct_names", names=", ".join(dupes)))
    n_draws = len(draws) if draws else 1
    seeds = [[replicate_seed(seed, r, sample=first_draw + d) for r in range(replicates)] for d in range(n_draws)]
    tasks = [(i, d, seeds[d], (first_draw + d) * replicates, first_draw + d)
             for i in range(len(scenarios)) for d in range(n_draws)]
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
    for (i, *_), frames in zip(tasks, results, strict=True):
        by_scenario[names[i]].extend(frames)

    def cat(frames: list[dict], key: str) -> pd.DataFrame:
        return pd.concat([f[key] for f in frames], ignore_index=True)

    metrics = pd.concat([cat(f, "metrics").assign(scenario=n) for n, f in by_scenario.items()], ignore_index=True)
    metrics = metrics[["scenario", *[c for c in metrics.columns if c != "scenario"]]]
    if draws is not None:
        metrics.insert(2, "structure", [draws[d - first_draw].structure for d in metrics["draw"]])
    events = {n: cat(f, "events") for n, f in by_scenario.items()}
    series = {n: cat(f, "series") for n, f in by_scenario.items()}
    dates = headline_dates(scenarios[0].spec)
    return Comparison(metrics, comparison_table(metrics, names, dates), events, series, scenarios,
                      [s for row in seeds for s in row], paired_table(metrics, names, dates, scenarios[0].spec),
                      draws, replicates)


def paired_outcomes(dates: list[str]) -> list[str]:
    return ["app_years", *[f"apps_active_{d}" for d in dates], "citizen_months", "strategy_cost_rp"]


def paired_table(metrics: pd.DataFrame, names: list[str], dates: list[str], spec) -> pd.DataFrame:
    """Each scenario against the reference, per outcome: the paired difference per unit (a
    posterior draw, its runs averaged; or a run when there are no draws), its mean with a 90%
    interval of the mean, its 5-95% spread across units, the share of units in which the
    scenario does better (and worse) with its Monte-Carlo band, and the verdict of that band
    (binjai_sim.analysis.verdicts.rule)."""
    better = {name: o.better for name, o in registry(spec).items()}
    unit = "draw" if metrics["draw"].nunique() > 1 else "replicate"
    ref = metrics[metrics.scenario == names[0]].groupby(unit).mean(numeric_only=True)
    structures = structure_order(metrics["structure"].unique()) if "structure" in metrics else []
    rows = []
    for name in names[1:]:
        mine = metrics[metrics.scenario == name].groupby(unit).mean(numeric_only=True)
        for outcome in paired_outcomes(dates):
            if outcome not in mine:
                continue
            diff = (mine[outcome] - ref[outcome]).to_numpy()
            sign = 1.0 if better[outcome] == "higher" else -1.0
            wins, losses = int(np.sum(sign * diff > 0)), int(np.sum(sign * diff < 0))
            gain, loss = wins / diff.size, losses / diff.size
            low, high = wilson(wins, diff.size)
            se = float(np.std(diff, ddof=1) / np.sqrt(diff.size)) if diff.size > 1 else float("nan")
            row = {"scenario": name, "outcome": outcome, "unit": unit, "units": int(diff.size),
                   "mean": float(diff.mean()), "mean_low": float(diff.mean() - 1.645 * se),
                   "mean_high": float(diff.mean() + 1.645 * se), "p05": float(np.quantile(diff, 0.05)),
                   "p95": float(np.quantile(diff, 0.95)), "p_better": gain, "band_low": low,
                   "band_high": high, "p_worse": loss, "verdict": verdict(wins, losses, diff.size)}
            if len(structures) > 1:
                for s in structures:
                    keep = metrics[(metrics.scenario == name)].groupby(unit)["structure"].first() == s
                    row[f"p_better_{s}"] = float(np.mean((sign * diff > 0)[keep.to_numpy()])) if keep.any() \
                        else float("nan")
                    row[f"draws_{s}"] = int(keep.sum())
            rows.append(row)
    return pd.DataFrame(rows)


def structure_order(names) -> list[str]:
    """Structures in the order the calibration lists them (richest first), unknown ones last."""
    from .calibrate.structures import STRUCTURES

    known = [s for s in STRUCTURES if s in set(names)]
    return known + sorted(set(names) - set(known))


def series_by_scenario(comparison) -> pd.DataFrame:
    """Apps by status in every month of every run and scenario (calendar months), so a report
    can draw the comparison again in another language."""
    from binjai_sim.outputs.write import dated

    parts = [dated(frame[["replicate", "month", "not_launched", "active", "degraded", "dead"]]).assign(scenario=name)
             for name, frame in comparison.series.items()]
    out = pd.concat(parts, ignore_index=True)
    return out[["scenario", *[c for c in out.columns if c != "scenario"]]]


def app_events_by_scenario(comparison) -> pd.DataFrame:
    """Every run's launches, redesigns and closures per app, so a report can say which apps a
    package saves without running it again."""
    keep = ("launch", "redesign", "death")
    parts = [frame[frame["kind"].isin(keep)][["draw", "replicate", "month", "date", "kind", "app", "cause"]]
             .assign(scenario=name) for name, frame in comparison.events.items()]
    out = pd.concat(parts, ignore_index=True)
    return out[["scenario", *[c for c in out.columns if c != "scenario"]]]


def resolved_strategies(scenario: LoadedScenario) -> list[dict]:
    """A scenario's strategies with every default filled in, as the runs apply them (from the
    projection month at the earliest), so a report costs what the runs spent."""
    return [st.to_dict() for st in scenario.strategies]


def write_comparison(comparison, target: Path, seed: int, force: bool, lang: str | None = None) -> Path:
    """Write a comparison's tables, paired differences (paired.csv), per-run metrics, manifest
    and figures atomically, in ``lang`` (default: the first scenario's ``lang:``)."""
    from binjai_sim.base.i18n import plain, t, use
    from binjai_sim.outputs.plots import comparison_figures, log_rank_rows
    from binjai_sim.scenario.spreadsheet import neutral_frame

    from .verdicts.taught import lesson

    first = comparison.scenarios[0]
    lang = lang or first.spec.lang
    names = [s.name for s in comparison.scenarios]
    with atomic_directory(target, force) as work, use(lang):
        neutral_frame(comparison.table).to_csv(work / "comparison.csv", index=False, float_format="%.6g")
        neutral_frame(comparison.paired).to_csv(work / "paired.csv", index=False, float_format="%.6g")
        shown = {k: plain(v) for k, v in comparison.labels.items()}  # markdown a reader opens in a terminal too
        reference = shown[names[0]]
        log_rank = log_rank_rows(comparison)
        paired = ""
        if not comparison.paired.empty:
            taught = lesson(comparison.paired, shown)
            paired = ("\n" + t("compare.md_paired", reference=reference) + "\n\n" + describe_rule(comparison)
                      + "\n\n" + paired_markdown(comparison.paired, shown)
                      + ("\n" + taught + "\n" if taught else ""))
        (work / "comparison.md").write_text(
            t("compare.md_title", reference=reference) + "\n\n" + describe_units(comparison, seed) + "\n\n"
            + markdown_table(comparison.table, shown) + paired
            + ("\n" + t("compare.md_survival") + "\n\n" + "\n".join(log_rank) + "\n" if log_rank else ""),
            encoding="utf-8")
        comparison.metrics.to_parquet(work / "metrics.parquet", index=False)
        series_by_scenario(comparison).to_parquet(work / "series_by_scenario.parquet", index=False)
        app_events_by_scenario(comparison).to_parquet(work / "app_events.parquet", index=False)
        write_json(work / "manifest.json", {
            "scenarios": [{"name": s.name, "label": comparison.labels[s.name], "file": str(s.path) if s.path else None,
                           "sha256": s.hash, "calibration": {k: v for k, v in s.calibration().items()
                                                             if k != "parameters"},
                           "strategies": resolved_strategies(s)}
                          for s in comparison.scenarios],
            "city": first.spec.city.name,
            "lang": lang,
            "seed": seed,
            "replicates": comparison.replicates,
            "posterior_draws": [{"structure": d.structure, "changes": d.changes} for d in comparison.draws]
            if comparison.draws is not None else None,
            "prior_draws": [{"structure": d.structure, "changes": d.changes} for d in comparison.prior_draws]
            if comparison.prior_draws is not None else None,
            "draws_cap": comparison.cap or None,
            "replicate_seeds": comparison.seeds,
            "command": " ".join(["binjai-sim", *sys.argv[1:]]),
            "versions": versions(),
            "created_utc": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
        comparison_figures(comparison, work)
    return target
