"""Political strategies. The catalogue is the project's own: the study names the three groups
(political, resources, institutional) of its 15 strategies but our source does not list them."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .base import Example, Strategy, floor, scale
from .levers import CHAMPION_LEVEL, CONTINUITY_FLOOR, DEFUND_MULT, POLITICAL_FLOOR, REGULATION_LEVEL, Lever
from .registry import register


@register
class LongTermPlan(Strategy):
    """Embed smart city in the long-term plan (RPJPD) and a regional regulation (Perda).

    Acts on: the political factor of every live app gets a floor that does not depend on the
    mayor (lever ``political_floor``), and a hand-over cuts fewer apps (``defund_mult``).
    Both lapse when the plan ends. Factor moved: political.
    Cost: drafting and deliberation, paid by default from the IT budget.
    """

    name: ClassVar[str] = "long_term_plan"
    claim: ClassVar[tuple[str, int]] = ("political_after_handover", +1)
    group: ClassVar[str] = "political"
    levers: ClassVar[tuple[Lever, ...]] = (POLITICAL_FLOOR, DEFUND_MULT,)
    monthly_cost_rp: float = Field(3.0e6, ge=0, le=1.0e12)
    floor: float = Field(0.5, ge=0, le=1, description="political support guaranteed by the plan")
    handover_protection: float = Field(0.5, ge=0, le=1, description="share of hand-over cuts prevented")

    uncertain: ClassVar[tuple[str, ...]] = ("floor", "handover_protection", "monthly_cost_rp")
    example: ClassVar[Example] = Example(
        {"floor": 0.6, "handover_protection": 0.4}, {"political_floor": 0.3, "defund_mult": 0.8}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        floor(levers, POLITICAL_FLOOR, on, self.floor * self.intensity)
        scale(levers, DEFUND_MULT, on, 1.0 - self.handover_protection * self.intensity)


@register
class MayoralRegulation(Strategy):
    """A mayoral regulation (Perwal) mandating use of the city's apps by every agency.

    Acts on: each agency's use mandate rises to the intensity (lever ``regulation_level``) while
    the regulation is in force. Factor moved: institutions (regulation component). Cost: from
    the IT budget by default.
    """

    name: ClassVar[str] = "mayoral_regulation"
    claim: ClassVar[tuple[str, int]] = ("institutions", +1)
    group: ClassVar[str] = "political"
    levers: ClassVar[tuple[Lever, ...]] = (REGULATION_LEVEL,)
    monthly_cost_rp: float = Field(1.0e6, ge=0, le=1.0e12)

    uncertain: ClassVar[tuple[str, ...]] = ("monthly_cost_rp",)
    example: ClassVar[Example] = Example({}, {"regulation_level": 0.5}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        floor(levers, REGULATION_LEVEL, on, self.intensity)


@register
class CouncilEarmark(Strategy):
    """A council (DPRD) budget earmark for app maintenance.

    Acts on: adds ``amount_rp * intensity`` a month to the maintenance money, ring-fenced from
    the mayor's priority. Factor moved: resources (budget coverage).
    Cost: the earmark itself, paid from other city spending (``funding: city_budget``).
    """

    name: ClassVar[str] = "council_earmark"
    claim: ClassVar[tuple[str, int]] = ("maintenance_money", +1)
    group: ClassVar[str] = "political"
    funding: Literal["it_budget", "city_budget"] = "city_budget"
    amount_rp: float = Field(15.0e6, ge=0, le=1.0e12, description="earmarked Rp per month")

    uncertain: ClassVar[tuple[str, ...]] = ()
    example: ClassVar[Example] = Example({"amount_rp": 4e6}, {}, 2e6, None)

    def monthly_charge(self) -> float:
        return (self.amount_rp + self.monthly_cost_rp) * self.intensity

    def ring_fenced(self) -> float:
        return self.amount_rp * self.intensity


@register
class HandoverProtocol(Strategy):
    """A leadership hand-over protocol: the outgoing team briefs the incoming mayor on every
    app, its users and its cost before the portfolio review.

    Acts on: a successor's priority keeps at least ``continuity`` of the predecessor's
    (lever ``continuity_floor``; it binds only where the city's own continuity is lower), and
    the review cuts fewer apps (``defund_mult``).
    Factor moved: political. Cost: from the IT budget by default.
    """

    name: ClassVar[str] = "handover_protocol"
    claim: ClassVar[tuple[str, int]] = ("handover_cuts", -1)
    group: ClassVar[str] = "political"
    levers: ClassVar[tuple[Lever, ...]] = (CONTINUITY_FLOOR, DEFUND_MULT,)
    monthly_cost_rp: float = Field(0.5e6, ge=0, le=1.0e12)
    continuity: float = Field(0.7, ge=0, le=1)
    cut_reduction: float = Field(0.8, ge=0, le=1, description="share of hand-over cuts prevented")

    uncertain: ClassVar[tuple[str, ...]] = ("continuity", "cut_reduction", "monthly_cost_rp")
    example: ClassVar[Example] = Example(
        {"continuity": 0.8, "cut_reduction": 0.6}, {"continuity_floor": 0.4, "defund_mult": 0.7}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        floor(levers, CONTINUITY_FLOOR, on, self.continuity * self.intensity)
        scale(levers, DEFUND_MULT, on, 1.0 - self.cut_reduction * self.intensity)


@register
class AgencyChampions(Strategy):
    """Recognition of agency champions: awards for the teams that keep an app in use.

    Acts on: every live app's champion level is the intensity while the awards run (lever
    ``champion_level``), which raises its political support whoever is mayor. Factor moved:
    political. Cost: awards, from the IT budget by default.
    """

    name: ClassVar[str] = "agency_champions"
    claim: ClassVar[tuple[str, int]] = ("political", +1)
    group: ClassVar[str] = "political"
    levers: ClassVar[tuple[Lever, ...]] = (CHAMPION_LEVEL,)
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)

    uncertain: ClassVar[tuple[str, ...]] = ("monthly_cost_rp",)
    example: ClassVar[Example] = Example({}, {"champion_level": 0.5}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        levers[CHAMPION_LEVEL.field][on] = max(self.intensity, 0.0)
