"""The app inventory: one row per app, read from a CSV or XLSX file named by the scenario.

Column names and values may be written in English or Bahasa Indonesia (``nama``, ``sektor``,
``warga``, ``Maret 2017``, ``5%``); every problem of the file is reported at once, in the
language in force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.calendar import format_month, month_index, parse_month
from binjai_sim.base.errors import InputError, at_line, combine, did_you_mean, env_cap, one_of, short
from binjai_sim.base.i18n import LANGS, current, has_hidden, name, plain, t
from binjai_sim.base.vocabulary import AUDIENCES, SECTORS

from .spreadsheet import parse_share, read_table

REQUIRED = ("name", "sector", "audience", "owner_agency", "launch", "target_share")
OPTIONAL = ("redesign", "counterpart")
COLUMN_ALIASES = {
    "nama": "name", "nama_aplikasi": "name", "aplikasi": "name", "app": "name",
    "sektor": "sector", "bidang": "sector", "urusan": "sector",
    "sasaran": "audience", "pengguna": "audience", "audiens": "audience", "jenis_pengguna": "audience",
    "pengguna_sasaran": "audience",
    "opd": "owner_agency", "opd_pemilik": "owner_agency", "pemilik": "owner_agency", "owner": "owner_agency",
    "opd_pengelola": "owner_agency", "pengelola": "owner_agency", "perangkat_daerah": "owner_agency",
    "peluncuran": "launch", "bulan_peluncuran": "launch", "diluncurkan": "launch", "launch_month": "launch",
    "tanggal_peluncuran": "launch", "tgl_peluncuran": "launch", "mulai": "launch",
    "desain_ulang": "redesign", "redesain": "redesign", "pembaruan": "redesign",
    "porsi_sasaran": "target_share", "pangsa_sasaran": "target_share", "target": "target_share",
    "persentase_sasaran": "target_share",
    "padanan": "counterpart", "padanan_nasional": "counterpart", "pengganti": "counterpart",
}
SECTOR_ALIASES = {
    "perencanaan": "planning", "keuangan": "finance", "perizinan": "licensing", "kesehatan": "health",
    "pengaduan": "complaints", "pendidikan": "education", "kepegawaian": "hr", "sdm": "hr",
    "ekonomi": "economy", "pajak": "tax", "informasi": "information", "hukum": "legal",
    "administrasi": "administration", "lingkungan": "environment", "lingkungan_hidup": "environment",
    "sosial": "social", "transportasi": "transport", "perhubungan": "transport", "pariwisata": "tourism",
    "pemilu": "elections", "pemilihan": "elections", "pendapatan": "tax", "perdagangan": "economy",
    "umkm": "economy", "koperasi": "economy", "pemerintahan": "administration", "kependudukan": "administration",
    "persuratan": "administration", "komunikasi": "information", "kominfo": "information",
    "desa": "village", "pemerintahan_desa": "village", "pemdes": "village", "dpmd": "village",
}
AUDIENCE_ALIASES = {"warga": "citizen", "masyarakat": "citizen", "publik": "citizen", "asn": "internal",
                    "pegawai": "internal", "internal": "internal", "citizen": "citizen", "g2c": "citizen",
                    "g2b": "citizen", "g2g": "internal", "g2e": "internal", "pemerintah": "internal",
                    "internal_opd": "internal"}
NONE_WORDS = ("none", "tidak ada", "tidak_ada", "-", "tidak")
_YEAR = re.compile(r"^\d{4}$")
UNKNOWN_MONTH = 7  # a launch given as a bare year: mid-year, as for Binjai's apps whose month is unknown
# e-government apps in Indonesian regions date from the 2000s; a launch outside these years is a typo
FIRST_LAUNCH_YEAR = 1990
LAST_LAUNCH_YEAR = 2100
MAX_APPS = 5000  # ~150 times Binjai; a run of 10,000 apps takes ~1 min a replicate (binjai_sim/runs/limits.py)


def max_apps() -> int:
    """Most apps an inventory may list: BINJAI_SIM_MAX_APPS, else MAX_APPS (binjai_sim/runs/limits.py lists
    every cap)."""
    return env_cap("MAX_APPS", MAX_APPS)


@dataclass(frozen=True)
class AppSpec:
    name: str
    sector: str
    audience: str  # "citizen" | "internal"
    owner_agency: str
    launch: int  # month index
    target_share: float  # share of residents (citizen apps) or of agency staff (internal) who could use it
    redesign: int | None = None
    counterpart: str = "none"  # the national platform or local system that could take it over


def sectors_allowed() -> str:
    """The sectors as a reader of the current language writes them (any of these is read)."""
    if current() == "en":
        return ", ".join(SECTORS)
    return ", ".join(f"{name('sector', s)} ({s})" for s in SECTORS)


def sector_of(text: str) -> str | None:
    """A sector from its key, an alias, or its name in either language."""
    word = _word(text)
    if word in SECTORS:
        return word
    if word in SECTOR_ALIASES:
        return SECTOR_ALIASES[word]
    for lang in LANGS:
        for sector in SECTORS:
            if _word(name("sector", sector, lang)) == word:
                return sector
    return None


def load_inventory(path: Path, referrer: tuple[str, str] | None = None) -> list[AppSpec]:
    """Every app of the file, or one error listing every problem (header and rows alike)."""
    table = read_table(path, t("inventory.what"), referrer, cap=(max_apps(), "BINJAI_SIM_MAX_APPS"))
    header = [COLUMN_ALIASES.get(c, c) for c in table.columns]
    problems: list = list(table.problems)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        file, key = referrer or (path, None)
        problems.append(InputError(file, key, t("inventory.columns_missing", path=path, columns=", ".join(missing),
                                                found=short(", ".join(table.columns), 60)),
                                   one_of(REQUIRED + OPTIONAL)))
    apps, lines = [], {}
    columns = {COLUMN_ALIASES.get(c, c): c for c in table.columns}  # errors name the file's own column
    for line, values in table.rows:
        row = {COLUMN_ALIASES.get(k, k): v for k, v in values.items()}
        if not any(v.strip() for v in row.values()):
            continue
        if row.get("name", "").strip():  # a name used twice is a problem even on a row with others
            lines.setdefault(row["name"].strip(), []).append(line)
        try:
            apps.append(_row(at_line(path, line), row, columns))
        except InputError as exc:
            problems.extend((line, p) for p in exc.problems)
    dupes = {n: ls for n, ls in lines.items() if len(ls) > 1}
    for app_name, ls in sorted(dupes.items()):
        problems += [(again, InputError(at_line(path, again), columns.get("name", "name"),
                                        t("inventory.duplicate", name=plain(app_name), line=ls[0])))
                     for again in ls[1:]]  # every repeat, not only the second
    if problems:
        ordered = sorted(problems, key=lambda p: p[0] if isinstance(p, tuple) else 0)
        raise combine([p[1] if isinstance(p, tuple) else p for p in ordered])
    if not apps:
        raise InputError(path, None, t("inventory.no_apps") + _other_inventory(Path(path)))
    return apps


def _other_inventory(path: Path) -> str:
    """A hint when the empty inventory has a filled sibling (new-city writes apps.xlsx and
    apps.csv; the scenario reads one of them)."""
    for suffix in (".csv", ".xlsx"):
        other = path.with_suffix(suffix)
        if other != path and other.is_file():
            try:
                load_inventory(other)
            except InputError:
                continue
            return t("inventory.other_filled", file=other.name)
    return ""


def _row(where: str, row: dict[str, str], present: dict[str, str]) -> AppSpec:
    problems = []

    def fail(key: str, problem: str, allowed: str | None = None) -> None:
        problems.append(InputError(where, present.get(key, key), problem, allowed))

    app_name = row.get("name", "").strip()
    if "name" in present and not app_name:
        fail("name", t("inventory.empty_name"))
    elif has_hidden(app_name):  # written raw, it would drive a terminal or reorder a report's line
        fail("name", t("inventory.hidden_characters", value=plain(short(app_name))), t("inventory.hidden_allowed"))
    sector_text = row.get("sector", "").strip()
    sector = sector_of(sector_text)
    if "sector" in present and sector is None:
        fail("sector", t("inventory.unknown_sector", value=short(sector_text), app=app_name or "?")
             + did_you_mean(_word(sector_text), [*SECTORS, *SECTOR_ALIASES]), sectors_allowed())
    audience_text = row.get("audience", "").strip()
    audience = AUDIENCE_ALIASES.get(_word(audience_text))
    if "audience" in present and audience not in AUDIENCES:
        fail("audience", t("inventory.unknown_audience", value=short(audience_text)), t("inventory.audiences"))
    launch = redesign = None
    if "launch" in present:
        try:
            launch = _month(row.get("launch", ""))
        except ValueError as exc:
            fail("launch", str(exc))
    if row.get("redesign", "").strip():
        try:
            redesign = _month(row["redesign"])
        except ValueError as exc:
            fail("redesign", str(exc))
    if launch is not None and redesign is not None and redesign <= launch:
        fail("redesign", t("inventory.redesign_order", redesign=format_month(redesign), launch=format_month(launch)))
    share = None
    if "target_share" in present:
        try:
            share = parse_share(row.get("target_share", ""))
        except ValueError:
            fail("target_share", t("inventory.share_not_number", value=short(row.get("target_share", ""))),
                 t("inventory.share_allowed"))
        if share is not None and not 0.0 < share <= 1.0:
            fail("target_share", t("inventory.share_range", value=f"{share:g}"), t("inventory.share_allowed"))
    owner = row.get("owner_agency", "").strip()
    if "owner_agency" in present and not owner:
        fail("owner_agency", t("inventory.empty_owner"))
    counterpart = row.get("counterpart", "").strip() or "none"
    if counterpart.lower() in NONE_WORDS:
        counterpart = "none"
    if problems:
        raise combine(problems)
    return AppSpec(app_name, sector, audience, owner, launch, share, redesign, counterpart)


def _word(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _month(text: str) -> int:
    """A month; a bare year means its middle (the month unknown), as in Binjai's inventory."""
    text = str(text).strip()
    if _YEAR.match(text):
        parse_month(text)  # the year's range check and its message
        month = month_index(int(text), UNKNOWN_MONTH)
    else:
        month = parse_month(text)
    if not FIRST_LAUNCH_YEAR <= month // 12 <= LAST_LAUNCH_YEAR:
        raise ValueError(t("inventory.year_range", value=repr(text), first=FIRST_LAUNCH_YEAR, last=LAST_LAUNCH_YEAR))
    return month
