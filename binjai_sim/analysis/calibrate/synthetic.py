"""Synthetic studies: the study's table as the model itself would write it, for testing methods.

A method that cannot find a structure or a parameter in data the model wrote with it known
will not find it in the real study. ``synthetic_setup`` builds a fit set-up whose observed
classes are drawn through the observation model from one run at known values, in a city with
``copies`` copies of the inventory (more apps, more information) and, optionally, with the
closure channels other than the hazard switched off (so the hazard's structure is what the
fates reveal).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.runs.runner import run_model

from .fit import FitSetup
from .observation import OBSERVED, report_probabilities, simulated_states

# every closure channel besides the hazard: hand-over cuts and national events
OTHER_CHANNELS_OFF = {"politics.transition_defund_prob": 0.0, "national.platforms": [], "national.policy_shocks": [],
                      "national.consolidations": [], "national.prunings": []}


def copied_inventory(setup: FitSetup, copies: int, folder: Path) -> Path:
    """The inventory ``copies`` times over (copy k's apps named "<name> k"), written to ``folder``."""
    source = Path(setup.scenario.spec.apps.inventory)
    table = pd.read_csv(source, comment="#", dtype=str, keep_default_na=False)
    parts = [table] + [table.assign(name=table["name"] + f" {k + 1}") for k in range(1, copies)]
    path = folder / f"inventory_x{copies}.csv"
    pd.concat(parts).to_csv(path, index=False)
    return path


def synthetic_setup(setup: FitSetup, truth: dict, seed: int, folder: Path, copies: int = 1,
                    changes: dict | None = None) -> FitSetup:
    """A set-up whose scenario has ``changes`` (and ``copies`` of the inventory) and whose
    observed classes come from one run at ``truth`` (drawn with the observation model's default
    chances). The returned set-up fits without the extra targets (counts, use, priority)."""
    all_changes = dict(changes or {})
    if copies > 1:
        all_changes["apps.inventory"] = str(copied_inventory(setup, copies, folder))
    scenario = setup.scenario.with_overrides(all_changes) if all_changes else setup.scenario
    date = (setup.targets.study_date.low + setup.targets.study_date.high) // 2
    states = simulated_states(run_model(scenario.with_overrides(truth), seed, until=setup.until), date)
    rng = np.random.default_rng(seed)
    classes = np.array([rng.choice(len(OBSERVED), p=p) for p in report_probabilities(states, {})])
    observed = replace(setup.observed, names=[a.name for a in scenario.inventory], classes=classes,
                       launch_years=np.tile(setup.observed.launch_years, copies))
    return replace(setup, scenario=scenario, observed=observed, extras=False)
