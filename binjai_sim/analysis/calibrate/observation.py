"""The observation model: how an app's simulated state at the study date would be reported in
the study's table.

The table sorts apps into six classes. A running app is reported as it is, except that the
study may call a working app degraded (bugs it met) or a degraded one active, or find a
degraded app's link down. An app replaced by a national platform or merged into a local system
is reported as replaced, unless the study did not trace the replacement: then it looks like any
other dead app. A dead app is "inaccessible" (its link is left) or "not found" (no trace). An
app that was listed but never built is "not found". Each of these chances is a parameter with a
prior (``observation.*`` in calibration/priors.yaml), fitted with the model's own.
"""

from __future__ import annotations

import numpy as np

from binjai_sim.base.vocabulary import AppStatus, Cause

OBSERVED = ("active", "degraded", "replaced_national", "replaced_local", "dead", "not_found")
SIMULATED = ("active", "degraded", "replaced_national", "replaced_local", "dead_other", "not_launched")
FLOOR = 0.005  # every report has at least this chance, so one surprise never rules a run out

# the observation model's parameters and their values when a calibration does not fit them
DEFAULTS = {"observation.misreport": 0.1, "observation.untraced": 0.2, "observation.no_trace": 0.5,
            "observation.never_built": 0.05}


def matrix(params: dict[str, float]) -> np.ndarray:
    """P(reported class | simulated state): rows SIMULATED, columns OBSERVED."""
    p = {**DEFAULTS, **{k: v for k, v in params.items() if k.startswith("observation.")}}
    e, u, n = p["observation.misreport"], p["observation.untraced"], p["observation.no_trace"]
    m = np.zeros((len(SIMULATED), len(OBSERVED)))
    m[0, 0], m[0, 1] = 1 - e, e                                # active: or reported degraded
    m[1, 1], m[1, 0], m[1, 4] = 1 - e, e / 2, e / 2            # degraded: or active, or link down
    m[2, 2], m[2, 4], m[2, 5] = 1 - u, u * (1 - n), u * n      # replaced nationally, or untraced
    m[3, 3], m[3, 4], m[3, 5] = 1 - u, u * (1 - n), u * n      # merged locally, or untraced
    m[4, 4], m[4, 5] = 1 - n, n                                 # dead: link left, or no trace
    m[5, 5] = 1.0                                               # never launched: not found
    m = m + FLOOR
    return m / m.sum(axis=1, keepdims=True)


def simulated_states(run, month: int) -> np.ndarray:
    """Each app's state at ``month`` (index into SIMULATED), from a run's record and closures."""
    rec, apps = run.recorder, run.apps
    return simulated_states_of(rec.status[month - rec.t0], apps.cause)


def simulated_states_of(status: np.ndarray, cause: np.ndarray) -> np.ndarray:
    """Each app's state (index into SIMULATED) from its status in one month and its closure cause."""
    state = np.full(status.shape, 5, dtype=np.int64)
    state[status == AppStatus.ACTIVE] = 0
    state[status == AppStatus.DEGRADED] = 1
    dead = status == AppStatus.DEAD
    state[dead] = 4
    state[dead & (cause == Cause.REPLACED_NATIONAL)] = 2
    state[dead & (cause == Cause.REPLACED_LOCAL)] = 3
    return state


def report_probabilities(states: np.ndarray, params: dict[str, float]) -> np.ndarray:
    """P(each reported class) for each app: apps x OBSERVED, with the chance an app was never
    built mixed in."""
    never = {**DEFAULTS, **params}["observation.never_built"]
    m = matrix(params)
    return (1.0 - never) * m[states] + never * m[5]


def log_loss(states: np.ndarray, observed: np.ndarray, params: dict[str, float],
             mask: np.ndarray | None = None) -> float:
    """-sum over apps of log P(the study's class | the simulated state): the per-app distance."""
    p = report_probabilities(states, params)[np.arange(observed.size), observed]
    if mask is not None:
        p = p[mask]
    return float(-np.log(p).sum())
