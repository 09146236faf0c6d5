"""Refresh the frozen baseline summary that tests/test_baseline.py compares on every run.

Run this only on purpose, after a deliberate change to the model or the baseline data:
    .venv/bin/python scripts/refresh_baseline.py
then review `git diff tests/data/baseline_summary.json` and commit it with the change.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.outputs import write_json  # noqa: E402
from tests.frozen import FROZEN_FILE, frozen_summary  # noqa: E402

if __name__ == "__main__":
    write_json(FROZEN_FILE, frozen_summary())
    print(f"wrote {FROZEN_FILE.relative_to(ROOT)}")
