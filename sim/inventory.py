"""The app inventory: one row per app, read from a CSV named by the scenario."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .calendar import parse_month
from .errors import InputError, one_of
from .scenario_schema import SECTORS

REQUIRED = ("name", "sector", "audience", "owner_agency", "launch", "target_share")
AUDIENCES = ("citizen", "internal")


@dataclass(frozen=True)
class AppSpec:
    name: str
    sector: str
    audience: str  # "citizen" | "internal"
    owner_agency: str
    launch: int  # month index
    target_share: float  # share of residents (citizen apps) or of agency staff (internal) who could use it
    redesign: int | None = None


def load_inventory(path: Path) -> list[AppSpec]:
    if not path.is_file():
        raise InputError(path, None, "inventory file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(row for row in handle if not row.startswith("#"))
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, missing[0], "column missing", one_of(REQUIRED))
        apps = [_row(path, n, row) for n, row in enumerate(reader, start=2)]
    if not apps:
        raise InputError(path, None, "inventory has no apps")
    names = [a.name for a in apps]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(path, "name", f"app names must be unique; repeated: {', '.join(dupes)}")
    return apps


def _row(path: Path, line: int, row: dict[str, str]) -> AppSpec:
    where = f"{path} line {line}"
    name = (row["name"] or "").strip()
    if not name:
        raise InputError(where, "name", "empty app name")
    sector = row["sector"].strip()
    if sector not in SECTORS:
        raise InputError(where, "sector", f"unknown sector {sector!r} for app {name}", one_of(SECTORS))
    audience = row["audience"].strip()
    if audience not in AUDIENCES:
        raise InputError(where, "audience", f"unknown audience {audience!r}", one_of(AUDIENCES))
    try:
        launch = parse_month(row["launch"])
    except ValueError as exc:
        raise InputError(where, "launch", str(exc)) from None
    redesign = None
    if (row.get("redesign") or "").strip():
        try:
            redesign = parse_month(row["redesign"])
        except ValueError as exc:
            raise InputError(where, "redesign", str(exc)) from None
    try:
        share = float(row["target_share"])
    except ValueError:
        raise InputError(where, "target_share", f"{row['target_share']!r} is not a number") from None
    if not 0.0 < share <= 1.0:
        raise InputError(where, "target_share", f"{share} out of range", "a number in (0, 1]")
    owner = row["owner_agency"].strip()
    if not owner:
        raise InputError(where, "owner_agency", "empty owner agency")
    return AppSpec(name, sector, audience, owner, launch, share, redesign)
