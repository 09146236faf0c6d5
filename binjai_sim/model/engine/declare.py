"""What a submodel declares beside its compiled step, for ``binjai_sim.model.engine.assemble`` to build from.

Each submodel module holds one ``Submodel``: the schema blocks it owns, its state fields (type,
shape, initial value), the parameters it reads by their schema paths, the levers it reads and
the series the monthly record keeps of it. Nothing here is compiled: the compiled steps read the
containers the assembler builds, by the names declared here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# the sizes a shape may name; binjai_sim.model.engine.assemble.dims gives their values for one run
DIMS = ("apps", "agencies", "staff", "citizens", "pairs", "spairs", "months", "factors", "elections", "events")


@dataclass(frozen=True)
class From:
    """An initial value read from the scenario at ``path`` (filled into every element)."""

    path: str


@dataclass(frozen=True)
class Setup:
    """An initial value made by ``binjai_sim.model.engine.setup`` (inventory columns, seeded draws, keys):
    draws come from one generator in a fixed order, so they are made together, not per field."""

    key: str


@dataclass(frozen=True)
class Field:
    """A state field: a numpy array the compiled steps read and write in place (a scalar is a
    one-element array, so a write in compiled code is seen from Python)."""

    name: str
    dtype: str  # numpy dtype code: f8, i8, i1, b1, u8
    shape: tuple  # DIMS names or ints
    init: Any = 0  # a number, From(path) or Setup(key)


@dataclass(frozen=True)
class Param:
    """A number the compiled steps read from ``Params``. ``reads`` are schema paths (dotted, as
    in a scenario file); without ``derive`` the value is the one path's value (``none`` when the
    scenario leaves it empty), and the engine's name is the path's last part unless given."""

    reads: tuple[str, ...]
    name: str
    derive: Callable | None = None  # (context) -> value, for a value computed from several paths
    none: Any = None


def param(path: str, name: str | None = None, none: Any = None) -> Param:
    """A parameter read as it is; ``name`` only where the engine's name differs from the path's last
    part (the path stays the reference: docs and overrides name the path)."""
    return Param((path,), name or path.rsplit(".", 1)[-1], None, none)


def derived(name: str, reads: tuple[str, ...], derive: Callable) -> Param:
    return Param(tuple(reads), name, derive)


@dataclass(frozen=True)
class Series:
    """A series of the monthly record: state field ``rec_<name>``, one row per month (times apps,
    times factors, as ``per``), and its unit and meaning (message key ``decl.series.<name>``)."""

    name: str
    dtype: str
    per: tuple = ()  # the dimensions after months: () a city-wide number, ("apps",), ("apps", "factors")
    unit: str = ""

    @property
    def field(self) -> str:
        return f"rec_{self.name}"

    @property
    def message_key(self) -> str:
        return f"decl.series.{self.name}"


@dataclass(frozen=True)
class Submodel:
    name: str
    odd: str  # its section of docs/ODD.md
    blocks: tuple[str, ...] = ()  # the scenario schema blocks it owns
    state: tuple[Field, ...] = ()
    params: tuple[Param, ...] = ()
    levers: tuple = ()  # binjai_sim.model.strategies.levers.Lever objects it reads from the Plan
    series: tuple[Series, ...] = ()
    setup_reads: tuple[str, ...] = ()  # schema paths its Setup values are made from
