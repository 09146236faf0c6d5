"""The scenario schema: every model parameter with its unit, range, default and source.

Defaults are the Binjai values. ``source`` names the evidence (docs/EVIDENCE.md) or says
ASSUMPTION; the parameter table of docs/ODD.md is generated from this file
(``scripts/make_odd_table.py``) with the values the baseline runs with. The numbers the model
structure rests on (factor weights, thresholds, distribution shapes) are in ``structure:`` so a
sweep can vary them like any other parameter.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_serializer, model_validator

from binjai_sim.base.calendar import format_month
from binjai_sim.base.i18n import t
from binjai_sim.base.vocabulary import FACTORS, FISCAL_CLASSES

# the blocks kept in binjai_sim.schema stay importable from here, as before they moved
from .base import MAX_HORIZON_MONTHS, Count, Month, Real, Share, Strict, param  # noqa: F401
from .national import (  # noqa: F401
    Consolidation,
    Dated,
    Defunding,
    LaunchBan,
    National,
    Platform,
    PolicyShock,
    Pruning,
)
from .projection import Known, Projection  # noqa: F401


class Horizon(Strict):
    start: Month = param("2016-12", unit="month", source="the soft launch, Dec 2016 (EVIDENCE high)",
                         description="first month (the state before any step)")
    end: Month = param("2030-12", unit="month", source="design: the planning horizon",
                       description="last month simulated")

    @model_validator(mode="after")
    def _ordered(self):
        if self.end <= self.start:
            raise ValueError(t("helpwords.error.end_after_start", end=format_month(self.end),
                               start=format_month(self.start)))
        if self.end - self.start > MAX_HORIZON_MONTHS:
            raise ValueError(t("helpwords.error.horizon_too_long", years=f"{(self.end - self.start) / 12:.0f}",
                               most=MAX_HORIZON_MONTHS // 12))
        return self


class City(Strict):
    name: str = param("Binjai", unit="", source="study", description="city name shown in outputs")
    population: Count = param(291_842, ge=100, le=50_000_000, unit="residents",
                              source="2020 census (EVIDENCE high)", description="residents")
    annual_budget_rp: Real = param(1.0e12, gt=0, le=1.0e15, unit="Rp/year",
                                   source="EVIDENCE medium (Rp0.9-1.3 trillion)", description="city budget")
    fiscal_capacity: Literal["very_low", "low", "medium", "high", "very_high"] = param(
        "very_low", unit="class", source="PMK 120/2020 (EVIDENCE medium)",
        description="the Finance Ministry's fiscal capacity class")
    residents_per_agent: Count = param(100, ge=1, le=100_000, unit="residents/agent", source="design choice",
                                       description="residents one citizen agent stands for")
    fiscal_multiplier: Real | None = param(
        None, gt=0, le=5, unit="multiplier", source="ASSUMPTION (sweeps)",
        description="replaces the fiscal class's budget multiplier when given")


class Mayor(Strict):
    initial_priority: Share = param(0.9, unit="0-1", source="ASSUMPTION (flagship of RPJMD 2016-2021, study)",
                                    description="smart-city priority of the mayor in office at the start")
    initial_terms_served: Count = param(2, ge=1, le=2, unit="terms", source="M. Idaham 2010-2021 (EVIDENCE high)",
                                        description="terms including the current one")
    term_limit: Count = param(2, ge=1, le=5, unit="terms", source="UU 10/2016", description="terms a mayor may serve")


class Election(Strict):
    date: Month = param(unit="month", source="scenario", description="month of the vote")
    inauguration: Month | None = param(None, unit="month", source="scenario",
                                       description="month the winner takes office (default: two months later)")
    outcome: Literal["incumbent", "challenger", "successor"] | None = param(
        None, unit="", source="scenario",
        description="a known result, replayed instead of drawn: 'incumbent' (re-elected), 'challenger' "
                    "(a new mayor from outside the incumbent's camp) or 'successor' (a new mayor from the "
                    "incumbent's own camp, e.g. the deputy); none: drawn")
    source: str = param("", unit="", source="", description="where the date and outcome come from")

    @model_validator(mode="after")
    def _inauguration(self):
        if self.inauguration is None:
            self.inauguration = self.date + 2
        if self.inauguration < self.date:
            raise ValueError(t("helpwords.error.inauguration_before_election"))
        return self


class Politics(Strict):
    continuity: Share = param(0.3, unit="0-1", source="ASSUMPTION (calibrated)",
                              description="weight of the predecessor's priority in a new mayor's")
    newcomer_priority_mean: Share = param(0.35, unit="0-1",
                                          source="ASSUMPTION ('kept but not a priority', study)",
                                          description="mean smart-city priority a new mayor brings")
    newcomer_priority_concentration: Real = param(6.0, gt=0, le=1000, unit="Beta a+b", source="ASSUMPTION",
                                                  description="concentration of that draw")
    incumbent_win_prob: Share = param(0.632, unit="probability", source="2015 pilkada incumbents (EVIDENCE medium)",
                                      description="chance a running incumbent wins")
    successor_win_prob: Share | None = param(
        None, unit="probability", source="2015 pilkada deputies (prior: calibration/priors.yaml)",
        description="chance a term-limited incumbent's camp keeps office, when the result is drawn; "
                    "none: it never does (the rule before successor outcomes)")
    successor_continuity: Share = param(
        0.67, unit="0-1", source="ASSUMPTION (prior mean, calibration/priors.yaml)",
        description="share of the predecessor's priority and apps a successor keeps; its rotation wave is "
                    "smaller by as much")
    legacy_support: Share = param(0.6, unit="ratio", source="ASSUMPTION",
                                  description="support for apps launched under a predecessor, relative to own apps")
    impact_feedback: Real = param(0.005, ge=0, le=1, unit="per month", source="ASSUMPTION",
                                  description="monthly pull of the mayor's priority toward visible impact")
    transition_defund_prob: Share = param(0.35, unit="probability", source="ASSUMPTION (calibrated)",
                                          description="chance a legacy app is cut at a hand-over, before scaling")


class Budget(Strict):
    it_share: Share = param(0.001, unit="share of budget", source="Kominfo 2020 ~0.1% (EVIDENCE low)",
                            description="IT share of the city budget")
    maintenance_share: Share = param(0.3, unit="share", source="ASSUMPTION",
                                     description="share of the IT budget that maintains apps")
    maintenance_need_rp: Real = param(
        2.5e6, gt=0, le=1.0e12, unit="Rp/app/month",
        source="ASSUMPTION (20-25% of build cost a year, EVIDENCE high for commercial software; build ~Rp130 m)",
        description="upkeep one app needs")
    priority_weight: Share = param(0.6, unit="0-1", source="ASSUMPTION",
                                   description="how far the IT budget scales with the mayor's priority")
    ownership_bias: Real = param(1.5, ge=1, le=10, unit="weight", source="ASSUMPTION",
                                 description="allocation weight of apps launched by the mayor in office")


class RotationWave(Strict):
    months_after_inauguration: Count = param(
        7, ge=0, le=60, unit="months", source="118 officials ~7 months into the 2021 term (EVIDENCE medium)",
        description="delay of the rotation wave after a new mayor's oath")
    share: Share = param(0.3, unit="share", source="ASSUMPTION",
                         description="extra share of civil servants moved in the wave")


class CivilService(Strict):
    staff: Count = param(320, ge=1, le=100_000, unit="people", source="ASSUMPTION (no data, EVIDENCE 'not found')",
                         description="civil servants involved in smart-city work")
    rotation_rate: Share = param(0.015, unit="per month", source="ASSUMPTION (senior posts 2-5 years, EVIDENCE high)",
                                 description="monthly chance a civil servant is moved to another agency")
    rotation_wave: RotationWave = RotationWave()
    initial_skill_mean: Share = param(0.4, unit="0-1", source="ASSUMPTION", description="mean digital skill at start")
    learning_rate: Share = param(0.05, unit="per month", source="ASSUMPTION",
                                 description="monthly gain of an operator's know-how, of the gap to 1")
    head_rotation_rate: Share = param(0.02, unit="per month", source="ASSUMPTION",
                                      description="monthly chance an agency head changes")
    sop_retention: Share = param(0.8, unit="share", source="ASSUMPTION",
                                 description="share of the SOP level kept when the head changes")
    initial_sop: Share = param(0.2, unit="0-1", source="ASSUMPTION", description="documented procedures at start")
    city_regulation_from: Month | None = param("2017-06", unit="month",
                                               source="Perwal 53/2017 (study); month ASSUMPTION",
                                               description="month the city's smart-city regulation takes effect")


class Citizens(Strict):
    bass_p: Real = param(0.03, ge=0, le=1, unit="per year", source="Bass meta-analysis, 213 studies (EVIDENCE medium)",
                         description="external influence")
    bass_q: Real = param(0.38, ge=0, le=5, unit="per year", source="Bass meta-analysis (EVIDENCE medium)",
                         description="word of mouth")
    quit_base: Share = param(0.02, unit="per month", source="ASSUMPTION",
                             description="monthly chance a user stops using a perfect app")
    quit_quality: Share = param(0.25, unit="per month", source="ASSUMPTION (calibrated)",
                                description="extra monthly quit chance per unit of lost quality")
    participation_target: Share = param(0.5, gt=0, unit="use ratio", source="ASSUMPTION",
                                        description="use ratio that counts as full participation")
    launch_awareness: Share = param(0.15, unit="share", source="ASSUMPTION",
                                    description="share of the target group told at launch (citizens)")
    staff_launch_awareness: Share = param(1.0, unit="share", source="ASSUMPTION",
                                          description="share of the owner agency's staff told at launch")
    trial_rate: Share = param(0.3, unit="per month", source="ASSUMPTION (calibrated)",
                              description="monthly chance an aware, willing person tries a perfect app")
    internet: dict[Annotated[int, Field(ge=1900, le=2200)], Share] = param(
        default_factory=lambda: {2016: 0.50, 2020: 0.607, 2023: 0.671, 2030: 0.80}, min_length=1,
        unit="share by year", source="North Sumatra 2020, 2022-23 (EVIDENCE medium); 2016 and 2030 ASSUMPTION",
        description="share of residents online, by year (January), linear in between")


class Apps(Strict):
    inventory: str = param("data/binjai_inventory.csv", unit="path", source="study, table 1.2",
                           description="app inventory CSV, relative to the scenario file")
    initial_quality: Share = param(0.8, unit="0-1", source="ASSUMPTION", description="quality at launch")
    quality_decay: Share = param(0.03, unit="per month", source="ASSUMPTION (calibrated)",
                                 description="monthly quality loss with no upkeep")
    repair_rate: Share = param(0.15, unit="per month", source="ASSUMPTION",
                               description="monthly recovery toward 1 with full upkeep")
    degraded_below: Share = param(0.5, unit="quality", source="ASSUMPTION",
                                  description="quality below which an app counts as degraded")
    failure_below: Share = param(0.12, unit="quality", source="ASSUMPTION",
                                 description="quality below which an app fails for good")
    abandon_after_months: Count = param(12, ge=1, le=120, unit="months", source="ASSUMPTION",
                                        description="months in a row with no users before an app is abandoned")
    launch_grace_months: Count = param(6, ge=0, le=60, unit="months", source="ASSUMPTION",
                                       description="months after launch before idleness counts")
    target_share_scale: Real = param(
        1.0, gt=0, le=10, unit="multiplier", source="ASSUMPTION (the inventory's shares are estimates)",
        description="multiplies every app's target share in the inventory (capped at 1), so a sweep can vary them")


class Hazard(Strict):
    structure: Literal["five_factor", "constant", "age", "resources_only"] = param(
        "five_factor", unit="", source="DESIGN (competing structures)",
        description="what the hazard depends on: the five-factor score S, nothing, the app's age, or resources")
    intercept: Real = param(-2.1, ge=-20, le=5, unit="log rate per month", source="ASSUMPTION (calibrated)",
                            description="log monthly closure rate at S = 0 (a new app, for 'age')")
    scale: Real = param(5.3, ge=0, le=50, unit="log rate per unit of S", source="ASSUMPTION (calibrated)",
                        description="fall of the log rate per unit of the sustainability score S")
    age_effect: Real = param(0.0, ge=-3, le=3, unit="log rate per year of age", source="ASSUMPTION",
                             description="change of the log rate per year since launch ('age' structure)")


FactorName = Literal["political", "resources", "participation", "impact", "institutions"]


class Coefficients(Strict):
    file: str = param("../calibration/survey_coefficients.yaml", unit="path",
                      source="study (signs, significance); magnitudes ASSUMPTION",
                      description="survey coefficients file, relative to the scenario file")
    use: Literal["all", "significant_only"] = param("significant_only", unit="",
                                                    source="DESIGN: the study's significant factors",
                                                    description="which factors enter S")
    estimates: dict[FactorName, Annotated[Real, Field(ge=-5, le=5)]] = param(
        default_factory=dict, unit="standardised", source="sensitivity analysis",
        description="replace the file's estimate of these factors")


class InstitutionWeights(Strict):
    """Weights of the institutions factor's parts, normalised to sum to 1."""

    regulation: Real = param(0.3, ge=0, le=1, unit="weight", source="ASSUMPTION",
                             description="weight of regulation (city framework and use mandate)")
    sop: Real = param(0.3, ge=0, le=1, unit="weight", source="ASSUMPTION",
                      description="weight of documented procedures")
    unit: Real = param(0.2, ge=0, le=1, unit="weight", source="ASSUMPTION",
                       description="weight of a dedicated smart-city unit")
    integration: Real = param(0.2, ge=0, le=1, unit="weight", source="ASSUMPTION",
                              description="weight of integration with the national platform")

    @model_validator(mode="after")
    def _some(self):
        if self.regulation + self.sop + self.unit + self.integration <= 0:
            raise ValueError(t("helpwords.error.institution_weight"))
        return self


class FiscalMultipliers(Strict):
    """The discretionary IT budget by fiscal capacity class, relative to a medium city."""

    very_low: Real = param(0.6, gt=0, le=5, unit="multiplier", source="ASSUMPTION (ordering: PMK 120/2020 classes)",
                           description="IT budget multiplier, very low fiscal capacity")
    low: Real = param(0.8, gt=0, le=5, unit="multiplier", source="ASSUMPTION",
                      description="IT budget multiplier, low fiscal capacity")
    medium: Real = param(1.0, gt=0, le=5, unit="multiplier", source="ASSUMPTION",
                         description="IT budget multiplier, medium fiscal capacity")
    high: Real = param(1.25, gt=0, le=5, unit="multiplier", source="ASSUMPTION",
                       description="IT budget multiplier, high fiscal capacity")
    very_high: Real = param(1.5, gt=0, le=5, unit="multiplier", source="ASSUMPTION",
                            description="IT budget multiplier, very high fiscal capacity")


class Structure(Strict):
    """The numbers the model's structure rests on. None has a source beyond reasoning; each is
    an assumption a sweep can vary (docs/ODD.md, section 7)."""

    resources_budget_weight: Share = param(
        0.6, unit="weight", source="ASSUMPTION",
        description="weight of budget coverage in the resources factor (the rest: operator capacity)")
    institution_weights: InstitutionWeights = InstitutionWeights()
    framework_share: Share = param(
        0.5, unit="share", source="ASSUMPTION",
        description="share of the regulation component from the city's framework (the rest: a use mandate)")
    champion_bonus: Share = param(0.2, unit="share of the gap", source="ASSUMPTION",
                                  description="political support a recognised champion adds, of the gap to 1")
    upkeep_operator_share: Share = param(
        0.5, unit="share", source="ASSUMPTION",
        description="share of upkeep that depends on operator capacity (the rest: money alone)")
    initial_know_how: Share = param(0.5, unit="0-1", source="ASSUMPTION (developer hand-over at launch)",
                                    description="operator know-how at launch")
    no_rotation_months: Count = param(6, ge=0, le=60, unit="months", source="UU 10/2016 art. 162(3) (EVIDENCE high)",
                                      description="months after an oath in which no one is moved")
    skill_concentration: Real = param(4.0, gt=0, le=1000, unit="Beta a+b", source="ASSUMPTION",
                                      description="concentration of civil servants' initial skill")
    propensity_shape: Real = param(2.0, gt=0, le=1000, unit="Beta a = b", source="ASSUMPTION",
                                   description="shape of citizens' propensity to try apps")
    priority_reference: Real = param(0.5, gt=0, le=1, unit="0-1", source="ASSUMPTION",
                                     description="mayoral priority at which the IT budget is neither raised nor cut")
    fiscal_multipliers: FiscalMultipliers = FiscalMultipliers()


class Report(Strict):
    checkpoints: list[Month] = param(default_factory=list, unit="months", source="scenario",
                                     description="months to report besides the horizon's end and each election")


class RunSettings(Strict):
    replicates: Count = param(20, ge=1, le=100_000, unit="runs", source="design")
    seed: Count = param(20161202, ge=0, le=2**63 - 1, unit="", source="design")


class Scenario(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", max_length=100)
    label: str = Field("", max_length=200,
                       description="a readable name for figures and reports (default: the city's name)")
    description: str = ""
    lang: Literal["en", "id"] = Field("en", description="language of the printed summary, figures and report: "
                                                        "en (English) or id (Bahasa Indonesia)")
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
    structure: Structure = Structure()
    strategies: list[dict] = Field(default_factory=list)
    strategy_budget_rp: Real | None = param(
        None, ge=0, le=1.0e15, unit="Rp/month", source="scenario",
        description="cap on the strategies' combined cost in any month (none: no cap)")
    report: Report = Report()
    run: RunSettings = RunSettings()
    known: Known | None = Field(None, description="known statuses that condition every run (none: unconditioned)")
    projection: Projection | None = Field(None, description="project from a month with today's portfolio "
                                                            "(none: strategies from their own start dates)")
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="where a value comes from, by dotted key (city.population: 2020 census, BPS); reports show "
                    "it beside the value, and label a value with no source as an assumption")

    @model_serializer(mode="wrap")
    def _without_unset_plans(self, handler):
        # absent, these keys leave a scenario's dump (and so its hash and resolved file) as before they existed
        data = handler(self)
        for key in ("known", "projection"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


assert set(FiscalMultipliers.model_fields) == set(FISCAL_CLASSES)
assert len(FACTORS) == 5
