"""Apps: the city's e-government applications and their life cycle."""

from __future__ import annotations

import mesa
import numpy as np

from ..inventory import AppSpec
from ..vocabulary import CAUSES, FACTORS, AppStatus, is_live


class AppTable:
    """Column arrays for all apps; row i is the state of the App agent with ``index == i``."""

    def __init__(self, specs: list[AppSpec], initial_quality: float):
        n = len(specs)
        self.n = n
        self.names = [s.name for s in specs]
        self.sectors = [s.sector for s in specs]
        self.citizen = np.array([s.audience == "citizen" for s in specs])
        self.launch = np.array([s.launch for s in specs], dtype=np.int64)
        self.redesign = np.array([-1 if s.redesign is None else s.redesign for s in specs], dtype=np.int64)
        self.target_share = np.array([s.target_share for s in specs])
        self.owner = np.zeros(n, dtype=np.int64)  # agency index, set by the model
        self.status = np.zeros(n, dtype=np.int8)
        self.cause = np.full(n, -1, dtype=np.int8)
        self.death_month = np.full(n, -1, dtype=np.int64)
        self.quality = np.full(n, initial_quality)
        self.users = np.zeros(n)  # residents (citizen apps) or civil servants (internal) using it
        self.market = np.zeros(n)  # who could use it this month, same unit
        self.factors = np.zeros((n, len(FACTORS)))
        self.score = np.zeros(n)
        self.hazard = np.zeros(n)
        self.budget = np.zeros(n)  # Rp allocated this month
        self.launched_by = np.full(n, -1, dtype=np.int64)  # mayor id
        self.operator = np.full(n, -1, dtype=np.int64)  # civil-servant index
        self.know_how = np.zeros(n)
        self.integrated = np.zeros(n)  # 0..1 integration with the national platform of its sector
        self.partial_replaced = np.zeros(n, dtype=bool)
        self.idle_months = np.zeros(n, dtype=np.int64)
        self.champion = np.zeros(n)  # 0..1 recognised agency champion behind the app

    def live(self) -> np.ndarray:
        """Active or degraded."""
        return is_live(self.status)


class App(mesa.Agent):
    """An e-government app. State is read from the model's ``AppTable`` row."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def _t(self) -> AppTable:
        return self.model.apps

    name = property(lambda self: self._t.names[self.index])
    sector = property(lambda self: self._t.sectors[self.index])
    audience = property(lambda self: "citizen" if self._t.citizen[self.index] else "internal")
    status = property(lambda self: AppStatus(int(self._t.status[self.index])))
    quality = property(lambda self: float(self._t.quality[self.index]))
    users = property(lambda self: float(self._t.users[self.index]))

    @property
    def owner(self):
        return self.model.agencies[int(self._t.owner[self.index])]

    @property
    def cause(self) -> str | None:
        code = int(self._t.cause[self.index])
        return None if code < 0 else CAUSES[code]

    @property
    def factors(self) -> dict[str, float]:
        return dict(zip(FACTORS, self._t.factors[self.index].tolist(), strict=True))
