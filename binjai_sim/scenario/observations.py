"""Dated evidence about apps, from any region and any kind of source, in one tidy format.

One row is one thing somebody recorded about an app (or a region's apps) at a date:

| column | meaning |
|---|---|
| ``region_code`` | Kemendagri code of the regency or city (``12.75`` Binjai) |
| ``region`` | its name, as the regions table spells it |
| ``app`` | the app's name, unique within the region (empty for a count of apps) |
| ``scope`` | ``local`` (built by the region) or ``central`` (a national app used locally: not a local app) |
| ``observed`` | ``status``, ``alive`` (seen working), ``dead`` (seen not working), ``count``, ``usage`` |
| ``value`` | a status class, a number of apps, or a usage figure; empty for a sighting |
| ``as_of`` | the month (``YYYY-MM``) or range (``YYYY-MM..YYYY-MM``) the record describes |
| ``reported`` | when the record was published or captured (``YYYY-MM-DD`` or ``YYYY-MM``) |
| ``source_kind`` | ``study_table``, ``self_reported_inventory``, ``official_count``, ``news``, ``thesis``, |
| | ``sighting`` |
| ``source`` | where it can be checked: a citation, or repository, commit and path |
| ``caveat`` | what a reader must know before trusting it |

The format says what was recorded, not what it means for the model: how much each kind of
source is trusted (a self-reported inventory may be stale) is the observation model's business
(``binjai_sim.analysis.calibrate.evidence``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t

COLUMNS = ("region_code", "region", "app", "scope", "observed", "value", "as_of", "reported",
           "source_kind", "source", "caveat")
SCOPES = ("local", "central")
OBSERVED = ("status", "alive", "dead", "count", "usage")
SOURCE_KINDS = ("study_table", "self_reported_inventory", "official_count", "news", "thesis", "sighting")
# status classes: the study's table (active ... not_found), an inventory's aktif/naktif
# (active/inactive), a row listed without a status, and an app not yet in service
STATUSES = ("active", "degraded", "replaced_national", "replaced_local", "dead", "not_found", "inactive",
            "listed", "in_development")
MAX_ROWS = 100_000  # the shipped files hold a few hundred rows each
_CODE = re.compile(r"^\d{2}\.\d{2}$")
_RANGE = re.compile(r"^\s*(.+?)\s*\.\.\s*(.+?)\s*$")


@dataclass(frozen=True)
class Observation:
    region_code: str
    region: str
    app: str
    scope: str
    observed: str
    value: str
    first: int  # the first month the record may describe (months as integers: binjai_sim.base.calendar)
    last: int   # the last such month; first == last for a dated record
    reported: int
    source_kind: str
    source: str
    caveat: str
    row: int  # line in its file, for messages

    @property
    def number(self) -> float:
        return float(self.value)


def _span(text: str) -> tuple[int, int]:
    found = _RANGE.match(text)
    if found:
        first, last = parse_month(found.group(1)), parse_month(found.group(2))
    else:
        first = last = parse_month(text)
    if last < first:
        raise ValueError(t("observations.range_backwards", first=format_month(first), last=format_month(last)))
    return first, last


def _check(path: Path, line: int, row: dict[str, str], seen: set[tuple[str, str, str, str, str]]) -> Observation:
    def fail(key: str, problem: str, allowed: str | None = None):
        raise InputError(path, t("observations.line", line=line, column=key), problem, allowed)

    cell = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not _CODE.match(cell["region_code"]):
        fail("region_code", t("observations.bad_code", value=cell["region_code"]), t("observations.code_allowed"))
    for key, allowed in (("scope", SCOPES), ("observed", OBSERVED), ("source_kind", SOURCE_KINDS)):
        if cell[key] not in allowed:
            fail(key, t("observations.unknown", value=cell[key]), ", ".join(allowed))
    if not cell["source"]:
        fail("source", t("observations.no_source"))
    kind, value = cell["observed"], cell["value"]
    if kind == "count":
        if cell["app"]:
            fail("app", t("observations.count_names_app"))
        if not value.isdigit():
            fail("value", t("observations.not_count", value=value), t("observations.count_allowed"))
    else:
        if not cell["app"]:
            fail("app", t("observations.needs_app", kind=kind))
        if kind == "status" and value not in STATUSES:
            fail("value", t("observations.not_status", value=value), ", ".join(STATUSES))
        if kind in ("alive", "dead") and value:
            fail("value", t("observations.sighting_value"))
        if kind == "usage":
            try:
                if float(value) < 0:
                    raise ValueError
            except ValueError:
                fail("value", t("observations.not_usage", value=value), t("observations.usage_allowed"))
    try:
        first, last = _span(cell["as_of"])
    except (ValueError, InputError) as error:
        fail("as_of", str(getattr(error, "problem", error)), t("observations.as_of_allowed"))
    try:
        reported = parse_month(cell["reported"])
    except (ValueError, InputError) as error:
        fail("reported", str(getattr(error, "problem", error)), t("observations.reported_allowed"))
    if reported < first:
        fail("reported", t("observations.reported_early", reported=format_month(reported), first=format_month(first)))
    key = (cell["region_code"], cell["app"], kind, cell["as_of"], cell["source"])
    if key in seen:
        fail("app", t("observations.duplicate", app=cell["app"] or "count", as_of=cell["as_of"]))
    seen.add(key)
    return Observation(cell["region_code"], cell["region"], cell["app"], cell["scope"], kind, value, first, last,
                       reported, cell["source_kind"], cell["source"], cell["caveat"], line)


def is_observations(path: Path) -> bool:
    """Does ``path`` look like an observations file (a CSV whose header has the format's columns)?"""
    if path.suffix.lower() != ".csv" or not path.is_file():
        return False
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    return set(COLUMNS) <= {h.strip() for h in header}


def load_observations(path: Path) -> list[Observation]:
    """Every record of an observations file, checked; the first problem is an InputError
    naming the file, line and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, None, t("observations.not_utf8", byte=error.start),
                         t("observations.utf8_allowed")) from None
    except OSError as error:
        raise InputError(path, None, t("observations.unreadable", reason=error.strerror)) from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(path, "header", t("observations.missing_columns", columns=", ".join(missing)),
                         ", ".join(COLUMNS))
    unknown = [c for c in reader.fieldnames if c not in COLUMNS]
    if unknown:
        raise InputError(path, "header", t("observations.unknown_columns", columns=", ".join(unknown)),
                         ", ".join(COLUMNS))
    seen: set = set()
    records = []
    for line, row in enumerate(reader, start=2):
        if len(records) >= MAX_ROWS:
            raise InputError(path, None, t("observations.too_many", limit=MAX_ROWS), t("observations.too_many_allowed"))
        if None in row:
            raise InputError(path, t("observations.line", line=line, column="-"), t("observations.extra_cells"))
        records.append(_check(path, line, row, seen))
    return records


def summary(records: list[Observation]) -> str:
    """One line per region: how many records of each kind, over which months."""
    lines = []
    for code in sorted({r.region_code for r in records}):
        mine = [r for r in records if r.region_code == code]
        kinds = {}
        for r in mine:
            kinds[r.observed] = kinds.get(r.observed, 0) + 1
        apps = len({r.app for r in mine if r.app and r.scope == "local"})
        told = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        lines.append(t("observations.region_line", region=mine[0].region or code, code=code, records=len(mine),
                       kinds=told, apps=apps, first=format_month(min(r.first for r in mine)),
                       last=format_month(max(r.last for r in mine))))
    return "\n".join(lines)
