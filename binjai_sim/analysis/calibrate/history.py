"""Which of the catalogue's strategies a region had in force, and since when
(``calibration/pooled/region_history.csv``).

A row is one instrument a public source reports (a head-of-region regulation, a masterplan
enacted as one, a smart-city council) with the catalogue strategy it corresponds to, the month it
was in force from, the source's address and what the source leaves open. A row enters a
region's scenario only when it names a strategy and a start: a region for which nothing was found
has a row saying so (``start`` = ``not found``), and a fact that matches no strategy says
``none``. A start given as a year only enters as the December of that year: the instrument was in
force by then at the latest, and the fit is not told more than the source says.

The pooled fit (``binjai_sim.analysis.calibrate.pooled``) adds each region's strategies to its scenario, so the
effect sizes of every strategy in force in a fitted region become fitted parameters.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.model.strategies import REGISTRY

COLUMNS = ("region", "strategy", "start", "instrument", "source", "caveat")
NOT_FOUND = "not found"
NO_STRATEGY = "none"
MAX_ROWS = 1000
_YEAR = re.compile(r"^(19|20)\d\d$")
_MONTH = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
_ADDRESS = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Instrument:
    region: str
    strategy: str        # a catalogue strategy, or "none"
    start: int | None    # month index; None when no date was found
    instrument: str
    source: str
    caveat: str

    @property
    def enters(self) -> bool:
        return self.strategy != NO_STRATEGY and self.start is not None


def _start(path: Path, where: str, text: str) -> int | None:
    if text == NOT_FOUND:
        return None
    if _MONTH.match(text):
        return parse_month(text)
    if _YEAR.match(text):
        return parse_month(f"{text}-12")
    raise InputError(path, f"{where}.start", t("history.bad_start", value=text), t("history.start_allowed"))


def load_history(path: Path) -> list[Instrument]:
    """Every row, checked; the first problem is an InputError naming the file, row and column."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, None, t("history.unreadable", reason=str(error))) from None
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(path, "header", t("history.bad_header"), ", ".join(COLUMNS))
    rows = []
    for line, row in enumerate(reader, start=2):
        where = t("history.row", line=line)
        if len(rows) >= MAX_ROWS:
            raise InputError(path, None, t("history.too_many", limit=MAX_ROWS))
        if None in row or any(v is None for v in row.values()):
            raise InputError(path, where, t("history.cells"), ", ".join(COLUMNS))
        cells = {k: v.strip() for k, v in row.items()}
        if not cells["region"]:
            raise InputError(path, f"{where}.region", t("history.no_region"))
        if cells["strategy"] not in REGISTRY and cells["strategy"] != NO_STRATEGY:
            raise InputError(path, f"{where}.strategy", t("history.not_strategy", value=cells["strategy"]),
                             ", ".join([*sorted(REGISTRY), NO_STRATEGY]))
        start = _start(path, where, cells["start"])
        if start is not None and not _ADDRESS.match(cells["source"]):
            raise InputError(path, f"{where}.source", t("history.no_source"), t("history.source_allowed"))
        rows.append(Instrument(cells["region"], cells["strategy"], start, cells["instrument"], cells["source"],
                               cells["caveat"]))
    return rows


def in_force(rows: list[Instrument], region: str) -> list[dict]:
    """The region's strategies as scenario entries, each from the earliest start a source gives."""
    first: dict[str, int] = {}
    for r in rows:
        if r.region == region and r.enters:
            first[r.strategy] = min(first.get(r.strategy, r.start), r.start)
    return [{"name": name, "start": format_month(month)} for name, month in sorted(first.items())]


def with_history(scenario, path: Path, entries: list[dict]):
    """The scenario with the strategies it does not already hold added from ``entries``; a
    strategy the scenario states itself keeps its own start."""
    held = {s.name for s in scenario.strategies}
    extra = [e for e in entries if e["name"] not in held]
    if not extra:
        return scenario
    for e in extra:
        if parse_month(e["start"]) > scenario.spec.horizon.end:
            raise InputError(path, e["name"], t("history.after_horizon", start=e["start"]))
    own = list(scenario.raw.get("strategies") or [])
    return scenario.with_overrides({"strategies": own + extra})
