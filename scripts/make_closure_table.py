"""Write (or with --check, compare) docs/ODD.md's table of which cause of closure is recorded when
several apply to one app in one month, from binjai_sim.base.vocabulary.CLOSURE_PRECEDENCE."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.base.i18n import name, use  # noqa: E402
from binjai_sim.base.vocabulary import CLOSURE_PRECEDENCE  # noqa: E402

ODD = ROOT / "docs" / "ODD.md"
BEGIN, END = "<!-- closure-precedence: begin -->", "<!-- closure-precedence: end -->"


def table() -> str:
    with use("en"):
        rows = [f"| {rank} | `{cause.key}` | {name('cause', cause.key)} |"
                for rank, cause in enumerate(CLOSURE_PRECEDENCE, start=1)]
    return "\n".join(["| rank | cause | meaning |", "|---|---|---|", *rows])


def main(argv: list[str]) -> int:
    text = ODD.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{table()}\n{END}{tail}"
    if "--check" in argv:
        if new != text:
            print(f"{ODD}: the closure precedence table differs from binjai_sim.base.vocabulary; "
                  f"run {Path(__file__).name}")
            return 1
        return 0
    ODD.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
