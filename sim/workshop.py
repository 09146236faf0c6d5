"""A city model built from workshop controls: a scenario file plus a few slider values.

Kept beside the model, not in the browser view, so the view holds no model logic and the same
construction can be used (and tested) without a browser.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import InputError, short
from .model import CityModel
from .scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_DIR = ROOT / "scenarios"
LEVERS = ("long_term_plan", "handover_protocol", "ring_fenced_maintenance", "operator_retention",
          "sops_documentation", "national_integration")
LEVER_START = "2017-03"
DEFAULT_SCENARIO = "binjai_baseline.yaml"
log = logging.getLogger(__name__)


def _offered() -> dict[str, Path]:
    """The scenario files the server offers, by the value the chooser shows."""
    files = sorted(SCENARIO_DIR.glob("*.yaml")) + sorted((SCENARIO_DIR / "strategies").glob("*.yaml"))
    return {str(f.relative_to(SCENARIO_DIR)): f for f in files if f.is_file() and not f.is_symlink()}


def scenario_choices() -> list[str]:
    """Scenario files a workshop can pick, relative to ``scenarios/``."""
    return list(_offered())


def resolve_choice(choice: object) -> Path:
    """The file behind a chooser value. The browser sends a string that anyone can forge, so it
    is only ever a key into the server's own list: it never becomes part of a path."""
    path = _offered().get(choice) if isinstance(choice, str) else None
    if path is None:
        raise InputError(None, "scenario", "that scenario is not one of the files in the workshop's list")
    return path


def baseline_defaults() -> dict[str, float | str]:
    """Slider starting values: the baseline scenario's own (calibrated) values."""
    spec = load_scenario(SCENARIO_DIR / "binjai_baseline.yaml").spec
    return {"maintenance_share": spec.budget.maintenance_share, "continuity": spec.politics.continuity,
            "coefficients": spec.coefficients.use}


def workshop_scenario(scenario_file: str, maintenance_share: float | None, continuity: float | None,
                      coefficients: str | None, levers: dict[str, float]):
    """The chosen scenario with slider values applied. A lever above zero sets that strategy's
    intensity (adding it from 2017-03 if the scenario lacks it); zero leaves the scenario as is."""
    base = load_scenario(resolve_choice(scenario_file))
    changes: dict = {f"strategies[{name}].intensity": float(v) for name, v in levers.items() if v > 0}
    if maintenance_share is not None:
        changes["budget.maintenance_share"] = float(maintenance_share)
    if continuity is not None:
        changes["politics.continuity"] = float(continuity)
    if coefficients is not None:
        changes["coefficients.use"] = coefficients
    return base.with_overrides(changes, new_items={"strategies": {"start": LEVER_START}})


class WorkshopCity(CityModel):
    """CityModel with keyword arguments that sliders can set (Mesa's SolaraViz rebuilds the model
    from them on Reset).

    Args:
        scenario_file: one of ``scenario_choices()`` (anything else shows the default scenario).
        seed: random seed.
        maintenance_share: share of the IT budget that maintains apps (None: the scenario's).
        continuity: weight of a predecessor's priority in a successor mayor's (None: the scenario's).
        coefficients: ``significant_only`` or ``all`` (None: the scenario's).
        long_term_plan ... national_integration: lever intensities (0 = as in the scenario).
    """

    def __init__(self, scenario_file: str = DEFAULT_SCENARIO, seed: int = 1,
                 maintenance_share: float | None = None, continuity: float | None = None,
                 coefficients: str | None = None, long_term_plan: float = 0.0,
                 handover_protocol: float = 0.0, ring_fenced_maintenance: float = 0.0,
                 operator_retention: float = 0.0, sops_documentation: float = 0.0,
                 national_integration: float = 0.0):
        levers = {"long_term_plan": long_term_plan, "handover_protocol": handover_protocol,
                  "ring_fenced_maintenance": ring_fenced_maintenance, "operator_retention": operator_retention,
                  "sops_documentation": sops_documentation, "national_integration": national_integration}
        self.notice = None
        try:
            scenario = workshop_scenario(scenario_file, maintenance_share, continuity, coefficients, levers)
        except Exception:  # noqa: BLE001 - the page shows one sentence; the server log keeps the traceback
            log.warning("workshop: cannot build the chosen scenario %s; showing %s", short(scenario_file),
                        DEFAULT_SCENARIO, exc_info=True)
            self.notice = (f"The chosen scenario could not be used, so the page shows {DEFAULT_SCENARIO} "
                           "with the default settings.")
            scenario_file, maintenance_share, continuity, coefficients = DEFAULT_SCENARIO, None, None, None
            levers = dict.fromkeys(levers, 0.0)
            scenario = workshop_scenario(scenario_file, None, None, None, levers)
        super().__init__(scenario, seed=int(seed))
        self.settings = {"scenario_file": scenario_file, "seed": int(seed), "maintenance_share": maintenance_share,
                         "continuity": continuity, "coefficients": coefficients, **levers}
        self.running = True

    def step(self) -> None:
        if self.finished:
            self.running = False
            return
        super().step()
        self.running = not self.finished
