"""The national environment and the political calendar, indexed by month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from .scenario_schema import Consolidation, Defunding, National, PolicyShock, Scenario


def _targets(names: list[str], sectors: list[str], want_sectors: list[str], want_apps: list[str]) -> np.ndarray:
    return np.array([s in want_sectors or n in want_apps for n, s in zip(names, sectors, strict=True)])


@dataclass
class PlatformRule:
    name: str
    date: int
    effect: str
    monthly_prob: float
    hits: np.ndarray  # bool per app


class NationalEnvironment:
    """Platform roll-outs, policy shocks, consolidations and scheduled defunding."""

    def __init__(self, national: National, names: list[str], sectors: list[str], citizen: np.ndarray):
        self.platforms = [
            PlatformRule(p.name, p.date, p.effect, p.monthly_prob,
                         _targets(names, sectors, p.sectors, p.apps)
                         & np.where(citizen, "citizen" in p.audiences, "internal" in p.audiences))
            for p in national.platforms
        ]
        index = {n: i for i, n in enumerate(names)}
        self.shocks: dict[int, list[tuple[PolicyShock, np.ndarray]]] = defaultdict(list)
        for shock in national.policy_shocks:
            self.shocks[shock.date].append((shock, _targets(names, sectors, shock.sectors, shock.apps)))
        self.consolidations: dict[int, list[tuple[Consolidation, list[int]]]] = defaultdict(list)
        for merge in national.consolidations:
            self.consolidations[merge.date].append((merge, [index[a] for a in merge.apps]))
        self.defundings: dict[int, list[tuple[Defunding, int]]] = defaultdict(list)
        for cut in national.defundings:
            self.defundings[cut.date].append((cut, index[cut.app]))

    def platforms_in_force(self, month: int) -> list[PlatformRule]:
        return [p for p in self.platforms if p.date <= month]


class PoliticalCalendar:
    """Election and inauguration months."""

    def __init__(self, scenario: Scenario):
        self.votes = {e.date for e in scenario.elections}
        self.oaths = {e.inauguration for e in scenario.elections}


def internet_share(table: dict[int, float], month: int) -> float:
    """Share of residents online, linearly interpolated between the years given (January)."""
    years = sorted(table)
    x = month / 12.0
    return float(np.interp(x, [float(y) for y in years], [table[y] for y in years]))
