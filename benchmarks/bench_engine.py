"""Runs per second of the compiled engine against the engine it replaced, in one process.

The reference is the numpy engine as it stood before the compiled one (git commit
``REFERENCE``), extracted from this repository's history into a temporary folder and imported
beside the current package. Both run their own Binjai baseline the way a sweep evaluates a
run: build the model, run it to the horizon, compute its outcomes. Prints numbers; asserts
nothing.

    .venv/bin/python benchmarks/bench_engine.py [--runs N] [--full-runs N] [--sweep-runs N]
"""

from __future__ import annotations

import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REFERENCE = "247a7fe"  # the last commit of the numpy engine this benchmark compares against
TARGETS = {"ratio": 10.0, "pool": 1.8, "dask": 1.6}


def extract_reference(folder: Path) -> Path:
    """``binjai_sim/``, ``scenarios/`` and ``calibration/`` of the reference commit, the package renamed."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", REFERENCE, "sim", "scenarios", "calibration"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(folder, filter="data")
    (folder / "sim").rename(folder / "sim_reference")
    return folder


def per_run(fn, runs: int, rounds: int = 3) -> float:
    """Median over ``rounds`` of the mean seconds per run of ``fn(seed)`` over ``runs`` seeds."""
    fn(0)
    results = []
    for k in range(rounds):
        start = time.perf_counter()
        for seed in range(runs):
            fn(1000 * k + seed)
        results.append((time.perf_counter() - start) / runs)
    return statistics.median(results)


def engines(folder: Path):
    sys.path.insert(0, str(folder))
    ref = importlib.import_module("sim_reference")
    ref_runner = importlib.import_module("sim_reference.runner")
    ref_metrics = importlib.import_module("sim_reference.metrics")
    ref_scenario = ref.load_scenario(folder / "scenarios" / "binjai_baseline.yaml")

    import binjai_sim
    from binjai_sim.model.engine import Simulation
    from binjai_sim.runs.outcomes import measure

    scenario = binjai_sim.load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")

    def old(seed, scale=None):
        ref_metrics.run_metrics(ref_runner.run_model(ref_scenario, seed, scale))

    def new(seed, scale=None):
        run = Simulation(scenario, seed, scale)
        run.run()
        measure(run)

    return old, new, scenario


def kernel_only(scenario, runs: int) -> tuple[float, float]:
    """Seconds per run in the compiled month loop alone, and in building the run."""
    from binjai_sim.model.engine import Simulation

    built, loop = [], []
    for seed in range(runs):
        start = time.perf_counter()
        run = Simulation(scenario, seed)
        built.append(time.perf_counter() - start)
        start = time.perf_counter()
        run.run()
        loop.append(time.perf_counter() - start)
    return statistics.median(loop), statistics.median(built)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100, help="runs per round at default scale (new engine)")
    parser.add_argument("--reference-runs", type=int, default=20, help="runs per round, reference engine")
    parser.add_argument("--full-runs", type=int, default=2, help="runs per round at 1:1 scale")
    parser.add_argument("--sweep-runs", type=int, default=400, help="runs of the sweep throughput test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old, new, scenario = engines(extract_reference(Path(tmp)))
        t_old = per_run(old, args.reference_runs)
        t_new = per_run(new, args.runs)
        print("baseline run + outcomes, default scale (1 agent / 100 residents, 168 months), one core:")
        print(f"  reference numpy engine ({REFERENCE}): {t_old * 1000:.1f} ms per run = {1 / t_old:.1f} runs/s")
        print(f"  compiled engine:                   {t_new * 1000:.1f} ms per run = {1 / t_new:.1f} runs/s")
        print(f"  ratio: {t_old / t_new:.1f}x (target >= {TARGETS['ratio']:.0f}x)")
        loop, built = kernel_only(scenario, args.runs)
        print(f"  of which the compiled month loop alone: {loop * 1000:.2f} ms, building the run "
              f"{built * 1000:.2f} ms (the rest: outcomes and Python)")
        f_old = per_run(lambda s: old(s, 1), args.full_runs, rounds=1)
        f_new = per_run(lambda s: new(s, 1), args.full_runs, rounds=1)
        print(f"baseline run at 1:1 scale ({scenario.spec.city.population:,} citizens): reference "
              f"{f_old:.2f} s, compiled {f_new:.2f} s ({f_old / f_new:.1f}x)")
    from bench_sweep import hardware_ceiling, throughput  # beside this file

    with tempfile.TemporaryDirectory() as tmp:
        tp = throughput(Path(tmp), args.sweep_runs, rounds=3)
    median = {k: statistics.median(r[1] for r in v) for k, v in tp.items()}
    one = median["1 worker"]
    print(f"sweep throughput (baseline runs with outcomes, {tp['1 worker'][0][0]} per executor and round, median "
          "of 3 interleaved rounds, steady rate):")
    print(f"  1 local worker: {one:.1f} runs/s")
    for key, label, target in (("2 workers", "2 local workers", TARGETS["pool"]),
                               ("dask", "Dask LocalCluster, 2 workers", TARGETS["dask"])):
        print(f"  {label}: {median[key]:.1f} runs/s ({median[key] / one:.2f}x; target >= {target}x)")
    print(f"  this machine's ceiling: two independent processes run {hardware_ceiling(200):.2f}x one")
    print(f"peak memory of one worker process after 200 baseline runs: {worker_memory(200):.0f} MiB")


WORKER = """
import sys
sys.path.insert(0, {root!r})
import binjai_sim
from binjai_sim.runs.runner import run_model
from binjai_sim.runs.outcomes import measure
scenario = binjai_sim.load_scenario({baseline!r})
for seed in range({runs}):
    measure(run_model(scenario, seed))
from binjai_sim.runs.limits import peak_rss_mb
print(peak_rss_mb())
"""


def worker_memory(runs: int) -> float:
    code = WORKER.format(root=str(ROOT), baseline=str(ROOT / "scenarios" / "binjai_baseline.yaml"), runs=runs)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "benchmarks"))
    main()
