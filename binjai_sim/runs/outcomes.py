"""The named outcomes of a run, defined once (as EMA Workbench's ``ScalarOutcome``).

``summary.json``, ``compare``, sweeps, calibration reports and the workshop all read outcomes
from this registry. Checkpoints come from the scenario: each listed ``report.checkpoints``
month, each election, and the horizon's end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import CAUSES, Cause, is_active, is_live


@dataclass(frozen=True)
class Checkpoint:
    month: int
    why: Literal["listed", "election", "end"]

    @property
    def label(self) -> str:
        return format_month(self.month)

    @property
    def headline(self) -> bool:
        """Shown in comparison tables (elections only in the summary)."""
        return self.why != "election"


@dataclass(frozen=True)
class Outcome:
    name: str
    unit: str
    description: str
    better: Literal["higher", "lower"] | None
    compute: Callable  # (finished model) -> float
    integer: bool = False  # a count in every run (medians may still be halves)


def checkpoints(spec) -> list[Checkpoint]:
    """The scenario's checkpoints, in time order; a month listed twice keeps its first reason."""
    start, end = spec.horizon.start, spec.horizon.end
    found: dict[int, str] = {}
    for month in spec.report.checkpoints:
        found.setdefault(month, "listed")
    for election in spec.elections:
        found.setdefault(election.date, "election")
    found.setdefault(end, "end")
    return [Checkpoint(m, why) for m, why in sorted(found.items()) if start <= m <= end]


def _status_at(model, month: int) -> np.ndarray:
    rec = model.recorder
    return rec.status[month - rec.t0]


def _live_months(model) -> np.ndarray:
    rec = model.recorder
    return is_live(rec.status[1: rec.rows])


def _lifetime(model) -> float:
    apps = model.apps
    launched = apps.launch <= model.month
    if not launched.any():
        return 0.0
    end = np.where(apps.death_month >= 0, apps.death_month, model.month)
    return float(np.mean((end - apps.launch)[launched]) / 12.0)


def registry(spec) -> dict[str, Outcome]:
    """Every outcome of a scenario, by name."""
    out: list[Outcome] = []
    for cp in checkpoints(spec):
        m = cp.month
        out.append(Outcome(f"apps_active_{cp.label}", "apps", f"apps active at {cp.label}", "higher",
                           lambda model, m=m: float(np.sum(is_active(_status_at(model, m)))), integer=True))
        out.append(Outcome(f"apps_live_{cp.label}", "apps", f"apps active or degraded at {cp.label}", "higher",
                           lambda model, m=m: float(np.sum(is_live(_status_at(model, m)))), integer=True))
    out += [
        Outcome("app_years", "app-years", "months any app was live after the start, / 12", "higher",
                lambda model: float(_live_months(model).sum() / 12.0)),
        Outcome("mean_app_lifetime_years", "years", "launch to closure, or to the horizon end if alive "
                "(restricted mean)", "higher", _lifetime),
        Outcome("citizen_months", "resident-months", "residents using at least one app, summed over months",
                "higher", lambda model: float(model.recorder.citizens_using[1: model.recorder.rows].sum())),
        Outcome("strategy_cost_rp", "Rp", "all strategy costs charged over the horizon", "lower",
                lambda model: float(model.recorder.strategy_cost[: model.recorder.rows].sum())),
    ]
    for cause in Cause:
        out.append(Outcome(f"deaths_{cause.key}", "apps", f"apps closed: {cause.key.replace('_', ' ')}", "lower",
                           lambda model, c=int(cause): float(np.sum(model.apps.cause == c)), integer=True))
    out.append(Outcome("deaths_total", "apps", "apps closed, any cause", "lower",
                       lambda model: float(np.sum(model.apps.cause >= 0)), integer=True))
    return {o.name: o for o in out}


def measure(model, names: list[str] | None = None) -> dict[str, float]:
    """The outcomes of a finished run (all, or those named)."""
    outcomes = registry(model.spec)
    return {name: outcomes[name].compute(model) for name in (names or outcomes)}


def fmt_count(x: float) -> str:
    """A count as people read it: whole numbers plainly, a median between two runs as x.5."""
    return f"{x:.0f}" if abs(x - round(x)) < 1e-9 else f"{x:.1f}"


__all__ = ["CAUSES", "Checkpoint", "Outcome", "checkpoints", "fmt_count", "measure", "registry"]
