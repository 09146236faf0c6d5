"""What each region of calibration/pooled/regions.yaml costs the pooled fit: the wall time of one
`pooled_distance` call (one particle: every region's runs and scoring) with every region, and
with each region left out. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_pooled_regions.py [--replicates 3] [--calls 5]

The fit's wall time is about the number of particles evaluated times this, so the ratio of the
two lines is how much longer the default fit takes with the region than without it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.analysis.calibrate.pooled import (  # noqa: E402
    DEVIATION,
    SPREAD,
    PooledSetup,
    load_regions,
    load_shared,
    pooled_distance,
)
from binjai_sim.base.resources import CALIBRATION  # noqa: E402


def _time(setup: PooledSetup, values: dict, calls: int) -> float:
    times = []
    for seed in range(calls):
        start = time.perf_counter()
        pooled_distance(setup, values, seed)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=3, help="runs per region (the fit's default 3)")
    parser.add_argument("--calls", type=int, default=5, help="calls timed per set of regions (median printed)")
    args = parser.parse_args()
    regions = load_regions(CALIBRATION / "pooled" / "regions.yaml", CALIBRATION / "priors.yaml")
    shared = load_shared(CALIBRATION / "pooled" / "priors.yaml", regions)
    setup = PooledSetup(regions, shared, args.replicates, ("five_factor",))
    values = {SPREAD: 0.3, **{f"{DEVIATION}{r.name}": 0.0 for r in regions}}
    pooled_distance(setup, values, 0)  # compiles the engine once, outside the timing
    every = _time(setup, values, args.calls)
    names = "+".join(r.name for r in regions)
    print(f"pooled_distance, {args.replicates} replicates, five-factor, median of {args.calls} calls; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  {names}: {every:.2f} s")
    for region in regions:
        rest = replace(setup, regions=[r for r in regions if r.name != region.name])
        without = _time(rest, values, args.calls)
        print(f"  without {region.name} ({len(region.scenario.inventory)} apps): {without:.2f} s; "
              f"with it {every / without:.2f} times as long")


if __name__ == "__main__":
    main()
