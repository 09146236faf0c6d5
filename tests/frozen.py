"""The frozen baseline: a fixed run of the Binjai baseline whose summary is kept in git."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FROZEN_FILE = ROOT / "tests" / "data" / "baseline_summary.json"
FROZEN_SEED = 20161202
FROZEN_REPLICATES = 20


def frozen_summary() -> dict:
    from binjai_sim.runs.runner import run_scenario
    from binjai_sim.runs.summary import summarise
    from binjai_sim.scenario.load import load_scenario

    scenario = load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")
    result = run_scenario(scenario, seed=FROZEN_SEED, replicates=FROZEN_REPLICATES, record_apps=False)
    spec = scenario.spec
    summary = summarise(result.metrics, spec, len(scenario.inventory))
    summary["scenario"] = scenario.name
    summary["seed"] = FROZEN_SEED
    return summary
