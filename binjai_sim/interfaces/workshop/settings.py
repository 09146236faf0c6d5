"""The city settings a facilitator may move, and where each value in force comes from.

A setting the facilitator has not moved keeps the scenario's value, calibrated ones included:
the page passes only the moved settings on, and says for every value whether it was fitted
(``calibrated``), written in the scenario file (``scenario``), the model's default (``default``)
or moved in the page (``changed``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.scenario import overrides


@dataclass(frozen=True)
class Setting:
    key: str  # the page's name for it (message keys viz.setting.<key>)
    path: str  # where it lives in a scenario
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 0.01
    choices: tuple[str, ...] = ()  # a choice rather than a number

    def checked(self, value: object) -> float | str:
        """The value if the page may set it; the browser can send anything."""
        if self.choices:
            if value in self.choices:
                return value
            raise InputError(None, self.path, t("msg.workshop.not_choice", value=repr(value)), ", ".join(self.choices))
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise InputError(None, self.path, t("msg.workshop.not_number"))
        if not self.minimum <= value <= self.maximum:
            raise InputError(None, self.path, t("msg.workshop.out_of_range", value=value),
                             f"{self.minimum} - {self.maximum}")
        return float(value)


SETTINGS: tuple[Setting, ...] = (
    Setting("maintenance_share", "budget.maintenance_share", 0.05, 1.0, 0.05),
    Setting("continuity", "politics.continuity", 0.0, 1.0, 0.01),
    Setting("coefficients", "coefficients.use", choices=("significant_only", "all")),
)
BY_KEY = {s.key: s for s in SETTINGS}


def scenario_value(scenario, setting: Setting) -> float | str:
    """The value a scenario runs with (its file's, fitted or the default)."""
    node = scenario.spec
    for part in setting.path.split("."):
        node = getattr(node, part)
    return node


def origin(scenario, setting: Setting) -> str:
    """``calibrated``, ``scenario`` or ``default``: where the scenario's own value comes from."""
    if scenario.calibrated and setting.path in scenario.calibrated["parameters"]:
        return "calibrated"
    try:
        overrides.get(scenario.raw, setting.path)
    except InputError:
        return "default"
    return "scenario"


def moved(changes: dict[str, object]) -> dict[str, float | str]:
    """The page's changes as scenario paths, each value checked; unknown keys are refused."""
    out: dict[str, float | str] = {}
    for key, value in changes.items():
        setting = BY_KEY.get(key)
        if setting is None:
            raise InputError(None, str(key), t("msg.workshop.not_setting"), ", ".join(BY_KEY))
        out[setting.path] = setting.checked(value)
    return out
