"""Civil servants (ASN): skills, operators of apps, rotation between agencies."""

from __future__ import annotations

import mesa
import numpy as np


class CivilService:
    """Column arrays for all civil servants, plus the rotation and operator rules."""

    def __init__(self, rng: np.random.Generator, staff: int, n_agencies: int, skill_mean: float,
                 concentration: float):
        self.n = staff
        self.agency = np.arange(staff) % n_agencies  # even spread: ASSUMPTION (no staffing data)
        rng.shuffle(self.agency)
        a = max(skill_mean * concentration, 1e-6)
        self.skill = rng.beta(a, max(concentration - a, 1e-6), size=staff)
        self.operating = np.full(staff, -1, dtype=np.int64)  # app index or -1
        self.moved = np.zeros(staff, dtype=bool)  # moved this month

    def rotate(self, rng: np.random.Generator, prob: float, n_agencies: int) -> np.ndarray:
        """Move each civil servant to another agency with probability ``prob``; return who moved."""
        draws = rng.random(self.n)
        movers = np.flatnonzero(draws < prob)
        if movers.size and n_agencies > 1:
            shift = rng.integers(1, n_agencies, size=movers.size)
            self.agency[movers] = (self.agency[movers] + shift) % n_agencies
        self.moved[:] = False
        self.moved[movers] = True
        return movers

    def pick_operator(self, rng: np.random.Generator, agency: int) -> int:
        """A free civil servant of ``agency``, or -1 if none is free."""
        free = np.flatnonzero((self.agency == agency) & (self.operating < 0))
        if free.size == 0:
            return -1
        return int(free[rng.integers(free.size)])


class CivilServant(mesa.Agent):
    """A civil servant. State is read from the model's ``CivilService`` row."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def agency(self):
        return self.model.agencies[int(self.model.staff.agency[self.index])]

    @property
    def skill(self) -> float:
        return float(self.model.staff.skill[self.index])

    @property
    def operates(self):
        app = int(self.model.staff.operating[self.index])
        return None if app < 0 else self.model.app_agents[app]
