"""The scenario schema: every model parameter, its unit, range and default.

Defaults are the Binjai values. A value marked ASSUMPTION has no source in the study or in
the evidence file; docs/ODD.md lists each with its reasoning.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from .calendar import format_month, parse_month

Month = Annotated[int, BeforeValidator(parse_month)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]

SECTORS = (
    "planning", "finance", "licensing", "health", "complaints", "education", "hr", "economy",
    "tax", "information", "legal", "administration", "environment", "social", "transport",
    "tourism", "elections",
)
FACTORS = ("political", "resources", "participation", "impact", "institutions")
CAUSES = (
    "defunded", "abandoned", "replaced_national", "replaced_local", "technical_failure",
    "policy_shock",
)
FISCAL_CAPACITY = {  # multiplier on the discretionary IT budget; ASSUMPTION (PMK 120/2020 classes)
    "very_low": 0.6, "low": 0.8, "medium": 1.0, "high": 1.25, "very_high": 1.5,
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class Horizon(Strict):
    start: Month = Field("2016-12", description="first month (state before any step)")
    end: Month = Field("2030-12", description="last month simulated")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end <= self.start:
            raise ValueError(f"end {format_month(self.end)} must be after start {format_month(self.start)}")
        return self


class City(Strict):
    name: str = "Binjai"
    population: int = Field(291_842, ge=100, le=50_000_000, description="residents (2020 census)")
    annual_budget_rp: float = Field(1.0e12, gt=0, description="city budget, rupiah/year")
    fiscal_capacity: Literal["very_low", "low", "medium", "high", "very_high"] = "very_low"
    residents_per_agent: int = Field(100, ge=1, le=100_000, description="citizen agent weight")
    fiscal_multiplier: float | None = Field(
        None, gt=0, le=5, description="replaces the fiscal-capacity class's budget multiplier when given")


class Mayor(Strict):
    initial_priority: Share = Field(0.9, description="smart-city priority of the mayor in office")
    initial_terms_served: int = Field(2, ge=1, le=2, description="terms including the current one")
    term_limit: int = Field(2, ge=1, le=5)


class Election(Strict):
    date: Month
    inauguration: Month | None = Field(None, description="defaults to two months after the vote")

    @model_validator(mode="after")
    def _inauguration(self):
        if self.inauguration is None:
            self.inauguration = self.date + 2
        if self.inauguration < self.date:
            raise ValueError("inauguration must not come before the election date")
        return self


class Politics(Strict):
    continuity: Share = Field(0.3, description="weight of the predecessor's priority in a successor's")
    newcomer_priority_mean: Share = Field(0.35, description="mean priority a new mayor brings")
    newcomer_priority_concentration: float = Field(6.0, gt=0, description="Beta a+b of that draw")
    incumbent_win_prob: Share = Field(0.632, description="2015 pilkada incumbents (EVIDENCE.md)")
    legacy_support: Share = Field(0.6, description="support for apps launched under a predecessor, relative")
    impact_feedback: float = Field(0.005, ge=0, le=1, description="monthly pull of priority toward visible impact")
    transition_defund_prob: Share = Field(0.35, description="chance a legacy app is cut at a hand-over, scaled")


class Budget(Strict):
    it_share: Share = Field(0.001, description="IT share of the city budget (Kominfo 2020 ~0.1%)")
    maintenance_share: Share = Field(0.3, description="share of IT budget that maintains apps")
    maintenance_need_rp: float = Field(2.5e6, gt=0, description="upkeep one app needs, Rp/month")
    priority_weight: Share = Field(0.6, description="how far the pool scales with mayoral priority")
    ownership_bias: float = Field(1.5, ge=1, le=10, description="allocation weight of the mayor's own apps")


class RotationWave(Strict):
    months_after_inauguration: int = Field(7, ge=0, le=60)
    share: Share = Field(0.3, description="share of civil servants moved in the wave")


class CivilService(Strict):
    staff: int = Field(320, ge=1, le=100_000, description="civil servants involved in smart-city work")
    rotation_rate: Share = Field(0.015, description="monthly chance a civil servant is moved")
    rotation_wave: RotationWave = RotationWave()
    initial_skill_mean: Share = 0.4
    learning_rate: Share = Field(0.05, description="monthly gain of an operator's know-how")
    head_rotation_rate: Share = Field(0.02, description="monthly chance an agency head changes")
    sop_retention: Share = Field(0.8, description="share of SOP level kept when the head changes")
    initial_sop: Share = 0.2
    city_regulation_from: Month | None = Field("2017-06", description="Perwal 53/2017")


class Citizens(Strict):
    bass_p: float = Field(0.03, ge=0, le=1, description="external influence, per year (Bass meta-analysis)")
    bass_q: float = Field(0.38, ge=0, le=5, description="word of mouth, per year")
    quit_base: Share = Field(0.02, description="monthly chance a user stops with a perfect app")
    quit_quality: Share = Field(0.25, description="extra monthly quit chance per unit of lost quality")
    participation_target: Share = Field(0.5, description="use ratio that counts as full participation")
    launch_awareness: Share = Field(0.15, description="share of the target group told at launch (citizens)")
    staff_launch_awareness: Share = Field(1.0, description="share of the owner agency's staff told at launch")
    trial_rate: Share = Field(0.3, description="monthly chance an aware, willing person tries a perfect app")
    internet: dict[int, Share] = Field(
        default_factory=lambda: {2016: 0.50, 2020: 0.607, 2023: 0.671, 2030: 0.80},
        description="share of residents online, by year (North Sumatra; 2030 ASSUMPTION)",
    )


class Apps(Strict):
    inventory: str = Field("data/binjai_inventory.csv", description="CSV path, relative to this file")
    initial_quality: Share = 0.8
    quality_decay: Share = Field(0.03, description="monthly quality loss with no upkeep")
    repair_rate: Share = Field(0.15, description="monthly recovery toward 1 with full upkeep")
    degraded_below: Share = 0.5
    failure_below: Share = 0.12
    abandon_after_months: int = Field(12, ge=1, le=120, description="months with no users before closing")
    launch_grace_months: int = Field(6, ge=0, le=60)


class Hazard(Strict):
    intercept: float = Field(-2.1, ge=-20, le=5, description="log monthly rate at S = 0")
    scale: float = Field(5.3, ge=0, le=50, description="drop in log rate per unit of S")


class Coefficients(Strict):
    file: str = "../calibration/survey_coefficients.yaml"
    use: Literal["all", "significant_only"] = "significant_only"
    estimates: dict[Literal["political", "resources", "participation", "impact", "institutions"], float] = Field(
        default_factory=dict, description="replace the file's estimate of these factors (sensitivity analysis)")


def _check_sectors(sectors: list[str]) -> list[str]:
    for sector in sectors:
        if sector not in SECTORS:
            raise ValueError(f"unknown sector {sector!r}; allowed: {', '.join(SECTORS)}")
    return sectors


class Platform(Strict):
    name: str
    sectors: list[str] = Field(default_factory=list)
    apps: list[str] = Field(default_factory=list, description="named apps, in addition to sectors")
    audiences: list[Literal["citizen", "internal"]] = Field(
        default_factory=lambda: ["citizen", "internal"], description="which audiences it replaces")
    date: Month
    effect: Literal["replace", "degrade"] = "replace"
    monthly_prob: Share = Field(0.08, description="monthly chance an affected app is switched off")

    _sectors = field_validator("sectors")(_check_sectors)


class PolicyShock(Strict):
    name: str
    sectors: list[str] = Field(default_factory=list)
    apps: list[str] = Field(default_factory=list)
    date: Month
    quality_loss: Share = Field(0.5, description="quality lost at once")
    kill_prob: Share = Field(0.0, description="chance the shock closes the app outright")

    _sectors = field_validator("sectors")(_check_sectors)


class Consolidation(Strict):
    name: str
    apps: list[str]
    date: Month


class Defunding(Strict):
    app: str
    date: Month


class National(Strict):
    platforms: list[Platform] = Field(default_factory=list)
    policy_shocks: list[PolicyShock] = Field(default_factory=list)
    consolidations: list[Consolidation] = Field(default_factory=list)
    defundings: list[Defunding] = Field(default_factory=list)


class RunSettings(Strict):
    replicates: int = Field(20, ge=1, le=100_000)
    seed: int = Field(20161202, ge=0, le=2**63 - 1)


class Scenario(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    horizon: Horizon = Horizon()
    city: City = City()
    mayor: Mayor = Mayor()
    elections: list[Election] = Field(default_factory=list)
    politics: Politics = Politics()
    budget: Budget = Budget()
    civil_service: CivilService = CivilService()
    citizens: Citizens = Citizens()
    apps: Apps = Apps()
    hazard: Hazard = Hazard()
    coefficients: Coefficients = Coefficients()
    national: National = National()
    strategies: list[dict] = Field(default_factory=list)
    strategy_budget_rp: float | None = Field(
        None, ge=0, description="cap on the strategies' combined cost in any month, Rp (none: no cap)")
    run: RunSettings = RunSettings()
