"""Sensitivity analysis and sweeps: spec -> sampling -> tasks -> executor -> store -> analysis."""
