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
    out = {"num_vars": len(names), "names": names, "bounds": bounds, "dists": dists}
    if spec.method.name != "latin" and any(p.analysis_group for p in spec.parameters):
        out["groups"] = [p.analysis_group or p.label for p in spec.parameters]
    return out


def units(prob: dict) -> list[str]:
    """What the indices are reported for: the groups in order of first appearance, or the parameters."""
    return list(dict.fromkeys(prob.get("groups") or prob["names"]))


def sample(spec: SweepSpec) -> np.ndarray:
    """The sample matrix (rows = sample points), a pure function of the spec (and its seed)."""
    prob = problem(spec)
    method = spec.method
    seed = spec.seed % 2**32
    if method.name == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, method.n, calc_second_order=method.second_order, scramble=True, seed=seed)
    if method.name == "latin":
        from SALib.sample import latin

        return latin.sample(prob, method.n, seed=seed)
    from SALib.sample import morris

    return morris.sample({k: v for k, v in prob.items() if k != "dists"}, method.trajectories,
                         num_levels=method.levels, seed=seed)


def rows_per_unit(spec: SweepSpec) -> int:
    """Rows of the sample that belong to one base sample (Sobol), one trajectory (Morris) or one
    point (Latin hypercube)."""
    if spec.method.name == "latin":
        return 1
    d = len(units(problem(spec)))
    if spec.method.name == "sobol":
        return 2 * d + 2 if spec.method.second_order else d + 2
    return d + 1
