"""Speed of the baseline run at default and at 1:1 scale, headless (the compiled engine alone)
and as a Mesa ``CityModel`` with its agents (as the browser view and ``run`` build it). Prints
numbers; asserts nothing. ``bench_engine.py`` compares the engine with the one it replaced.

    .venv/bin/python benchmarks/bench_run.py [--repeats N] [--full-repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim import load_scenario  # noqa: E402
from binjai_sim.runs.runner import simulate  # noqa: E402


def timed(fn, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15, help="runs at default scale")
    parser.add_argument("--full-repeats", type=int, default=3, help="runs at 1:1 scale")
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")
    months = scenario.spec.horizon.end - scenario.spec.horizon.start
    simulate(scenario, 0)  # warm caches and imports

    default = statistics.median(timed(lambda i: simulate(scenario, i), args.repeats))
    print(f"baseline run with its outputs, default scale (1 agent / 100 residents, {months} months): "
          f"median {default * 1000:.1f} ms over {args.repeats} runs")
    agents = statistics.median(timed(lambda i: simulate(scenario, i, agents=True), args.repeats))
    print(f"the same as a Mesa CityModel with its agents: median {agents * 1000:.1f} ms")
    full = statistics.median(timed(lambda i: simulate(scenario, i, residents_per_agent=1), args.full_repeats))
    print(f"baseline run, 1:1 scale ({scenario.spec.city.population:,} citizen agents): "
          f"median {full:.2f} s over {args.full_repeats} runs")


if __name__ == "__main__":
    main()
