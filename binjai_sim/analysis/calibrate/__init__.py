"""Calibration: survey coefficients (SEM) and free parameters fitted to observed patterns (ABC)."""
