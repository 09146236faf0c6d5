"""The five factor levels of every app, each in [0, 1], from the agents' state."""

from __future__ import annotations

import numpy as np

# Weights inside each factor: ASSUMPTIONS (docs/ODD.md, submodel "factors").
RESOURCE_BUDGET_WEIGHT = 0.6  # rest: operator capacity (skill x know-how)
INSTITUTION_WEIGHTS = {"regulation": 0.3, "sop": 0.3, "unit": 0.2, "integration": 0.2}
FRAMEWORK_SHARE = 0.5  # of the regulation component: the city's smart-city framework; rest: a use mandate


def political(priority: float, own: np.ndarray, legacy_support: float, floor: float,
              champion: np.ndarray) -> np.ndarray:
    """Mayoral priority, discounted for apps launched under a predecessor; a floor set by
    plan/regulation embedding, raised by a recognised champion."""
    base = priority * np.where(own, 1.0, legacy_support)
    return np.clip(np.maximum(base, floor) + 0.2 * champion * (1.0 - base), 0.0, 1.0)


def resources(coverage: np.ndarray, operator_capacity: np.ndarray) -> np.ndarray:
    w = RESOURCE_BUDGET_WEIGHT
    return np.clip(w * coverage + (1.0 - w) * operator_capacity, 0.0, 1.0)


def participation(use_ratio: np.ndarray, target: float) -> np.ndarray:
    return np.clip(use_ratio / max(target, 1e-9), 0.0, 1.0)


def impact(quality: np.ndarray, participation_level: np.ndarray) -> np.ndarray:
    return np.clip(quality * participation_level, 0.0, 1.0)


def institutions(framework: float, mandate: np.ndarray, sop: np.ndarray, unit: np.ndarray,
                 integration: np.ndarray) -> np.ndarray:
    """Regulation (a city framework such as Perwal 53/2017, and a regulation mandating use),
    SOPs, a dedicated unit and integration with national platforms."""
    w = INSTITUTION_WEIGHTS
    regulation = FRAMEWORK_SHARE * framework + (1.0 - FRAMEWORK_SHARE) * mandate
    level = (w["regulation"] * regulation + w["sop"] * sop + w["unit"] * unit
             + w["integration"] * integration)
    return np.clip(level, 0.0, 1.0)
