"""Agencies (OPD): own apps and hold institutional capacity (a view on the model's state)."""

from __future__ import annotations

import mesa


class Agency(mesa.Agent):
    """A city agency.

    Attributes:
        name: agency name from the inventory.
        index: row in the model's agency arrays.
        sop: 0..1, documented procedures for its apps (know-how that survives rotation).
        unit: 0..1, a dedicated, permanent IT/smart-city unit (this month, strategies included).
        regulation: 0..1, a regulation mandating use of its apps (this month, strategies included).
    """

    def __init__(self, model, name: str, index: int):
        super().__init__(model)
        self.name = name
        self.index = index

    def _level(self, field: str, lever: str) -> float:
        sim = self.model.sim
        t = sim.month - sim.start
        return float(max(getattr(sim.state, field)[self.index], getattr(sim.plan, lever)[t]))

    @property
    def sop(self) -> float:
        return float(self.model.sim.state.sop[self.index])

    @property
    def unit(self) -> float:
        return self._level("unit", "unit_level")

    @property
    def regulation(self) -> float:
        return self._level("regulation", "regulation_level")
