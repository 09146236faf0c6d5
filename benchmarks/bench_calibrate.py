"""Wall time of the default `binjai-sim calibrate fit` on 2 workers. Prints numbers; asserts nothing.

    .venv/bin/python benchmarks/bench_calibrate.py [extra calibrate-fit options]

By default the report and calibrated file go to a temporary folder, so the shipped calibration
is untouched; pass e.g. `--out docs --write calibration/calibrated.yaml --force` to refresh it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MINUTES = 30.0

if __name__ == "__main__":
    extra = sys.argv[1:]
    with tempfile.TemporaryDirectory() as tmp:
        defaults = [] if "--out" in extra else ["--out", tmp]
        defaults += [] if "--write" in extra else ["--write", str(Path(tmp) / "calibrated.yaml")]
        targets = ROOT / "calibration" / "targets.yaml"
        command = [sys.executable, str(ROOT / "run.py"), "calibrate", "fit", str(targets), "--workers", "2",
                   *defaults, *extra]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT)
        minutes = (time.perf_counter() - start) / 60.0
    print(f"calibrate fit (default settings, 2 workers): {minutes:.1f} min wall time "
          f"(target < {TARGET_MINUTES:.0f} min)")
