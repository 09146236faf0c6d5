"""The month-by-month levers a strategy may set, as objects: the engine's ``Plan`` gets one field
per declared lever (``binjai_sim.model.engine.state``), filled with its neutral value and then by the active
strategies. A strategy module that needs a new lever declares it beside the strategy; the
submodel that reads it names the same field.
"""

from __future__ import annotations

from dataclasses import dataclass

DECLARED: dict[str, Lever] = {}  # name -> lever, in the order declared


@dataclass(frozen=True)
class Lever:
    name: str  # the Plan field it sets, and its message key ``lever.<name>``
    neutral: float  # its value while no strategy sets it
    low: float  # bounds: a value outside them is a mistake in a strategy, not a scenario
    high: float

    def __post_init__(self):
        if self.name in DECLARED and DECLARED[self.name] != self:
            raise ValueError(f"lever {self.name} is declared twice with different values")
        DECLARED[self.name] = self

    @property
    def field(self) -> str:
        return self.name

    @property
    def message_key(self) -> str:
        return f"lever.{self.name}"


POLITICAL_FLOOR = Lever("political_floor", 0.0, 0.0, 1.0)  # minimum political support of a live app
CONTINUITY_FLOOR = Lever("continuity_floor", 0.0, 0.0, 1.0)  # minimum continuity of a successor's priority
ROTATION_MULT = Lever("rotation_mult", 1.0, 0.0, 1.0)  # on civil-servant and head rotation
DEFUND_MULT = Lever("defund_mult", 1.0, 0.0, 1.0)  # on the hand-over cut probability
# on national replacement of non-integrated apps: read by national.py, set by no catalogue strategy
# yet (integration acts on state instead), so a sweep or a new strategy can use it
REPLACEMENT_MULT = Lever("replacement_mult", 1.0, 0.0, 1.0)
NEED_MULT = Lever("need_mult", 1.0, 0.0, 1.0)  # on the upkeep an app needs
DECAY_MULT = Lever("decay_mult", 1.0, 0.0, 1.0)  # on monthly quality decay
REGULATION_LEVEL = Lever("regulation_level", 0.0, 0.0, 1.0)  # every agency's use mandate
UNIT_LEVEL = Lever("unit_level", 0.0, 0.0, 1.0)  # every agency's dedicated unit
CHAMPION_LEVEL = Lever("champion_level", 0.0, 0.0, 1.0)  # every live app's recognised champion


def declared() -> tuple[Lever, ...]:
    """Every lever declared so far (the strategy modules are imported by ``binjai_sim.model.strategies``)."""
    return tuple(DECLARED.values())
