"""Write the strategy tables of docs/strategies.md and docs/ODD.md (and of a Bahasa page,
docs/<page>.id.md, that holds the markers) from the strategy registry and each strategy's texts in
binjai_sim/locales/<lang>/strategies.yaml, between two marker lines.

    .venv/bin/python scripts/strategy_tables.py [--check]

``--check`` changes nothing and exits 1 when a page does not hold the table the registry gives.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from binjai_sim.analysis.calibrate.commands import write_text_atomic  # noqa: E402
from binjai_sim.base.i18n import LANGS, catalogue, current, number, t, use  # noqa: E402
from binjai_sim.model.strategies import REGISTRY, Strategy, in_catalogue_order  # noqa: E402

DOCS = ROOT / "docs"
START, END = "<!-- strategy table: scripts/strategy_tables.py -->", "<!-- end of strategy table -->"


def values(default: Strategy) -> dict[str, str]:
    """A strategy's numeric parameters at their defaults, as its texts' ``{field}`` placeholders
    show them: Rupiah in millions, the rest as they are (they sit inside formulas, so the point
    stays the decimal mark in either language)."""
    shown = {}
    for field, value in default.model_dump().items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            shown[field] = f"{value / 1e6:g}" if field.endswith("_rp") else f"{value:g}"
    return shown


def text(part: str, default: Strategy) -> str:
    return t(f"strategy.{part}.{default.name}", **values(default)).replace("|", "\\|")  # a | would split the cell


def millions(rp: float) -> str:
    m = rp / 1e6
    return t("gentables.million", value=number(m, len(f"{m:g}".partition(".")[2])))


def row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def table(head: list[str], rows: list[list[str]]) -> str:
    return "\n".join([row(*head), "|" + "---|" * len(head), *(row(*cells) for cells in rows)]) + "\n"


def defaults() -> list[Strategy]:
    return [REGISTRY[name].model_validate({}) for name in in_catalogue_order()]


def strategies_table() -> str:
    """docs/strategies.md's table: group, name (and tag), what it acts on, its cost at full intensity."""
    rows = []
    for default in defaults():
        tag = f"strategy.tag.{default.name}"
        label = f"`{default.name}`" + (f" {text('tag', default)}" if tag in catalogue(current()) else "")
        cost = millions(default.monthly_charge())
        if default.funding == "city_budget":
            cost = t("gentables.on_city_budget", cost=cost)
        rows.append([t(f"strategy.group.{default.group}"), label, text("acts_on", default), cost])
    head = [t(f"gentables.column.{c}") for c in ("group", "strategy", "acts_on", "cost")]
    return table(head, rows)


def odd_table() -> str:
    """docs/ODD.md's table (7.11): the lever or state each strategy moves, its factors, cost and funding."""
    rows = [[f"`{d.name}`", text("moves", d), text("factors", d),
             t("gentables.cost_funding", cost=millions(d.monthly_charge()),
               funding=t(f"gentables.funding.{d.funding}"))]
            for d in defaults()]
    head = [t(f"gentables.column.{c}") for c in ("odd_strategy", "moves", "factors", "odd_cost")]
    return table(head, rows)


TABLES: dict[str, Callable[[], str]] = {"strategies": strategies_table, "ODD": odd_table}


class MissingMarkers(Exception):
    pass


def rewritten(page: str, table_text: str, path: Path) -> str:
    if START not in page or END not in page.split(START, 1)[1]:
        raise MissingMarkers(t("gentables.no_markers", page=path.relative_to(ROOT), start=START, end=END))
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table_text}{END}{tail}"


def pages() -> list[tuple[Path, str, str]]:
    """(page, table, language) for every page that holds a strategy table: the English pages
    always; a Bahasa twin only once it has the markers, so a translated page opts in."""
    found = []
    for stem, make in TABLES.items():
        for lang in LANGS:
            path = DOCS / (f"{stem}.md" if lang == "en" else f"{stem}.{lang}.md")
            if lang != "en" and not (path.exists() and START in path.read_text(encoding="utf-8")):
                continue
            with use(lang):
                found.append((path, make(), lang))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a page differs; write nothing")
    args = parser.parse_args(argv)
    new = {}
    try:
        for path, table_text, _ in pages():
            page = path.read_text(encoding="utf-8")
            new[path] = (page, rewritten(page, table_text, path))
    except MissingMarkers as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.check:
        stale = [path for path, (old, text_) in new.items() if old != text_]
        for path in stale:
            print(t("gentables.drift", page=path.relative_to(ROOT)), file=sys.stderr)
        return 1 if stale else 0
    for path, (old, text_) in new.items():  # every page is built before any is written
        if text_ != old:  # whole or not at all: a stopped run never leaves half a page
            write_text_atomic(path, text_)
    return 0


if __name__ == "__main__":
    sys.exit(main())
