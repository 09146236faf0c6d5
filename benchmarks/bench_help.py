"""How long `binjai-sim --help` and `binjai-sim run --help` take, as a multiple of a bare
interpreter start (`python -c pass`); the target is at most 15x. Prints numbers, asserts nothing.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_help.py [--repeats 15]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(argv: list[str], repeats: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    bare = wall([python, "-c", "pass"], args.repeats)
    print(f"python -c pass: {bare * 1000:.0f} ms (median of {args.repeats})")
    for extra in (["--help"], ["run", "--help"], ["--version"]):
        took = wall([python, str(ROOT / "run.py"), *extra], args.repeats)
        print(f"binjai-sim {' '.join(extra)}: {took * 1000:.0f} ms, {took / bare:.1f}x a bare interpreter")


if __name__ == "__main__":
    main()
