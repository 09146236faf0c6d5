"""Wall time of the report's "which apps to save first" at the size of a large region: 200 apps,
5 packages and a reference, 40 runs each, 4 checkpoints, from a constructed event log (seeded).
Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_priorities.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from binjai_sim.analysis.report.priorities import agencies, app_chances, ranking  # noqa: E402
from binjai_sim.base.calendar import parse_month  # noqa: E402

APPS, PACKAGES, RUNS, AGENCIES = 200, 5, 40, 40
DATES = ["2020-12", "2024-11", "2029-11", "2030-12"]

if __name__ == "__main__":
    rng = np.random.default_rng(20161202)
    apps = [f"app{i:03d}" for i in range(APPS)]
    names = ["reference", *[f"package{k}" for k in range(PACKAGES)]]
    start = parse_month("2017-01")
    rows = []
    for s in names:
        for r in range(RUNS):
            for a in apps:
                rows.append((s, 0, r, start, "launch", a, None))
                if rng.uniform() < 0.6:
                    rows.append((s, 0, r, start + int(rng.integers(1, 168)), "death", a, "abandonment"))
    events = pd.DataFrame(rows, columns=["scenario", "draw", "replicate", "month", "kind", "app", "cause"])
    metrics = pd.DataFrame([{"scenario": s, "draw": 0, "replicate": r} for s in names for r in range(RUNS)])
    owners = {a: f"agency{i % AGENCIES}" for i, a in enumerate(apps)}
    began = time.perf_counter()
    chances = app_chances(events, metrics, names, apps, DATES)
    ranking(chances, owners, DATES[-1])
    agencies(chances, owners, DATES[-1])
    print(f"{APPS} apps, {PACKAGES} packages, {RUNS} runs, {len(DATES)} checkpoints: {len(chances)} rows "
          f"in {time.perf_counter() - began:.2f} s")
