"""Binjai smart-city innovation sustainability simulator."""

from .model import CityModel
from .outlook import outlook
from .runner import run_scenario
from .scenario import load_scenario, scenario_from_dict

__version__ = "0.1.0"
__all__ = ["CityModel", "__version__", "load_scenario", "outlook", "run_scenario", "scenario_from_dict"]
