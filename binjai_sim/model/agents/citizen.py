"""Citizens (a view on the model's state; the use submodel is binjai_sim/model/engine/use.py)."""

from __future__ import annotations

import mesa

USER = 2


class Citizen(mesa.Agent):
    """A citizen agent representing ``weight`` residents. State is read from ``model.population``."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def weight(self) -> float:
        return float(self.model.population.weight[self.index])

    @property
    def online(self) -> bool:
        return bool(self.model.population.online_rank[self.index] < self.model.internet_share)

    @property
    def apps_used(self) -> list[str]:
        pop = self.model.population
        mine = (pop.row == self.index) & (pop.state == USER)
        return [self.model.apps.names[a] for a in pop.app_of[mine]]
