"""Scenario discovery: the conditions under which enough apps survive (PRIM, EMA Workbench)."""

from __future__ import annotations

import logging
import warnings

import numpy as np
import pandas as pd

MIN_DENSITY = 0.75  # the box reported is the widest one at least this pure


def prim_boxes(x: pd.DataFrame, success: np.ndarray) -> dict:
    """Run PRIM; return the peeling trajectory and the chosen box's limits, coverage and density."""
    n_success = int(success.sum())
    if n_success == 0 or n_success == len(success):
        state = "never" if n_success == 0 else "always"
        return {"found": False, "reason": f"the condition is {state} met in this sweep", "trajectory": None,
                "limits": None, "coverage": None, "density": None, "base_rate": float(success.mean())}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("EMA").setLevel(logging.ERROR)
        from ema_workbench.analysis import prim

        finder = prim.Prim(x.reset_index(drop=True), success.astype(int), peel_alpha=0.05)
        box = finder.find_box()
    trajectory = box.peeling_trajectory.copy()
    pure = trajectory[trajectory["density"] >= MIN_DENSITY]
    chosen = int(pure["coverage"].idxmax()) if len(pure) else int(trajectory["density"].idxmax())
    limits = box.box_lims[chosen]
    base = box.box_lims[0]
    restricted = [c for c in limits.columns if not np.allclose(limits[c].to_numpy(), base[c].to_numpy())]
    table = pd.DataFrame({"parameter": restricted,
                          "low": [float(limits[c].iloc[0]) for c in restricted],
                          "high": [float(limits[c].iloc[1]) for c in restricted],
                          "sweep_low": [float(base[c].iloc[0]) for c in restricted],
                          "sweep_high": [float(base[c].iloc[1]) for c in restricted]})
    row = trajectory.loc[chosen]
    return {"found": True, "reason": "", "trajectory": trajectory, "limits": table,
            "coverage": float(row["coverage"]), "density": float(row["density"]), "chosen": chosen,
            "base_rate": float(success.mean())}
