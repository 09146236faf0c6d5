"""Sweep throughput and coordinator memory. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_sweep.py [--runs 60] [--rounds 3] [--small 2000] [--large 20000]

1. Runs per second of the baseline model at 1 and 2 local workers and on a 2-worker Dask
   LocalCluster (cluster start-up timed separately), the median of interleaved rounds.
2. Peak resident memory of the coordinator process alone (not its workers) for a sweep of
   SMALL and of LARGE runs of a cheap configuration (six months, 5,000 residents), each in a
   fresh process with 2 local workers.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def _rate(stream) -> tuple[int, float, float]:
    """(runs, steady runs/s from the first finished run to the last, seconds to the first run)."""
    start = time.perf_counter()
    stamps = [time.perf_counter() for _ in stream]
    steady = (len(stamps) - 1) / (stamps[-1] - stamps[0])
    return len(stamps), steady, stamps[0] - start


def throughput(folder: Path, runs: int, rounds: int) -> dict[str, list[tuple[int, float, float]]]:
    """Steady runs/s of each executor, measured in ``rounds`` interleaved rounds (serial, pool,
    Dask, then again), so that a slow spell of a shared machine does not fall on one executor
    only; start-up (processes, imports) is reported apart."""
    from binjai_sim.analysis.sweep.executor import dask_client, run_dask, run_pool, run_serial
    from binjai_sim.analysis.sweep.sampling import sample
    from binjai_sim.analysis.sweep.spec import load_sweep

    path = folder / "tp.yaml"
    path.write_text(sweep_text("tp", max(1, runs // 4), cheap=False))
    sweep = load_sweep(path)
    x = sample(sweep.spec)
    labels = [p.label for p in sweep.spec.parameters]
    tasks = [(i, 0, dict(zip(labels, x[i].tolist(), strict=True))) for i in range(len(x))]
    out: dict[str, list] = {"1 worker": [], "2 workers": [], "dask": []}
    for _ in range(rounds):
        out["1 worker"].append(_rate(run_serial(sweep, tasks)))
        out["2 workers"].append(_rate(run_pool(sweep, tasks, 2)))
        with dask_client(None, 2) as client:  # a cluster per round: idle, it would still tax the others
            client.wait_for_workers(2)
            out["dask"].append(_rate(run_dask(sweep, tasks, client)))
    return out


SOLO = """
import sys, time
sys.path.insert(0, {root!r})
import binjai_sim
from binjai_sim.runs.runner import run_model
scenario = binjai_sim.load_scenario({baseline!r})
run_model(scenario, 0)
start = time.perf_counter()
for seed in range({runs}):
    run_model(scenario, seed)
print({runs} / (time.perf_counter() - start))
"""


def hardware_ceiling(runs: int) -> float:
    """Runs/s of two independent model processes side by side, over one alone: the most any
    two-worker executor can reach on this machine."""
    code = SOLO.format(root=str(ROOT), baseline=str(BASELINE), runs=runs)
    alone = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout)
    pair = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    together = sum(float(p.communicate()[0]) for p in pair)
    return together / alone


COORDINATOR = """
import json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from binjai_sim.analysis.sweep.api import run_sweep
from binjai_sim.analysis.sweep.folder import prepare_folder
from binjai_sim.analysis.sweep.spec import load_sweep
sweep = load_sweep({path!r})
target = Path({target!r})
prepare_folder(target, sweep, resume=False, force=True)
runs = run_sweep(sweep, target, workers=2)
from binjai_sim.runs.limits import peak_rss_mb
print(json.dumps({{"runs": len(runs), "peak_kib": peak_rss_mb() * 1024}}))
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
    parser.add_argument("--rounds", type=int, default=3, help="interleaved throughput rounds (median reported)")
    parser.add_argument("--skip-memory", action="store_true", help="only the throughput part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tp = throughput(folder, args.runs, args.rounds)
        median = {k: statistics.median(r[1] for r in v) for k, v in tp.items()}
        one = median["1 worker"]
        print(f"throughput of baseline runs ({tp['1 worker'][0][0]} per executor and round, {args.rounds} interleaved "
              "rounds, median; steady rate from the first finished run to the last, start-up apart):")
        print(f"  1 local worker : {one:.2f} runs/s")
        executors = (("2 workers", "2 local workers", 1.8), ("dask", "Dask LocalCluster, 2 workers", 1.6))
        for key, label, target in executors:
            ratios = ", ".join(f"{r[1] / o[1]:.2f}" for r, o in zip(tp[key], tp["1 worker"], strict=True))
            startup = statistics.median(r[2] for r in tp[key])
            print(f"  {label}: {median[key]:.2f} runs/s ({median[key] / one:.2f}x; target >= {target}x; "
                  f"by round {ratios}), {startup:.1f} s to the first result")
        print(f"  this machine's ceiling: two independent model processes side by side run "
              f"{hardware_ceiling(20):.2f}x as many runs/s as one")
        if args.skip_memory:
            return
        small = coordinator_memory(folder, args.small)
        large = coordinator_memory(folder, args.large)
        ratio = large["peak_kib"] / small["peak_kib"]
        print("coordinator peak memory (cheap configuration, 2 local workers):")
        print(f"  {small['runs']:,} runs: {small['peak_kib'] / 1024:.0f} MiB ({small['seconds']:.0f} s)")
        print(f"  {large['runs']:,} runs: {large['peak_kib'] / 1024:.0f} MiB ({large['seconds']:.0f} s)")
        print(f"  ratio {ratio:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
