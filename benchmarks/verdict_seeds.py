"""Do the verdicts hold from seed to seed? Prints numbers; asserts nothing.

Compares a package against the baseline over posterior draws added in batches until every
verdict is decided (binjai_sim.analysis.verdicts.sequential), once per seed, and prints per seed the draws
used, P(better) of app-years with its 90% band and the verdict, and the wall time. Only the
posterior side runs (``compare --posterior`` also runs the prior's).

    .venv/bin/python benchmarks/verdict_seeds.py [--package all_fifteen] [--seeds 9 10 11 12 13]
        [--first 40] [--cap 120] [--runs 1] [--workers 2] [--structures] [--fixed-strategy-effects]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from binjai_sim import load_scenario
    from binjai_sim.analysis.calibrate.strategy_fit import POOLED_FIT
    from binjai_sim.analysis.posterior import draws, with_strategy_effects
    from binjai_sim.analysis.verdicts.sequential import until_decided

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", default="all_fifteen")
    parser.add_argument("--seeds", type=int, nargs="+", default=[9, 10, 11, 12, 13])
    parser.add_argument("--first", type=int, default=40, help="draws in the first batch and in each next one")
    parser.add_argument("--cap", type=int, default=120)
    parser.add_argument("--runs", type=int, default=1, help="runs per draw")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--structures", action="store_true")
    parser.add_argument("--outcome", default="app_years")
    parser.add_argument("--fixed-strategy-effects", dest="strategy_effects", action="store_false",
                        help="keep the strategies' effects and costs at the catalogue's values (as compare's flag)")
    args = parser.parse_args()
    base = load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")
    package = load_scenario(ROOT / "scenarios" / "strategies" / f"{args.package}.yaml")
    print(f"{args.package} against the baseline, {args.outcome}; first {args.first} draws, batches of "
          f"{args.first}, cap {args.cap}, {args.runs} run(s) per draw, {args.workers} workers, strategy effects "
          + ("drawn (those the pooled fit holds from its posterior, the rest from their priors)"
             if args.strategy_effects else "fixed"))
    print("seed | draws used | P(better) [90% band] | verdict | seconds")
    for seed in args.seeds:
        start = time.perf_counter()
        sets = draws(base, args.cap, seed, args.structures)
        if args.strategy_effects:  # as `compare --posterior` draws them by default on its posterior side
            sets = with_strategy_effects(sets, seed, POOLED_FIT)
        result = until_decided([base, package], seed, args.runs, sets, args.first, args.first, args.workers)
        row = result.paired.set_index("outcome").loc[args.outcome]
        print(f"{seed} | {row['units']} | {row['p_better']:.3f} [{row['band_low']:.3f}-{row['band_high']:.3f}] | "
              f"{row['verdict']} | {time.perf_counter() - start:.0f}", flush=True)


if __name__ == "__main__":
    main()
