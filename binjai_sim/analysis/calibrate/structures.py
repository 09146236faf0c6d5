"""Competing survival structures, fitted together and weighed by their evidence.

Four structures explain why an app closes in the hazard (``hazard.structure``): ``five_factor``
(the study's score S of the five factors), ``resources_only`` (S is the resources factor alone),
``age`` (the log rate changes with the app's age, nothing else) and ``constant`` (one rate for
every app and month). Every other mechanism (national replacement, consolidation, hand-over
cuts, abandonment, technical failure) is shared. Each structure fits its own parameters and the
shared ones; the score weights only enter where S is read.

All structures run in one ABC-SMC (``smc.abc_smc_models``) under one tolerance schedule, so
each one's evidence is the prior probability that its run falls within the final tolerance,
and the ratio of two evidences is a Bayes factor. Posterior model probabilities follow with
equal prior probabilities. Their Monte Carlo uncertainty comes from repeating the whole fit
with independent seeds (the spread across repeats), beside the delta-method standard error of
each log evidence (sum over generations of (1 - p) / (n p), p the share of particles within
each tolerance), which ignores the dependence between generations and so is a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from binjai_sim.base.i18n import t

from .fit import FitSetup, run_distance
from .smc import SMCResult, abc_smc_models
from .targets import Prior

STRUCTURES: tuple[str, ...] = ("five_factor", "resources_only", "age", "constant")
SCORE_KEYS = ("hazard.scale",)
AGE_PRIOR = Prior("hazard.age_effect", -1.0, 1.0)  # log rate per year of age: ASSUMPTION, halving to doubling+


def structure_setup(setup: FitSetup, structure: str) -> FitSetup:
    """``setup`` under ``structure``, with the priors that structure reads."""
    if structure not in STRUCTURES:
        raise ValueError(f"unknown structure {structure!r}; allowed: {', '.join(STRUCTURES)}")
    shared = [p for p in setup.priors if p.key not in SCORE_KEYS and not p.key.startswith("coefficients.estimates.")
              and p.key != AGE_PRIOR.key]
    score = [p for p in setup.priors if p.key in SCORE_KEYS]
    weights = [p for p in setup.priors if p.key.startswith("coefficients.estimates.")]
    own = {"five_factor": score + weights, "resources_only": score, "age": [AGE_PRIOR], "constant": []}[structure]
    return replace(setup, priors=shared + own, fixed={**setup.fixed, "hazard.structure": structure})


def run_model_distance(setups: list[FitSetup], values: dict, seed: int) -> float:
    """One run of the structure ``values["__model__"]`` (a picklable task for the workers)."""
    values = dict(values)
    return run_distance(setups[int(values.pop("__model__"))], values, seed)


@dataclass
class StructureComparison:
    structures: list[str]
    fits: list[list[SMCResult]]  # repeats x structures
    table: pd.DataFrame  # one row per structure


def compare_structures(setup: FitSetup, structures: list[str], seed: int, population: int, generations: int,
                       budget: int, workers: int = 1, repeats: int = 3, quantile: float = 0.5,
                       progress=None) -> StructureComparison:
    """Fit ``structures`` together ``repeats`` times (seeds ``seed``, ``seed + 1``, ...)."""
    from functools import partial

    setups = [structure_setup(setup, s) for s in structures]
    run = partial(run_model_distance, setups)
    fits = [abc_smc_models([s.priors for s in setups], run, seed + r, population, generations,
                           budget * len(structures), workers, quantile=quantile, progress=progress)
            for r in range(repeats)]
    return StructureComparison(list(structures), fits, evidence_table(structures, fits, population))


def model_probabilities(log_evidence: np.ndarray) -> np.ndarray:
    """Posterior probabilities of models with equal prior weight from their log evidences."""
    finite = np.isfinite(log_evidence)
    if not finite.any():
        return np.full(log_evidence.shape, np.nan)
    z = np.where(finite, log_evidence - log_evidence[finite].max(), -np.inf)
    p = np.exp(z)
    return p / p.sum()


def log_evidence_se(alive_fraction: list[float], population: int) -> float:
    """Delta-method standard error of an SMC log evidence (a lower bound; see the module)."""
    p = np.asarray(alive_fraction, dtype=float)
    if (p <= 0).any():
        return float("nan")
    return float(np.sqrt(((1 - p) / (population * p)).sum()))


def evidence_table(structures: list[str], fits: list[list[SMCResult]], population: int) -> pd.DataFrame:
    logz = np.array([[f.log_evidence for f in repeat] for repeat in fits])  # repeats x structures
    probs = np.array([model_probabilities(row) for row in logz])
    rows = []
    for j, name in enumerate(structures):
        col = probs[:, j]
        ses = [log_evidence_se(repeat[j].alive_fraction, population) for repeat in fits]
        rows.append({"structure": name, "parameters": len(fits[0][j].posterior.columns) - 1,
                     "log_evidence": float(np.mean(logz[:, j])) if np.isfinite(logz[:, j]).all() else float("-inf"),
                     "log_evidence_sd_repeats": float(np.std(logz[:, j], ddof=1)) if len(fits) > 1 else float("nan"),
                     "log_evidence_se_delta": float(np.nanmean(ses)) if not np.isnan(ses).all() else float("nan"),
                     "probability": float(np.mean(col)), "probability_min": float(np.min(col)),
                     "probability_max": float(np.max(col)), "final_epsilon": fits[0][j].epsilons[-1]
                     if fits[0][j].epsilons else float("nan")})
    table = pd.DataFrame(rows)
    best = table.loc[table["probability"].idxmax(), "log_evidence"]
    table["bayes_factor_vs_best"] = np.exp(table["log_evidence"] - best)
    return table


def discriminates(table: pd.DataFrame, threshold: float = 0.9) -> str | None:
    """The structure every repeat gives at least ``threshold`` probability, if any."""
    top = table[table["probability_min"] >= threshold]
    return None if top.empty else str(top["structure"].iloc[0])


def verdict(table: pd.DataFrame, threshold: float = 0.9, lang: str | None = None) -> str:
    """One plain sentence on what the fates say about the structures, in ``lang`` (default: the
    language in force)."""
    winner = discriminates(table, threshold)
    ranked = table.sort_values("probability", ascending=False)
    spread = ", ".join(f"{r.structure} {r.probability:.2f} ({r.probability_min:.2f}-{r.probability_max:.2f})"
                       for r in ranked.itertuples())
    if winner:
        return t("archdocs.structures.favoured", lang, winner=winner, spread=spread)
    return t("archdocs.structures.undecided", lang, threshold=f"{threshold:.0%}", spread=spread)
