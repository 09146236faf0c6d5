"""The strategy contract: what a strategy does to the month's levers, and what it does to state.

A strategy never touches the survival probability directly. Before a run, each strategy writes
its effect into the month-by-month levers (``set_levers``, for the months it is active), says
how much it costs, how much money it ring-fences, and which action on state it takes
(``action``: training, documentation, integration, rationalisation). Levers revert when the
strategy ends (a plan lapses, a unit is dissolved, an earmark stops); what an action built
(skills, procedures, integrations, retirements) stays.

The levers (``sim.engine.state.Plan``), neutral unless a strategy sets them:
    political_floor   minimum political support of every live app (0)
    continuity_floor  minimum continuity of a successor's priority (0)
    rotation_mult     multiplier on civil-servant and head rotation (1)
    defund_mult       multiplier on the hand-over cut probability (1)
    replacement_mult  multiplier on national replacement of non-integrated apps (1)
    need_mult         multiplier on the upkeep an app needs (1)
    decay_mult        multiplier on monthly quality decay (1)
    regulation_level  every agency's use mandate, 0-1 (0)
    unit_level        every agency's dedicated unit, 0-1 (0)
    champion_level    every live app's recognised champion, 0-1 (0)
"""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..calendar import format_month
from ..scenario_schema import Month

LEVERS = ("political_floor", "continuity_floor", "rotation_mult", "defund_mult", "replacement_mult", "need_mult",
          "decay_mult", "regulation_level", "unit_level", "champion_level")


class Strategy(BaseModel):
    """Base class: typed parameters, levers and actions, and YAML round-tripping."""

    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)
    name: ClassVar[str] = ""
    group: ClassVar[str] = ""

    start: Month = Field("2017-01", description="first month it acts")
    end: Month | None = Field(None, description="last month it acts (none: to the horizon)")
    intensity: float = Field(1.0, ge=0.0, le=1.0, description="0 = off, 1 = full strength")
    monthly_cost_rp: float = Field(0.0, ge=0.0, le=1.0e12, description="Rp per month at full intensity")
    funding: Literal["it_budget", "city_budget"] = Field(
        "it_budget", description="where the cost is paid from: the IT budget (displacing other IT work, "
        "then app maintenance), or other city spending (a reallocation outside IT)")

    @model_validator(mode="after")
    def _dates(self):
        if self.end is not None and self.end < self.start:
            raise ValueError("end must not come before start")
        return self

    def active(self, month: int) -> bool:
        return self.start <= month and (self.end is None or month <= self.end)

    def monthly_charge(self) -> float:
        """Rupiah this strategy costs the city in an active month."""
        return self.monthly_cost_rp * self.intensity

    def set_levers(self, levers: dict[str, np.ndarray], on: np.ndarray) -> None:
        """Write this strategy's effect on the levers for the months where ``on`` is true."""

    def ring_fenced(self) -> float:
        """Rupiah a month this strategy adds to app maintenance, whatever the mayor's priority."""
        return 0.0

    def action(self) -> int | None:
        """The kind of action on state it takes each active month (``sim.engine.state.ACT_*``)."""
        return None

    def action_numbers(self) -> tuple[list[float], int]:
        """The numbers its action uses, and a count (trainees) where it has one."""
        return [0.0] * 5, 0

    def to_dict(self) -> dict:
        data = {"name": self.name, **self.model_dump(mode="json")}
        data["start"] = format_month(self.start)
        if self.end is not None:
            data["end"] = format_month(self.end)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Strategy:
        body = {k: v for k, v in data.items() if k != "name"}
        return cls.model_validate(body)


def floor(levers: dict[str, np.ndarray], name: str, on: np.ndarray, value: float) -> None:
    """Raise a lever to at least ``value`` where the strategy is on."""
    levers[name][on] = np.maximum(levers[name][on], value)


def scale(levers: dict[str, np.ndarray], name: str, on: np.ndarray, factor: float) -> None:
    """Multiply a lever by ``factor`` where the strategy is on."""
    levers[name][on] *= factor
