"""binjai_sim.interfaces.ema: an EMA Workbench model and a SALib problem that run points as the project's sweeps do."""

import warnings

import numpy as np
import pytest

from binjai_sim.base.errors import InputError
from binjai_sim.runs.outcomes import measure
from binjai_sim.runs.runner import replicate_seed, run_model

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # ema_workbench warns at import that ipyparallel is absent
    import ema_workbench as ema

import binjai_sim.interfaces.ema
from binjai_sim.analysis.sweep.evaluate import evaluate
from binjai_sim.analysis.sweep.spec import load_sweep

from .conftest import BASELINE

WEIGHTS = {"coefficients.estimates.participation": (-0.2, 0.3), "coefficients.estimates.impact": (-0.2, 0.5),
           "coefficients.estimates.institutions": (0.1, 0.6)}
OUTCOMES = ["app_years", "apps_live_2030-12"]


def sweep_file(tmp_path, hold: bool):
    """The same inputs as a sweep file, run by the project's own sweep code."""
    lines = [f"name: ema_check\nbase: {BASELINE}\nmethod: {{name: latin, n: 4}}\nreplicates: 1\nseed: 7",
             "hold_hazard_level: {through: 2022-12}" if hold else "", f"outcomes: [{', '.join(OUTCOMES)}]",
             "parameters:"]
    for path, (low, high) in WEIGHTS.items():
        lines.append(f"  - {{path: {path}, name: {binjai_sim.interfaces.ema.identifier(path)}, "
                     f"bounds: [{low}, {high}], "
                     "group: coefficient}")
    lines.append("  - {path: strategies.ring_fenced_maintenance.intensity, name: ring_fenced_maintenance, "
                 "bounds: [0, 1], group: lever}")
    path = tmp_path / f"check_{hold}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return load_sweep(path)


@pytest.mark.parametrize("hold", [True, False])
def test_perform_experiments_gives_the_sweeps_outcomes_at_the_same_points(tmp_path, hold):
    model = binjai_sim.interfaces.ema.model(BASELINE, uncertainties=list(WEIGHTS), levers=["ring_fenced_maintenance"],
                          outcomes=OUTCOMES, series=("active",), bounds=WEIGHTS, seed=7,
                          hold_hazard_level="2022-12" if hold else None)
    assert [u.name for u in model.uncertainties] == [binjai_sim.interfaces.ema.identifier(p) for p in WEIGHTS]
    experiments, outcomes = ema.perform_experiments(model, scenarios=3, policies=2)
    sweep = sweep_file(tmp_path, hold)
    names = [p.label for p in sweep.spec.parameters]
    for i, row in experiments.iterrows():
        expected = evaluate(sweep, i, 0, {name: float(row[name]) for name in names})
        assert outcomes["app_years"][i] == expected["app_years"]
        assert outcomes["apps_live_2030_12"][i] == expected["apps_live_2030-12"]
        assert outcomes["active"][i].shape == (sweep.base.spec.horizon.end - sweep.base.spec.horizon.start + 1,)


def test_holding_the_hazard_level_matters_when_the_weights_move():
    point = {"coefficients.estimates.participation": -0.05, "coefficients.estimates.impact": -0.04,
             "coefficients.estimates.institutions": 0.25}  # the survey file's placeholder magnitudes
    held, free = (binjai_sim.interfaces.ema.Experiment(
        BASELINE, binjai_sim.interfaces.ema.inputs(BASELINE, list(WEIGHTS), WEIGHTS), ["app_years"], (),
        hold_hazard_level=h)(**point)["app_years"] for h in ("2022-12", None))
    assert held != free


def test_with_no_values_the_experiment_is_the_baseline_run(baseline):
    experiment = binjai_sim.interfaces.ema.Experiment(
        baseline, binjai_sim.interfaces.ema.inputs(baseline, ["coefficients"]), replicates=2)
    got = experiment()
    runs = [measure(run_model(baseline, replicate_seed(baseline.spec.run.seed, r))) for r in range(2)]
    assert got["app_years"] == pytest.approx(np.mean([r["app_years"] for r in runs]), abs=1e-12)
    assert got["deaths_total"] == pytest.approx(np.mean([r["deaths_total"] for r in runs]), abs=1e-12)


def test_inputs_by_name_and_group_with_ranges_from_the_parameter_table(baseline):
    by_group = {i.path: i for i in binjai_sim.interfaces.ema.inputs(baseline, ["calibrated"])}
    assert "hazard.intercept" in by_group and "coefficients.estimates.impact" in by_group
    assert "structure.framework_share" not in by_group
    politics = {i.path for i in binjai_sim.interfaces.ema.inputs(baseline, ["politics"])}
    assert "politics.continuity" in politics and all(p.startswith("politics.") for p in politics)
    (priority,) = binjai_sim.interfaces.ema.inputs(baseline, ["mayor.initial_priority"])
    assert (priority.low, priority.high) == (0.45, 1.0)  # half to double, within the schema's [0, 1]
    (staff,) = binjai_sim.interfaces.ema.inputs(baseline, ["civil_service.staff"])
    assert staff.integer and (staff.low, staff.high) == (160, 640)
    model = binjai_sim.interfaces.ema.model(baseline, uncertainties=["civil_service.staff"], outcomes=["app_years"],
                                            series=(), hold_hazard_level=None)
    assert isinstance(model.uncertainties["civil_service_staff"], ema.IntegerParameter)


def test_bad_choices_name_the_key_and_what_is_allowed(baseline):
    with pytest.raises(InputError, match="politics.continuty.*did you mean 'politics.continuity'"):
        binjai_sim.interfaces.ema.inputs(baseline, ["politics.continuty"])
    with pytest.raises(InputError, match="hazard.age_effect.*its value is 0"):
        binjai_sim.interfaces.ema.inputs(baseline, ["hazard.age_effect"])
    with pytest.raises(InputError, match="unknown strategy 'ring_fence'"):
        binjai_sim.interfaces.ema.inputs(baseline, ["ring_fence"], levers=True)
    with pytest.raises(InputError, match="unknown outcome 'app_year'"):
        binjai_sim.interfaces.ema.model(baseline, outcomes=["app_year"])
    with pytest.raises(InputError, match="hold_hazard_level.*outside the horizon"):
        binjai_sim.interfaces.ema.model(baseline, hold_hazard_level="2040-01")


def test_salib_problem_from_the_same_table_samples_and_runs(baseline):
    from SALib.sample import sobol

    problem = binjai_sim.interfaces.ema.problem(baseline, ["coefficients.estimates.impact", "politics.continuity"],
                              levers=["handover_protocol"], groups={"politics.continuity": "politics"})
    assert problem["names"] == ["coefficients.estimates.impact", "politics.continuity",
                                "strategies.handover_protocol.intensity"]
    assert problem["groups"] == ["coefficients.estimates.impact", "politics", "strategies.handover_protocol.intensity"]
    impact = float(baseline.spec.coefficients.estimates["impact"])
    assert problem["bounds"][0] == pytest.approx([impact / 2, impact * 2]) and problem["bounds"][2] == [0.0, 1.0]
    x = sobol.sample(problem, 8, calc_second_order=False)
    low, high = np.array(problem["bounds"]).T
    assert x.shape[1] == 3 and ((x >= low) & (x <= high)).all()
    experiment = binjai_sim.interfaces.ema.Experiment(
        baseline, binjai_sim.interfaces.ema.inputs(baseline, problem["names"][:2])
        + binjai_sim.interfaces.ema.inputs(baseline, ["handover_protocol"], levers=True),
        ["app_years"], (), hold_hazard_level=None)
    values = dict(zip(problem["names"], x[0], strict=True))
    scenario = baseline.with_overrides({k: float(v) for k, v in values.items()},
                                       new_items={"strategies": {"start": "2017-03"}})
    expected = measure(run_model(scenario, replicate_seed(baseline.spec.run.seed, 0)), ["app_years"])
    assert experiment(**values)["app_years"] == expected["app_years"]


@pytest.mark.slow
def test_the_documented_example_finds_a_prim_box_on_a_small_design():
    import runpy

    from .conftest import ROOT

    example = runpy.run_path(str(ROOT / "docs" / "ema_example.py"))
    experiments, outcomes, box = example["explore"](scenarios=6, policies=2, seed=3)
    assert len(experiments) == 12 and outcomes["active"].shape[0] == 12
    assert 0 < box.coverage <= 1 and box.density > 0
    again, _, _ = example["explore"](scenarios=6, policies=2, seed=3)  # a seeded design
    assert again.drop(columns=["scenario", "policy"]).equals(experiments.drop(columns=["scenario", "policy"]))


def test_a_misspelt_input_is_refused_not_run_at_the_base_value(baseline):
    experiment = binjai_sim.interfaces.ema.Experiment(
        baseline, binjai_sim.interfaces.ema.inputs(baseline, "politics.continuity"), ["app_years"], (),
        hold_hazard_level=None)
    assert [i.path for i in experiment.inputs] == ["politics.continuity"]
    with pytest.raises(InputError, match="politics.continuty.*not an input.*did you mean 'politics.continuity'"):
        experiment(**{"politics.continuty": 0.5})
