"""Sensitivity analysis and sweeps: spec -> sampling -> tasks -> executor -> store -> analysis.

``binjai_sim.analysis.sweep.run(path_or_sweep, workers=..., out=...)`` runs a sweep file as ``binjai-sim
sensitivity`` does and returns its tables (``SweepResult``); ``binjai_sim.analysis.sweep.load(path)`` validates
one without running it.
"""

from .api import SweepResult, load, run

__all__ = ["SweepResult", "load", "run"]
