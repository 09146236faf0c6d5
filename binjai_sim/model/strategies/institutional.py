"""Institutional strategies (the project's catalogue; see political.py)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from binjai_sim.base.vocabulary import Action

from .base import Example, Strategy, floor, scale
from .levers import DECAY_MULT, UNIT_LEVEL, Lever
from .registry import register


@register
class SmartCityUnit(Strategy):
    """A permanent smart-city unit that supports every agency's apps.

    Acts on: each agency's unit level is the intensity while the unit exists (lever
    ``unit_level``; dissolved at the end). Factor moved: institutions. Cost: the unit's staff,
    from the IT budget by default.
    """

    name: ClassVar[str] = "smart_city_unit"
    claim: ClassVar[tuple[str, int]] = ("institutions", +1)
    group: ClassVar[str] = "institutional"
    levers: ClassVar[tuple[Lever, ...]] = (UNIT_LEVEL,)
    monthly_cost_rp: float = Field(8.0e6, ge=0, le=1.0e12)

    uncertain: ClassVar[tuple[str, ...]] = ("monthly_cost_rp",)
    example: ClassVar[Example] = Example({}, {"unit_level": 0.5}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        floor(levers, UNIT_LEVEL, on, self.intensity)


@register
class SopsDocumentation(Strategy):
    """Standard operating procedures and documentation for every app.

    Acts on: each agency's ``sop`` level rises by ``monthly_gain * intensity`` of its distance
    to 1; know-how documented this way survives rotation of operators and heads. Factors moved:
    institutions (SOP component) and resources (operator know-how kept). Cost: from the IT budget.
    """

    name: ClassVar[str] = "sops_documentation"
    claim: ClassVar[tuple[str, int]] = ("agency_sop", +1)
    group: ClassVar[str] = "institutional"
    acts: ClassVar[Action | None] = Action.SOPS
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)
    monthly_gain: float = Field(0.05, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("monthly_gain", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"monthly_gain": 0.1}, {}, 0.0, (Action.SOPS, [0.05, 0, 0, 0, 0], 0))

    def action_numbers(self) -> tuple[list[float], int]:
        return [self.monthly_gain * self.intensity, 0.0, 0.0, 0.0, 0.0], 0


@register
class NationalIntegration(Strategy):
    """Integrate local apps with national platforms instead of competing with them.

    Acts on: ``integrated`` of every live app in a sector that a national platform of the
    scenario covers rises by ``monthly_gain * intensity`` of its distance to 1; an integrated app
    is not switched off by the platform and counts toward institutions. Factor moved:
    institutions (integration component). Cost: bridging work, from the IT budget.
    """

    name: ClassVar[str] = "national_integration"
    claim: ClassVar[tuple[str, int]] = ("replaced_national", -1)
    group: ClassVar[str] = "institutional"
    acts: ClassVar[Action | None] = Action.INTEGRATION
    monthly_cost_rp: float = Field(4.0e6, ge=0, le=1.0e12)
    monthly_gain: float = Field(0.1, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("monthly_gain", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"monthly_gain": 0.2}, {}, 0.0, (Action.INTEGRATION, [0.1, 0, 0, 0, 0], 0))

    def action_numbers(self) -> tuple[list[float], int]:
        return [self.monthly_gain * self.intensity, 0.0, 0.0, 0.0, 0.0], 0


@register
class MonitoringEvaluation(Strategy):
    """A monitoring and evaluation loop: apps are checked regularly and faults fixed early.

    Acts on: monthly quality decay (lever ``decay_mult``). Factors moved: resources
    (upkeep goes further) and impact (quality). Cost: from the IT budget.
    """

    name: ClassVar[str] = "monitoring_evaluation"
    claim: ClassVar[tuple[str, int]] = ("quality_of_live_apps", +1)
    group: ClassVar[str] = "institutional"
    levers: ClassVar[tuple[Lever, ...]] = (DECAY_MULT,)
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)
    decay_reduction: float = Field(0.4, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("decay_reduction", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"decay_reduction": 0.5}, {"decay_mult": 0.75}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        scale(levers, DECAY_MULT, on, 1.0 - self.decay_reduction * self.intensity)


@register
class PortfolioRationalisation(Strategy):
    """Portfolio rationalisation: once a year retire the weakest apps and fold their function
    into stronger ones, so the maintenance money is spread over fewer apps.

    Acts on: in ``review_month`` each year, up to ``retire_share * intensity`` of the live apps,
    those with the lowest sustainability score and below ``retire_below``, close with cause
    ``retired``, keeping at least ``keep_at_least``. Factor moved: resources of the
    remaining apps (coverage). Cost: from the IT budget.
    """

    name: ClassVar[str] = "portfolio_rationalisation"
    claim: ClassVar[tuple[str, int]] = ("allocation_per_live_app", +1)
    group: ClassVar[str] = "institutional"
    acts: ClassVar[Action | None] = Action.RATIONALISE
    monthly_cost_rp: float = Field(1.0e6, ge=0, le=1.0e12)
    review_month: int = Field(1, ge=1, le=12, description="calendar month of the yearly review")
    retire_share: float = Field(0.1, ge=0, le=1)
    retire_below: float = Field(0.45, ge=-5, le=5, description="only apps with S below this are retired")
    keep_at_least: int = Field(5, ge=0, le=1000)

    uncertain: ClassVar[tuple[str, ...]] = ("retire_share", "retire_below", "monthly_cost_rp")
    example: ClassVar[Example] = Example(
        {"review_month": 4, "retire_share": 0.2, "retire_below": 0.3, "keep_at_least": 3},
        {}, 0.0, (Action.RATIONALISE, [4, 0.2, 0.3, 3, 0.5], 0)
    )

    def action_numbers(self) -> tuple[list[float], int]:
        return [float(self.review_month), self.retire_share, self.retire_below, float(self.keep_at_least),
                self.intensity], 0
