"""The five factor levels of every app, each in [0, 1], from the agents' state.

The weights inside each factor are structural assumptions (``structure:`` in the schema).
"""

from __future__ import annotations

import numpy as np


def political(priority: float, own: np.ndarray, legacy_support: float, floor: float,
              champion: np.ndarray, champion_bonus: float) -> np.ndarray:
    """Mayoral priority, discounted for apps launched under a predecessor; a floor set by
    plan/regulation embedding, raised by a recognised champion."""
    base = priority * np.where(own, 1.0, legacy_support)
    return np.clip(np.maximum(base, floor) + champion_bonus * champion * (1.0 - base), 0.0, 1.0)


def resources(coverage: np.ndarray, operator_capacity: np.ndarray, budget_weight: float) -> np.ndarray:
    w = budget_weight
    return np.clip(w * coverage + (1.0 - w) * operator_capacity, 0.0, 1.0)


def participation(use_ratio: np.ndarray, target: float) -> np.ndarray:
    return np.clip(use_ratio / max(target, 1e-9), 0.0, 1.0)


def impact(quality: np.ndarray, participation_level: np.ndarray) -> np.ndarray:
    return np.clip(quality * participation_level, 0.0, 1.0)


def institutions(framework: float, mandate: np.ndarray, sop: np.ndarray, unit: np.ndarray,
                 integration: np.ndarray, weights, framework_share: float) -> np.ndarray:
    """Regulation (a city framework such as Perwal 53/2017, and a regulation mandating use),
    SOPs, a dedicated unit and integration with national platforms; weights normalised to 1."""
    total = weights.regulation + weights.sop + weights.unit + weights.integration
    regulation = framework_share * framework + (1.0 - framework_share) * mandate
    level = (weights.regulation * regulation + weights.sop * sop + weights.unit * unit
             + weights.integration * integration) / total
    return np.clip(level, 0.0, 1.0)
