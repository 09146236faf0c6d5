"""What a pooled fit says about a region: draws from the posterior, a region's predicted records
and its share of apps alive over time, and the simple rivals a leave-one-region-out check
scores it against.

A region predicted from a pooled fit whose records the fit never read (a new region, or the
region a leave-one-region-out fit left out) gets its covariates' effect plus the between-region
spread times a fresh standard-normal deviation, drawn anew for every posterior draw: the pooled
prediction with the spread between regions, not the fitted regions' own deviations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import format_month
from binjai_sim.base.vocabulary import AppStatus

from . import evidence
from .pooled import DEVIATION, PooledSetup, Region, record_likelihoods, region_scenario
from .smc import _rng

ALIVE = (AppStatus.ACTIVE, AppStatus.DEGRADED)
GRID = np.linspace(0.005, 0.995, 199)  # the rivals' shares, fitted by maximum likelihood on this grid
RATES = np.exp(np.linspace(np.log(1e-4), np.log(0.2), 200))  # constant monthly hazards, same


def draws(results: dict, probabilities: dict, n: int, seed: int) -> list[tuple[str, dict]]:
    """``n`` posterior draws, each structure's share its posterior probability."""
    rng = _rng(seed, 31)
    names = [s for s in results if np.isfinite(probabilities.get(s, np.nan)) and probabilities[s] > 0]
    p = np.array([probabilities[s] for s in names])
    picks = rng.choice(len(names), size=n, p=p / p.sum())
    out = []
    for k in picks:
        frame = results[names[k]].posterior.drop(columns="weight")
        out.append((names[k], frame.iloc[int(rng.integers(len(frame)))].to_dict()))
    return out


def months_of(region: Region, until: int) -> list[int]:
    """Each December from the first launch to ``until``."""
    first = min(a.launch for a in region.scenario.inventory)
    return [m for m in range(first - first % 12 + 11, until + 1, 12)]


def predict(setup: PooledSetup, region: Region, sample: list[tuple[str, dict]], seed: int, until: int):
    """Each record's predictive probability (mean over draws) and the share of launched apps alive
    each December (one row per draw). A region the fit read keeps its fitted deviation."""
    fitted = {r.name for r in setup.regions}
    rng = _rng(seed, 37)
    months = months_of(region, until)
    likelihoods, shares = [], []
    for k, (structure, values) in enumerate(sample):
        z = values[f"{DEVIATION}{region.name}"] if region.name in fitted else float(rng.standard_normal())
        scenario = region_scenario(region, values, structure, z)
        p, histories = record_likelihoods(region, scenario, seed + 1009 * k, 1, until=until)
        likelihoods.append(p)
        h = histories[0]
        status = h.status[np.array(months) - h.t0]
        launched = (status != AppStatus.NOT_LAUNCHED).sum(axis=1)
        alive = np.isin(status, ALIVE).sum(axis=1)
        shares.append(np.where(launched > 0, alive / np.maximum(launched, 1), np.nan))
    return np.mean(likelihoods, axis=0), pd.DataFrame(shares, columns=[format_month(m) for m in months])


def share_table(shares: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"month": shares.columns, "p05": shares.quantile(0.05).to_numpy(),
                         "median": shares.median().to_numpy(), "p95": shares.quantile(0.95).to_numpy()})


# the rivals: an app alive with a chance p, seen through the same observation model


def _extremes(region: Region) -> tuple[np.ndarray, np.ndarray, list]:
    """Each app record's likelihood if the app were surely alive, and if surely dead."""
    t0, end = region.scenario.spec.horizon.start, region.until
    names = tuple(a.name for a in region.scenario.inventory)
    shape = (end - t0 + 1, len(names))
    cause = np.zeros(len(names), dtype=np.int64)
    alive = evidence.History(names, np.full(shape, AppStatus.ACTIVE), cause, t0)
    dead = evidence.History(names, np.full(shape, AppStatus.DEAD), cause, t0)
    records = [r for r in region.records if r.observed != "count"]
    la = [s.likelihood for s in evidence.score(records, alive)]
    ld = [s.likelihood for s in evidence.score(records, dead)]
    used = [i for i, v in enumerate(la) if v is not None]
    return np.array([la[i] for i in used]), np.array([ld[i] for i in used]), [records[i] for i in used]


def _ages(region: Region, records: list) -> tuple[np.ndarray, np.ndarray]:
    launch = {a.name: a.launch for a in region.scenario.inventory}
    ages = np.array([max(0.0, (r.first + r.last) / 2 - launch[r.app]) for r in records])
    years = np.array([launch[r.app] // 12 for r in records])
    return ages, years


def _best(grid: np.ndarray, la: np.ndarray, ld: np.ndarray, p_of) -> float:
    scores = [np.log(p_of(g) * la + (1 - p_of(g)) * ld).sum() for g in grid]
    return float(grid[int(np.argmax(scores))])


class Rivals:
    """The three simple models, fitted by maximum likelihood to the training regions' app records."""

    def __init__(self, training: list[Region]):
        la, ld, ages, years = [], [], [], []
        for region in training:
            a, d, records = _extremes(region)
            g, y = _ages(region, records)
            la.append(a), ld.append(d), ages.append(g), years.append(y)
        la, ld, ages, years = map(np.concatenate, (la, ld, ages, years))
        self.share = _best(GRID, la, ld, lambda g: g)
        self.rate = _best(RATES, la, ld, lambda g: np.exp(-g * ages))
        self.by_year = {int(y): _best(GRID, la[years == y], ld[years == y], lambda g: g) for y in np.unique(years)}

    def scores(self, region: Region) -> dict[str, np.ndarray]:
        """Each rival's predictive probability of each of ``region``'s app records."""
        la, ld, records = _extremes(region)
        ages, years = _ages(region, records)
        year_p = np.array([self.by_year.get(int(y), self.share) for y in years])
        out = {}
        for name, p in (("constant_hazard", np.exp(-self.rate * ages)), ("launch_year", year_p),
                        ("same_share", np.full(len(records), self.share))):
            out[name] = p * la + (1 - p) * ld
        return out
