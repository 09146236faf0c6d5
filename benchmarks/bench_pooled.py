"""Wall time of the default `binjai-sim calibrate pooled` (and optionally `calibrate loro`) on
2 workers. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_pooled.py [--loro] [extra options]

The fit writes into a temporary folder with fresh checkpoints, so the shipped fit in
calibration/pooled/ is untouched and nothing is resumed. The load average beside the time says
how busy the machine was: the target is for 2 cores of one's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MINUTES = 60.0

if __name__ == "__main__":
    extra = [a for a in sys.argv[1:] if a != "--loro"]
    command_name = "loro" if "--loro" in sys.argv[1:] else "pooled"
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, str(ROOT / "run.py"), "calibrate", command_name, "--workers", "2", "--quiet",
                   "--write", str(Path(tmp) / "fit"), "--checkpoints", str(Path(tmp) / "checkpoints"), *extra]
        before = os.getloadavg()[0]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        minutes = (time.perf_counter() - start) / 60.0
        after = os.getloadavg()[0]
    print(f"calibrate {command_name} (default settings, 2 workers): {minutes:.1f} min wall time "
          f"(target <= {TARGET_MINUTES:.0f} min); load average {before:.1f} at the start, {after:.1f} at the end "
          f"on {os.cpu_count()} cores")
