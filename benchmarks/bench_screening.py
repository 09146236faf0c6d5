"""Wall time of the shipped sensitivity sweeps on 2 local workers. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_screening.py [--sweep scenarios/sweeps/assumption_screening.yaml ...]
                                                   [--workers 2]

Each sweep runs from scratch into a temporary folder through ``binjai_sim.analysis.sweep.run`` (what
``binjai-sim sensitivity`` calls): loading and the held hazard level's reference runs, every
model run, the analysis and the figures. The load average before and after is printed with
it, because on a shared machine the time moves with what else runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHIPPED = ["scenarios/sweeps/assumption_screening.yaml", "scenarios/sweeps/sobol_key_drivers.yaml"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", nargs="+", default=SHIPPED, help="sweep files (default: the shipped screening "
                                                                    "and Sobol sweeps)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import binjai_sim.analysis.sweep
    from binjai_sim.runs.runner import warm

    warm()
    print(f"{os.cpu_count()} cores, {args.workers} workers")
    for file in args.sweep:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            result = binjai_sim.analysis.sweep.run(ROOT / file, out=out, workers=args.workers)
            runs = len(result.runs)
        seconds = time.perf_counter() - start
        print(f"{file}: {runs:,} runs in {seconds / 60:.1f} min ({runs / seconds:.1f} runs/s); load average "
              f"{load:.1f} before, {os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
