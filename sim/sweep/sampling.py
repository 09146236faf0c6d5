"""SALib problems and samples built from a sweep's parameters."""

from __future__ import annotations

import numpy as np

from .spec import SweepSpec


def problem(spec: SweepSpec) -> dict:
    names, bounds, dists = [], [], []
    for p in spec.parameters:
        names.append(p.label)
        if p.bounds is not None:
            bounds.append([p.bounds[0], p.bounds[1]])
            dists.append("unif")
        else:
            bounds.append([p.distribution.mean, p.distribution.sd])
            dists.append("norm")
    return {"num_vars": len(names), "names": names, "bounds": bounds, "dists": dists}


def sample(spec: SweepSpec) -> np.ndarray:
    """The sample matrix (rows = sample points), a pure function of the spec (and its seed)."""
    prob = problem(spec)
    method = spec.method
    if method.name == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, method.n, calc_second_order=method.second_order, scramble=True,
                            seed=spec.seed % 2**32)
    from SALib.sample import morris

    return morris.sample({k: v for k, v in prob.items() if k != "dists"}, method.trajectories,
                         num_levels=method.levels, seed=spec.seed % 2**32)


def rows_per_unit(spec: SweepSpec) -> int:
    """Rows of the sample that belong to one base sample (Sobol) or one trajectory (Morris)."""
    d = len(spec.parameters)
    if spec.method.name == "sobol":
        return 2 * d + 2 if spec.method.second_order else d + 2
    return d + 1
