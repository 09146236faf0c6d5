"""A region workbook read into scenarios: its baseline and one scenario per strategy package.

The profile sheet's values are read by the same parsers as ``new-city``'s profile, completed the
same way (a blank value is the same labelled assumption), and turned into a scenario as a Python
mapping validated like a file: no text of the workbook is ever written into YAML. The inventory
sheet goes to the inventory reader unchanged. Every problem names its sheet, row and column.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, collecting, combine, did_you_mean, one_of, short
from binjai_sim.base.i18n import LANGS, has_hidden, plain, t, use
from binjai_sim.interfaces.newcity.folder import slug
from binjai_sim.interfaces.newcity.profile import ALIASES, KEYS, NATIONAL_INTERNET, PARSERS, Value, _word, complete
from binjai_sim.interfaces.newcity.scenario_text import CALIBRATED, COEFFICIENTS, NATIONAL, SCENARIO_KEYS
from binjai_sim.interfaces.newcity.templates import PACKAGES
from binjai_sim.model.strategies.registry import REGISTRY, build_strategies
from binjai_sim.scenario.inventory import load_inventory
from binjai_sim.scenario.spreadsheet import parse_amount

from .settings import RUN_ALIASES, RUN_KEYS, run_blocks, run_setting
from .sheets import (
    MAX_PROFILE_ROWS,
    MAX_STRATEGY_ROWS,
    PROFILE_COLUMNS,
    STRATEGY_COLUMNS,
    at,
    find_sheet,
    read_sheet,
    sheet_names,
)

PROFILE_KEYS = tuple(k for k in KEYS if k not in ("inventory", "sources"))
STRATEGY_FIELDS = ("package", "strategy", "start", "end", "intensity", "monthly_cost_rp", "package_budget_rp")
REPLICATES, SEED = 20, 20161202  # as a new city's folder


@dataclass
class Region:
    path: Path
    lang: str
    baseline: object  # LoadedScenario
    packages: list  # LoadedScenario, in the order the strategies sheet first names them

    @property
    def scenarios(self) -> list:
        return [self.baseline, *self.packages]


def peek_lang(path: Path) -> str | None:
    """The workbook's language, read before anything else so that its problems speak it: its
    profile's ``lang`` row, else the language of its sheet names."""
    try:
        names = sheet_names(path)
    except InputError:
        return None
    profile = find_sheet(names, "profile")
    if profile is None:
        return None
    try:
        table = read_sheet(path, profile, MAX_PROFILE_ROWS)
    except InputError:
        table = None
    for _, values in (table.rows if table else []):
        cells = list(values.values())
        if len(cells) > 1 and ALIASES.get(_word(cells[0]), _word(cells[0])) == "lang" and cells[1] in LANGS:
            return cells[1]
    return "id" if profile.lower() == "profil" else "en"


def load_region(path: Path) -> Region:
    """The region a workbook holds; every problem of its three sheets reported at once."""
    path = Path(path)
    names = sheet_names(path)
    problems: list[InputError] = []
    sheets = {}
    for kind in ("profile", "inventory", "strategies"):
        sheets[kind] = find_sheet(names, kind)
    if sheets["profile"] is None or sheets["inventory"] is None:
        missing = [k for k in ("profile", "inventory") if sheets[k] is None]
        raise InputError(path, None, t("workbook.sheets_missing", sheets=", ".join(missing),
                                       found=plain(short(", ".join(names), 80))),
                         t("workbook.sheets_allowed"))

    attempt = collecting(problems)

    profile = attempt(_profile, path, sheets["profile"])
    attempt(_inventory, path, sheets["inventory"])
    packages = attempt(_packages, path, sheets["strategies"], profile) if sheets["strategies"] else []
    if problems:
        raise combine(problems)
    with use(profile["lang"]):  # the scenarios' labels in the workbook's language
        return _region(path, profile, packages)


def _region(path: Path, profile, packages: dict) -> Region:
    name = slug(path.stem)
    base = _scenario(profile, name, path)
    baseline = _finish(base, path)
    scenarios = []
    for key, (label, strategies, budget) in packages.items():
        label = t(f"newcity.package.{key}") if key in PACKAGES else label
        data = {**base, "name": f"{name}_{key}", "label": label, "strategies": strategies}
        if key in PACKAGES:
            data["description"] = t(f"newcity.package_description.{key}")
        if budget is not None:
            data["strategy_budget_rp"] = budget
        scenarios.append(_finish(data, path))
    return Region(path, profile["lang"], baseline, scenarios)


def _finish(data: dict, path: Path):
    # the scenario loader's own steps, so that its problems name the workbook, not a scenario name
    from binjai_sim.scenario.load import _finish as finish_scenario
    from binjai_sim.scenario.load import _resolve

    raw, calibrated = _resolve(copy.deepcopy(data), path, str(path), chain=())
    return finish_scenario(raw, path, str(path), calibrated)


def _inventory(path: Path, sheet: str) -> list:
    from .sheets import located

    try:
        return load_inventory(path)
    except InputError as exc:
        raise located(exc, path, sheet) from None


def _columns(table, fields: tuple[str, ...], own: dict[str, tuple[str, ...]], path: Path, sheet: str,
             required: tuple[str, ...]) -> dict[str, str]:
    """Each field's column in the sheet (its English or Indonesian header)."""
    found = {}
    for field in fields:
        options = {own[lang][fields.index(field)] for lang in own}
        column = next((c for c in table.columns if c in options), None)
        if column is not None:
            found[field] = column
    missing = [f for f in required if f not in found]
    if missing:
        shown = ", ".join(f"{own['en'][fields.index(f)]}/{own['id'][fields.index(f)]}" for f in missing)
        raise InputError(at(path, sheet, 1), None, t("workbook.columns_missing", columns=shown,
                                                     found=plain(short(", ".join(table.columns), 60))))
    return found


def _profile(path: Path, sheet: str):
    table = read_sheet(path, sheet, MAX_PROFILE_ROWS)
    fields = ("key", "value", "source", "note")
    col = _columns(table, fields, PROFILE_COLUMNS, path, sheet, ("key", "value"))
    values: dict[str, Value] = {}
    rows: dict[str, int] = {}
    problems = []
    settings: dict = {}
    region = None
    for line, cells in table.rows:
        raw_key, raw = cells.get(col["key"], "").strip(), cells.get(col["value"], "").strip()
        if not raw_key and not raw:
            continue
        key = ALIASES.get(_word(raw_key), _word(raw_key))
        key = RUN_ALIASES.get(key, RUN_ALIASES.get(raw_key.strip().lower(), key))
        if key in RUN_KEYS:
            if key in rows:
                problems.append(InputError(at(path, sheet, line, col["key"]), None,
                                           t("workbook.key_twice", key=plain(short(raw_key)), row=rows[key])))
            elif raw:
                rows[key] = line
                run_setting(key, raw, settings, at(path, sheet, line, col["value"]), problems)
            continue
        if key not in PROFILE_KEYS:
            problems.append(InputError(at(path, sheet, line, col["key"]), None,
                                       t("newcity.unknown_key", key=plain(short(raw_key)))
                                       + did_you_mean(_word(raw_key), [*PROFILE_KEYS, *ALIASES]), one_of(PROFILE_KEYS)))
            continue
        if key in rows:
            problems.append(InputError(at(path, sheet, line, col["key"]), None,
                                       t("workbook.key_twice", key=plain(short(raw_key)), row=rows[key])))
            continue
        rows[key] = line
        if not raw:
            continue  # blank: the same labelled assumption a new city's profile makes
        read = _profile_value(key, raw, cells, col, at(path, sheet, line, col["value"]),
                              at(path, sheet, line, col.get("source")), problems)
        if read is not None and key == "region":
            region = read
        elif read is not None:
            values[key] = read
    if problems:
        raise combine(problems)
    values.setdefault("lang", Value("id" if sheet.strip().lower() == "profil" else "en", ""))
    try:
        with use(values["lang"].value):  # the assumptions' reasons in the workbook's language
            profile = complete(values, region)
            profile.settings = settings
            return profile
    except InputError as exc:  # a problem of the whole profile: at the row of the key it names
        raise combine([_at_key(p, path, sheet, rows, col["value"]) for p in exc.problems]) from None


def _profile_value(key: str, raw: str, cells: dict, col: dict, where, source_at, problems: list):
    """One profile row's value (the region, or a Value with its source); None, with the problem
    added, when the cell is refused."""
    if key == "region":
        from binjai_sim.scenario.regions import find

        try:
            return find(raw)
        except InputError as exc:
            problems.append(InputError(where, None, exc.problem, exc.allowed))
            return None
    try:
        value = PARSERS[key](raw)
    except ValueError as exc:
        problems.append(InputError(where, None, str(exc)))
        return None
    source = cells.get(col["source"], "").strip() if "source" in col else ""
    if has_hidden(source):
        problems.append(InputError(source_at, None, t("newcity.hidden_characters", value=plain(short(source)))))
        return None
    return Value(value, source or t("newcity.source_given"))


def _at_key(problem: InputError, path: Path, sheet: str, rows: dict[str, int], column: str) -> InputError:
    key = (problem.key or "").lstrip("-").replace("-", "_")
    row = rows.get({"budget": "annual_budget_rp"}.get(key, key))
    return InputError(at(path, sheet, row, column if row else None), None, problem.problem, problem.allowed)


def strategy_key(text: str) -> str | None:
    """A strategy from its key or its name in either language."""
    word = _word(text)
    if word in REGISTRY:
        return word
    for lang in LANGS:
        for key in REGISTRY:
            if _word(t(f"strategy.name.{key}", lang)) == word:
                return key
    return None


def _packages(path: Path, sheet: str, profile) -> dict[str, tuple[str, list[dict], float | None]]:
    """``{package key: (label, strategy entries, budget)}`` from the strategies sheet."""
    table = read_sheet(path, sheet, MAX_STRATEGY_ROWS)
    col = _columns(table, STRATEGY_FIELDS, STRATEGY_COLUMNS, path, sheet, ("package", "strategy"))
    default_start = format_month(profile["start"] + 3) if profile is not None else None
    packages: dict[str, tuple[str, list[dict], float | None]] = {}
    budgets: dict[str, tuple[float, int]] = {}
    problems = []
    for line, cells in table.rows:
        cell = {f: cells.get(c, "").strip() for f, c in col.items()}
        if not any(cell.values()):
            continue
        found = []

        def fail(field: str, problem: str, allowed: str | None = None, found=found, line=line) -> None:
            found.append(InputError(at(path, sheet, line, col.get(field, field)), None, problem, allowed))

        label, item, budget = _strategy_row(cell, default_start, fail)
        key = slug(label) if label else ""
        if not found and item["name"] is not None:
            _check_values(item, col, fail)
        if budget is not None and key in budgets and budgets[key][0] != budget:
            fail("package_budget_rp", t("workbook.budget_differs", row=budgets[key][1]))
        if found:
            problems += found
            continue
        if budget is not None:
            budgets.setdefault(key, (budget, line))
        entries = packages.setdefault(key, (label, [], None))[1]
        entries.append(item)
    if problems:
        raise combine(problems)
    return {k: (label, items, budgets.get(k, (None,))[0]) for k, (label, items, _) in packages.items()}


def _strategy_row(cell: dict[str, str], default_start: str | None, fail) -> tuple[str, dict, float | None]:
    """One row of the strategies sheet read as (package label, strategy entry, package budget);
    every cell that cannot be read goes to ``fail``."""
    label = cell.get("package", "")
    if not label:
        fail("package", t("workbook.empty_package"))
    elif has_hidden(label):
        fail("package", t("newcity.hidden_characters", value=plain(short(label))))
    strategy = strategy_key(cell.get("strategy", ""))
    if strategy is None:
        fail("strategy", t("strategy.unknown", name=plain(short(cell.get("strategy", ""))))
             + did_you_mean(_word(cell.get("strategy", "")), REGISTRY), one_of(REGISTRY))
    item = {"name": strategy}
    if cell.get("start") or default_start:  # with the profile refused, its problems are reported already
        item["start"] = cell.get("start") or default_start
    for field in ("start", "end"):
        if cell.get(field):
            try:
                item[field] = format_month(parse_month(cell[field]))
            except ValueError as exc:
                fail(field, str(exc))
    for field in ("intensity", "monthly_cost_rp"):
        if cell.get(field):
            try:
                item[field] = parse_amount(cell[field])
            except ValueError as exc:
                fail(field, str(exc))
    budget = None
    if cell.get("package_budget_rp"):
        try:
            budget = parse_amount(cell["package_budget_rp"])
        except ValueError as exc:
            fail("package_budget_rp", str(exc))
    return label, item, budget


def _check_values(item: dict, col: dict[str, str], fail) -> None:
    """A value the strategy itself refuses, reported at its own column (else at the strategy's)."""
    try:
        build_strategies([item], "")
    except InputError as exc:
        for p in exc.problems:
            field = (p.key or "").split(".")[-1]
            fail(field if field in col else "strategy", p.problem, p.allowed)


def _scenario(profile, name: str, path: Path) -> dict:
    """The scenario a new city's folder would hold, as a mapping (binjai_sim.interfaces.newcity.scenario_text)."""
    p = profile
    regulation = p["city_regulation"]
    elections = []
    for e in p["elections"]:
        item = {"date": format_month(e["date"]), "source": e["source"]}
        if e.get("inauguration") is not None:
            item["inauguration"] = format_month(e["inauguration"])
        if e["outcome"]:
            item["outcome"] = e["outcome"]
        elections.append(item)
    mark = t("newcity.assumption_mark")
    sources = {scenario_key: (mark + " " if p.values[key].assumption else "") + p.values[key].source
               for key, scenario_key in SCENARIO_KEYS.items()}
    sources["citizens.internet"] = f"{mark} {t('newcity.yaml.internet')}"
    return {
        "extends": str(NATIONAL), "name": name, "label": p["name"],
        "description": p.get("description") or t("newcity.yaml.description", city=p["name"]),
        "lang": p["lang"],
        "horizon": {"start": format_month(p["start"]), "end": format_month(p["end"])},
        "report": {"checkpoints": [format_month(m) for m in p["checkpoints"]]},
        "calibrated": str(CALIBRATED),
        "city": {"name": p["name"], "population": p["population"],
                 "annual_budget_rp": int(round(p["annual_budget_rp"])), "fiscal_capacity": p["fiscal_capacity"],
                 "residents_per_agent": 100},
        "mayor": {"initial_priority": p["mayor_priority"], "initial_terms_served": p["terms_served"],
                  "term_limit": 2},
        "elections": elections,
        "budget": {"it_share": p["it_share"]},
        "civil_service": {"staff": p["staff"],
                          "city_regulation_from": format_month(regulation) if regulation is not None else None},
        "citizens": {"internet": dict(NATIONAL_INTERNET)},
        "apps": {"inventory": str(path.resolve())},
        "coefficients": {"file": str(COEFFICIENTS), "use": "all"},
        "national": {},
        "sources": sources,
        "run": {"replicates": REPLICATES, "seed": SEED},
        **run_blocks(getattr(p, "settings", {})),
    }

