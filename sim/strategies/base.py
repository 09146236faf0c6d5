"""The strategy contract and the monthly levers strategies may move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..calendar import format_month
from ..scenario_schema import Month


@dataclass
class Levers:
    """Multipliers and floors reset to neutral every month, then set by active strategies."""

    political_floor: float = 0.0  # minimum political support of every live app
    continuity_floor: float = 0.0  # minimum continuity of a successor's priority
    rotation_multiplier: float = 1.0  # on the civil-servant rotation rate
    defund_multiplier: float = 1.0  # on the hand-over defunding probability
    replacement_multiplier: float = 1.0  # on national replacement of non-integrated apps
    need_multiplier: float = 1.0  # on the upkeep an app needs (shared infrastructure)
    decay_multiplier: float = 1.0  # on monthly quality decay (early detection of faults)

    def reset(self) -> None:
        self.__init__()


class Strategy(BaseModel):
    """Base class: typed parameters, a monthly ``apply(model)``, and YAML round-tripping."""

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

    def step(self, model) -> None:
        """Called by the model every month: charges the cost and applies while active."""
        if self.active(model.month):
            charge = self.monthly_charge()
            if charge:
                model.budget.charge(self.name, charge, from_it_budget=self.funding == "it_budget")
            self.apply(model)

    def apply(self, model) -> None:
        """Act on the model's state or levers; strategies that only add money leave it empty."""

    def fund(self, model) -> None:
        """Called when the month's maintenance pool is opened; strategies that add money override it."""

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
