"""How well a scenario's runs predict a region's dated records, against a simple rival.

    python scripts/evidence_check.py SCENARIO.yaml OBSERVATIONS.csv [--replicates 20] [--seed 1]

For each record: its predictive probability (the observation model's likelihood averaged over
the runs, binjai_sim.analysis.calibrate.evidence); the sum of their logs is the log score (higher is better).
The rival predicts every app alive with a fixed chance (``--rival-share``; default the share of
Binjai's apps the study found running, 10 of 32: for another region, "the same share as the other
region"), through the same observation model, so the two scores are comparable. Then, for each
month with status records, the share of recorded apps reported active against the runs' mean
share alive (5-95% over runs). Nothing is fitted here:
this checks predictions on records the scenario's calibration never saw.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.analysis.calibrate import evidence  # noqa: E402
from binjai_sim.base.calendar import format_month  # noqa: E402
from binjai_sim.base.vocabulary import AppStatus  # noqa: E402
from binjai_sim.runs.runner import replicate_seed, run_model  # noqa: E402
from binjai_sim.scenario.load import load_scenario  # noqa: E402
from binjai_sim.scenario.observations import load_observations  # noqa: E402

BINJAI_SHARE = 10 / 32  # Binjai's apps running (active or degraded) in the study's table


def rival(records, history, share: float) -> list[float | None]:
    """Every app alive with the other region's share, whatever the month."""
    launched = np.full_like(history.status, AppStatus.ACTIVE)
    alive = evidence.History(history.names, launched, history.cause, history.t0)
    dead = evidence.History(history.names, np.full_like(history.status, AppStatus.DEAD), history.cause, history.t0)
    out = []
    for r in records:
        if r.observed == "count":
            out.append(None)
            continue
        p_alive = evidence.score([r], alive)[0].likelihood
        p_dead = evidence.score([r], dead)[0].likelihood
        out.append(share * p_alive + (1 - share) * p_dead)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", type=Path)
    parser.add_argument("observations", type=Path)
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rival-share", type=float, default=BINJAI_SHARE,
                        help="the rival's chance that any app is alive (default: Binjai's study, 10/32)")
    parser.add_argument("--counts", choices=evidence.COUNT_MODELS, default="total",
                        help="official counts are of the scenario's apps (total) or of a larger, undefined "
                             "population (scale: Magetan's, as calibration/pooled/regions.yaml says)")
    args = parser.parse_args()
    scenario, records = load_scenario(args.scenario), load_observations(args.observations)
    histories = [evidence.history_of(run_model(scenario, replicate_seed(args.seed, r)))
                 for r in range(args.replicates)]
    scored = [evidence.score(records, h, counts=args.counts) for h in histories]
    used = [i for i, s in enumerate(scored[0]) if s.likelihood is not None]
    aside: dict[str, int] = {}
    for s in scored[0]:
        if s.likelihood is None:
            aside[s.reason] = aside.get(s.reason, 0) + 1
    predictive = np.array([np.mean([run[i].likelihood for run in scored]) for i in used])
    other = rival([records[i] for i in used], histories[0], args.rival_share)
    pairs = [(p, o) for p, o in zip(predictive, other, strict=True) if o is not None]
    print(f"{args.observations}: {len(used)} records used, set aside: "
          + (", ".join(f"{n} {why}" for why, n in aside.items()) or "none"))
    print(f"log score, this model ({args.replicates} runs): {np.log(predictive).sum():.1f} "
          f"({np.log(predictive).mean():.3f} per record)")
    if pairs:
        model, rivals = np.log([p for p, _ in pairs]), np.log([o for _, o in pairs])
        print(f"log score on the {len(pairs)} app records: this model {model.sum():.1f}, "
              f"fixed share {args.rival_share:.2f} alive {rivals.sum():.1f}")
    months = sorted({records[i].first for i in used if records[i].observed == "status"
                     and records[i].source_kind == "self_reported_inventory"})
    for m in months:
        mine = [records[i] for i in used if records[i].first == m and records[i].observed == "status"]
        index = [histories[0].names.index(r.app) for r in mine]
        shares = [np.isin(h.status[m - h.t0, index], (AppStatus.ACTIVE, AppStatus.DEGRADED)).mean()
                  for h in histories]
        recorded = np.mean([r.value == "active" for r in mine])
        lo, hi = np.quantile(shares, [0.05, 0.95], method="inverted_cdf")
        print(f"  {format_month(m)}: {len(mine)} apps, recorded active {recorded:.2f}; "
              f"runs alive {np.mean(shares):.2f} (5-95%: {lo:.2f}-{hi:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
