"""Pooled calibration over several regions: shared structure, region effects from covariates.

Every region runs with its own scenario (inventory, population, budget, elections: whatever the
scenario says) and is scored on its own dated records by the observation model of
``binjai_sim.analysis.calibrate.evidence``. The parameters listed in the pooled priors file are shared by every
region. Regions differ, beyond what their scenarios already say, by a region effect on the log
closure rate (``hazard.intercept``):

    effect_r = sum_k beta_k * x_rk + spread * z_r,   z_r ~ N(0, 1)

``x_r`` are the region's covariates (``covariates``), the betas, the spread and every fitted
region's ``z_r`` are fitted (partial pooling: with ``spread`` near 0 the regions share one rate,
with a wide one each region keeps its own). A region with no records gets a fresh ``z``.

Every fitted scenario parameter the per-app fit set (``calibration/calibrated.yaml``, which was
fitted on Binjai's fates) and that this fit does not fit is reset to the middle of its prior, so
a fit that leaves Binjai out sees nothing of Binjai's fates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.runs.runner import run_model
from binjai_sim.scenario.load import LoadedScenario, load_scenario
from binjai_sim.scenario.observations import Observation, load_observations
from binjai_sim.scenario.yamlfile import read_yaml

from . import evidence
from .history import in_force, load_history, with_history
from .strategy_fit import PREFIX, applies, effect_priors
from .structures import AGE_PRIOR, STRUCTURES
from .targets import Prior, as_changes, date_priors, load_priors

# covariates: how each is read and its reference value (x = 0 there). ASSUMPTIONS: the reference
# budget is about Binjai's Rp3.4 million per resident rounded; 'medium' is the middle class; 2.6
# is the national SPBE index of 2021 (KemenPAN-RB), close to the 'baik' threshold.
COVARIATES = ("log_budget_per_resident", "fiscal_capacity", "spbe")
BUDGET_REFERENCE = 3.0e6
FISCAL_CLASSES = {"very_low": -2.0, "low": -1.0, "medium": 0.0, "high": 1.0, "very_high": 2.0}
SPBE_REFERENCE = 2.6
POOLED = "pooled."
BETA, SPREAD, DEVIATION = "pooled.beta.", "pooled.spread", "pooled.deviation."
SCORE_ONLY = ("hazard.scale",)  # read only where the score S is


@dataclass
class Region:
    name: str
    scenario: LoadedScenario
    records: list[Observation]
    covariates: dict[str, float]
    neutral: dict[str, object]  # the per-app fit's values reset to their priors' middles
    until: int
    counts: str = "total"  # how its official counts relate to its scenario's apps (evidence.COUNT_MODELS)

    def x(self) -> np.ndarray:
        return np.array([self.covariates[k] for k in COVARIATES])


@dataclass
class PooledSetup:
    regions: list[Region]  # the regions whose records the fit reads
    shared: list[Prior]    # shared scenario parameters
    replicates: int = 4
    structures: tuple[str, ...] = STRUCTURES
    held_out: list[Region] = field(default_factory=list)  # regions predicted, never scored

    def priors(self, structure: str) -> list[Prior]:
        keep = [p for p in self.shared if structure in ("five_factor", "resources_only") or p.key not in SCORE_ONLY]
        own = [AGE_PRIOR] if structure == "age" else []
        pooled = [Prior(f"{BETA}{k}", 0.0, 0.5, "normal") for k in COVARIATES]
        pooled.append(Prior(SPREAD, 0.0, 1.0))
        pooled += [Prior(f"{DEVIATION}{r.name}", 0.0, 1.0, "normal") for r in self.regions]
        return keep + own + effect_priors([r.scenario for r in self.regions]) + pooled

    def without(self, name: str) -> PooledSetup:
        """The set-up of a fit that never reads region ``name``'s records."""
        names = [r.name for r in self.regions]
        if name not in names:
            raise ValueError(name)
        return replace(self, regions=[r for r in self.regions if r.name != name],
                       held_out=[r for r in self.regions if r.name == name])


def covariates_of(scenario: LoadedScenario, spbe: float | None) -> dict[str, float]:
    """A region's covariates, from its scenario (budget per resident, fiscal capacity class) and
    its SPBE index where known (unknown: the reference, so it adds nothing)."""
    city = scenario.spec.city
    return {"log_budget_per_resident": float(np.log(city.annual_budget_rp / city.population / BUDGET_REFERENCE)),
            "fiscal_capacity": FISCAL_CLASSES[city.fiscal_capacity],
            "spbe": 0.0 if spbe is None else float(spbe) - SPBE_REFERENCE}


def effect(values: dict[str, float], x: np.ndarray, deviation: float) -> float:
    beta = np.array([values.get(f"{BETA}{k}", 0.0) for k in COVARIATES])
    return float(beta @ x + values.get(SPREAD, 0.0) * deviation)


def neutral_values(scenario: LoadedScenario, priors_path: Path) -> dict[str, object]:
    """The middle of every prior of the per-app fit (its priors file and the dated events' ranges)."""
    middle = {}
    listed = load_priors(priors_path, scenario)
    keys = {p.key for p in listed}
    priors = listed + [p for p in date_priors(scenario) if p.key not in keys]
    for p in priors:
        if p.scenario_key:
            middle[p.key] = p.low if p.kind == "normal" else (p.low + p.high) / 2
    return as_changes(middle, priors)


def load_regions(path: Path, priors_path: Path) -> list[Region]:
    """The regions file: ``regions: {name: {scenario, observations, spbe, counts, history}}``,
    paths relative to it; ``counts`` (default ``total``) says whether the region's official counts
    are of its scenario's apps or of a larger, undefined population (``scale``); ``history`` names
    the file of the instruments each region had in force (``binjai_sim.analysis.calibrate.history``), whose
    strategies join the region's scenario."""
    data = read_yaml(path, t("pooled.regions_what"))
    regions = data.get("regions") if isinstance(data, dict) else None
    if not isinstance(regions, dict) or len(regions) < 2:
        raise InputError(path, "regions", t("pooled.regions_need"), t("pooled.regions_allowed"))
    out = []
    for name, spec in regions.items():
        where = f"regions.{name}"
        if not isinstance(spec, dict) or not {"scenario", "observations"} <= set(spec) \
                or not set(spec) <= {"scenario", "observations", "spbe", "source", "counts", "history"}:
            raise InputError(path, where, t("pooled.region_keys"),
                             "scenario, observations, spbe, counts, history, source")
        counts = spec.get("counts", "total")
        if counts not in evidence.COUNT_MODELS:
            raise InputError(path, f"{where}.counts", t("pooled_counts.bad_counts", value=counts),
                             t("pooled_counts.counts_allowed"))
        spbe = spec.get("spbe")
        if spbe is not None and (isinstance(spbe, bool) or not isinstance(spbe, (int, float)) or not 0 <= spbe <= 5):
            raise InputError(path, f"{where}.spbe", t("pooled.bad_spbe", value=spbe), t("pooled.spbe_allowed"))
        scenario = load_scenario((path.parent / str(spec["scenario"])).resolve())
        if spec.get("history") is not None:
            history = (path.parent / str(spec["history"])).resolve()
            scenario = with_history(scenario, history, in_force(load_history(history), str(name)))
        records = load_observations((path.parent / str(spec["observations"])).resolve())
        names = {a.name for a in scenario.inventory}
        used = [r for r in records if r.observed == "count" or (r.scope == "local" and r.app in names)]
        if not used:
            raise InputError(path, f"{where}.observations", t("pooled.no_records"))
        until = min(max(r.last for r in used), scenario.spec.horizon.end)
        out.append(Region(str(name), scenario, records, covariates_of(scenario, spbe),
                          neutral_values(scenario, priors_path), until, counts))
    return out


def region_scenario(region: Region, values: dict[str, float], structure: str, deviation: float) -> LoadedScenario:
    shared = {k: v for k, v in values.items() if not k.startswith(POOLED) and k != "__model__"
              and (not k.startswith(PREFIX) or applies(region.scenario, k))}
    base = float(shared.pop("hazard.intercept", region.scenario.spec.hazard.intercept))
    changes = {**region.neutral, "hazard.structure": structure, **shared,
               "hazard.intercept": base + effect(values, region.x(), deviation)}
    return region.scenario.with_overrides(changes)


def record_likelihoods(region: Region, scenario: LoadedScenario, seed: int, replicates: int,
                       until: int | None = None) -> tuple[np.ndarray, list]:
    """Each used record's likelihood averaged over ``replicates`` runs (a Monte Carlo estimate of
    its predictive probability), and the runs' histories."""
    histories, rows = [], []
    for r_seed in np.random.SeedSequence(int(seed)).generate_state(replicates):
        history = evidence.history_of(run_model(scenario, int(r_seed) >> 1, until=until or region.until))
        scored = evidence.score(region.records, history, counts=region.counts)
        rows.append([np.nan if s.likelihood is None else s.likelihood for s in scored])
        histories.append(history)
    mean = np.mean(np.array(rows, dtype=float), axis=0)
    return mean[np.isfinite(mean)], histories


def pooled_distance(setup: PooledSetup, values: dict, seed: int) -> float:
    """Minus the log likelihood of every fitted region's records (a picklable task)."""
    structure = setup.structures[int(values.get("__model__", 0))]
    total = 0.0
    for i, region in enumerate(setup.regions):
        scenario = region_scenario(region, values, structure, values[f"{DEVIATION}{region.name}"])
        p, _ = record_likelihoods(region, scenario, seed + 7919 * i, setup.replicates)
        total -= float(np.log(np.maximum(p, 1e-300)).sum())
    return total


def load_shared(path: Path, regions: list[Region]) -> list[Prior]:
    """The shared priors, each checked against every region's scenario."""
    priors = [load_priors(path, r.scenario) for r in regions][0]
    pooled = [p.key for p in priors if p.key.startswith(POOLED) or not p.scenario_key]
    if pooled:
        raise InputError(path, pooled[0], t("pooled.reserved_key"), t("pooled.reserved_allowed"))
    return priors
