"""The strategy contract: what a strategy does to the month's levers, and what it does to state.

A strategy never touches the survival probability directly. Before a run, each strategy writes
its effect into the month-by-month levers (``set_levers``, for the months it is active), says
how much it costs, how much money it ring-fences, and which action on state it takes
(``action``: training, documentation, integration, rationalisation). Levers revert when the
strategy ends (a plan lapses, a unit is dissolved, an earmark stops); what an action built
(skills, procedures, integrations, retirements) stays.

The levers (``binjai_sim.model.engine.state.Plan``) are objects declared in ``levers.py`` (or beside a
strategy that brings a new one), each with its neutral value and bounds; a strategy lists the ones
it sets in ``levers``, and ``message_keys`` names every catalogue text it needs.
"""

from __future__ import annotations

from typing import ClassVar, Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from binjai_sim.base.calendar import format_month
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import Action
from binjai_sim.schema.scenario import Month

from .levers import Lever


class Example(NamedTuple):
    """A strategy's worked example, checked by tests/test_mechanisms_strategies.py at intensity 0.5
    from 2018-03 to 2019-02: its settings, the levers it moves with their value then (the others
    stay neutral), the Rp a month it ring-fences, and its action (kind, numbers, count) or None."""

    settings: dict
    levers: dict
    ring_fenced_rp: float
    action: tuple[Action, list, int] | None


class Strategy(BaseModel):
    """Base class: typed parameters, levers and actions, and YAML round-tripping."""

    model_config = ConfigDict(extra="forbid", validate_default=True, allow_inf_nan=False)
    name: ClassVar[str] = ""
    group: ClassVar[str] = ""
    levers: ClassVar[tuple[Lever, ...]] = ()  # the levers set_levers may write
    acts: ClassVar[Action | None] = None  # its action on state each active month, if any
    # the effect it claims: (a measure of tests/test_strategies.py's METRICS, +1 up or -1 down); the
    # test runs paired replicates with and without it and checks the sign
    claim: ClassVar[tuple[str, int]] = ("", 0)
    # the parameters whose value is an uncertain effect or cost (not a planner's choice): each has a
    # prior in calibration/strategy_priors.yaml, or the file's ASSUMPTION rule gives it one, and a
    # sweep that covers the catalogue screens it over that range
    uncertain: ClassVar[tuple[str, ...]] = ()
    example: ClassVar[Example | None] = None

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
            raise ValueError(t("helpwords.error.end_before_start"))
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
        """The kind of action on state it takes each active month (``binjai_sim.base.vocabulary.Action``)."""
        return None if self.acts is None else int(self.acts)

    @classmethod
    def message_keys(cls) -> tuple[str, ...]:
        """Every catalogue key shown for this strategy, its group and its levers; ``acts_on``, ``moves``
        and ``factors`` are its rows of the docs' strategy tables (an optional ``strategy.tag.<name>``
        adds a few words after its name there)."""
        rows = (f"strategy.{part}.{cls.name}" for part in ("acts_on", "moves", "factors"))
        return (f"strategy.name.{cls.name}", f"strategy.group.{cls.group}", *rows,
                *(lv.message_key for lv in cls.levers))

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


def floor(levers: dict[str, np.ndarray], lever: Lever, on: np.ndarray, value: float) -> None:
    """Raise a lever to at least ``value`` where the strategy is on."""
    levers[lever.field][on] = np.maximum(levers[lever.field][on], value)


def scale(levers: dict[str, np.ndarray], lever: Lever, on: np.ndarray, factor: float) -> None:
    """Multiply a lever by ``factor`` where the strategy is on."""
    levers[lever.field][on] *= factor
