"""Evaluating one sample point and replicate: the same pure entry point as ``run``."""

from __future__ import annotations

from ..outcomes import measure
from ..runner import replicate_seed, run_model


def evaluate(sweep, sample: int, replicate: int, values: dict[str, float]) -> dict[str, float]:
    """Outcomes of the model at ``values``, seeded by (master seed, sample index, replicate)."""
    scenario = sweep.scenario_for(values)
    model = run_model(scenario, replicate_seed(sweep.spec.seed, replicate, sample))
    return measure(model, list(dict.fromkeys([*sweep.spec.outcomes, sweep.spec.discovery.outcome])))


def evaluate_task(args):
    """Picklable task wrapper: (sweep, sample, replicate, values) -> result row."""
    sweep, sample, replicate, values = args
    row = {"sample": sample, "replicate": replicate}
    row.update(evaluate(sweep, sample, replicate, values))
    return row
