"""Start-up of the compiled engine: a cold start (nothing cached: every submodel compiled) against
a warm one (a second process loading the submodels from numba's cache), each a new process that
runs the Binjai baseline once. The package is copied into a temporary folder first, so the
checkout's own cache is neither used nor disturbed. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_compile.py [--warm N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = "from binjai_sim.runs.runner import warm; print(warm())"


def start(copy: Path) -> tuple[float, float]:
    """Wall seconds of the whole process, and the seconds ``warm()`` reports for the run itself."""
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN], cwd=copy, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(copy)})
    return time.perf_counter() - began, float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", type=int, default=3, help="warm starts to time (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for part in ("binjai_sim", "sim", "scenarios", "calibration"):
            shutil.copytree(ROOT / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        cold = start(copy)
        warm = [start(copy) for _ in range(args.warm)]
    print(f"cold start: {cold[0]:.1f} s process, {cold[1]:.1f} s first run (compiling every submodel)")
    print(f"warm start: {statistics.median(w[0] for w in warm):.1f} s process, "
          f"{statistics.median(w[1] for w in warm):.2f} s first run (median of {len(warm)}, loaded from cache)")


if __name__ == "__main__":
    main()
