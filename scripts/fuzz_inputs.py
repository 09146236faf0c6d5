"""A longer fuzzing run than the test suite's: mutated scenario and sweep files through
``validate``, mutated scenarios through a real one-replicate ``run`` (tests/fuzzing.py) and
hostile new-city profiles (tests/fuzz_newcity.py).

Usage: .venv/bin/python scripts/fuzz_inputs.py [--examples N] [--runs M] [--new-city K]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz_newcity import fuzz_new_city  # noqa: E402
from tests.fuzzing import fuzz_run, fuzz_validate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="validate examples (default 1000)")
    parser.add_argument("--runs", type=int, default=50, help="real run examples (default 50)")
    parser.add_argument("--new-city", type=int, default=200, help="new-city profile examples (default 200)")
    args = parser.parse_args()
    started = time.monotonic()
    fuzz_validate(args.examples)
    print(f"validate: {args.examples} examples passed ({time.monotonic() - started:.0f} s)", flush=True)
    started = time.monotonic()
    codes = fuzz_run(args.runs)
    print(f"run: {len(codes)} examples passed, {codes.count(0)} of them ran a simulation "
          f"({time.monotonic() - started:.0f} s)", flush=True)
    started = time.monotonic()
    codes = fuzz_new_city(args.new_city)
    print(f"new-city: {len(codes)} examples passed, {codes.count(0)} of them wrote a folder "
          f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
