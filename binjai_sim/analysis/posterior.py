"""Parameter sets drawn from a calibration's posterior, for comparisons that carry its uncertainty.

A scenario that names ``calibrated: FILE`` runs with the calibrated point. The posterior the
point came from sits beside that file (``posterior.parquet``); the competing structures'
posteriors and their probabilities, when ``binjai-sim calibrate structures`` has run, sit in
``structures/`` beside it. A draw is a set of scenario changes: a particle of the posterior
(and, over structures, first a structure by its posterior probability, then a particle of that
structure's posterior, with ``hazard.structure`` set).

A scenario's own value of a fitted key wins over a draw, as it wins over the calibrated point.

``prior_draws`` draws the same keys from the fit's priors instead (structures with equal
probability, the structures fit's own prior), from the same seeded generator, so a comparison
under the prior is paired with the one under the posterior draw by draw: what differs between
their verdicts is what the data taught.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.scenario import overrides

from .calibrate.strategy_fit import applies, fitted_changes

STRUCTURES_DIR = "structures"
PROBABILITIES = "probabilities.csv"


@dataclass
class Draw:
    changes: dict[str, object]
    structure: str


def _changes(row: pd.Series) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in row.items():
        if key == "weight" or key.startswith("observation."):
            continue
        out[key] = format_month(int(round(value))) if key.endswith(".date") else float(value)
    return out


def _pick(frame: pd.DataFrame, rng: np.random.Generator) -> pd.Series:
    w = frame["weight"].to_numpy(dtype=float)
    return frame.iloc[int(rng.choice(len(frame), p=w / w.sum()))]


def calibration_dir(scenario) -> Path:
    if not scenario.calibrated:
        raise InputError(scenario.path, "calibrated",
                         t("posterior.needs_calibrated"))
    return Path(scenario.calibrated["file"]).parent


def load_posterior(scenario) -> pd.DataFrame:
    path = calibration_dir(scenario) / "posterior.parquet"
    if not path.is_file():
        raise InputError(path, None, t("posterior.no_posterior"))
    check_pair(Path(scenario.calibrated["file"]), path)
    return pd.read_parquet(path)


def check_pair(calibrated: Path, posterior: Path) -> None:
    """A posterior is read only with the calibrated file of the same fit: the fit writes the
    posterior's hash into that file (``posterior_sha256``)."""
    import hashlib

    from binjai_sim.scenario.yamlfile import read_yaml

    data = read_yaml(calibrated)
    recorded = data.get("posterior_sha256") if isinstance(data, dict) else None
    if not isinstance(recorded, str):
        raise InputError(calibrated, "posterior_sha256", t("posterior.no_identity"))
    if hashlib.sha256(posterior.read_bytes()).hexdigest() != recorded:
        raise InputError(posterior, None, t("posterior.other_fit", calibrated=calibrated))


def load_structures(scenario) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Each structure's posterior and its posterior probability."""
    folder = calibration_dir(scenario) / STRUCTURES_DIR
    table = folder / PROBABILITIES
    if not table.is_file():
        raise InputError(table, None, t("posterior.no_structures"))
    probs = pd.read_csv(table)
    posteriors = {}
    for name in probs["structure"]:
        path = folder / f"{name}.parquet"
        if not path.is_file():
            raise InputError(path, None, t("posterior.missing_structure", name=name))
        posteriors[name] = pd.read_parquet(path)
    return posteriors, dict(zip(probs["structure"], probs["probability"].astype(float), strict=True))


def draws(scenario, n: int, seed: int, structures: bool = False) -> list[Draw]:
    """``n`` draws (seeded: the same seed gives the same draws)."""
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(7, 1)))
    if not structures:
        posterior = load_posterior(scenario)
        structure = scenario.spec.hazard.structure
        return [Draw(_changes(_pick(posterior, rng)), structure) for _ in range(n)]
    posteriors, probs = load_structures(scenario)
    names = list(posteriors)
    p = np.array([max(probs[s], 0.0) for s in names])
    out = []
    for _ in range(n):
        name = names[int(rng.choice(len(names), p=p / p.sum()))]
        out.append(Draw({**_changes(_pick(posteriors[name], rng)), "hazard.structure": name}, name))
    return out


def priors_file(scenario) -> Path:
    """The priors the calibration was fitted with: the calibrated file's ``priors.file``, else
    ``priors.yaml`` beside it."""
    from binjai_sim.scenario.yamlfile import read_yaml

    folder = calibration_dir(scenario)
    data = read_yaml(Path(scenario.calibrated["file"]), "calibrated file")
    named = data.get("priors") if isinstance(data, dict) else None
    path = folder / (named["file"] if isinstance(named, dict) and isinstance(named.get("file"), str)
                     else "priors.yaml")
    if not path.is_file():
        raise InputError(path, None, t("posterior.no_priors"))
    return path


def _priors_of(scenario, keys: list[str], path: Path) -> list:
    """The priors of a posterior's columns (the observation model's are not scenario keys)."""
    from .calibrate.structures import AGE_PRIOR
    from .calibrate.targets import date_priors, load_priors

    known = {p.key: p for p in [*load_priors(path, scenario), *date_priors(scenario), AGE_PRIOR]}
    keys = [k for k in keys if k != "weight" and not k.startswith("observation.")]
    missing = [k for k in keys if k not in known]
    if missing:
        raise InputError(path, missing[0], t("posterior.no_prior", keys=", ".join(missing)))
    return [known[k] for k in keys]


def prior_draws(scenario, n: int, seed: int, structures: bool = False) -> list[Draw]:
    """``n`` draws of the posterior's keys from their priors, from the generator ``draws`` uses."""
    from .calibrate.smc import Space
    from .calibrate.targets import as_changes

    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(7, 1)))
    path = priors_file(scenario)
    if structures:
        posteriors, _ = load_structures(scenario)
    else:
        posteriors = {scenario.spec.hazard.structure: load_posterior(scenario)}
    priors = {name: _priors_of(scenario, list(frame.columns), path) for name, frame in posteriors.items()}
    names = list(priors)
    out = []
    for _ in range(n):
        name = names[int(rng.choice(len(names)))] if structures else names[0]
        space = Space.of(priors[name])
        changes = as_changes(space.values(space.draw_prior(rng, 1)[0]), priors[name])
        out.append(Draw({**changes, "hazard.structure": name} if structures else changes, name))
    return out


def with_strategy_effects(draw_list: list[Draw], seed: int, pooled: Path | None = None) -> list[Draw]:
    """The draws with every strategy's effect sizes and costs drawn from their priors
    (calibration/strategy_priors.yaml) as well: draw ``d`` gets the same strategy values whichever
    list it is in (posterior or prior draws), from its own seeded stream, so the parameter draws
    are the same with or without them. With ``pooled`` (a pooled fit's folder: the posterior
    side), the strategy parameters that fit holds come from its posterior instead
    (binjai_sim.analysis.calibrate.strategy_fit)."""
    from binjai_sim.model.strategies import REGISTRY
    from binjai_sim.scenario.strategy_priors import load_strategy_priors, strategy_changes

    priors = load_strategy_priors()
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(7, 3)))
    out = [Draw({**d.changes, **strategy_changes(list(REGISTRY), priors, rng)}, d.structure) for d in draw_list]
    if pooled is None:
        return out
    fitted = fitted_changes([d.structure for d in out], seed, pooled)
    return [Draw({**d.changes, **f}, d.structure) for d, f in zip(out, fitted, strict=True)]


def _held(scenario, key: str) -> bool:
    """Does the scenario hold the strategy a ``strategies[name].param`` key names, without setting
    that parameter itself (a package's own value is a planner's choice, not an uncertain effect)?"""
    if key.endswith(".monthly_cost_rp") and scenario.spec.strategy_budget_rp is not None:
        return False  # a budget envelope fixes what is spent; the uncertainty left is what it buys
    return applies(scenario, key)


def applicable(scenario, changes: dict[str, object]) -> dict[str, object]:
    """The changes a scenario takes from a draw: those of keys it did not set itself (its value
    is still the calibrated point's), and the drawn effects of the strategies it holds."""
    point = (scenario.calibrated or {}).get("parameters", {})
    elsewhere = set((scenario.calibrated or {}).get("not_applied", ()))  # another city's own events
    keep = {}
    for key, value in changes.items():
        if key in elsewhere:
            continue
        if key.startswith("strategies["):
            if _held(scenario, key):
                keep[key] = value
            continue
        if key in point:
            try:
                mine = overrides.get(scenario.raw, key)
            except InputError:
                mine = point[key]
            if mine != point[key]:
                continue
        keep[key] = value
    return keep
