"""Wall time of `plan-package` at its default settings (all fifteen strategies, intensities 0.5
and 1, at most 2,000 packages and 200 draws each, a greedy ascent first), on Binjai with a
budget of Rp500 juta a year, with the machine's load before and after. Prints numbers; asserts
nothing.

    .venv/bin/python benchmarks/bench_portfolio.py [TARGET] [WORKERS]
    (default: apps-running:2030:4 and 2 workers)

The engine is compiled once before timing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from binjai_sim.interfaces.cli import main as cli
    from binjai_sim.runs.runner import warm

    target = sys.argv[1] if len(sys.argv) > 1 else "apps-running:2030:4"
    workers = sys.argv[2] if len(sys.argv) > 2 else "2"
    warm()
    before = os.getloadavg()
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        code = cli(["plan-package", str(ROOT / "scenarios" / "binjai_baseline.yaml"), "--budget-per-year", "500jt",
                    "--target", target, "--workers", workers, "--out", out, "--quiet"])
        seconds = time.perf_counter() - start
        import json

        plan = json.loads((Path(out) / "package_plan" / "plan.json").read_text(encoding="utf-8"))
    after = os.getloadavg()
    print(f"plan-package, Binjai, 500jt a year, target {target}, {workers} workers, exit code {code}")
    print(f"  wall time: {seconds:.0f} s ({seconds / 60:.1f} min)")
    print(f"  packages evaluated: {plan['candidates']}, pruned: {plan['pruned']}, model runs: {plan['runs']}")
    chosen = plan["chosen"]
    print(f"  status: {plan['status']}; chosen: "
          + ("none" if chosen is None else
             ", ".join(f"{s['name']}@{s['intensity']:g}" for s in chosen["strategies"])
             + f", Rp{chosen['cost_per_year_rp'] / 1e6:.0f} juta a year, P = {chosen['p_target']:.2f}"))
    print(f"  load average (1, 5, 15 min) before: {before[0]:.1f} {before[1]:.1f} {before[2]:.1f}; "
          f"after: {after[0]:.1f} {after[1]:.1f} {after[2]:.1f}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
