"""The files a planner fills in: the app inventory template (CSV and XLSX, with notes on every
column in Bahasa Indonesia and English) and the calibration kit (the apps' known fates)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from binjai_sim.base.i18n import name, t
from binjai_sim.base.vocabulary import SECTORS
from binjai_sim.outputs import workbook
from binjai_sim.scenario.spreadsheet import csv_text

COLUMNS = ("name", "sector", "audience", "owner_agency", "launch", "redesign", "target_share", "counterpart",
           "notes", "known_status", "known_at", "known_source")
ID_COLUMNS = ("nama", "sektor", "sasaran", "opd", "peluncuran", "desain_ulang", "porsi_sasaran", "padanan",
              "catatan", "status_diketahui", "per_tanggal", "sumber_status")
KNOWN = {"en": ["active", "stopped", "redesigned"], "id": ["aktif", "berhenti", "didesain ulang"]}
# the CSV template keeps the columns every row needs: a CSV row must fill every column of its header,
# and the known-status columns (binjai_sim.scenario.known) are optional; the workbook offers them
CSV_WIDTH = 9
COUNTERPARTS = ("none", "SIPD", "SIPD finance", "OSS", "SP4N-LAPOR", "Mobile JKN", "SIASN")
EXAMPLES = (  # illustrative rows, shown as notes: never read as apps
    ("e-Musrenbang", "planning", "citizen", "Bappeda", "2018-03", "", "1%", "none", "", "active", "2024-06",
     "Diskominfo"),
    ("SIMPEG", "hr", "internal", "BKPSDM", "07/2019", "", "80%", "SIASN", "", "stopped", "2023-03", "BKPSDM"),
    ("Antrean online RSUD", "health", "citizen", "RSUD", "Maret 2019", "", "1%", "Mobile JKN", "", "", "", ""),
    ("Lapor Wali Kota", "complaints", "citizen", "Diskominfo", "2018", "2021-06", "5%", "SP4N-LAPOR", "", "", "",
     ""),
)


def examples(regency: bool = False) -> tuple[tuple[str, ...], ...]:
    """The example rows; a regency's complaints app is addressed to its bupati, not a wali kota."""
    if not regency:
        return EXAMPLES
    return tuple(("Lapor Bupati", *row[1:]) if row[0] == "Lapor Wali Kota" else row for row in EXAMPLES)


def is_regency(profile) -> bool:
    """A kabupaten: from the regions table, else from the name the planner gave."""
    if getattr(profile, "region", None) is not None:
        return profile.region.kind == "Kabupaten"
    return str(profile["name"]).strip().lower().startswith(("kabupaten", "kab.", "kab "))


def headers(lang: str) -> tuple[str, ...]:
    return ID_COLUMNS if lang == "id" else COLUMNS


def _example(row: tuple, lang: str) -> list[str]:
    if lang != "id":
        return list(row)
    sector, audience = name("sector", row[1], "id"), "warga" if row[2] == "citizen" else "ASN"
    counterpart = "tidak ada" if row[7] == "none" else row[7]
    known = dict(zip(KNOWN["en"], KNOWN["id"], strict=True)).get(row[9], row[9])
    return [row[0], sector, audience, *row[3:7], counterpart, row[8], known, *row[10:]]


def column_notes() -> list[tuple[str, str, str, str]]:
    """(column, its Indonesian name, note in Bahasa Indonesia, note in English)."""
    return [(c, i, t(f"newcity.column.{c}", "id"), t(f"newcity.column.{c}", "en"))
            for c, i in zip(COLUMNS, ID_COLUMNS, strict=True)]


def inventory_csv(lang: str, regency: bool = False) -> str:
    lines = [f"# {line}" for line in t("newcity.template.head", "id").split("\n")]
    lines += [f"# {line}" for line in t("newcity.template.head", "en").split("\n")]
    for column, id_column, note_id, note_en in column_notes()[:CSV_WIDTH]:
        lines.append(f"# {id_column} / {column}: {note_id} / {note_en}")
    lines.append(f"# {t('newcity.template.examples', 'id')} / {t('newcity.template.examples', 'en')}:")
    return ("\n".join(lines) + "\n"
            + csv_text([_example(row, lang)[:CSV_WIDTH] for row in examples(regency)], prefix="# ")
            + csv_text([list(headers(lang))[:CSV_WIDTH]]))


def inventory_xlsx(path: Path, lang: str, apps: list[list[str]] | None = None, regency: bool = False) -> Path:
    """The template workbook: an 'apps' sheet (headers with notes, drop-down lists) and a sheet of
    notes and examples. ``apps`` pre-fills rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "aplikasi" if lang == "id" else "apps"
    titles = list(headers(lang))
    workbook.header_row(sheet, 1, titles)
    notes = column_notes()
    for col, (_, _, note_id, note_en) in enumerate(notes, start=1):
        comment = Comment(f"{note_id}\n\n{note_en}", "binjai-sim")
        comment.width, comment.height = 320, 200
        sheet.cell(row=1, column=col).comment = comment
    workbook.widths(sheet, [26, 16, 12, 20, 14, 14, 14, 16, 30, 16, 14, 24])
    sheet.freeze_panes = "A2"
    sectors = [name("sector", s, lang) for s in SECTORS] if lang == "id" else list(SECTORS)
    audiences = ["warga", "ASN"] if lang == "id" else ["citizen", "internal"]
    counterparts = ["tidak ada", *COUNTERPARTS[1:]] if lang == "id" else list(COUNTERPARTS)
    for col, options in ((2, sectors), (3, audiences), (8, counterparts), (10, KNOWN[lang])):
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                              showErrorMessage=False)  # other spellings the reader knows stay allowed
        letter = "ABCDEFGHIJ"[col - 1]
        rule.add(f"{letter}2:{letter}500")
        sheet.add_data_validation(rule)
    for row in apps or []:
        sheet.append(row)
    help_sheet = book.create_sheet("petunjuk" if lang == "id" else "notes")
    help_sheet.append([t("newcity.template.head", "id").replace("\n", " ")])
    help_sheet.append([t("newcity.template.head", "en").replace("\n", " ")])
    help_sheet.append([])
    workbook.header_row(help_sheet, 4, ["kolom / column", "nama kolom (id)", "Bahasa Indonesia", "English"])
    for column, id_column, note_id, note_en in notes:
        help_sheet.append([column, id_column, note_id, note_en])
    help_sheet.append([])
    help_sheet.append([f"{t('newcity.template.examples', 'id')} / {t('newcity.template.examples', 'en')}"])
    workbook.header_row(help_sheet, help_sheet.max_row + 1, titles)
    for row in examples(regency):
        help_sheet.append(_example(row, lang))
    help_sheet.append([])
    help_sheet.append([t("newcity.template.sectors", "id") + " / " + t("newcity.template.sectors", "en")])
    for sector in SECTORS:
        help_sheet.append([sector, name("sector", sector, "id"), name("sector", sector, "en")])
    workbook.widths(help_sheet, [22, 22, 70, 70])
    return workbook.save(book, path)


def fates_csv(app_names: list[str]) -> str:
    """The calibration kit's table of each app's known fate (filled in by the planner)."""
    return csv_text([["name", "status_class", "replacement_kind", "note"], *([n, "", "", ""] for n in app_names)])


def targets_yaml() -> str:
    lines = [f"# {line}" for line in t("newcity.calibration.head").split("\n")]
    lines += ["scenario: ../scenario.yaml",
              "apps: fates.csv",
              f"study_date:  # {t('newcity.calibration.study_date')}",
              "  low: 2025-01",
              "  high: 2025-12",
              f"counts: true  # {t('newcity.calibration.counts')}",
              ""]
    return "\n".join(lines)


def priors_yaml(project_priors: str) -> str:
    return f"# {t('newcity.calibration.priors')}\n" + project_priors


PACKAGES = ("low_fiscal_capacity", "political", "resources", "institutional", "all_fifteen")


def strategy_packages(slug: str, start: str, project_strategies: Path) -> dict[str, str]:
    """The project's five strategy packages (scenarios/strategies/) for this city, acting from
    ``start``: one scenario each that extends the city's baseline."""
    from binjai_sim.model.strategies.registry import expand
    from binjai_sim.scenario.yamlfile import read_yaml

    from .scenario_text import q

    out = {}
    for package in PACKAGES:
        data = read_yaml(project_strategies / f"{package}.yaml")
        lines = [f"# {line}" for line in t("newcity.packages.head", start=start).split("\n")]
        lines += ["extends: ../scenario.yaml", f"name: {slug}_{package}",
                  f"label: {q(t(f'newcity.package.{package}'))}",
                  f"description: {q(t(f'newcity.package_description.{package}'))}"]
        if data.get("strategy_budget_rp") is not None:
            lines.append(f"strategy_budget_rp: {int(data['strategy_budget_rp'])}"
                         f"  # {t('newcity.packages.budget')}")
        lines.append("strategies:")
        for item in expand(data["strategies"], str(project_strategies / f"{package}.yaml")):
            extra = "".join(f", {k}: {v}" for k, v in item.items() if k not in ("name", "start"))
            strategy = item["name"]
            note = t(f"strategy.name.{strategy}")
            lines.append(f"  - {{name: {strategy}, start: {start}{extra}}}  # {note}")
        out[f"{package}.yaml"] = "\n".join(lines) + "\n"
    return out
