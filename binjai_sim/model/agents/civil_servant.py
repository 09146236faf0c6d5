"""Civil servants (ASN) (a view on the model's state; the submodel is binjai_sim/model/engine/civil_service.py)."""

from __future__ import annotations

import mesa


class CivilServant(mesa.Agent):
    """A civil servant. State is read from the model's staff arrays (``model.staff``)."""

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
