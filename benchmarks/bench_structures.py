"""Wall time of the default `binjai-sim calibrate structures` (four structures fitted together,
three repeats) on 2 workers. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_structures.py [extra calibrate-structures options]

Outputs go to a temporary folder, so the shipped structures fit is untouched.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    extra = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, str(ROOT / "run.py"), "calibrate", "structures",
                   str(ROOT / "calibration" / "targets.yaml"), "--workers", "2", "--out", tmp,
                   "--write", str(Path(tmp) / "structures"), *extra]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        minutes = (time.perf_counter() - start) / 60.0
    print(f"calibrate structures (default settings, 2 workers): {minutes:.1f} min wall time")
