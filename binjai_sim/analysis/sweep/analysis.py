"""Sensitivity indices from sample matrices and outputs (SALib), with convergence by sample size.

Indices are reported per parameter, or per group where the sweep names ``analysis_group``s.
A Latin hypercube has no indices of its own: its inputs are scored by extra trees
(``binjai_sim.analysis.sweep.scoring``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .sampling import units


def sobol_indices(problem: dict, y: np.ndarray, second_order: bool, seed: int) -> pd.DataFrame:
    """First-order and total Sobol indices with 95% confidence intervals (one row per parameter)."""
    from SALib.analyze import sobol

    names = units(problem)
    if np.allclose(y, y[0]):  # a constant outcome has no variance to apportion
        zero = np.zeros(len(names))
        return pd.DataFrame({"parameter": names, "S1": zero, "S1_conf": zero, "ST": zero, "ST_conf": zero})
    res = sobol.analyze(problem, y, calc_second_order=second_order, conf_level=0.95, print_to_console=False,
                        seed=seed % 2**32)
    frame = pd.DataFrame({"parameter": names, "S1": res["S1"], "S1_conf": res["S1_conf"], "ST": res["ST"],
                          "ST_conf": res["ST_conf"]})
    if second_order:
        s2 = res["S2"]
        for j, other in enumerate(names):
            frame[f"S2_{other}"] = s2[:, j]
    return frame


def morris_indices(problem: dict, x: np.ndarray, y: np.ndarray, levels: int, seed: int) -> pd.DataFrame:
    from SALib.analyze import morris

    names = units(problem)
    if np.allclose(y, y[0]):
        zero = np.zeros(len(names))
        return pd.DataFrame({"parameter": names, "mu": zero, "mu_star": zero, "sigma": zero, "mu_star_conf": zero})
    prob = {k: v for k, v in problem.items() if k != "dists"}
    res = morris.analyze(prob, x, y, num_levels=levels, conf_level=0.95, print_to_console=False, seed=seed % 2**32)
    return pd.DataFrame({"parameter": names, "mu": res["mu"], "mu_star": res["mu_star"], "sigma": res["sigma"],
                         "mu_star_conf": res["mu_star_conf"]})


def analyse(method, problem: dict, x: np.ndarray, y: np.ndarray, seed: int) -> pd.DataFrame | None:
    if method.name == "latin":
        return None
    if method.name == "sobol":
        return sobol_indices(problem, y, method.second_order, seed)
    return morris_indices(problem, x, y, method.levels, seed)


def convergence(method, problem: dict, x: np.ndarray, y: np.ndarray, rows_per_unit: int, seed: int) -> pd.DataFrame:
    """Indices recomputed on the first 1/8, 1/4, 1/2 and all base samples (or trajectories)."""
    if method.name == "latin":
        return None
    count = len(y) // rows_per_unit
    sizes = sorted({max(2, count // 8), max(2, count // 4), max(2, count // 2), count})
    if method.name == "sobol":  # Sobol needs a power of two
        sizes = sorted({s for s in sizes if s & (s - 1) == 0} | {count})
    frames = []
    for size in sizes:
        rows = size * rows_per_unit
        part = analyse(method, problem, x[:rows], y[:rows], seed)
        part.insert(0, "units", size)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)
