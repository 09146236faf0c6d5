"""Do two versions of the model give the same outcome distributions? Prints numbers; asserts nothing.

Runs N seeds of a scenario with the current tree and with the model as it was at a git
revision (extracted from this repository's history into a temporary folder), and compares every
outcome the older version reports: a two-sample Kolmogorov-Smirnov test and the difference of
means in Monte Carlo standard errors. Used when a change is meant to leave the distributions
as they were but cannot keep the draws bit for bit (for example, new random streams).

    .venv/bin/python benchmarks/compare_engines.py REVISION [--runs 2000] [--scenario binjai_baseline.yaml]
"""

from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
from scipy.stats import ks_2samp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def extract(revision: str, folder: Path) -> None:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "sim", "scenarios", "calibration"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    (folder / "sim").rename(folder / "sim_then")


def older_runs(folder: Path, scenario_name: str, runs: int) -> list[dict]:
    sys.path.insert(0, str(folder))
    then = importlib.import_module("sim_then")
    runner = importlib.import_module("sim_then.runner")
    try:
        measure = importlib.import_module("sim_then.outcomes").measure
    except ModuleNotFoundError:  # before the outcome registry
        measure = importlib.import_module("sim_then.metrics").run_metrics
    scenario = then.load_scenario(folder / "scenarios" / scenario_name)
    return [measure(runner.run_model(scenario, runner.replicate_seed(1, r))) for r in range(runs)]


def current_runs(scenario_name: str, runs: int) -> list[dict]:
    import binjai_sim
    from binjai_sim.runs.outcomes import measure
    from binjai_sim.runs.runner import replicate_seed, run_model

    scenario = binjai_sim.load_scenario(ROOT / "scenarios" / scenario_name)
    return [measure(run_model(scenario, replicate_seed(2, r))) for r in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--scenario", default="binjai_baseline.yaml", help="path under scenarios/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        extract(args.revision, Path(tmp))
        then = older_runs(Path(tmp), args.scenario, args.runs)
    now = current_runs(args.scenario, args.runs)
    print(f"{args.scenario}: {args.runs} runs of {args.revision} and of the current tree")
    failed = 0
    for key in then[0]:
        if key not in now[0]:
            print(f"  {key:28s} (not an outcome any more)")
            continue
        a, b = np.array([x[key] for x in then]), np.array([x[key] for x in now])
        if a.std() == 0 and b.std() == 0:
            print(f"  {key:28s} constant: {a[0]:.4g} then, {b[0]:.4g} now")
            continue
        p = ks_2samp(a, b).pvalue
        se = np.sqrt(a.var(ddof=1) / args.runs + b.var(ddof=1) / args.runs)
        z = (b.mean() - a.mean()) / se if se > 0 else 0.0
        same = p > 0.01 and abs(z) < 3
        failed += not same
        print(f"  {key:28s} mean {a.mean():10.4g} then {b.mean():10.4g} now  KS p {p:6.3f}  z {z:6.2f}"
              + ("" if same else "  <-- differs"))
    print(f"{failed} outcome(s) differ (KS p <= 0.01 or means more than 3 standard errors apart)")


if __name__ == "__main__":
    main()
