"""Many runs: comparisons, verdicts, sweeps, calibration, the planner's report and package search."""
