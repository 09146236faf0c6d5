"""Peak memory of real `run` commands against binjai_sim.runs.limits' estimates (the memory model's check).

Each configuration runs in a fresh process (its peak RSS is its own); the ratio should stay
between 0.5 and 2. Usage: .venv/bin/python benchmarks/measure_memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from binjai_sim import load_scenario
from binjai_sim.runs import limits

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"
PROBE = ("import sys; from binjai_sim.interfaces.cli import main; from binjai_sim.runs.limits import peak_rss_mb; "
         "code = main(sys.argv[1:]); "
         "print(peak_rss_mb() * 1024); sys.exit(code)")
CONFIGS = [(1, None, 1), (200, None, 1), (1, 1, 1), (20, 10, 1), (40, None, 2)]  # replicates, scale, workers


def main() -> None:
    scenario = load_scenario(BASELINE)
    for replicates, scale, workers in CONFIGS:
        estimate = limits.run_estimate(scenario, replicates, scale, workers)
        args = ["run", str(BASELINE), "--replicates", str(replicates), "--workers", str(workers), "--no-figures"]
        if scale:
            args += ["--scale", str(scale)]
        with tempfile.TemporaryDirectory() as out:
            proc = subprocess.run([sys.executable, "-c", PROBE, *args, "--out", out], capture_output=True, text=True,
                                  check=True)
        measured = float(proc.stdout.split()[-1]) / 1024  # the coordinator's peak; workers are extra
        print(f"replicates {replicates:>4}, scale {scale or 'default':>7}, workers {workers}: measured "
              f"{measured:7.0f} MB (coordinator), estimated {estimate.memory_mb:7.0f} MB (all processes)")


if __name__ == "__main__":
    main()
