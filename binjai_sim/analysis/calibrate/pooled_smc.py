"""The ABC-SMC of ``smc.py`` (several models under one tolerance schedule), resumable.

After the first evaluation and after every generation the whole state (each model's particles,
distances, evidence, acceptance, the tolerances and the count of evaluations) is written to
``generation_<t>.npz`` in the checkpoint folder, beside a fingerprint of the fit's settings. A
fit started again with the same settings continues from the newest checkpoint. Every random
number is keyed by (seed, generation, particle), so a resumed fit gives the same bytes as one
that was never interrupted; a checkpoint of other settings is refused, never mixed in.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t

from .smc import Evaluator, SMCResult, Space, _Chain, _move, _rng, _seeds, resample


def fingerprint(settings: dict) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def _save(folder: Path, t_: int, chains: list[_Chain], epsilons: list[float], count: int, stamp: str) -> None:
    data = {"t": t_, "count": count, "epsilons": np.array(epsilons), "stamp": np.array(stamp)}
    for c in chains:
        data |= {f"y{c.index}": c.y, f"d{c.index}": c.d, f"logz{c.index}": c.log_evidence,
                 f"acc{c.index}": np.array(c.acceptance), f"alive{c.index}": np.array(c.alive_fraction),
                 f"out{c.index}": c.out}
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".generation.", suffix=".npz", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **data)
        os.replace(tmp, folder / f"generation_{t_:03d}.npz")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _load(folder: Path, chains: list[_Chain], stamp: str) -> tuple[int, list[float], int] | None:
    found = sorted(folder.glob("generation_*.npz")) if folder.is_dir() else []
    if not found:
        return None
    with np.load(found[-1]) as data:
        if str(data["stamp"]) != stamp:
            raise InputError(folder, None, t("pooled.checkpoint_other"), t("pooled.checkpoint_allowed"))
        for c in chains:
            c.y, c.d = data[f"y{c.index}"].copy(), data[f"d{c.index}"].copy()
            c.log_evidence = float(data[f"logz{c.index}"])
            c.acceptance = data[f"acc{c.index}"].tolist()
            c.alive_fraction = data[f"alive{c.index}"].tolist()
            c.out = bool(data[f"out{c.index}"])
        return int(data["t"]), data["epsilons"].tolist(), int(data["count"])


def resumable_smc(priors_by_model: list, run, seed: int, population: int, generations: int, budget: int,
                  workers: int, checkpoints: Path | None, settings: dict, quantile: float = 0.5, moves: int = 8,
                  min_acceptance: float = 0.05, progress=None, stop_after: int | None = None) -> list[SMCResult]:
    """``smc.abc_smc_models`` with a checkpoint per generation (``stop_after``: stop after that
    generation, as an interruption would, for tests)."""
    spaces = [Space.of(p) for p in priors_by_model]
    stamp = fingerprint({**settings, "seed": seed, "population": population, "generations": generations,
                         "budget": budget, "quantile": quantile, "moves": moves, "min_acceptance": min_acceptance,
                         "priors": [[(p.key, p.low, p.high, p.kind) for p in ps] for ps in priors_by_model]})
    n, tagged = population, len(spaces) > 1
    chains = [_Chain(m, s, np.zeros((0, len(s.keys))), np.zeros(0), tagged) for m, s in enumerate(spaces)]
    evaluate = Evaluator(run, workers, progress)
    try:
        state = _load(checkpoints, chains, stamp) if checkpoints is not None else None
        if state is None:
            for c in chains:
                c.y = c.space.draw_prior(_rng(seed, *c.key(0)), n)
            tasks = [(c.values(row), s) for c in chains
                     for row, s in zip(c.y, _seeds(seed, *c.key(0), n=n), strict=True)]
            d = evaluate(tasks)
            for c in chains:
                c.d = d[c.index * n:(c.index + 1) * n]
            start, epsilons = 1, [float("inf")]
            if checkpoints is not None:
                _save(checkpoints, 0, chains, epsilons, evaluate.count, stamp)
        else:
            done, epsilons, evaluate.count = state
            start = done + 1
        for t_ in range(start, generations + 1):
            if stop_after is not None and t_ > stop_after:
                return []
            if not _generation(chains, evaluate, seed, t_, n, epsilons, budget, quantile, moves, min_acceptance):
                break
            if checkpoints is not None:
                _save(checkpoints, t_, chains, epsilons, evaluate.count, stamp)
    finally:
        evaluate.close()
    return [_result(c, epsilons, evaluate.count, n) for c in chains]


def _generation(chains, evaluate, seed, t_, n, epsilons, budget, quantile, moves, min_acceptance) -> bool:
    """One generation of ``smc._abc_smc``; False when the fit ends before it."""
    live = [c for c in chains if not c.out]
    if evaluate.count >= budget or not live or max(c.acceptance[-1] for c in live) < min_acceptance:
        return False
    finite = np.concatenate([c.d[np.isfinite(c.d)] for c in live])
    eps = float(np.quantile(finite, quantile)) if finite.size else float("inf")
    live = resample(live, eps, n, seed, t_)
    epsilons.append(eps)
    if not live:
        return False
    _move(live, evaluate, seed, t_, n, eps, moves, budget)
    return True


def _result(c: _Chain, epsilons: list[float], count: int, n: int) -> SMCResult:
    frame = pd.DataFrame(c.space.to_x(c.y), columns=c.space.keys)
    frame["weight"] = 1.0 / n
    result = SMCResult(frame, epsilons[1:], count, len(epsilons) - 1, c.acceptance[1:], float(c.log_evidence), c.d)
    result.alive_fraction = c.alive_fraction
    return result
