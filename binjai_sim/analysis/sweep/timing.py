"""How long a sweep will take on this machine: a few of its own runs timed now.

A sweep's time is its runs (the model) plus building one scenario per sample point (overrides
and validation); both are timed on the sweep's first sample points, after one untimed run that
loads the compiled engine. On a shared machine the answer moves with the load, so the load is
printed beside it.
"""

from __future__ import annotations

import os
import time

from binjai_sim.runs import limits

PARALLEL_EFFICIENCY = 0.9  # 2 local workers ran 1.84x one worker (benchmarks/bench_sweep.py)
TIMED = 5


def measure(sweep, timed: int = TIMED) -> tuple[float, float]:
    """Median seconds to build one sample point's scenario and to run it once."""
    import statistics

    from binjai_sim.runs.runner import run_model

    from .evaluate import run_seed
    from .report import samples_frame

    samples = samples_frame(sweep.spec).head(timed + 1)
    labels = [p.label for p in sweep.spec.parameters]
    builds, runs = [], []
    for i, (_, row) in enumerate(samples.iterrows()):
        values = {k: float(row[k]) for k in labels}
        start = time.perf_counter()
        scenario = sweep.scenario_for(values)
        built = time.perf_counter()
        run_model(scenario, run_seed(sweep.spec, i, 0))
        if i:  # the first run loads the compiled engine
            builds.append(built - start)
            runs.append(time.perf_counter() - built)
    return statistics.median(builds), statistics.median(runs)


def wall_time_lines(sweep, memory_mb: float) -> list[str]:
    spec = sweep.spec
    points = limits.sweep_rows(spec)
    runs = points * spec.replicates
    build, run = measure(sweep)
    serial = points * build + runs * run
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [f"  runs: {runs:,} ({points:,} sample points x {spec.replicates} replicates), about "
             f"{memory_mb:,.0f} MB",
             f"  wall time on this machine: about {limits.duration(serial)} with 1 worker"]
    if cores > 1:
        lines[-1] += (f", {limits.duration(serial / (PARALLEL_EFFICIENCY * cores))} with --workers {cores}")
    lines.append(f"  (timed now: {run * 1000:.0f} ms a run, {build * 1000:.0f} ms a sample point's scenario; "
                 f"load average {load:.1f} on {cores} cores: a busier machine is slower)")
    return lines
