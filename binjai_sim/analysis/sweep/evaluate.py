"""Evaluating one sample point and replicate: the same pure entry point as ``run``."""

from __future__ import annotations

from binjai_sim.runs.outcomes import measure
from binjai_sim.runs.runner import replicate_seed, run_model


def run_seed(spec, sample: int, replicate: int) -> int:
    """With common random numbers replicate r of every point has the seed of replicate r of
    ``binjai-sim run`` (master seed, sample 0); without, each point gets seeds of its own."""
    return replicate_seed(spec.seed, replicate, 0 if spec.common_random_numbers else sample)


def evaluate(sweep, sample: int, replicate: int, values: dict[str, float]) -> dict[str, float]:
    """Outcomes of the model at ``values``, seeded by (master seed, sample index, replicate)."""
    scenario = sweep.scenario_for(values)
    model = run_model(scenario, run_seed(sweep.spec, sample, replicate))
    return measure(model, list(dict.fromkeys([*sweep.spec.outcomes, sweep.spec.discovery.outcome])))


def evaluate_task(args):
    """Picklable task wrapper: (sweep, sample, replicate, values) -> result row."""
    sweep, sample, replicate, values = args
    row = {"sample": sample, "replicate": replicate}
    row.update(evaluate(sweep, sample, replicate, values))
    return row
