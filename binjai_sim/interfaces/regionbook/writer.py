"""``new-city NAME --workbook``: the whole region in one workbook (profile, inventory, strategy
packages, notes), in the profile's language, read back by ``run``/``compare``/``report``.

A value nobody gave is left blank with the assumption shown beside it, so reading the workbook
makes the same assumption and a planner who types a value replaces it. The file is written
under a temporary name, read back like any region workbook, and only then given its name; an
existing file is never replaced.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import name, number, plain, t
from binjai_sim.base.vocabulary import SECTORS
from binjai_sim.interfaces.newcity.profile import FISCAL_WORDS
from binjai_sim.interfaces.newcity.scenario_text import ID_KEYS, STRATEGIES
from binjai_sim.interfaces.newcity.templates import PACKAGES, column_notes, headers
from binjai_sim.outputs import workbook

from .reader import PROFILE_KEYS, strategy_key
from .sheets import PROFILE_COLUMNS, STRATEGY_COLUMNS, sheet_name

FISCAL_ID = {v: k.replace("_", " ") for k, v in FISCAL_WORDS.items()}


def target_of(folder: Path | None, city_slug: str) -> Path:
    """The workbook's path: FOLDER given with or without ``.xlsx``, else scenarios/cities/NAME.xlsx."""
    if folder is None:
        return Path("scenarios") / "cities" / f"{city_slug}.xlsx"
    return folder if folder.suffix.lower() == ".xlsx" else folder.with_name(folder.name + ".xlsx")


def check_target(path: Path) -> Path:
    from binjai_sim.outputs.write import check_writable

    if path.exists() or path.is_symlink():
        raise InputError(plain(path), None, t("workbook.exists"))
    check_writable(path.parent, "FOLDER")
    return path


def write_region_workbook(path: Path, profile, lang: str, start: str, inventory: Path | None) -> Path:
    """Write the workbook at ``path`` (refused if anything is there) and return it."""
    from .reader import load_region

    check_target(path)
    book = Workbook()
    _profile_sheet(book.active, profile, lang)
    _inventory_sheet(book.create_sheet(sheet_name("inventory", lang)), lang, inventory)
    _strategies_sheet(book.create_sheet(sheet_name("strategies", lang)), lang, start)
    _notes_sheet(book.create_sheet("petunjuk" if lang == "id" else "notes"), lang)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.xlsx")
    try:
        workbook.save(book, tmp)
        if inventory is not None:  # a filled workbook must run as written before it gets its name
            load_region(tmp)
        if path.exists() or path.is_symlink():
            raise InputError(plain(path), None, t("workbook.exists"))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _shown(key: str, value, lang: str):
    """A profile value as the planner would type it (numbers stay numbers)."""
    if key in ("start", "end"):
        return format_month(value)
    if key == "checkpoints":
        return ", ".join(format_month(m) for m in value) or None
    if key == "elections":
        return ", ".join(format_month(e["date"]) + (f":{e['outcome']}" if e["outcome"] else "") for e in value)
    if key == "city_regulation":
        return format_month(value) if value is not None else ("tidak ada" if lang == "id" else "none")
    if key == "fiscal_capacity":
        return FISCAL_ID.get(value, value) if lang == "id" else value
    if key == "annual_budget_rp":
        return int(round(value))
    return value


def _profile_sheet(sheet, profile, lang: str) -> None:
    sheet.title = sheet_name("profile", lang)
    workbook.header_row(sheet, 1, list(PROFILE_COLUMNS[lang]))
    mark = t("newcity.assumption_mark")
    for key in PROFILE_KEYS:
        shown_key = ID_KEYS.get(key, key) if lang == "id" else key
        note = t(f"newcity.field.{key}") if t(f"newcity.field.{key}") != f"newcity.field.{key}" else ""
        if key == "region":
            code = profile.region.code if profile.region is not None else None
            sheet.append([shown_key, code, t("workbook.region_source") if code else None, note])
            continue
        value = profile.values.get(key)
        if value is None:
            sheet.append([shown_key, None, None, note])
        elif value.assumption:  # blank: reading makes the same assumption until a value is typed
            assumed = _shown(key, value.value, lang)
            if isinstance(assumed, int | float):  # as the planner's language writes it (no trailing zeros)
                assumed = number(assumed, 4).rstrip("0").rstrip(",.") if assumed < 1 else number(assumed)
            else:
                assumed = str(assumed) if assumed not in (None, "") else "-"
            sheet.append([shown_key, None, None,
                          t("workbook.assumed", note=note, mark=mark, value=assumed, why=value.source)])
        else:
            sheet.append([shown_key, _shown(key, value.value, lang),
                          value.source if value.source != t("newcity.source_given") else None, note])
    workbook.widths(sheet, [24, 28, 40, 80])
    sheet.freeze_panes = "A2"


def _inventory_sheet(sheet, lang: str, inventory: Path | None) -> None:
    """The inventory template's columns (with notes and drop-down lists), or a given inventory's
    own columns and rows, every cell as it was written (known statuses included)."""
    if inventory is not None:
        from binjai_sim.scenario.spreadsheet import read_table

        table = read_table(inventory, t("inventory.what"))
        workbook.header_row(sheet, 1, table.columns)
        for _, row in table.rows:
            sheet.append([row.get(c, "") for c in table.columns])
        workbook.widths(sheet, [26] * len(table.columns))
        sheet.freeze_panes = "A2"
        return
    workbook.header_row(sheet, 1, list(headers(lang)))
    for col, (_, _, note_id, note_en) in enumerate(column_notes(), start=1):
        comment = Comment(f"{note_id}\n\n{note_en}", "binjai-sim")
        comment.width, comment.height = 320, 200
        sheet.cell(row=1, column=col).comment = comment
    sectors = [name("sector", s, lang) for s in SECTORS] if lang == "id" else list(SECTORS)
    audiences = ["warga", "ASN"] if lang == "id" else ["citizen", "internal"]
    for letter, options in (("B", sectors), ("C", audiences)):
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                              showErrorMessage=False)
        rule.add(f"{letter}2:{letter}500")
        sheet.add_data_validation(rule)
    workbook.widths(sheet, [26, 16, 12, 20, 14, 14, 14, 16, 30])
    sheet.freeze_panes = "A2"


def _strategies_sheet(sheet, lang: str, start: str) -> None:
    """The project's five packages, one row per strategy, with the catalogue's intensity and cost."""
    from binjai_sim.model.strategies.registry import build_strategies, expand
    from binjai_sim.scenario.yamlfile import read_yaml

    workbook.header_row(sheet, 1, list(STRATEGY_COLUMNS[lang]))
    for package in PACKAGES:
        data = read_yaml(STRATEGIES / f"{package}.yaml")
        for item in expand(data["strategies"], str(STRATEGIES / f"{package}.yaml")):
            built = build_strategies([{**item, "start": start}], str(STRATEGIES / f"{package}.yaml"))[0]
            strategy = t(f"strategy.name.{built.name}")
            if strategy_key(strategy) != built.name:  # a name two strategies share: the key is unambiguous
                strategy = built.name
            sheet.append([package, strategy, start, None, built.intensity, built.monthly_cost_rp,
                          data.get("strategy_budget_rp")])
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "#,##0"
    workbook.widths(sheet, [22, 48, 10, 10, 11, 18, 18])
    sheet.freeze_panes = "A2"


def _notes_sheet(sheet, lang: str) -> None:
    for line in t("workbook.notes").split("\n"):
        sheet.append([line])
    workbook.widths(sheet, [120])


def made(folder: Path | None, city_slug: str | None, profile, lang: str, start: str | None,
         inventory: Path | None, problems: list[InputError], attempt) -> int:
    """``new-city --workbook``: every problem of the profile and the target reported together,
    then the workbook written, then what to do next."""
    from binjai_sim.base.errors import combine
    from binjai_sim.interfaces.newcity.scenario_text import sh

    target = attempt(lambda: check_target(target_of(folder, city_slug))) if city_slug else None
    if problems:
        raise combine(problems)
    write_region_workbook(target, profile, lang, start, inventory)
    print(t("workbook.written", path=plain(target)))
    print(t("workbook.next", run=f"binjai-sim run {sh(target)}", report=f"binjai-sim report {sh(target)}"))
    return 0
