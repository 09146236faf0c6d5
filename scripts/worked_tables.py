"""Print the worked comparison's tables (docs/strategies.md) from the two example folders that
scripts/make_examples.sh writes, so the page shows the files' numbers, not numbers typed by hand.

    .venv/bin/python scripts/worked_tables.py [--check]

``--check`` exits 1 when docs/strategies.md does not hold the printed tables.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples"
STRUCTURES = ("five_factor", "resources_only", "age", "constant")


def _signed(x: float) -> str:
    return f"{x:+,.1f}"


def _row(paired: pd.DataFrame, scenario: str, outcome: str) -> pd.Series:
    return paired[(paired.scenario == scenario) & (paired.outcome == outcome)].iloc[0]


def table(outcome: str, what: str) -> str:
    one = pd.read_csv(EXAMPLES / "strategy_comparison" / "paired.csv")
    four = pd.read_csv(EXAMPLES / "strategy_comparison_structures" / "paired.csv")
    costs = pd.read_csv(EXAMPLES / "strategy_comparison" / "comparison.csv").set_index("scenario")
    head = (f"| package | cost to 2030, Rp million | {what}, five-factor posterior: mean [5-95% of draws] | P(better) "
            "[90% band] | verdict | under the prior alone | over the four structures | P(better) | verdict | "
            "under the prior alone | P(better): five-factor / resources only / age / constant |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for scenario in one.scenario.unique():
        a, b = _row(one, scenario, outcome), _row(four, scenario, outcome)
        per = " / ".join("-" if pd.isna(b[f"p_better_{s}"]) else f"{b[f'p_better_{s}']:.2f}" for s in STRUCTURES)
        lines.append(
            f"| {scenario} | {costs.loc[scenario, 'strategy_cost_rp_mean'] / 1e6:,.0f} | "
            f"{_signed(a['mean'])} [{_signed(a.p05)} to {_signed(a.p95)}] | {a.p_better:.2f} "
            f"[{a.band_low:.2f}-{a.band_high:.2f}] | {a.verdict} | {a.prior_p_better:.2f}, {a.prior_verdict} | "
            f"{_signed(b['mean'])} [{_signed(b.p05)} to {_signed(b.p95)}] | {b.p_better:.2f} | {b.verdict} | "
            f"{b.prior_p_better:.2f}, {b.prior_verdict} | {per} |")
    return "\n".join(lines)


def tables() -> str:
    return (table("app_years", "extra app-years") + "\n\n"
            + table("apps_active_2030-12", "extra apps active 2030-12"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = tables()
    if args.check:
        held = text in (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8")
        print("docs/strategies.md holds the tables" if held else "docs/strategies.md differs from the files")
        return 0 if held else 1
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
