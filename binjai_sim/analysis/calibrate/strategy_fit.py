"""Strategy effect sizes the regions' records inform.

In the pooled fit, every effect size (a strategy parameter with a prior in
``calibration/strategy_priors.yaml`` that is not a cost and is drawn on a linear scale) of a
strategy in force in any fitted region is a fitted parameter shared by the regions that hold it,
with that range as its prior. A region without the strategy runs without it, so its records say
nothing about it. Costs and money amounts stay assumptions: a region's records say whether apps
lived, not what the instrument cost.

In a comparison, the posterior side takes those parameters from the pooled fit's posterior
(``calibration/pooled/fit``) where it holds them; every other strategy parameter is drawn from its
prior, and the prior side draws all of them from their priors, so the prior-beside-posterior
tables show what the records taught about strategies as well.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.base.resources import CALIBRATION
from binjai_sim.scenario import overrides

from .targets import Prior

COSTS = ("monthly_cost_rp",)  # what an instrument costs is no record's subject
PREFIX = "strategies["
POOLED_FIT = CALIBRATION / "pooled" / "fit"


def strategy_of(key: str) -> str:
    return key[len(PREFIX):key.index("]")]


def effect_priors(scenarios) -> list[Prior]:
    """The priors of the effect sizes of every strategy some scenario holds, in catalogue-name order."""
    from binjai_sim.scenario.strategy_priors import load_strategy_priors

    held = sorted({s.name for scenario in scenarios for s in scenario.strategies})
    ranges = load_strategy_priors()
    return [Prior(f"{PREFIX}{name}].{key}", r.low, r.high)
            for name in held for key, r in sorted(ranges.get(name, {}).items())
            if key not in COSTS and r.scale == "linear"]


def applies(scenario, key: str) -> bool:
    """Does a fitted strategy key act in this scenario: it holds the strategy and does not set
    the parameter itself?"""
    if strategy_of(key) not in {s.name for s in scenario.strategies}:
        return False
    try:
        overrides.get(scenario.raw, key)
    except InputError:
        return True
    return False


def fitted_posteriors(folder: Path = POOLED_FIT) -> tuple[dict[str, pd.DataFrame], dict[str, float]]:
    """Each structure's posterior of the strategy parameters the pooled fit in ``folder`` holds
    (with the particles' weights), and the structures' probabilities; empty when it holds none."""
    from binjai_sim.scenario.yamlfile import read_yaml

    record = Path(folder) / "pooled.yaml"
    if not record.is_file():
        return {}, {}
    body = read_yaml(record, t("history.fit_what"))
    probs = body.get("structure_probabilities") if isinstance(body, dict) else None
    if not isinstance(probs, dict) or not probs:
        raise InputError(record, "structure_probabilities", t("history.no_probabilities"))
    frames = {}
    for name in probs:
        path = Path(folder) / f"posterior_{name}.parquet"
        if not path.is_file():
            raise InputError(path, None, t("history.missing_posterior", structure=name))
        frame = pd.read_parquet(path)
        keys = [c for c in frame.columns if c.startswith(PREFIX)]
        if keys:
            frames[str(name)] = frame[[*keys, "weight"]]
    return frames, {str(k): float(v) for k, v in probs.items() if str(k) in frames}


def informed_keys(folder: Path = POOLED_FIT) -> list[str]:
    frames, _ = fitted_posteriors(folder)
    return sorted({c for f in frames.values() for c in f.columns if c != "weight"})


def fitted_changes(structures: list[str], seed: int, folder: Path = POOLED_FIT) -> list[dict[str, float]]:
    """For each draw (named by its structure), the strategy parameters of one particle of the
    pooled posterior: the draw's own structure's where the fit has it, else a structure drawn by
    its probability. Its own seeded stream, so every other value of a draw stays as it was."""
    frames, probs = fitted_posteriors(folder)
    if not frames:
        return [{} for _ in structures]
    rng = np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=(7, 4)))
    names = sorted(frames)
    p = np.array([max(probs[n], 0.0) for n in names])
    p = p / p.sum() if p.sum() > 0 else np.full(len(names), 1.0 / len(names))
    out = []
    for structure in structures:
        name = structure if structure in frames else names[int(rng.choice(len(names), p=p))]
        frame = frames[name]
        w = frame["weight"].to_numpy(dtype=float)
        row = frame.iloc[int(rng.choice(len(frame), p=w / w.sum()))]
        out.append({k: float(v) for k, v in row.items() if k != "weight"})
    return out


def sources_note(folder: Path = POOLED_FIT) -> str:
    """Which strategy parameters the regions' records informed and which remain assumptions."""
    from binjai_sim.scenario.strategy_priors import load_strategy_priors

    informed = informed_keys(folder)
    every = [f"{PREFIX}{n}].{k}" for n, ranges in sorted(load_strategy_priors().items()) for k in sorted(ranges)]
    assumed = [k for k in every if k not in informed]
    if not informed:
        return t("history.note_none", total=len(every))
    return t("history.note_some", informed=", ".join(informed), count=len(assumed))
