"""Holding the calibrated hazard level while the factor weights vary.

The hazard's intercept was fitted with the base's weights: the survey coefficients that weigh
the five factors in S, and the weights inside the resources and institutions factors. Change a
weight and S moves for every app, so the mean closure rate moves with it, and a sweep would
credit the weight with a change of level that a refit of the intercept would have taken back.
Refitting at every sample point costs a calibration each; instead the intercept is moved so
that the base's mean factor levels over the fitted period (its live app-months up to
``through``) give the same log rate as in the base:

    intercept' = intercept + scale x (S'(F_ref) - S(F_ref))

S is linear in the factors and each factor is linear in its parts, so the mean S follows from
the mean parts alone. Only the weights move S at fixed parts; every other parameter acts
through the apps' state and keeps its effect on the level, as a refit would partly undo
(docs/ODD.md and the README say so).
"""

from __future__ import annotations

import numpy as np

from binjai_sim.base.vocabulary import is_live
from binjai_sim.model.engine import Simulation
from binjai_sim.model.engine.state import betas
from binjai_sim.runs.runner import replicate_seed

PARTS = ("political", "coverage", "capacity", "participation", "impact", "city_regulation", "mandate", "sop",
         "unit", "integration")


def reference_parts(scenario, seed: int, replicates: int, through: int) -> dict[str, float]:
    """Mean of each factor part over the live app-months of ``replicates`` base runs, from the
    first month to ``through``."""
    sums = np.zeros(len(PARTS))
    count = 0
    for r in range(replicates):
        run = Simulation(scenario, replicate_seed(seed, r))
        s, p, plan = run.state, run.params, run.plan
        while run.month < min(through, run.end):
            run.step()
            t = run.month - run.start
            live = is_live(s.status)
            if not live.any():
                continue
            need = p.maintenance_need * plan.need_mult[t]
            operator = s.operator[live]
            capacity = np.where(operator >= 0, s.skill[np.maximum(operator, 0)] * s.know_how[live], 0.0)
            owner = s.owner[live]
            city = 1.0 if 0 <= p.city_regulation_from <= run.month else 0.0
            parts = np.column_stack([
                s.factors[live, 0], np.clip(s.budget[live] / need, 0.0, 1.0), capacity, s.factors[live, 2],
                s.factors[live, 3], np.full(owner.size, city),
                np.maximum(s.regulation[owner], plan.regulation_level[t]),
                s.sop[owner], np.maximum(s.unit[owner], plan.unit_level[t]), s.integrated[live]])
            sums += parts.sum(axis=0)
            count += owner.size
    means = sums / max(count, 1)
    return {name: float(v) for name, v in zip(PARTS, means, strict=True)}


def mean_score(scenario, parts: dict[str, float]) -> float:
    """S at the reference parts under ``scenario``'s weights and hazard structure."""
    spec = scenario.spec
    st = spec.structure
    w = st.resources_budget_weight
    resources = w * parts["coverage"] + (1.0 - w) * parts["capacity"]
    structure = spec.hazard.structure
    if structure == "resources_only":
        return resources
    if structure != "five_factor":
        return 0.0
    iw = st.institution_weights
    fs = st.framework_share
    regulation = fs * parts["city_regulation"] + (1.0 - fs) * parts["mandate"]
    institutions = (iw.regulation * regulation + iw.sop * parts["sop"] + iw.unit * parts["unit"]
                    + iw.integration * parts["integration"]) / (iw.regulation + iw.sop + iw.unit + iw.integration)
    factors = np.array([parts["political"], resources, parts["participation"], parts["impact"], institutions])
    b = betas(scenario.coefficients, spec.coefficients.use, spec.coefficients.estimates)
    total = float(np.abs(b).sum())
    return float(b @ factors / total) if total > 0 else 0.0


def hold_level(base, scenario, parts: dict[str, float]):
    """``scenario`` with its intercept moved so the reference parts keep the base's log rate."""
    shift = scenario.spec.hazard.scale * (mean_score(scenario, parts) - mean_score(base, parts))
    if shift == 0.0:
        return scenario
    return scenario.with_overrides({"hazard.intercept": scenario.spec.hazard.intercept + shift})
