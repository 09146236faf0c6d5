"""Small hand-made states on which a test calls one submodel of binjai_sim/model/engine directly.

``Small`` builds the Binjai baseline's arrays (few residents, few civil servants) without
stepping a month, so a test sets exactly the state a rule reads and checks what the rule wrote.
The compiled submodels take the state and the plan as structrefs; with numba's JIT disabled
(``NUMBA_DISABLE_JIT=1``, the mutation runs) structrefs cannot be made, and the same functions
run as plain Python on the namedtuples, whose arrays are the same objects.
"""

from __future__ import annotations

import numpy as np
from numba import config

from binjai_sim.base.vocabulary import AppStatus
from binjai_sim.model.engine import rng
from binjai_sim.model.engine.state import build, plan_ref, state_ref

ACTIVE, DEGRADED, DEAD = int(AppStatus.ACTIVE), int(AppStatus.DEGRADED), int(AppStatus.DEAD)
NOT_LAUNCHED = int(AppStatus.NOT_LAUNCHED)


def draw(key, purpose, month) -> float:
    """The keyed uniform a submodel compares with its probability."""
    return float(rng.uniform(np.uint64(key), purpose, month))


class Small:
    """One city's arrays at the horizon's start, every app live and launched before it, with
    ``params`` replaced as given. ``t`` is the month since the start that a call acts in."""

    def __init__(self, scenario, seed: int = 0, residents_per_agent: int = 10_000, **params):
        built = build(scenario, seed, residents_per_agent)
        self.built = built
        self.s, self.plan = built.state, built.plan
        self.p = built.params._replace(**params)
        s = self.s
        s.status[:] = ACTIVE
        s.launch[:] = self.p.start - 120
        s.launched_by[:] = 0
        s.quality[:] = 0.9

    @property
    def n(self) -> int:
        return self.p.n_apps

    def at(self, t: int) -> int:
        """Set the clock to month ``start + t`` and return ``t``."""
        self.s.clock[0] = self.p.start + t
        return t

    def lever(self, name: str, value) -> None:
        """Set one plan array (a lever, or an event table) for every month."""
        old = getattr(self.plan, name)
        new = np.array(value, dtype=old.dtype) if np.ndim(value) else np.full_like(old, value)
        self.plan = self.plan._replace(**{name: new})

    def call(self, fn, *args, plan: bool = True):
        """``fn(state, params, plan, *args)`` (or without the plan), as the month calls it."""
        s = self.s if config.DISABLE_JIT else state_ref(tuple(self.s))
        if not plan:
            return fn(s, self.p, *args)
        pl = self.plan if config.DISABLE_JIT else plan_ref(tuple(self.plan))
        return fn(s, self.p, pl, *args)

    def state_only(self, fn, *args):
        """``fn(state, *args)`` for helpers that take no parameters."""
        s = self.s if config.DISABLE_JIT else state_ref(tuple(self.s))
        return fn(s, *args)

    def events(self) -> list[tuple[int, int, int, int, int]]:
        """(month, kind, app, cause, code) of every logged event."""
        s = self.s
        return [(int(s.ev_month[k]), int(s.ev_kind[k]), int(s.ev_app[k]), int(s.ev_cause[k]), int(s.ev_code[k]))
                for k in range(int(s.clock[2]))]
