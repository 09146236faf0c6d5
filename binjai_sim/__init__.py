"""Binjai smart-city innovation sustainability simulator."""

from importlib import import_module

__version__ = "0.1.0"
__all__ = ["CityModel", "__version__", "load_scenario", "outlook", "run_scenario", "scenario_from_dict"]

# imported on first use, so that `binjai-sim --help` and `import binjai_sim.interfaces.cli` do not load mesa and numba
_LAZY = {"CityModel": ".model.city", "outlook": ".runs.outlook", "run_scenario": ".runs.runner",
         "load_scenario": ".scenario.load", "scenario_from_dict": ".scenario.load"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
