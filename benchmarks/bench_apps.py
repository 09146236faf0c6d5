"""Run time against the number of apps, next to `validate`'s estimate, and the time to refuse
two hostile inventories (an XLSX with one stray cell at XFD1048576, 10,000 apps). Prints numbers;
asserts nothing.

    .venv/bin/python benchmarks/bench_apps.py [APPS ...]     (default: 32 1000 3000 10000)

The first run compiles the engine; it is run once before timing.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"


def inventory(n: int, folder: Path) -> Path:
    """Binjai's apps repeated under new names up to ``n``."""
    lines = (ROOT / "scenarios" / "data" / "binjai_inventory.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.reader(line for line in lines if line and not line.startswith("#")))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(rows[0])
    for i in range(n):
        row = list(rows[1 + i % (len(rows) - 1)])
        row[0] = f"{row[0]}_{i}"
        writer.writerow(row)
    path = folder / f"apps_{n}.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def scenario(inv: Path, folder: Path) -> Path:
    path = folder / f"{inv.stem}.yaml"
    path.write_text(f"extends: {BASELINE}\nname: {inv.stem}\napps:\n  inventory: {inv}\n", encoding="utf-8")
    return path


def far_cell(folder: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "apps"
    sheet.append(["name", "sector", "audience", "owner_agency", "launch", "target_share"])
    sheet.append(["SIMPEG", "hr", "internal", "BKPSDM", "2019-07", "0.8"])
    sheet["XFD1048576"] = "x"
    path = folder / "far.xlsx"
    book.save(path)
    return path


def refuse(path: Path, env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "validate", str(path)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    return time.perf_counter() - start, proc.returncode, proc.stderr.strip().splitlines()[-1][:160]


if __name__ == "__main__":
    from binjai_sim.runs import limits
    from binjai_sim.runs.runner import run_model
    from binjai_sim.scenario.load import load_scenario

    sizes = [int(x) for x in sys.argv[1:]] or [32, 1000, 3000, 10000]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["BINJAI_SIM_MAX_APPS"] = str(max(sizes))
        run_model(load_scenario(BASELINE), 1)  # compiles the engine when its cache is cold
        for n in sizes:
            loaded = load_scenario(scenario(inventory(n, folder), folder))
            start = time.perf_counter()
            run_model(loaded, 1)
            seconds = time.perf_counter() - start
            estimate = limits.run_estimate(loaded, 1, None, 1).seconds
            print(f"{n:>6} apps: one run {seconds:7.2f} s, estimate {estimate:7.2f} s "
                  f"(run / estimate {seconds / estimate:.2f})")
        for label, path in (("XLSX with a cell at XFD1048576", scenario(far_cell(folder), folder)),
                            ("10,000-app inventory", scenario(inventory(10000, folder), folder))):
            seconds, code, message = refuse(path, {k: v for k, v in env.items() if k != "BINJAI_SIM_MAX_APPS"})
            print(f"refused {label} in {seconds:.2f} s (exit {code}): {message}")
