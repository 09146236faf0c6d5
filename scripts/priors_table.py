"""Write the table of where the strategies' cost and effect ranges come from into
docs/strategies.md, from calibration/strategy_priors.yaml, between its two marker lines.

    .venv/bin/python scripts/priors_table.py [--check]

``--check`` changes nothing and exits 1 when the page does not hold the table the file gives.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.analysis.calibrate.commands import write_text_atomic  # noqa: E402
from binjai_sim.scenario.strategy_priors import load_strategy_priors, sources_table  # noqa: E402

PAGE = ROOT / "docs" / "strategies.md"
START, END = "<!-- priors table: scripts/priors_table.py -->", "<!-- end of priors table -->"


def rewritten(page: str, table: str) -> str:
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page differs; write nothing")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    new = rewritten(page, sources_table(load_strategy_priors()))
    if args.check:
        return 0 if new == page else 1
    if new != page:  # whole or not at all: a stopped run never leaves half a page
        write_text_atomic(PAGE, new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
