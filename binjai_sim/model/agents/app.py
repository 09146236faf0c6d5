"""Apps: the city's e-government applications and their life cycle."""

from __future__ import annotations

import mesa

from binjai_sim.base.vocabulary import CAUSES, FACTORS, AppStatus


class App(mesa.Agent):
    """An e-government app. State is read from the model's app arrays (``model.apps``)."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def _t(self):
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
