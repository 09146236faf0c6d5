"""Sensitivity analysis and sweeps: spec -> sampling -> tasks -> executor -> store -> analysis.

``sim.sweep.run(path_or_sweep, workers=..., out=...)`` runs a sweep file as ``binjai-sim
sensitivity`` does and returns its tables (``SweepResult``); ``sim.sweep.load(path)`` validates
one without running it.
"""

from .api import SweepResult, load, run

__all__ = ["SweepResult", "load", "run"]
