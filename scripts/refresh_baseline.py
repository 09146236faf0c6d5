"""Refresh the frozen baseline summary that tests/test_baseline.py compares on every run.

Run this only on purpose, after a deliberate change to the model or the baseline data:
    .venv/bin/python scripts/refresh_baseline.py            # print what moved, then write
    .venv/bin/python scripts/refresh_baseline.py --dry-run  # print what moved, write nothing
It prints every number that moved (old -> new, the difference and the relative change) before
it writes, so a refresh is a decision about those numbers: a moved number that the change was
not meant to move is a bug to find, not a snapshot to refresh. Then review
`git diff tests/data/baseline_summary.json` and commit it with the change.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def flatten(data, prefix: str = "") -> dict[str, object]:
    """Every leaf of nested mappings and lists, keyed by its dotted path."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return {prefix: data}
    out: dict[str, object] = {}
    for key, value in items:
        out.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def moved(old: dict, new: dict) -> list[str]:
    """One line per leaf that differs: numbers with their difference and relative change,
    other values as old -> new, and leaves that appeared or went."""
    a, b = flatten(old), flatten(new)
    lines = []
    for key in sorted(set(a) | set(b)):
        if key not in a:
            lines.append(f"{key}: new, {b[key]!r}")
        elif key not in b:
            lines.append(f"{key}: gone, was {a[key]!r}")
        elif a[key] != b[key]:
            x, y = a[key], b[key]
            numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y))
            if numbers:
                diff = y - x
                rel = f"{diff / abs(x):+.1%}" if x else ("n/a" if math.isnan(diff) else "from 0")
                lines.append(f"{key}: {x:g} -> {y:g} ({diff:+g}, {rel})")
            else:
                lines.append(f"{key}: {x!r} -> {y!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print what moved and write nothing")
    args = parser.parse_args(argv)
    from binjai_sim.outputs.write import write_json
    from tests.frozen import FROZEN_FILE, frozen_summary

    new = json.loads(json.dumps(frozen_summary()))
    old = json.loads(FROZEN_FILE.read_text()) if FROZEN_FILE.exists() else {}
    lines = moved(old, new)
    where = FROZEN_FILE.relative_to(ROOT)
    print(f"{len(lines)} value(s) moved in {where}" + (":" if lines else ""))
    for line in lines:
        print("  " + line)
    if args.dry_run or not lines:
        return 0
    write_json(FROZEN_FILE, new)
    print(f"wrote {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
