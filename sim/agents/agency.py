"""Agencies (OPD): own apps, receive an IT budget, hold institutional capacity."""

from __future__ import annotations

import mesa


class Agency(mesa.Agent):
    """A city agency.

    Attributes:
        name: agency name from the inventory.
        index: row in the model's agency arrays.
        sop: 0..1, documented procedures for its apps (know-how that survives rotation).
        unit: 0..1, a dedicated, permanent IT/smart-city unit.
        regulation: 0..1, agency-level regulation mandating use of its apps.
    """

    def __init__(self, model, name: str, index: int, sop: float):
        super().__init__(model)
        self.name = name
        self.index = index
        self.sop = sop
        self.unit = 0.0
        self.regulation = 0.0

    def rotate_head(self, sop_retention: float) -> None:
        """A new head arrives; undocumented practice is lost."""
        self.sop *= sop_retention
