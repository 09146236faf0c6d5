"""``neighbours``: several regions side by side, each its baseline and one strategy package.

Each region (a new city's folder or a region workbook) is compared with its own package by
``binjai_sim.analysis.compare.compare`` at the same master seed and replicates as every other region, so a
region's row equals its own single-region comparison at that seed. One table (CSV, and a
workbook with numbers as numbers) and one HTML page are written into OUT/NAME/ together.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from binjai_sim.base.errors import InputError, combine, one_of
from binjai_sim.base.i18n import help_text, number, plain, t, use

COLUMNS = ("region", "apps", "checkpoint", "baseline_active_median", "baseline_active_p05", "baseline_active_p95",
           "gain_active_mean", "gain_active_low", "gain_active_high", "gain_app_years_mean", "gain_app_years_low",
           "gain_app_years_high", "p_better", "strategy_cost_rp_mean")


def add_parser(sub, parents: list) -> None:
    from .pipeline import run_options

    p = sub.add_parser("neighbours", parents=parents, help=help_text("workbook.neighbours_help"),
                       description=help_text("workbook.neighbours_description"))
    p.add_argument("regions", type=Path, nargs="+", metavar="REGION", help=help_text("workbook.opt_regions"))
    p.add_argument("--package", required=True, help=help_text("workbook.opt_package"))
    run_options(p, name=True)
    p.set_defaults(func=cmd_neighbours)


@dataclass
class Pair:
    path: Path
    baseline: object  # LoadedScenario
    package: object


def pair_of(path: Path, package: str) -> Pair:
    """A region's baseline and the package named ``package`` (its file in a folder's strategies/,
    or its name in a workbook's strategies sheet)."""
    from binjai_sim.interfaces.newcity.folder import slug
    from binjai_sim.scenario.load import load_scenario

    from .sheets import SUFFIXES

    key = slug(package)
    if path.suffix.lower() in SUFFIXES:
        from .reader import load_region

        region = load_region(path)
        found = {s.name.removeprefix(region.baseline.name + "_"): s for s in region.packages}
        if key not in found:
            raise InputError(path, "--package", t("workbook.no_package", package=plain(package)),
                             one_of(found) if found else "-")
        return Pair(path, region.baseline, found[key])
    scenario = path / "scenario.yaml" if path.is_dir() else path
    if not scenario.is_file():
        raise InputError(path, None, t("workbook.not_region"))
    folder = scenario.parent / "strategies"
    packages = {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
    if key not in packages:
        raise InputError(path, "--package", t("workbook.no_package", package=plain(package)),
                         one_of(packages) if packages else "-")
    return Pair(path, load_scenario(scenario), load_scenario(packages[key]))


def region_row(pair: Pair, comparison) -> dict:
    """One region's row: its baseline at the horizon's end and the package's paired gain."""
    from binjai_sim.analysis.compare import headline_dates

    date = headline_dates(pair.baseline.spec)[-1]
    base = comparison.table.iloc[0]
    paired = comparison.paired.set_index("outcome")
    package = comparison.table.iloc[1]
    active, years = paired.loc[f"apps_active_{date}"], paired.loc["app_years"]
    return {"region": pair.baseline.title, "apps": len(pair.baseline.inventory), "checkpoint": date,
            "baseline_active_median": float(base[f"apps_active_{date}_median"]),
            "baseline_active_p05": float(base[f"apps_active_{date}_p05"]),
            "baseline_active_p95": float(base[f"apps_active_{date}_p95"]),
            "gain_active_mean": float(active["mean"]), "gain_active_low": float(active["mean_low"]),
            "gain_active_high": float(active["mean_high"]), "gain_app_years_mean": float(years["mean"]),
            "gain_app_years_low": float(years["mean_low"]), "gain_app_years_high": float(years["mean_high"]),
            "p_better": float(active["p_better"]), "strategy_cost_rp_mean": float(package["strategy_cost_rp_mean"])}


def neighbours(pairs: list[Pair], seed: int, replicates: int) -> pd.DataFrame:
    """The comparison table: one row per region, every region run at the same seed."""
    from binjai_sim.analysis.compare import compare

    rows = [region_row(pair, compare([pair.baseline, pair.package], seed, replicates)) for pair in pairs]
    return pd.DataFrame(rows, columns=list(COLUMNS))


def cmd_neighbours(args) -> int:
    from binjai_sim.outputs.write import atomic_directory, check_target

    from .pipeline import check_size

    problems, pairs = [], []
    for path in args.regions:
        try:
            pairs.append(pair_of(path, args.package))
        except InputError as exc:
            problems += exc.problems
    names = [p.baseline.name for p in pairs]
    for pair in pairs:
        if names.count(pair.baseline.name) > 1:
            problems.append(InputError(pair.path, None, t("workbook.region_twice", name=pair.baseline.name)))
    if problems:
        raise combine(problems)
    first = pairs[0].baseline.spec.run
    seed = first.seed if args.seed is None else args.seed
    replicates = first.replicates if args.replicates is None else args.replicates
    for pair in pairs:
        check_size([pair.baseline, pair.package], pair.path, replicates)
    target = check_target(args.out, args.name, args.force)
    table = neighbours(pairs, seed, replicates)
    lang = args.lang or pairs[0].baseline.spec.lang
    with use(lang), atomic_directory(target, args.force) as work:
        write_tables(table, work, lang, args.package, seed, replicates)
    with use(lang):
        for line in lines(table):
            print(line)
        print(t("summary.outputs", path=target))
    return 0


def headers() -> list[str]:
    return [t(f"workbook.col.{c}") for c in COLUMNS]


def lines(table: pd.DataFrame) -> list[str]:
    """The table as a reader scans it: a line per region."""
    return [t("workbook.neighbour_line", region=plain(r.region), date=r.checkpoint,
              base=_count(r.baseline_active_median), low=_count(r.baseline_active_p05),
              high=_count(r.baseline_active_p95), gain=number(r.gain_active_mean, 1),
              gain_low=number(r.gain_active_low, 1), gain_high=number(r.gain_active_high, 1))
            for r in table.itertuples()]


def package_name(package: str) -> str:
    """A catalogue package by its name in the language in force; any other as the planner wrote it."""
    from binjai_sim.interfaces.newcity.folder import slug
    from binjai_sim.interfaces.newcity.templates import PACKAGES

    key = slug(package)
    return t(f"newcity.package.{key}") if key in PACKAGES else package


def write_tables(table: pd.DataFrame, folder: Path, lang: str, package: str, seed: int, replicates: int) -> None:
    from openpyxl import Workbook

    from binjai_sim.outputs import workbook
    from binjai_sim.scenario.spreadsheet import neutral_frame

    neutral_frame(table).to_csv(folder / "neighbours.csv", index=False, float_format="%.6g")
    note = t("workbook.neighbours_note", package=plain(package_name(package)), seed=seed, replicates=replicates)
    book = Workbook()
    sheet = book.active
    sheet.title = t("workbook.neighbours_sheet")[:31]
    sheet.append([note])
    workbook.header_row(sheet, 2, headers())
    for row in table.itertuples(index=False):
        sheet.append(list(row))  # numbers stay numbers; text is made inert when saved
    workbook.widths(sheet, [30, 8, 12] + [14] * (len(COLUMNS) - 3))
    workbook.save(book, folder / f"neighbours_{lang}.xlsx")
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in table.itertuples(index=False))
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers())
    title = html.escape(t("workbook.neighbours_title"))
    page = (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}td:first-child{text-align:left}"
            "</style></head><body>"
            f"<h1>{title}</h1><p>{html.escape(note)}</p><table><tr>{head}</tr>{body}</table>"
            f"<ul>{''.join(f'<li>{html.escape(x)}</li>' for x in lines(table))}</ul></body></html>\n")
    (folder / f"neighbours_{lang}.html").write_text(page, encoding="utf-8")


def _count(value: float) -> str:
    """A count of apps; a median or percentile between two counts keeps its half."""
    return number(value, 0 if float(value).is_integer() else 1)


def _cell(value) -> str:
    if isinstance(value, float):
        return number(value, 0 if abs(value) >= 100 else 2)
    return plain(value)
