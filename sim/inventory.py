"""The app inventory: one row per app, read from a CSV or XLSX file named by the scenario.

Column names and values may be written in English or Bahasa Indonesia (``nama``, ``sektor``,
``warga``, ``Maret 2017``, ``5%``); every problem of the file is reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .calendar import format_month, parse_month
from .errors import InputError, combine, did_you_mean, one_of, short
from .spreadsheet import parse_share, read_table
from .vocabulary import AUDIENCES, SECTORS

REQUIRED = ("name", "sector", "audience", "owner_agency", "launch", "target_share")
OPTIONAL = ("redesign", "counterpart")
COLUMN_ALIASES = {
    "nama": "name", "nama_aplikasi": "name", "aplikasi": "name",
    "sektor": "sector", "bidang": "sector",
    "sasaran": "audience", "pengguna": "audience", "audiens": "audience",
    "opd": "owner_agency", "opd_pemilik": "owner_agency", "pemilik": "owner_agency", "owner": "owner_agency",
    "peluncuran": "launch", "bulan_peluncuran": "launch", "diluncurkan": "launch", "launch_month": "launch",
    "desain_ulang": "redesign", "redesain": "redesign",
    "porsi_sasaran": "target_share", "pangsa_sasaran": "target_share", "target": "target_share",
    "padanan": "counterpart", "padanan_nasional": "counterpart", "pengganti": "counterpart",
}
SECTOR_ALIASES = {
    "perencanaan": "planning", "keuangan": "finance", "perizinan": "licensing", "kesehatan": "health",
    "pengaduan": "complaints", "pendidikan": "education", "kepegawaian": "hr", "sdm": "hr",
    "ekonomi": "economy", "pajak": "tax", "informasi": "information", "hukum": "legal",
    "administrasi": "administration", "lingkungan": "environment", "lingkungan_hidup": "environment",
    "sosial": "social", "transportasi": "transport", "perhubungan": "transport", "pariwisata": "tourism",
    "pemilu": "elections", "pemilihan": "elections",
}
AUDIENCE_ALIASES = {"warga": "citizen", "masyarakat": "citizen", "publik": "citizen", "asn": "internal",
                    "pegawai": "internal", "internal": "internal", "citizen": "citizen"}


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


def load_inventory(path: Path, referrer: tuple[str, str] | None = None) -> list[AppSpec]:
    table = read_table(path, "inventory file", referrer)
    header = [COLUMN_ALIASES.get(c, c) for c in table.columns]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        file, key = referrer or (path, None)
        found = ", ".join(table.columns)
        raise InputError(file, key, f"{path} is not an app inventory: column{'s' if len(missing) > 1 else ''} "
                                    f"{', '.join(missing)} missing (found: {short(found, 60)})",
                         one_of(REQUIRED + OPTIONAL))
    apps, problems = [], list(table.problems)
    for line, values in table.rows:
        row = {COLUMN_ALIASES.get(k, k): v for k, v in values.items()}
        where = f"{path} line {line}"
        try:
            apps.append(_row(where, row))
        except InputError as exc:
            problems.extend(exc.problems)
    names = [a.name for a in apps]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(InputError(path, "name", f"app names must be unique; repeated: {', '.join(dupes)}"))
    if problems:
        raise combine(sorted(problems, key=_line))
    if not apps:
        raise InputError(path, None, "the inventory has no apps")
    return apps


def _line(error: InputError) -> int:
    tail = (error.file or "").rsplit(" line ", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0


def _row(where: str, row: dict[str, str]) -> AppSpec:
    problems = []

    def fail(key: str, problem: str, allowed: str | None = None) -> None:
        problems.append(InputError(where, key, problem, allowed))

    name = row.get("name", "").strip()
    if not name:
        fail("name", "empty app name")
    sector_text = row.get("sector", "").strip()
    sector = SECTOR_ALIASES.get(sector_text.lower(), sector_text.lower())
    if sector not in SECTORS:
        fail("sector", f"unknown sector {short(sector_text)}" + (f" for app {name}" if name else "")
             + did_you_mean(sector, SECTORS), one_of(SECTORS))
    audience_text = row.get("audience", "").strip()
    audience = AUDIENCE_ALIASES.get(audience_text.lower())
    if audience not in AUDIENCES:
        fail("audience", f"unknown audience {short(audience_text)}", "citizen (warga), internal (ASN)")
    launch = redesign = None
    try:
        launch = parse_month(row.get("launch", ""))
    except ValueError as exc:
        fail("launch", str(exc))
    if row.get("redesign", "").strip():
        try:
            redesign = parse_month(row["redesign"])
        except ValueError as exc:
            fail("redesign", str(exc))
    if launch is not None and redesign is not None and redesign <= launch:
        fail("redesign", f"redesign {format_month(redesign)} is not after launch {format_month(launch)}")
    share, allowed = None, "a share in (0, 1], e.g. 0.05 or 5%"
    try:
        share = parse_share(row.get("target_share", ""))
    except ValueError:
        fail("target_share", f"{short(row.get('target_share', ''))} is not a number", allowed)
    if share is not None and not 0.0 < share <= 1.0:
        fail("target_share", f"{share:g} out of range", allowed)
    owner = row.get("owner_agency", "").strip()
    if not owner:
        fail("owner_agency", "empty owner agency")
    counterpart = row.get("counterpart", "").strip() or "none"
    if counterpart.lower() in ("none", "tidak ada", "-"):
        counterpart = "none"
    if problems:
        raise combine(problems)
    return AppSpec(name, sector, audience, owner, launch, share, redesign, counterpart)
