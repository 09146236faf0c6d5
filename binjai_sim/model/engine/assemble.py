"""The assembler: the engine's ``State`` and ``Params`` and the monthly record's columns, built from
what each submodel declares beside its compiled step (``DECLARED``, ``binjai_sim.model.engine.declare``).

A new state field, parameter or recorded series is one line in its submodel's declaration; the
containers, their initial values and the record's columns follow from here. The ``Plan``'s
levers come from ``binjai_sim.model.strategies.levers``; its calendar and national-event tables are built in
``binjai_sim.model.engine.plan``.
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

from . import (
    civil_service,
    closures,
    events,
    funding,
    launches,
    maintenance,
    month,
    national,
    politics,
    record,
    rng,
    strategies,
    survival,
    use,
)
from .declare import From, Setup

# in the order of the month (docs/ODD.md, section 3), then the shared machinery
SUBMODELS = tuple(m.DECLARED for m in (month, strategies, politics, launches, national, funding, civil_service,
                                       maintenance, use, survival, closures, record, events, rng))

STATE_FIELDS = (*(f.name for m in SUBMODELS for f in m.state),
                *(s.field for m in SUBMODELS for s in m.series))
PARAM_FIELDS = tuple(p.name for m in SUBMODELS for p in m.params)
State = namedtuple("State", STATE_FIELDS)
Params = namedtuple("Params", PARAM_FIELDS)

# scenario keys of the ODD's parameter table that no submodel reads, and who reads them instead
READ_OUTSIDE_THE_ENGINE = {
    "city.name": "a label (outputs, report)",
    "known": "facts a projection is conditioned on (binjai_sim/runs/conditioning.py)",
    "projection": "the month strategies start from (binjai_sim/scenario/load.py), reaching the engine through the Plan",
    "strategy_budget_rp": "the check of a package's monthly cost (binjai_sim/scenario/checks.py)",
}

# the record's columns as the views read them (RecordView: ``binjai_sim.runs.recorder.priority`` is rec_priority)
RECORDED = {s.name: s for m in SUBMODELS for s in m.series}


def declared_paths() -> set[str]:
    """Every schema path a submodel reads: its parameters, initial values and set-up."""
    return set(readers())


def readers() -> dict[str, tuple[str, ...]]:
    """Each declared schema path and the submodels that read it, in the month's order."""
    out: dict[str, list[str]] = {}
    for m in SUBMODELS:
        paths = [path for p in m.params for path in p.reads]
        paths += [f.init.path for f in m.state if isinstance(f.init, From)] + list(m.setup_reads)
        for path in dict.fromkeys(paths):
            out.setdefault(path, []).append(m.name)
    return {path: tuple(names) for path, names in out.items()}


class Context:
    """What a declaration's value is computed from: the scenario, the run's sizes and set-up."""

    def __init__(self, scenario, dims: dict[str, int], made: dict[str, np.ndarray], structures: tuple[str, ...],
                 betas):
        self.scenario, self.spec, self.dims, self.made = scenario, scenario.spec, dims, made
        self.structures = structures
        self._betas = betas

    def get(self, path: str):
        value = self.spec
        for part in path.split("."):
            value = getattr(value, part)
        return value

    def betas(self) -> np.ndarray:
        spec = self.spec
        return self._betas(self.scenario.coefficients, spec.coefficients.use, spec.coefficients.estimates)

    def fiscal(self) -> float:
        """The city's own multiplier, or its fiscal class's."""
        own = self.spec.city.fiscal_multiplier
        return own if own is not None else self.get(f"structure.fiscal_multipliers.{self.spec.city.fiscal_capacity}")


def build_state(c: Context) -> State:
    arrays = {}
    for m in SUBMODELS:
        for f in m.state:
            arrays[f.name] = _initial(f, c)
        for s in m.series:
            arrays[s.field] = np.zeros(_shape(("months", *s.per), c.dims), dtype=s.dtype)
    return State(**arrays)


def build_params(c: Context) -> Params:
    values = {}
    for m in SUBMODELS:
        for p in m.params:
            if p.derive is not None:
                values[p.name] = p.derive(c)
            else:
                value = c.get(p.reads[0])
                values[p.name] = p.none if value is None else value
    return Params(**values)


def _shape(shape: tuple, dims: dict[str, int]) -> tuple[int, ...]:
    return tuple(dims[d] if isinstance(d, str) else d for d in shape)


def _initial(f, c: Context) -> np.ndarray:
    shape = _shape(f.shape, c.dims)
    if isinstance(f.init, Setup):
        value = c.made[f.init.key]
        if value.shape != shape or value.dtype != np.dtype(f.dtype):
            raise TypeError(f"state field {f.name}: set-up made {value.dtype}{value.shape}, "
                            f"declared {np.dtype(f.dtype)}{shape}")
        return value
    fill = c.get(f.init.path) if isinstance(f.init, From) else f.init
    return np.full(shape, fill, dtype=f.dtype)
