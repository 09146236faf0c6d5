"""Sweeps from Python: a Latin hypercube of the strongest assumptions and the levers, then the
questions a researcher asks of it, in a notebook or as a script.

    .venv/bin/python docs/sweep_api_example.py [--workers 2] [--out outputs]

It runs scenarios/sweeps/lhs_discovery.yaml exactly as
``binjai-sim sensitivity scenarios/sweeps/lhs_discovery.yaml`` would (the same files, the same
numbers; a second call with ``resume=True`` only re-reads and re-analyses), then reads the
tables as pandas frames.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import binjai_sim.analysis.sweep

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "outputs")
    args = parser.parse_args()

    sweep = binjai_sim.analysis.sweep.load(ROOT / "scenarios" / "sweeps" / "lhs_discovery.yaml")
    print(f"{sweep.name}: {len(sweep.spec.parameters)} parameters, method {sweep.spec.method.name}")
    folder = args.out / sweep.name
    result = binjai_sim.analysis.sweep.run(sweep, out=args.out, workers=args.workers, resume=folder.exists(),
                                           progress=True)

    # one row per run, with the sampled parameters joined: any question is a groupby away
    runs = result.runs
    print(f"\n{len(runs)} runs; app-years by quarter of ring-fenced maintenance intensity (mean over the "
          "sample points in each quarter, their SD and count):")
    points = result.aggregated.assign(quarter=lambda f: (f["ring_fenced_maintenance"] * 4).astype(int).clip(upper=3))
    print(points.groupby("quarter")["app_years"].agg(["mean", "std", "count"]).round(1).to_string())

    # how much of the spread between points is the model's own noise
    print("\nreplicate noise, by outcome:")
    print(result.noise[["outcome", "replicate_sd", "residual_sd", "point_sd", "noise_share"]].round(3).to_string(
        index=False))

    # which inputs matter for app-years (extra trees; the random input is the floor)
    scores = result.feature_scores.query("outcome == 'app_years'").sort_values("score", ascending=False)
    print("\nfeature scores for app-years (95% bootstrap interval):")
    print(scores.head(8)[["parameter", "score", "low", "high"]].round(3).to_string(index=False))

    # where at least half of the apps survive to 2030: PRIM and CART boxes
    found = result.discovery
    if found["reason"]:
        print(f"\ndiscovery: {found['reason']}")
    else:
        for name in ("prim", "cart"):
            box = found[name]
            print(f"\n{name.upper()} box for {found['outcome']} >= {found['threshold']:g}: "
                  f"coverage {box['coverage']:.2f}, density {box['density']:.2f}")
            print(box["limits"].round(3).to_string(index=False))
    print(f"\ntables and figures: {result.folder}")


if __name__ == "__main__":
    main()
