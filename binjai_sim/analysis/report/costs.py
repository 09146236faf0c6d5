"""Money as a planner counts it: each package's strategies as the activities of a Renstra-like
programme (one programme per strategy group), per year and per owning agency (OPD), from each
strategy's own cost model (``monthly_charge``: its monthly cost, its earmarked amount, its
intensity) over the months it acts, with a 90% range from the priors on its costs
(``calibration/strategy_priors.yaml``): each cites the source it is derived from, or is an
assumption."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from binjai_sim.model.strategies import build_strategies

COST_KEYS = ("monthly_cost_rp", "amount_rp")  # what the city pays; in-kind help is not a cost
GROUPS = ("political", "resources", "institutional")  # the Renstra programmes, in the catalogue's order
PRIOR_DRAWS = 2000


@dataclass
class CostLine:
    strategy: str
    group: str
    funding: str
    per_year: dict[int, float]  # calendar year -> planned Rp in the horizon
    annual: float  # Rp for a full year of acting
    low: float  # 5% and 95% of the annual cost over the priors' draws
    high: float
    draws: np.ndarray  # the annual cost in each draw of the priors (aligned across strategies)
    source: str = ""  # what the cost's range rests on: a citation, ASSUMPTION, or "" with no range
    source_id: str = ""  # the citation as a Bahasa Indonesia reader sees it, where the file gives one

    @property
    def total(self) -> float:
        return float(sum(self.per_year.values()))


def months_by_year(start: int, end: int | None, first: int, last: int) -> dict[int, int]:
    """Months a strategy acts in each calendar year of the horizon ``first``..``last``."""
    out: dict[int, int] = defaultdict(int)
    for month in range(max(start, first), min(last if end is None else end, last) + 1):
        out[month // 12] += 1
    return dict(out)


def cost_lines(strategies: list[dict], first: int, last: int, priors: dict | None,
               rng: np.random.Generator) -> list[CostLine]:
    """One line per strategy, in catalogue group order. The priors are drawn for every strategy
    of the catalogue in a fixed order whatever the package holds, so the same seed gives a
    strategy the same range in every package."""
    built = build_strategies(strategies, "strategies")
    ranges = _prior_ranges(priors or {}, rng)
    lines = []
    for st in built:
        per_year = {y: n * st.monthly_charge() for y, n in months_by_year(st.start, st.end, first, last).items()}
        annual = 12 * st.monthly_charge()
        drawn = [12 * st.model_copy(update={k: float(v) for k, v in zip(keys, values, strict=True)}).monthly_charge()
                 for keys, values in _draws(st.name, ranges)]
        drawn = np.asarray(drawn) if drawn else np.full(PRIOR_DRAWS, annual)
        low, high = float(np.quantile(drawn, 0.05)), float(np.quantile(drawn, 0.95))
        prior = (priors or {}).get(st.name, {}).get("monthly_cost_rp")
        lines.append(CostLine(st.name, st.group, st.funding, per_year, annual, low, high, drawn,
                              prior.source if prior is not None else "",
                              (prior.source_id or "") if prior is not None else ""))
    return sorted(lines, key=lambda x: (GROUPS.index(x.group), x.strategy))


def _prior_ranges(priors: dict, rng: np.random.Generator) -> dict[str, dict[str, np.ndarray]]:
    out: dict[str, dict[str, np.ndarray]] = {}
    for name in sorted(priors):
        for key in sorted(priors[name]):
            if key in COST_KEYS:
                r = priors[name][key]
                u = rng.uniform(size=PRIOR_DRAWS)
                out.setdefault(name, {})[key] = (np.exp(np.log(r.low) + u * (np.log(r.high) - np.log(r.low)))
                                                 if r.scale == "log" else r.low + u * (r.high - r.low))
    return out


def _draws(name: str, ranges: dict):
    mine = ranges.get(name, {})
    if not mine:
        return
    keys = list(mine)
    for i in range(PRIOR_DRAWS):
        yield keys, [mine[k][i] for k in keys]


def annual_range(lines: list[CostLine]) -> tuple[float, float]:
    """The 90% range of several strategies' yearly cost together, each drawn from its own prior."""
    if not lines:
        return 0.0, 0.0
    total = np.sum([x.draws for x in lines], axis=0)
    return float(np.quantile(total, 0.05)), float(np.quantile(total, 0.95))


def agency_shares(inventory: list[dict]) -> dict[str, float]:
    """Each owning agency's share of a city-wide strategy: its share of the apps in the inventory
    (an assumption: a city-wide strategy serves every app alike)."""
    owners = [a["owner_agency"] for a in inventory]
    return {agency: owners.count(agency) / len(owners) for agency in sorted(set(owners))}


def by_agency(lines: list[CostLine], shares: dict[str, float]) -> dict[str, dict[int, float]]:
    """Rp per agency and year; the agencies' sums are the package's sums."""
    out: dict[str, dict[int, float]] = {a: defaultdict(float) for a in shares}
    for line in lines:
        for year, rp in line.per_year.items():
            for agency, share in shares.items():
                out[agency][year] += rp * share
    return {a: dict(v) for a, v in out.items()}


