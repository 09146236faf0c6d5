"""Institutional strategies (the project's catalogue; see political.py)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from pydantic import Field

from ..vocabulary import Cause
from .base import Strategy
from .registry import register


@register
class SmartCityUnit(Strategy):
    """A permanent smart-city unit that supports every agency's apps.

    Acts on: each agency's ``unit`` level rises to the intensity. Factor moved: institutions.
    Cost: the unit's staff, from the IT budget by default.
    """

    name: ClassVar[str] = "smart_city_unit"
    group: ClassVar[str] = "institutional"
    monthly_cost_rp: float = Field(8.0e6, ge=0, le=1.0e12)

    def apply(self, model) -> None:
        for agency in model.agencies:
            agency.unit = max(agency.unit, self.intensity)


@register
class SopsDocumentation(Strategy):
    """Standard operating procedures and documentation for every app.

    Acts on: each agency's ``sop`` level rises by ``monthly_gain * intensity`` of its distance
    to 1; know-how documented this way survives rotation of operators and heads. Factors moved:
    institutions (SOP component) and resources (operator know-how kept). Cost: from the IT budget.
    """

    name: ClassVar[str] = "sops_documentation"
    group: ClassVar[str] = "institutional"
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)
    monthly_gain: float = Field(0.05, ge=0, le=1)

    def apply(self, model) -> None:
        for agency in model.agencies:
            agency.sop += self.monthly_gain * self.intensity * (1.0 - agency.sop)


@register
class NationalIntegration(Strategy):
    """Integrate local apps with national platforms instead of competing with them.

    Acts on: ``integrated`` of every live app in a sector that a national platform of the
    scenario covers rises by ``monthly_gain * intensity`` of its distance to 1; an integrated app
    is not switched off by the platform and counts toward institutions. Factor moved:
    institutions (integration component). Cost: bridging work, from the IT budget.
    """

    name: ClassVar[str] = "national_integration"
    group: ClassVar[str] = "institutional"
    monthly_cost_rp: float = Field(4.0e6, ge=0, le=1.0e12)
    monthly_gain: float = Field(0.1, ge=0, le=1)

    def apply(self, model) -> None:
        apps = model.apps
        covered = np.zeros(apps.n, dtype=bool)
        for rule in model.national.platforms:
            covered |= rule.hits
        target = covered & apps.live()
        apps.integrated[target] += self.monthly_gain * self.intensity * (1.0 - apps.integrated[target])


@register
class MonitoringEvaluation(Strategy):
    """A monitoring and evaluation loop: apps are checked regularly and faults fixed early.

    Acts on: monthly quality decay (``levers.decay_multiplier``). Factors moved: resources
    (upkeep goes further) and impact (quality). Cost: from the IT budget.
    """

    name: ClassVar[str] = "monitoring_evaluation"
    group: ClassVar[str] = "institutional"
    monthly_cost_rp: float = Field(2.0e6, ge=0, le=1.0e12)
    decay_reduction: float = Field(0.4, ge=0, le=1)

    def apply(self, model) -> None:
        model.levers.decay_multiplier *= 1.0 - self.decay_reduction * self.intensity


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
    group: ClassVar[str] = "institutional"
    monthly_cost_rp: float = Field(1.0e6, ge=0, le=1.0e12)
    review_month: int = Field(1, ge=1, le=12, description="calendar month of the yearly review")
    retire_share: float = Field(0.1, ge=0, le=1)
    retire_below: float = Field(0.45, ge=-5, le=5, description="only apps with S below this are retired")
    keep_at_least: int = Field(5, ge=0, le=1000)

    def apply(self, model) -> None:
        if model.month % 12 != self.review_month - 1:
            return
        apps = model.apps
        live = np.flatnonzero(apps.live() & (apps.launch < model.month))
        weak = live[apps.score[live] < self.retire_below]
        retire = min(int(np.ceil(live.size * self.retire_share * self.intensity)), weak.size,
                     max(live.size - self.keep_at_least, 0))
        if retire <= 0:
            return
        weakest = weak[np.argsort(apps.score[weak], kind="stable")[:retire]]
        for i in weakest:
            model.close_app(int(i), Cause.RETIRED, "retired in portfolio rationalisation")
