"""Scenario discovery: the conditions under which enough apps survive (EMA Workbench's PRIM and
CART), on a sample that spreads its points (Latin hypercube or Sobol; a Morris grid puts its
points on a few levels along trajectories, which PRIM and CART would read as structure)."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

from binjai_sim.base.i18n import t

MIN_DENSITY = 0.75  # the box reported is the widest one at least this pure
MASS_MIN = 0.05  # smallest share of the points a CART leaf may hold (EMA Workbench's default)


def _quiet():
    warnings.simplefilter("ignore")
    logging.getLogger("EMA").setLevel(logging.ERROR)


def why_no_box(success: np.ndarray, values: np.ndarray, outcome: str, threshold: float) -> tuple | None:
    """None when some points meet the condition and some do not; else the message key of what
    happened and its values, with a threshold that would split the sample (a quarter of the points
    above it). Kept as a key so the files say it in English and the printout in the reader's language."""
    met = int(success.sum())
    if 0 < met < len(success):
        return None
    state = "never" if met == 0 else "always"
    low, high = float(np.min(values)), float(np.max(values))
    facts = {"outcome": outcome, "threshold": f"{threshold:g}", "low": f"{low:g}"}
    if low == high:
        return f"archdocs.discovery.{state}_flat", facts
    suggestion = float(np.quantile(values, 0.75))
    share = float(np.mean(values >= suggestion))
    return f"archdocs.discovery.{state}", {**facts, "high": f"{high:g}",
                                           "median": f"{float(np.median(values)):g}",
                                           "suggestion": f"{suggestion:g}", "share": f"{share:.0%}"}


def degenerate(success: np.ndarray, values: np.ndarray, outcome: str, threshold: float,
               lang: str = "en") -> str | None:
    """What ``why_no_box`` found, as a sentence (English unless ``lang`` says otherwise)."""
    why = why_no_box(success, values, outcome, threshold)
    return None if why is None else t(why[0], lang, **why[1])


def _restricted(limits: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in limits.columns if not np.allclose(limits[c].to_numpy(float), base[c].to_numpy(float))]
    return pd.DataFrame({"parameter": cols,
                         "low": [float(limits[c].iloc[0]) for c in cols],
                         "high": [float(limits[c].iloc[1]) for c in cols],
                         "sweep_low": [float(base[c].iloc[0]) for c in cols],
                         "sweep_high": [float(base[c].iloc[1]) for c in cols]})


def prim_boxes(x: pd.DataFrame, success: np.ndarray) -> dict:
    """Run PRIM; return the peeling trajectory and the chosen box's limits, coverage and density."""
    with warnings.catch_warnings():
        _quiet()
        from ema_workbench.analysis import prim

        finder = prim.Prim(x.reset_index(drop=True), success.astype(int), peel_alpha=0.05)
        box = finder.find_box()
    trajectory = box.peeling_trajectory.copy()
    pure = trajectory[trajectory["density"] >= MIN_DENSITY]
    chosen = int(pure["coverage"].idxmax()) if len(pure) else int(trajectory["density"].idxmax())
    row = trajectory.loc[chosen]
    return {"found": True, "reason": "", "trajectory": trajectory,
            "limits": _restricted(box.box_lims[chosen], box.box_lims[0]),
            "coverage": float(row["coverage"]), "density": float(row["density"]), "chosen": chosen,
            "base_rate": float(success.mean())}


def cart_boxes(x: pd.DataFrame, success: np.ndarray, seed: int) -> dict:
    """A classification tree (EMA Workbench's CART, its tree seeded here); every leaf is a box.
    Reported: the leaf of highest coverage among those at least MIN_DENSITY pure (else the
    densest), and all leaves with their statistics."""
    from sklearn import tree

    with warnings.catch_warnings():
        _quiet()
        from ema_workbench.analysis import cart, scenario_discovery_util

        x = x.reset_index(drop=True)
        finder = cart.CART(x, success.astype(int), mass_min=MASS_MIN)
        # build_tree() leaves sklearn's tie-breaking to the global random state: seed it instead
        finder.clf = tree.DecisionTreeClassifier(min_samples_leaf=max(1, int(MASS_MIN * len(x))),
                                                 random_state=seed % 2**32)
        finder.clf.fit(x.to_numpy(float), success.astype(int))
        leaves = pd.DataFrame(finder.stats)
        base = scenario_discovery_util._make_box(x)
    pure = leaves[leaves["density"] >= MIN_DENSITY]
    chosen = int(pure["coverage"].idxmax()) if len(pure) else int(leaves["density"].idxmax())
    row = leaves.loc[chosen]
    return {"found": True, "leaves": leaves, "limits": _restricted(finder.boxes[chosen], base),
            "coverage": float(row["coverage"]), "density": float(row["density"]), "chosen": chosen,
            "base_rate": float(success.mean())}
