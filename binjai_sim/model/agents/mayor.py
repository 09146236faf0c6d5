"""The mayor in office (a view on the model's state; the politics submodel is binjai_sim/model/engine/politics.py)."""

from __future__ import annotations

import mesa

from binjai_sim.base.vocabulary import ELECTION_OUTCOMES


class Mayor(mesa.Agent):
    """The mayor in office.

    Attributes:
        mayor_id: 0 for the mayor at the start, +1 for each successor.
        priority: 0..1 smart-city priority.
        terms_served: terms including the current one.
        inaugurated: month index of the current term's start (None for the mayor at the start).
        pending_winner: "incumbent", "challenger" or "successor" between a vote and the oath, else None.
    """

    @property
    def _s(self):
        return self.model.sim.state

    @property
    def mayor_id(self) -> int:
        return int(self._s.mayor_id[0])

    @property
    def priority(self) -> float:
        return float(self._s.mayor_priority[0])

    @property
    def terms_served(self) -> int:
        return int(self._s.mayor_terms[0])

    @property
    def inaugurated(self) -> int | None:
        month = int(self._s.inaugurated[0])
        return None if month < 0 else month

    @property
    def pending_winner(self) -> str | None:
        code = int(self._s.pending_winner[0])
        return ELECTION_OUTCOMES[code] if code >= 0 else None
