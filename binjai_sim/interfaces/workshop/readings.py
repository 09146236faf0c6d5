"""What the workshop page shows of a city, read from its arrays: counts, series, mayors,
closures and the portfolio. Names stay keys (status, cause, factor); the page translates them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import FACTORS, STATUSES, Cause, EventKind, is_live

_NAMED_BY = {Cause.REPLACED_LOCAL: "consolidation", Cause.REPLACED_NATIONAL: "platform",
             Cause.PRUNED: "pruning"}


def status_counts(model) -> dict[str, int]:
    status = model.apps.status
    return {name: int(np.sum(status == code)) for code, name in enumerate(STATUSES)}


def status_by_month(model) -> dict[str, np.ndarray]:
    rec = model.recorder
    status = rec.status[: rec.rows]
    return {name: (status == code).sum(axis=1) for code, name in enumerate(STATUSES)}


def live_by_month(model) -> np.ndarray:
    rec = model.recorder
    return is_live(rec.status[: rec.rows]).sum(axis=1)


def citizens_by_month(model) -> np.ndarray:
    rec = model.recorder
    return rec.citizens_using[: rec.rows]


def factor_means(model) -> np.ndarray:
    """Months x factors: the mean level over live apps (NaN in a month with none)."""
    rec = model.recorder
    live = is_live(rec.status[: rec.rows])
    levels = rec.factors[: rec.rows]
    count = live.sum(axis=1)
    total = np.where(live[:, :, None], levels, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count[:, None] > 0, total / count[:, None], np.nan)


@dataclass(frozen=True)
class Term:
    mayor: int  # 0 for the mayor at the start, +1 for each successor
    start: int  # first recorded month in office
    end: int  # last recorded month in office


def mayor_terms(model) -> list[Term]:
    """Each mayor's months in office so far (a re-elected mayor keeps one entry)."""
    rec = model.recorder
    ids = rec.mayor_id[: rec.rows]
    terms, first = [], 0
    for k in range(1, len(ids) + 1):
        if k == len(ids) or ids[k] != ids[first]:
            terms.append(Term(int(ids[first]), rec.t0 + first, rec.t0 + k - 1))
            first = k
    return terms


def elections(model) -> list[tuple[int, int]]:
    """(vote, inauguration) months of every election in the scenario, known or drawn."""
    return sorted((e.date, e.inauguration) for e in model.spec.elections)


@dataclass(frozen=True)
class Closure:
    month: int
    app: str
    cause: str  # a Cause key
    factor: str | None = None  # the weakest factor, for a closure by the hazard
    by: str | None = None  # the platform, local system or order that replaced or pruned it


def closures(model) -> list[Closure]:
    """Every closure so far, oldest first (read once from the event log, then kept)."""
    s = model.sim.state
    seen = getattr(model, "_closures", None)
    if seen is None:
        seen = model._closures = ([], [0])
    found, upto = seen
    names = model.sim.built.detail_names
    count = int(s.clock[2])
    for k in range(upto[0], count):
        if int(s.ev_kind[k]) != EventKind.DEATH:
            continue
        cause, code = Cause(int(s.ev_cause[k])), int(s.ev_code[k])
        factor = FACTORS[code] if cause == Cause.DISCONTINUED else None
        by = names[_NAMED_BY[cause]][code] if cause in _NAMED_BY else None
        found.append(Closure(int(s.ev_month[k]), model.apps.names[int(s.ev_app[k])], cause.key, factor, by))
    upto[0] = count
    return found


@dataclass(frozen=True)
class AppCard:
    name: str
    status: str
    users: float
    quality: float
    launch: str  # YYYY-MM
    closure: Closure | None


def portfolio(model) -> list[tuple[str, list[AppCard]]]:
    """Apps by owner agency (OPD), in the inventory's order of agencies."""
    apps = model.apps
    closed = {c.app: c for c in closures(model)}
    rows: dict[str, list[AppCard]] = {a.name: [] for a in model.agencies}
    for i in range(apps.n):
        agency = model.agencies[int(apps.owner[i])].name
        rows[agency].append(AppCard(apps.names[i], STATUSES[int(apps.status[i])], float(apps.users[i]),
                                    float(apps.quality[i]), format_month(int(apps.launch[i])),
                                    closed.get(apps.names[i])))
    return [(agency, cards) for agency, cards in rows.items() if cards]
