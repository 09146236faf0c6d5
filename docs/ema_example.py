"""Exploratory modelling with EMA Workbench: the Binjai baseline as an EMA ``Model``, a design of
survey weights, a fitted value and three strategy levers, then PRIM on the runs with the most
app-years.

    .venv/bin/python docs/ema_example.py [--scenarios 64] [--policies 4] [--replicates 1]

The model is two lines of user code (``binjai_sim.interfaces.ema.model``); each experiment runs as
``binjai-sim sensitivity`` would run that point (same override paths, replicate seeds and held
hazard level), so its outcomes are the project's own (tests/test_ema.py checks it).
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

import numpy as np

import binjai_sim.interfaces.ema

ROOT = Path(__file__).resolve().parents[1]
LEVERS = ["ring_fenced_maintenance", "handover_protocol", "portfolio_rationalisation"]


def explore(scenarios: int = 64, policies: int = 4, replicates: int = 1, seed: int = 20161202):
    """Experiments, outcomes and the PRIM box of the top quarter by app-years."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ema_workbench warns at import that ipyparallel is absent
        from ema_workbench import perform_experiments
        from ema_workbench.analysis import prim

    model = binjai_sim.interfaces.ema.model(ROOT / "scenarios" / "binjai_baseline.yaml",
                          uncertainties=["coefficients", "politics.continuity"], levers=LEVERS,
                          outcomes=["app_years", "apps_live_2030-12"], series=("active",), replicates=replicates)
    # the samplers take their generator from here, so the same seed gives the same design
    experiments, outcomes = perform_experiments(model, scenarios=scenarios, policies=policies,
                                                uncertainty_sampling_kwargs={"rng": seed},
                                                lever_sampling_kwargs={"rng": seed + 1})
    inputs = [p.name for p in model.uncertainties] + [p.name for p in model.levers]
    success = outcomes["app_years"] >= np.quantile(outcomes["app_years"], 0.75)
    finder = prim.Prim(experiments[inputs], success.astype(int), peel_alpha=0.05)
    return experiments, outcomes, finder.find_box()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=64, help="uncertainty samples (Latin hypercube)")
    parser.add_argument("--policies", type=int, default=4, help="lever samples")
    parser.add_argument("--replicates", type=int, default=1, help="runs averaged per experiment")
    args = parser.parse_args(argv)
    experiments, outcomes, box = explore(args.scenarios, args.policies, args.replicates)
    print(f"{len(experiments)} experiments; app-years: mean {outcomes['app_years'].mean():.1f}, "
          f"range {outcomes['app_years'].min():.1f}-{outcomes['app_years'].max():.1f}")
    print(f"PRIM box for the top quarter by app-years: coverage {box.coverage:.2f}, density {box.density:.2f}")
    limits = box.box_lim
    changed = [c for c in limits.columns if not limits[c].equals(box.box_lims[0][c])]
    print(limits[changed].T.rename(columns={0: "low", 1: "high"}).to_string())


if __name__ == "__main__":
    main()
