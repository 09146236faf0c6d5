"""Resource strategies (the project's catalogue; see political.py)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from binjai_sim.base.vocabulary import Action

from .base import Example, Strategy, scale
from .levers import DEFUND_MULT, NEED_MULT, ROTATION_MULT, Lever
from .registry import register


@register
class RingFencedMaintenance(Strategy):
    """A ring-fenced maintenance budget line that neither a change of priority nor a hand-over
    can cut.

    Acts on: adds ``amount_rp * intensity`` a month to the maintenance money and protects apps
    at hand-over (lever ``defund_mult``).
    Factor moved: resources. Cost: the amount, reallocated from other city spending.
    """

    name: ClassVar[str] = "ring_fenced_maintenance"
    claim: ClassVar[tuple[str, int]] = ("maintenance_money", +1)
    group: ClassVar[str] = "resources"
    levers: ClassVar[tuple[Lever, ...]] = (DEFUND_MULT,)
    funding: Literal["it_budget", "city_budget"] = "city_budget"
    amount_rp: float = Field(20.0e6, ge=0, le=1.0e12, description="ring-fenced Rp per month")
    handover_protection: float = Field(0.5, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("handover_protection",)
    example: ClassVar[Example] = Example(
        {"amount_rp": 6e6, "handover_protection": 0.8}, {"defund_mult": 0.6}, 3e6, None)

    def monthly_charge(self) -> float:
        return (self.amount_rp + self.monthly_cost_rp) * self.intensity

    def set_levers(self, levers, on) -> None:
        scale(levers, DEFUND_MULT, on, 1.0 - self.handover_protection * self.intensity)

    def ring_fenced(self) -> float:
        return self.amount_rp * self.intensity


@register
class DigitalTraining(Strategy):
    """Digital-skills training for civil servants, operators first.

    Acts on: each month ``trainees_per_month * intensity`` civil servants (operators of live
    apps first, then the least skilled) gain ``skill_gain`` of their distance to full skill.
    Factor moved: resources (operator capacity). Cost: from the IT budget by default.
    """

    name: ClassVar[str] = "digital_training"
    claim: ClassVar[tuple[str, int]] = ("staff_skill", +1)
    group: ClassVar[str] = "resources"
    acts: ClassVar[Action | None] = Action.TRAINING
    monthly_cost_rp: float = Field(5.0e6, ge=0, le=1.0e12)
    trainees_per_month: int = Field(4, ge=0, le=10_000)
    skill_gain: float = Field(0.3, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("skill_gain", "monthly_cost_rp")
    example: ClassVar[Example] = Example(
        {"trainees_per_month": 6, "skill_gain": 0.3}, {}, 0.0, (Action.TRAINING, [0.3, 0, 0, 0, 0], 3))

    def action_numbers(self) -> tuple[list[float], int]:
        return [self.skill_gain, 0.0, 0.0, 0.0, 0.0], int(round(self.trainees_per_month * self.intensity))


@register
class OperatorRetention(Strategy):
    """Keep trained operators in post: fewer transfers of civil servants between agencies.

    Acts on: the rotation rates (lever ``rotation_mult``), so fewer apps lose their
    operator and know-how. Factors moved: resources (operator know-how) and institutions
    (agency heads stay, SOPs kept). Cost: retention allowances, from the IT budget.
    """

    name: ClassVar[str] = "operator_retention"
    claim: ClassVar[tuple[str, int]] = ("rotations", -1)
    group: ClassVar[str] = "resources"
    levers: ClassVar[tuple[Lever, ...]] = (ROTATION_MULT,)
    monthly_cost_rp: float = Field(4.0e6, ge=0, le=1.0e12)
    rotation_reduction: float = Field(0.7, ge=0, le=1)

    uncertain: ClassVar[tuple[str, ...]] = ("rotation_reduction", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"rotation_reduction": 0.6}, {"rotation_mult": 0.7}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        scale(levers, ROTATION_MULT, on, 1.0 - self.rotation_reduction * self.intensity)


@register
class UniversityPartnership(Strategy):
    """A partnership with a university or telecom company (Binjai signed one with Telkom and
    Politeknik Negeri Medan in 2016) that maintains apps in kind.

    Acts on: adds the in-kind value ``in_kind_rp * intensity`` to the maintenance money.
    Factor moved: resources. Cost: coordination only, from the IT budget.
    """

    name: ClassVar[str] = "university_partnership"
    claim: ClassVar[tuple[str, int]] = ("maintenance_money", +1)
    group: ClassVar[str] = "resources"
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)
    in_kind_rp: float = Field(10.0e6, ge=0, le=1.0e12, description="value of maintenance given in kind, Rp/month")

    uncertain: ClassVar[tuple[str, ...]] = ("in_kind_rp", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"in_kind_rp": 8e6}, {}, 4e6, None)

    def ring_fenced(self) -> float:
        return self.in_kind_rp * self.intensity


@register
class SharedPlatform(Strategy):
    """Shared platform and infrastructure (one data centre, one code base, common modules).

    Acts on: the upkeep each app needs (lever ``need_mult``), so the same money covers
    more. Factor moved: resources (budget coverage). Cost: from the IT budget.
    """

    name: ClassVar[str] = "shared_platform"
    claim: ClassVar[tuple[str, int]] = ("resources", +1)
    group: ClassVar[str] = "resources"
    levers: ClassVar[tuple[Lever, ...]] = (NEED_MULT,)
    monthly_cost_rp: float = Field(6.0e6, ge=0, le=1.0e12)
    need_reduction: float = Field(0.4, ge=0, le=0.9)

    uncertain: ClassVar[tuple[str, ...]] = ("need_reduction", "monthly_cost_rp")
    example: ClassVar[Example] = Example({"need_reduction": 0.4}, {"need_mult": 0.8}, 0.0, None)

    def set_levers(self, levers, on) -> None:
        scale(levers, NEED_MULT, on, 1.0 - self.need_reduction * self.intensity)
