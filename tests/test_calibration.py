"""Calibration to observed patterns: targets, priors, ABC reproducibility and fit quality."""

import pandas as pd
import pytest
import yaml

from sim import load_scenario
from sim.calibrate.fit import distance, fit, observed_vector, shape_violation
from sim.calibrate.predictive import fit_quality, predictive
from sim.calibrate.targets import STATUS_GROUPS, last_month_read, load_priors, load_targets, observables, use_shape_ok
from sim.cli import main
from sim.errors import InputError
from sim.model import CityModel

from .conftest import BASELINE, ROOT

TARGETS = ROOT / "calibration" / "targets.yaml"


@pytest.fixture(scope="module")
def targets_and_scenario():
    targets, path = load_targets(TARGETS)
    return targets, load_scenario(path)


def test_targets_hold_the_studys_counts(targets_and_scenario):
    targets, _ = targets_and_scenario
    counts = targets.status_counts
    assert (counts.active, counts.degraded, counts.replaced_national, counts.replaced_local,
            counts.dead_other) == (8, 2, 3, 3, 16)
    observed = pd.read_csv(ROOT / "calibration" / "observed" / "binjai_apps.csv")
    assert sum(getattr(counts, g) for g in STATUS_GROUPS) == len(observed) == 32
    assert (observed.status_class == "active").sum() == counts.active
    assert (observed.replacement_kind == "national").sum() - 1 == counts.replaced_national  # OSS: partly
    assert (observed.replacement_kind == "local").sum() == counts.replaced_local
    assert targets.app_use[0].monthly_users_by_year == [36, 40, 10]


def test_use_shape_rule():
    assert use_shape_ok(36, 40, 10)
    assert use_shape_ok(40, 39, 5)  # holds within 5%
    assert not use_shape_ok(40, 30, 5) and not use_shape_ok(36, 40, 25)
    assert shape_violation(36, 40, 10) == 0 and shape_violation(36, 40, 30) > 0


def test_distance_is_zero_at_the_observations_and_grows(targets_and_scenario):
    targets, _ = targets_and_scenario
    obs = observed_vector(targets)
    assert distance(obs, obs) == 0
    worse = dict(obs, active=obs["active"] + 4)
    assert distance(worse, obs) > distance(dict(obs, active=obs["active"] + 1), obs) > 0


def test_baseline_uses_the_calibrated_parameters():
    calibrated = yaml.safe_load((ROOT / "calibration" / "calibrated.yaml").read_text())["parameters"]
    scenario = load_scenario(BASELINE)
    for key, value in calibrated.items():
        node = scenario.spec
        for part in key.split("."):
            node = getattr(node, part)
        assert node == pytest.approx(value), key


def test_scenario_keys_take_precedence_over_calibrated(tmp_path):
    child = tmp_path / "c.yaml"
    child.write_text(f"extends: {BASELINE}\nname: c\nhazard: {{intercept: -4.44}}\n")
    assert load_scenario(child).spec.hazard.intercept == -4.44


def test_bad_priors_are_rejected(tmp_path, targets_and_scenario):
    _, scenario = targets_and_scenario
    cases = {"hazard.intercept: {low: 1, high: 0}\n": "below high",
             "hazard.intercep: {low: -3, high: -1}\n": "hazard.intercep",
             "politics.continuity: {low: 0, high: 2}\n": "not a valid scenario value",
             "hazard.scale: [0, 1]\n": "low' and 'high"}
    for text, needle in cases.items():
        path = tmp_path / "p.yaml"
        path.write_text(text)
        with pytest.raises(InputError, match=needle.replace("'", ".")):
            load_priors(path, scenario)


def test_bad_targets_exit_2(tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text("observation_date: 2022-13\nscenario: x.yaml\nstatus_counts: {active: 1}\n")
    assert main(["calibrate", "fit", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "t.yaml" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_fit_runs_stop_early_without_changing_what_they_read(targets_and_scenario):
    targets, scenario = targets_and_scenario
    priors = load_priors(ROOT / "calibration" / "priors.yaml", scenario)
    varied = scenario.with_overrides({p.key: p.low + 0.8 * (p.high - p.low) for p in priors})
    for seed, sc in ((3, scenario), (4, varied)):
        full, short = CityModel(sc, seed=seed), CityModel(sc, seed=seed)
        full.run()
        short.run(until=last_month_read(sc, targets))
        assert short.month < full.month
        assert observables(short, targets) == observables(full, targets)


def test_abc_with_one_worker_is_reproducible(targets_and_scenario):
    targets, scenario = targets_and_scenario
    priors = load_priors(ROOT / "calibration" / "priors.yaml", scenario)[:2]
    a = fit(scenario, targets, priors, seed=3, population=8, generations=2, budget=60)
    b = fit(scenario, targets, priors, seed=3, population=8, generations=2, budget=60)
    pd.testing.assert_frame_equal(a.posterior, b.posterior)
    assert a.epsilons == b.epsilons and a.epsilons[-1] <= a.epsilons[0]


def test_fit_quality_of_the_calibrated_baseline(targets_and_scenario):
    """The science acceptance test: 100 replicates of the calibrated baseline (the calibrated point
    that scenarios load) reproduce every observed pattern: 90% interval of active apps contains 8
    with a median within 1, every other group's interval contains its count, eDokter's shape holds."""
    targets, scenario = targets_and_scenario
    checks = fit_quality(predictive(scenario, targets, None, replicates=100, seed=7), targets)
    failed = [c for c in checks if not c["pass"]]
    assert not failed, failed


def test_posterior_predictive_passes_the_same_checks(targets_and_scenario):
    """Drawing parameters from the whole posterior instead of the calibrated point, every observed
    pattern is still reproduced (active apps: interval contains 8, median within 1)."""
    targets, scenario = targets_and_scenario
    posterior = pd.read_parquet(ROOT / "calibration" / "posterior.parquet")
    assert abs(posterior["weight"].sum() - 1) < 1e-9
    checks = fit_quality(predictive(scenario, targets, posterior, replicates=100, seed=20161202), targets)
    failed = [c for c in checks if not c["pass"]]
    assert not failed, failed
