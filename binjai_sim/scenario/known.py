"""What a planner knows about the apps: dated statuses that every run must agree with.

A known fact says an app ran at a month (``aktif per 2024-06``, or a redesign then) or had
stopped by a month (``berhenti 2023-03``). Facts come from three places, all optional:

- the inventory's own columns ``known_status``, ``known_at`` and ``known_source`` (one fact per
  app; ``facts_from_rows`` reads them from any table's rows, so a workbook's inventory sheet
  gives facts the same way);
- the file named by the scenario's ``known.facts``: the same columns plus ``app``, one fact a
  row, or an observations file (``binjai_sim.scenario.observations``) whose status records become facts;
- the inventory's redesign months, when ``known.redesigns`` is on (the model only redesigns a
  running app, so a recorded redesign says the app ran then).

A closed app never reopens in the model, so a fact about one month constrains the months before
(``alive`` at D: alive from launch to D) and the contradictions are simple: an app cannot have
stopped by a month and run at that month or later. ``binjai_sim.runs.conditioning`` makes the runs agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, at_line, combine, did_you_mean, one_of
from binjai_sim.base.i18n import plain, t

from .inventory import COLUMN_ALIASES, _word
from .spreadsheet import normalise_header, read_table

ALIVE, STOPPED = "alive", "stopped"
# what a planner writes in known_status, in English or Bahasa Indonesia
STATUS_WORDS = {
    "active": ALIVE, "aktif": ALIVE, "alive": ALIVE, "running": ALIVE, "berjalan": ALIVE, "hidup": ALIVE,
    "degraded": ALIVE, "terganggu": ALIVE, "redesigned": ALIVE, "didesain_ulang": ALIVE, "desain_ulang": ALIVE,
    "stopped": STOPPED, "berhenti": STOPPED, "dead": STOPPED, "mati": STOPPED, "closed": STOPPED,
    "ditutup": STOPPED, "inactive": STOPPED, "nonaktif": STOPPED, "non_aktif": STOPPED, "tidak_aktif": STOPPED,
    "replaced": STOPPED, "diganti": STOPPED,
}
FACT_ALIASES = {
    "status_diketahui": "known_status", "status_terakhir": "known_status", "status_terkini": "known_status",
    "per_tanggal": "known_at", "status_per": "known_at", "tanggal_status": "known_at", "bulan_status": "known_at",
    "sumber_status": "known_source", "sumber": "known_source", "source": "known_source",
}
FACT_COLUMNS = ("known_status", "known_at", "known_source")
# observations' status classes as facts; listed and in_development say nothing about running
OBSERVED_STATUS = {"active": ALIVE, "degraded": ALIVE, "replaced_national": STOPPED, "replaced_local": STOPPED,
                   "dead": STOPPED, "not_found": STOPPED, "inactive": STOPPED}
_DATED = re.compile(r"^(?P<word>.*?)\s+(?:per|sejak|since|as\s+of|at|pada|by|sampai)?\s*(?P<date>\S+(?:\s+\d{4})?)$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    app: str
    kind: str  # ALIVE: running at ``month``; STOPPED: closed at or before ``month``
    month: int
    source: str
    where: str  # file and line, for messages
    key: str  # the column (or scenario key) it was written in
    until: int | None = None  # an observation over a window: ran at some month from ``month`` to this


def _column(name: str) -> str:
    word = normalise_header(name)
    return FACT_ALIASES.get(word, COLUMN_ALIASES.get(word, word))


def _status(text: str) -> tuple[str | None, str]:
    """(kind, date text): ``aktif`` alone, or with its month in the same cell (``aktif per 2024-06``)."""
    word = _word(text)
    if word in STATUS_WORDS:
        return STATUS_WORDS[word], ""
    found = _DATED.match(text.strip())
    if found and _word(found.group("word")) in STATUS_WORDS:
        return STATUS_WORDS[_word(found.group("word"))], found.group("date")
    return None, ""


def facts_from_rows(path: Path, rows, app_column: str = "name") -> tuple[list[Fact], list[InputError]]:
    """The facts written in a table's rows (``(line, {column: text})``), with the problems of
    each row; rows without a known status give none. A workbook reader passes its inventory
    sheet's rows here."""
    facts, problems = [], []
    for line, values in rows:
        row = {_column(k): (v or "").strip() for k, v in values.items()}
        status, at, source = (row.get(c, "") for c in FACT_COLUMNS)
        where = at_line(path, line)
        names = {_column(k): k for k in values}
        if not status:
            if at:
                problems.append(InputError(where, names.get("known_at", "known_at"), t("condition.at_without_status"),
                                           t("condition.status_allowed")))
            continue
        kind, inline = _status(status)
        if kind is None:
            problems.append(InputError(where, names.get("known_status", "known_status"),
                                       t("condition.unknown_status", value=plain(status[:60])),
                                       t("condition.status_allowed")))
            continue
        text = at or inline
        if not text:
            problems.append(InputError(where, names.get("known_at", "known_at"), t("condition.no_date"),
                                       t("condition.date_allowed")))
            continue
        try:
            month = parse_month(text)
        except (ValueError, InputError) as error:
            problems.append(InputError(where, names.get("known_at", "known_at"),
                                       str(getattr(error, "problem", error)), t("condition.date_allowed")))
            continue
        app = row.get(app_column, "") or row.get("app", "")
        facts.append(Fact(app, kind, month, source, where, names.get("known_status", "known_status")))
    return facts, problems


def _observed_facts(path: Path) -> list[Fact]:
    """An observations file's status and sighting records about local apps, as facts (a record
    over a range of months says the app ran at some month of it, or had stopped by its end)."""
    from .observations import load_observations

    facts = []
    for r in load_observations(path):
        if r.scope != "local" or not r.app:
            continue
        kind = {"alive": ALIVE, "dead": STOPPED}.get(r.observed) or (
            OBSERVED_STATUS.get(r.value) if r.observed == "status" else None)
        if kind is None:
            continue
        if kind == STOPPED:
            facts.append(Fact(r.app, kind, r.last, r.source, at_line(path, r.row), "as_of"))
        else:
            facts.append(Fact(r.app, kind, r.first, r.source, at_line(path, r.row), "as_of",
                              r.last if r.last != r.first else None))
    return facts


def _facts_file(path: Path, referrer: tuple[str, str]) -> tuple[list[Fact], list[InputError]]:
    from .observations import is_observations

    if is_observations(path):
        return _observed_facts(path), []
    table = read_table(path, t("condition.facts_what"), referrer)
    problems: list[InputError] = [p for _, p in table.problems]
    columns = {_column(c) for c in table.columns}
    missing = [c for c in ("app", "known_status") if c not in columns and not (c == "app" and "name" in columns)]
    if missing:
        problems.append(InputError(path, None, t("condition.columns_missing", columns=", ".join(missing)),
                                   one_of(("app", *FACT_COLUMNS))))
        return [], problems
    facts, more = facts_from_rows(path, table.rows, app_column="app" if "app" in columns else "name")
    return facts, problems + more


def known_facts(scenario) -> list[Fact]:
    """Every known fact of a scenario, checked against its inventory and horizon (kept on the
    scenario once read). One InputError names every bad fact's file, line and column."""
    cached = scenario.__dict__.get("_known_facts")
    if cached is not None:
        return cached
    spec, path = scenario.spec, getattr(scenario, "path", None)
    known = getattr(spec, "known", None)
    here = path.parent if path else Path(".")
    facts, problems = [], []
    if getattr(scenario, "inventory", None):
        inventory_path = here / spec.apps.inventory
        found, bad = _inventory_facts(inventory_path)
        facts += found
        problems += bad
        if known is not None and known.redesigns:
            facts += [Fact(a.name, ALIVE, a.redesign, t("condition.redesign_source"), str(inventory_path),
                           "redesign") for a in scenario.inventory if a.redesign is not None]
    if known is not None and known.facts:
        found, bad = _facts_file(here / known.facts, (str(path or spec.name), "known.facts"))
        facts += found
        problems += bad
    if not facts and not problems:
        scenario.__dict__["_known_facts"] = facts
        return facts
    problems += check(facts, scenario)
    if problems:
        raise combine(problems)
    scenario.__dict__["_known_facts"] = facts = [_settled(f, scenario) for f in facts]
    return facts


_READ: dict[tuple, tuple[list[Fact], list[InputError]]] = {}


def _inventory_facts(path: Path) -> tuple[list[Fact], list[InputError]]:
    """The facts of an inventory's known-status columns, read once while the file is unchanged
    (a calibration or comparison runs one scenario many times)."""
    try:
        stat = path.stat()
    except OSError:
        return [], []
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _READ:
        table = read_table(path, t("inventory.what"))
        columns = {_column(c) for c in table.columns}
        _READ[key] = facts_from_rows(path, table.rows) if "known_status" in columns else ([], [])
    return _READ[key]


def _settled(fact: Fact, scenario) -> Fact:
    """A window fact (``alive`` at some month of it) as the one month it means in a model where
    closed apps stay closed: its first month, or the launch if that is later."""
    if fact.until is None:
        return fact
    launch = next(a.launch for a in scenario.inventory if a.name == fact.app)
    return Fact(fact.app, fact.kind, max(fact.month, launch), fact.source, fact.where, fact.key)


def check(facts: list[Fact], scenario) -> list[InputError]:
    """The problems of a list of facts: an app not in the inventory, a month outside the
    horizon or before the app's launch, and facts about one app that cannot all hold."""
    apps = {a.name: a for a in scenario.inventory}
    start, end = scenario.spec.horizon.start, scenario.spec.horizon.end
    problems = []
    for f in facts:
        month = f.month
        if f.app not in apps:
            problems.append(InputError(f.where, f.key if f.key != "known_status" else "app",
                                       t("condition.unknown_app", app=plain(f.app or "?"))
                                       + did_you_mean(f.app, list(apps)), t("condition.app_allowed")))
            continue
        launch = apps[f.app].launch
        if not start <= month <= end:
            problems.append(InputError(f.where, f.key, t("condition.outside_horizon", month=format_month(month)),
                                       t("errors.range", low=format_month(start), high=format_month(end))))
        elif month < launch and (f.until is None or f.until < launch):
            problems.append(InputError(f.where, f.key, t("condition.before_launch", app=plain(f.app),
                                                         month=format_month(month), launch=format_month(launch))))
    for name in apps:
        mine = [f for f in facts if f.app == name and f.until is None]
        alive = [f for f in mine if f.kind == ALIVE]
        stopped = [f for f in mine if f.kind == STOPPED]
        if alive and stopped:
            last = max(alive, key=lambda f: f.month)
            first = min(stopped, key=lambda f: f.month)
            if first.month <= last.month:
                problems.append(InputError(last.where, last.key, t(
                    "condition.contradiction", app=plain(name), alive=format_month(last.month),
                    stopped=format_month(first.month), other=first.where)))
    return problems
