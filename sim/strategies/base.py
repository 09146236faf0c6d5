"""The strategy contract and the monthly levers strategies may move."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..calendar import format_month
from ..scenario_schema import Month


@dataclass
class Levers:
    """Multipliers and floors reset to neutral every month, then set by active strategies."""

    political_floor: float = 0.0  # minimum political support of every live app
    rotation_multiplier: float = 1.0  # on the civil-servant rotation rate
    defund_multiplier: float = 1.0  # on the hand-over defunding probability
    replacement_multiplier: float = 1.0  # on national replacement of non-integrated apps
    hazard_shift: float = 0.0  # never set by strategies: reserved for sensitivity tests

    def reset(self) -> None:
        self.__init__()


class Strategy(BaseModel):
    """Base class: typed parameters, a monthly ``apply(model)``, and YAML round-tripping."""

    model_config = ConfigDict(extra="forbid")
    name: ClassVar[str] = ""
    group: ClassVar[str] = ""

    start: Month = Field("2017-01")
    end: Month | None = None
    intensity: float = Field(1.0, ge=0.0, le=1.0)
    monthly_cost_rp: float = Field(0.0, ge=0.0)

    @model_validator(mode="after")
    def _dates(self):
        if self.end is not None and self.end < self.start:
            raise ValueError("end must not come before start")
        return self

    def active(self, month: int) -> bool:
        return self.start <= month and (self.end is None or month <= self.end)

    def step(self, model) -> None:
        """Called by the model every month: charges the cost and applies while active."""
        if self.active(model.month):
            if self.monthly_cost_rp:
                model.budget.charge(self.name, self.monthly_cost_rp * self.intensity)
            self.apply(model)

    def apply(self, model) -> None:  # pragma: no cover - each strategy overrides it
        raise NotImplementedError

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
