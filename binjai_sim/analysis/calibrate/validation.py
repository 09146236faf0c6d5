"""How well a fitted model predicts apps: scores, folds, and the rival models it must beat.

Scores of per-app probabilities (apps x the study's classes): the log score (mean log
probability of each app's observed class), the Brier score (mean squared distance from the
observed class, 0 is perfect, 2 the worst) and the AUC with which the probability of running
at the study date separates the apps the study found running from the others.

Cross-validation fits a model on the fates of about two thirds of the apps and scores its
predictions for the rest, for every fold in turn, so no app's score comes from a fit that saw
it. The rivals: the same model with a constant hazard (the five factors do not matter), and
a model that knows only each app's launch year (the share of each class among the training
apps launched that year).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .fit import FitSetup, fit
from .observation import OBSERVED
from .predictive import predictive

LIVE = (OBSERVED.index("active"), OBSERVED.index("degraded"))


def scores(report: np.ndarray, observed: np.ndarray) -> dict[str, float]:
    """Log score, Brier score and AUC of per-app probabilities (``report``: apps x classes)."""
    p_obs = report[np.arange(observed.size), observed]
    onehot = np.eye(len(OBSERVED))[observed]
    is_live = np.isin(observed, LIVE)
    return {"log_score": float(np.mean(np.log(p_obs))), "brier": float(np.mean(((report - onehot) ** 2).sum(1))),
            "auc": auc(report[:, list(LIVE)].sum(1), is_live), "apps": int(observed.size)}


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """The chance a random positive scores above a random negative (ties count half)."""
    pos, neg = score[positive], score[~positive]
    if not pos.size or not neg.size:
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (pos.size * neg.size))


def folds(observed: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """``k`` held-out masks, each app in exactly one, live and dead apps spread evenly."""
    rng = np.random.default_rng(seed)
    fold = np.empty(observed.size, dtype=np.int64)
    order = []
    for group in (np.isin(observed, LIVE), ~np.isin(observed, LIVE)):
        members = np.flatnonzero(group)
        rng.shuffle(members)
        order.extend(members)
    fold[np.array(order)] = np.arange(observed.size) % k
    return [fold == j for j in range(k)]


def launch_year_model(observed: np.ndarray, years: np.ndarray, train: np.ndarray, smoothing: float = 0.5):
    """Per-app class probabilities from the training apps launched the same year (all training
    apps where none was), with ``smoothing`` added to every class count."""
    out = np.zeros((observed.size, len(OBSERVED)))
    for i in range(observed.size):
        same = train & (years == years[i])
        pool = observed[same] if same.any() else observed[train]
        counts = np.bincount(pool, minlength=len(OBSERVED)) + smoothing
        out[i] = counts / counts.sum()
    return out


def rival_setups(setup: FitSetup) -> dict[str, FitSetup]:
    """The calibrated structure and the constant-hazard one (which fits no score weights)."""
    constant = replace(setup, priors=[p for p in setup.priors if p.key != "hazard.scale"
                                      and not p.key.startswith("coefficients.estimates.")],
                       fixed={**setup.fixed, "hazard.structure": "constant"})
    return {setup.scenario.spec.hazard.structure: setup, "constant": constant}


def fold_predictions(setup: FitSetup, held: np.ndarray, seed: int, population: int, generations: int,
                     budget: int, replicates: int, workers: int = 1, progress=None) -> np.ndarray:
    """Every app's class probabilities from a fit that saw only the apps outside ``held``: the
    per-app loss of the training apps alone, without the counts, eDokter's use or the mayor's
    priority (each of which reads held-out apps' fates). Nothing else of the set-up is derived
    from any app's fate (the inventory's counterparts follow scenarios/national/counterparts.yaml,
    event dates have evidence-based priors), so a held-out app's row depends on the training
    apps' fates only (tests/test_leakage.py poisons a fold to show it)."""
    train_setup = replace(setup, mask=~held, extras=False)
    result = fit(train_setup, seed, population, generations, budget, workers, progress)
    return predictive(train_setup, result.posterior, replicates, seed + 100).report


def cross_validate(setup: FitSetup, k: int, seed: int, population: int, generations: int, budget: int,
                   replicates: int, workers: int = 1, progress=None) -> pd.DataFrame:
    """One row per (model, app): held-out probability of its class and of running."""
    observed = setup.observed.classes
    rows = []
    for j, held in enumerate(folds(observed, k, seed)):
        train = ~held
        for name, rival in rival_setups(setup).items():
            report = fold_predictions(rival, held, seed + j, population, generations, budget, replicates, workers,
                                      progress)
            rows += _rows(name, j, held, report, observed, setup.observed.names)
        rows += _rows("launch_year", j, held, launch_year_model(observed, setup.observed.launch_years, train),
                      observed, setup.observed.names)
    return pd.DataFrame(rows)


def _rows(model: str, fold: int, held: np.ndarray, report: np.ndarray, observed: np.ndarray,
          names: list[str]) -> list[dict]:
    return [{"model": model, "fold": fold, "app": names[i], "observed": OBSERVED[observed[i]],
             "p_observed": float(report[i, observed[i]]), "p_live": float(report[i, list(LIVE)].sum()),
             **{f"p_{c}": float(report[i, c_i]) for c_i, c in enumerate(OBSERVED)}}
            for i in np.flatnonzero(held)]


def paired_difference(table: pd.DataFrame, model: str, rival: str, seed: int = 0,
                      resamples: int = 4000) -> tuple[float, float, float]:
    """Mean held-out log score per app of ``model`` minus ``rival``, with a 90% bootstrap interval
    (apps resampled): whether the difference is more than the luck of which apps there are."""
    a = table[table.model == model].set_index("app")["p_observed"]
    b = table[table.model == rival].set_index("app")["p_observed"].reindex(a.index)
    diff = np.log(a.to_numpy()) - np.log(b.to_numpy())
    rng = np.random.default_rng(seed)
    boot = diff[rng.integers(0, diff.size, size=(resamples, diff.size))].mean(axis=1)
    return float(diff.mean()), float(np.quantile(boot, 0.05)), float(np.quantile(boot, 0.95))


def held_out_scores(table: pd.DataFrame) -> pd.DataFrame:
    """Scores of each model over all held-out apps."""
    out = []
    for model, part in table.groupby("model", sort=False):
        report = part[[f"p_{c}" for c in OBSERVED]].to_numpy()
        observed = part["observed"].map(OBSERVED.index).to_numpy()
        out.append({"model": model, **scores(report, observed)})
    return pd.DataFrame(out)
