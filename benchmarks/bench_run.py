"""Speed of the baseline run, at default and at 1:1 scale, and of the vectorised adoption step
against an idiomatic per-agent Mesa implementation. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_run.py [--repeats N] [--full-repeats N] [--reference-months N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from reference_adoption import ReferenceAdoption  # noqa: E402

from sim import load_scenario  # noqa: E402
from sim.agents.citizen import diffuse  # noqa: E402
from sim.model import CityModel  # noqa: E402
from sim.runner import simulate  # noqa: E402

TARGETS = {"default": 0.25, "full": 15.0, "ratio": 20.0}


def timed(fn, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return times


def adoption_comparison(scenario, months: int) -> tuple[float, float]:
    """Seconds per month of the citizen adoption step: vectorised vs per-agent, at 1:1 scale."""
    model = CityModel(scenario, seed=1, residents_per_agent=1)
    pop, apps, cz = model.population, model.apps, scenario.spec.citizens
    live = apps.citizen.copy()
    quality = np.full(apps.n, 0.8)
    reach = (pop.online_rank[pop.row] < 0.6) & live[pop.app_of]
    rng = np.random.default_rng(1)
    vec = timed(lambda _: diffuse(rng, pop.state, pop.app_of, reach, pop.pair_weight, apps.n, quality,
                                  pop.pair_propensity, cz.bass_p, cz.bass_q, cz.trial_rate, cz.quit_base,
                                  cz.quit_quality), max(months, 20))
    ref_model = ReferenceAdoption(pop, apps.n, quality, live, cz, seed=1)
    ref = timed(lambda _: ref_model.step(), months)
    return statistics.median(vec), statistics.median(ref)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15, help="runs at default scale")
    parser.add_argument("--full-repeats", type=int, default=3, help="runs at 1:1 scale")
    parser.add_argument("--reference-months", type=int, default=3, help="months of the per-agent reference")
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")
    months = scenario.spec.horizon.end - scenario.spec.horizon.start
    simulate(scenario, 0)  # warm caches and imports

    default = statistics.median(timed(lambda i: simulate(scenario, i), args.repeats))
    print(f"baseline run, default scale (1 agent / 100 residents, {months} months): "
          f"median {default:.3f} s over {args.repeats} runs (target <= {TARGETS['default']} s)")
    full = statistics.median(timed(lambda i: simulate(scenario, i, residents_per_agent=1), args.full_repeats))
    print(f"baseline run, 1:1 scale ({scenario.spec.city.population:,} citizen agents): "
          f"median {full:.2f} s over {args.full_repeats} runs (target <= {TARGETS['full']} s)")
    vec, ref = adoption_comparison(scenario, args.reference_months)
    print(f"citizen adoption step at 1:1 scale, per month: vectorised {vec * 1000:.1f} ms, "
          f"per-agent Mesa shuffle_do {ref * 1000:.0f} ms -> {ref / vec:.0f}x faster "
          f"(target >= {TARGETS['ratio']:.0f}x)")


if __name__ == "__main__":
    main()
