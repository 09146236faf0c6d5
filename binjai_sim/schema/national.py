"""The ``national:`` block: dated events from outside the city (platforms that replace apps,
policy shocks, local consolidations, defundings, pruning orders, launch bans)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from binjai_sim.base.calendar import format_month
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import SECTORS

from .base import Month, Share, Strict, param


def _check_sectors(sectors: list[str]) -> list[str]:
    for sector in sectors:
        if sector not in SECTORS:
            raise ValueError(t("helpwords.error.unknown_sector", sector=repr(sector), allowed=", ".join(SECTORS)))
    return sectors


class Dated(Strict):
    """A dated event: its month, the evidence for it, and, where the month is not known, the
    range it must lie in (the prior of a fit or the bounds of a sweep)."""

    date: Month
    date_range: tuple[Month, Month] | None = Field(
        None, description="earliest and latest month the evidence allows (an uncertain date)")
    source: str = Field("", description="evidence for the date (docs/EVIDENCE.md)")
    group: str | None = Field(None, description="a name to switch a set of events off (national.disable)")

    @model_validator(mode="after")
    def _in_range(self):
        if self.date_range is not None:
            low, high = self.date_range
            if not low <= self.date <= high:
                raise ValueError(t("helpwords.error.outside_date_range", date=format_month(self.date),
                                   low=format_month(low), high=format_month(high)))
        return self


class Platform(Dated):
    name: str
    sectors: list[str] = Field(default_factory=list)
    apps: list[str] = Field(default_factory=list, description="named apps, besides the inventory's counterparts")
    audiences: list[Literal["citizen", "internal"]] = Field(
        default_factory=lambda: ["citizen", "internal"], description="which audiences it replaces")
    effect: Literal["replace", "degrade"] = "replace"
    monthly_prob: Share = param(0.08, unit="per month", source="ASSUMPTION",
                                description="monthly chance an affected app is switched off")

    _sectors = field_validator("sectors")(_check_sectors)


class PolicyShock(Dated):
    """An outside policy change that breaks the apps it hits: those of its sectors, those named,
    and those whose inventory counterpart is one of ``counterparts`` (the apps that depend on
    that national system, so a national layer can name them without knowing any city's apps)."""

    name: str
    sectors: list[str] = Field(default_factory=list)
    apps: list[str] = Field(default_factory=list)
    counterparts: list[str] = Field(default_factory=list,
                                    description="hits the apps whose inventory counterpart is one of these")
    quality_loss: Share = param(0.5, unit="share", source="ASSUMPTION", description="quality lost at once")
    kill_prob: Share = param(0.0, unit="probability", source="ASSUMPTION",
                             description="chance the shock closes the app outright")

    _sectors = field_validator("sectors")(_check_sectors)


class Consolidation(Dated):
    """A local system that takes over apps: those listed, and those whose inventory counterpart
    is its name."""

    name: str
    apps: list[str] = Field(default_factory=list)


class Defunding(Dated):
    app: str


class Pruning(Dated):
    """A national order to prune regional apps: from ``date`` to ``until`` each live app of the
    audiences closes with a monthly probability (less if integrated with a national platform)."""

    name: str
    until: Month
    audiences: list[Literal["citizen", "internal"]] = Field(default_factory=lambda: ["citizen", "internal"])
    monthly_prob: Share = param(0.01, unit="per month", source="ASSUMPTION",
                                description="monthly chance a live app is closed while the order runs")

    @model_validator(mode="after")
    def _ordered(self):
        if self.until < self.date:
            raise ValueError(t("helpwords.error.until_before_date"))
        return self


class LaunchBan(Dated):
    """A national ban on new apps: apps due to launch from ``date`` on are never launched."""

    name: str


class National(Strict):
    platforms: list[Platform] = Field(default_factory=list)
    policy_shocks: list[PolicyShock] = Field(default_factory=list)
    consolidations: list[Consolidation] = Field(default_factory=list)
    defundings: list[Defunding] = Field(default_factory=list)
    prunings: list[Pruning] = Field(default_factory=list)
    launch_bans: list[LaunchBan] = Field(default_factory=list)
    disable: list[str] = Field(default_factory=list, description="groups of events switched off")
