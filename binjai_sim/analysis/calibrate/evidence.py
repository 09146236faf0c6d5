"""The observation model of dated evidence: how likely each record is, given one simulated history.

Each kind of source is trusted for what it can say (``binjai_sim.scenario.observations`` holds the format):

- a **study table** sorts apps into classes at an uncertain date: the study's own observation
  model (``observation.report_probabilities``), averaged over the months of the date window;
- a **self-reported inventory** describes the app at the row's last edit (``as_of``), not at the
  snapshot: a stopped app may still be listed ``aktif`` because nobody edited the row
  (``inventory.stale``), a running one may be marked inactive by mistake (``inventory.misreport``);
  a list without a status keeps some dead apps (``inventory.listed_dead``); "in development"
  means not yet launched, unless the list is wrong (``inventory.development_launched``);
- a **sighting** (news, a thesis, a person who used the app) says alive or dead at a month, and
  is wrong with a small chance (``sighting.error``);
- an **official count** of apps constrains the number of live local apps in the window, on a log
  scale with spread ``count.sigma``, because how a region counts "apps" is rarely defined. How
  the count relates to the simulated apps is the caller's choice (``COUNT_MODELS``): ``total``,
  the count is of the scenario's own apps; ``scale``, it is of a larger population whose size
  is unknown (Magetan counts all its "e-government apps", its scenario holds only the apps of
  one list), so the counts share one unknown factor ``k`` (log count = log k + log live + noise),
  ``k`` is integrated out under a flat prior on log k, and only the counts' change from year to
  year is scored: one joint likelihood, carried by the series' first record.

Records about central-government apps used locally (``scope: central``) are not about local
apps and are set aside, as are records of apps the scenario's inventory does not hold and usage
figures (the calibration's ``app_use`` targets hold those). Every parameter below is an
ASSUMPTION until regions' records fit it; the values are stated in docs/evidence-data.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from binjai_sim.base.vocabulary import AppStatus
from binjai_sim.scenario.observations import Observation

from . import observation as study

DEFAULTS = {  # ASSUMPTION each, with the reasoning in docs/evidence-data.md
    "inventory.stale": 0.3,                 # P(listed active | stopped at the row's last edit)
    "inventory.misreport": 0.05,            # P(listed inactive | running)
    "inventory.listed_dead": 0.3,           # P(a list without status keeps a stopped app), relative
    "inventory.development_launched": 0.05,  # P(listed "in development" | already launched)
    "sighting.error": 0.02,                 # P(a sighting is wrong)
    "count.sigma": 0.35,                    # spread of log(official count / live local apps)
}
STUDY_CLASSES = {name: i for i, name in enumerate(study.OBSERVED)}
COUNT_MODELS = ("total", "scale")  # a count of the scenario's own apps; of a larger, undefined population


@dataclass(frozen=True)
class History:
    """One simulated history of a region's apps: status by month and each app's closure cause."""

    names: tuple[str, ...]
    status: np.ndarray  # months x apps, AppStatus values
    cause: np.ndarray   # apps, Cause values (meaningful where the app is dead)
    t0: int             # the month of status[0]

    def months(self, first: int, last: int) -> np.ndarray:
        lo, hi = max(first, self.t0), min(last, self.t0 + len(self.status) - 1)
        return np.arange(lo, hi + 1)


@dataclass(frozen=True)
class Scored:
    record: Observation
    likelihood: float | None  # None: set aside
    reason: str = ""


def _alive_share(history: History, j: int, months: np.ndarray) -> float:
    s = history.status[months - history.t0, j]
    return float(np.mean((s == AppStatus.ACTIVE) | (s == AppStatus.DEGRADED)))


def _launched_share(history: History, j: int, months: np.ndarray) -> float:
    return float(np.mean(history.status[months - history.t0, j] != AppStatus.NOT_LAUNCHED))


def _study(history: History, j: int, months: np.ndarray, value: str, p: dict) -> float:
    cls = STUDY_CLASSES[value]
    total = 0.0
    for m in months:
        state = study.simulated_states_of(history.status[m - history.t0, j:j + 1], history.cause[j:j + 1])
        total += study.report_probabilities(state, p)[0, cls]
    return total / len(months)


def _inventory(history: History, j: int, months: np.ndarray, value: str, p: dict) -> float:
    alive, launched = _alive_share(history, j, months), _launched_share(history, j, months)
    stopped = launched - alive
    if value == "active":
        return alive * (1 - p["inventory.misreport"]) + stopped * p["inventory.stale"]
    if value == "inactive":
        return alive * p["inventory.misreport"] + stopped * (1 - p["inventory.stale"])
    if value == "listed":
        return alive + stopped * p["inventory.listed_dead"] + (1 - launched) * p["inventory.listed_dead"]
    if value == "in_development":
        return (1 - launched) + launched * p["inventory.development_launched"]
    return alive if value == "degraded" else stopped  # the study's other classes, seen in an inventory


def _count(histories_live: float, value: float, p: dict) -> float:
    sigma = p["count.sigma"]
    z = (np.log(value + 0.5) - np.log(histories_live + 0.5)) / sigma
    return float(np.exp(-0.5 * z * z) / (sigma * np.sqrt(2 * np.pi)))


def _scaled_counts(live: list[float], counts: list[float], p: dict) -> float:
    """The joint likelihood of counts of a population ``k`` times the simulated one, ``k`` unknown:
    log c_i = log k + log live_i + N(0, sigma), integrated over log k (flat), so only the spread of
    log(c_i / live_i) around its mean is scored; one count alone says nothing (1)."""
    n = len(counts)
    if n < 2:
        return 1.0
    sigma = p["count.sigma"]
    r = np.log(np.asarray(counts) + 0.5) - np.log(np.asarray(live) + 0.5)
    spread = float(np.sum((r - r.mean()) ** 2))
    return float((2 * np.pi * sigma * sigma) ** (-(n - 1) / 2) / np.sqrt(n) * np.exp(-0.5 * spread / sigma ** 2))


def score(records: list[Observation], history: History, params: dict | None = None,
          counts: str = "total") -> list[Scored]:
    """The likelihood of each record under one simulated history (None where set aside);
    ``counts``: how official counts relate to the simulated apps (``COUNT_MODELS``)."""
    if counts not in COUNT_MODELS:
        raise ValueError(counts)
    p = {**study.DEFAULTS, **DEFAULTS, **(params or {})}
    index = {name: j for j, name in enumerate(history.names)}
    out, series = [], []  # series: (position in out, live apps, count) of each count scored jointly
    for r in records:
        months = history.months(r.first, r.last)
        if months.size == 0:
            out.append(Scored(r, None, "outside the simulated months"))
            continue
        if r.observed == "count":
            live = history.status[months - history.t0]
            live = ((live == AppStatus.ACTIVE) | (live == AppStatus.DEGRADED)).sum(axis=1).mean()
            if counts == "scale":
                series.append((len(out), float(live), r.number))
                out.append(Scored(r, None, "scored with the first count of its series (one unknown scale)"))
            else:
                out.append(Scored(r, _count(float(live), r.number, p)))
            continue
        if r.scope == "central":
            out.append(Scored(r, None, "a central-government app, not a local one"))
            continue
        if r.observed == "usage":
            out.append(Scored(r, None, "usage figures are fitted as app_use targets"))
            continue
        j = index.get(r.app)
        if j is None:
            out.append(Scored(r, None, "not in the scenario's inventory"))
            continue
        floor = p["sighting.error"]
        if r.observed in ("alive", "dead"):
            alive = _alive_share(history, j, months)
            seen = alive if r.observed == "alive" else 1 - alive
            out.append(Scored(r, seen * (1 - floor) + (1 - seen) * floor))
        elif r.source_kind == "study_table":
            out.append(Scored(r, _study(history, j, months, r.value, p)))
        else:
            out.append(Scored(r, max(_inventory(history, j, months, r.value, p), floor)))
    if series:
        first = series[0][0]
        out[first] = Scored(out[first].record, _scaled_counts([s[1] for s in series], [s[2] for s in series], p),
                            "the joint likelihood of the count series (one unknown scale)")
    return out


def log_likelihood(scored: list[Scored]) -> float:
    """Sum of log likelihoods of the records used (set-aside records contribute nothing)."""
    used = [s.likelihood for s in scored if s.likelihood is not None]
    return float(np.sum(np.log(np.maximum(used, 1e-300)))) if used else 0.0


def history_of(run) -> History:
    """A History from a run of the model (``binjai_sim.runs.runner``'s run object)."""
    rec, apps = run.recorder, run.apps
    return History(tuple(apps.names), np.asarray(rec.status), np.asarray(apps.cause), rec.t0)


