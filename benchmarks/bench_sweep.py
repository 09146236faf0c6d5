"""Sweep throughput and coordinator memory. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_sweep.py [--runs 60] [--small 2000] [--large 20000]

1. Runs per second of the baseline model at 1 and 2 local workers and on a 2-worker Dask
   LocalCluster (cluster start-up timed separately).
2. Peak resident memory of the coordinator process alone (not its workers) for a sweep of
   SMALL and of LARGE runs of a cheap configuration (six months, 5,000 residents), each in a
   fresh process with 2 local workers.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"


def sweep_text(name: str, trajectories: int, cheap: bool) -> str:
    fixed = ("fixed: {horizon.end: 2017-06, city.population: 5000, civil_service.staff: 40, elections: []}\n"
             if cheap else "")
    outcomes = "[app_years, citizen_months]" if cheap else "[apps_live_2030-12, app_years]"
    method = f"method: {{name: morris, trajectories: {trajectories}, levels: 4}}\n"
    return (f"name: {name}\nbase: {BASELINE}\n{fixed}{method}"
            f"replicates: 1\noutcomes: {outcomes}\ndiscovery: {{outcome: app_years}}\nparameters:\n"
            "  - {path: politics.continuity, bounds: [0, 1], group: environment}\n"
            "  - {path: hazard.intercept, bounds: [-4, -2], group: coefficient}\n"
            "  - {path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}\n")


def throughput(folder: Path, runs: int) -> dict[str, float]:
    from sim.sweep.command import dask_client, run_sweep
    from sim.sweep.executor import run_dask
    from sim.sweep.spec import load_sweep
    from sim.sweep.store import RunStore

    trajectories = max(1, runs // 4)
    path = folder / "tp.yaml"
    path.write_text(sweep_text("tp", trajectories, cheap=False))
    sweep = load_sweep(path)
    out = {}
    for workers in (1, 2):
        target = folder / f"w{workers}"
        target.mkdir()
        start = time.perf_counter()
        done = run_sweep(sweep, target, workers=workers)
        out[f"{workers} worker(s)"] = len(done) / (time.perf_counter() - start)
    start = time.perf_counter()
    with dask_client(None, 2) as client:
        client.wait_for_workers(2)
        out["dask start-up s"] = time.perf_counter() - start
        from sim.sweep.sampling import sample

        x = sample(sweep.spec)
        labels = [p.label for p in sweep.spec.parameters]
        tasks = [(i, 0, dict(zip(labels, x[i].tolist(), strict=True))) for i in range(len(x))]
        store = RunStore(folder / "dask" / "runs")
        start = time.perf_counter()
        for row in run_dask(sweep, tasks, client):
            store.add(row)
        store.flush()
        out["dask 2 workers"] = len(tasks) / (time.perf_counter() - start)
    return out


COORDINATOR = """
import json, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from sim.sweep.command import prepare_folder, run_sweep
from sim.sweep.spec import load_sweep
sweep = load_sweep({path!r})
target = Path({target!r})
prepare_folder(target, sweep, resume=False, force=True)
runs = run_sweep(sweep, target, workers=2)
print(json.dumps({{"runs": len(runs), "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""


def coordinator_memory(folder: Path, runs: int) -> dict:
    path = folder / f"mem{runs}.yaml"
    path.write_text(sweep_text(f"mem{runs}", max(1, runs // 4), cheap=True))
    code = COORDINATOR.format(root=str(ROOT), path=str(path), target=str(folder / f"mem{runs}"))
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60, help="baseline runs per throughput measurement")
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tp = throughput(folder, args.runs)
        one = tp["1 worker(s)"]
        print(f"throughput (baseline runs, {args.runs // 4 * 4} per measurement):")
        print(f"  1 local worker : {one:.2f} runs/s")
        print(f"  2 local workers: {tp['2 worker(s)']:.2f} runs/s ({tp['2 worker(s)'] / one:.2f}x; target >= 1.8x)")
        print(f"  Dask LocalCluster, 2 workers: {tp['dask 2 workers']:.2f} runs/s "
              f"({tp['dask 2 workers'] / one:.2f}x; target >= 1.6x), cluster start-up {tp['dask start-up s']:.1f} s")
        small = coordinator_memory(folder, args.small)
        large = coordinator_memory(folder, args.large)
        ratio = large["peak_kib"] / small["peak_kib"]
        print("coordinator peak memory (cheap configuration, 2 local workers):")
        print(f"  {small['runs']:,} runs: {small['peak_kib'] / 1024:.0f} MiB ({small['seconds']:.0f} s)")
        print(f"  {large['runs']:,} runs: {large['peak_kib'] / 1024:.0f} MiB ({large['seconds']:.0f} s)")
        print(f"  ratio {ratio:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
