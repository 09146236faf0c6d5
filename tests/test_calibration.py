"""Calibration on each app's fate: the study's table, the observation model, the per-app loss,
priors, scores, reproducibility, recovery of known parameters, and the shipped fit's quality."""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from binjai_sim import load_scenario
from binjai_sim.analysis.calibrate.fit import distance_for, fit, prepare, shape_violation, simulate
from binjai_sim.analysis.calibrate.observation import OBSERVED, SIMULATED, log_loss, matrix, report_probabilities
from binjai_sim.analysis.calibrate.predictive import fit_checks, predictive
from binjai_sim.analysis.calibrate.targets import last_month_read, load_priors, use_shape_ok
from binjai_sim.analysis.calibrate.validation import auc, folds, launch_year_model, scores
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.model.city import CityModel

from .conftest import BASELINE, ROOT

TARGETS = ROOT / "calibration" / "targets.yaml"
PRIORS = ROOT / "calibration" / "priors.yaml"


@pytest.fixture(scope="module")
def setup():
    return prepare(TARGETS, PRIORS)


def test_the_observed_table_holds_the_studys_fates(setup):
    observed = setup.observed
    assert observed.counts() == {"active": 8, "degraded": 2, "replaced_national": 3, "replaced_local": 3,
                                 "dead_other": 16}
    cls = dict(zip(observed.names, (OBSERVED[c] for c in observed.classes), strict=True))
    assert {n for n, c in cls.items() if c == "replaced_national"} == {"ePerencanaan", "eSSH", "eMasyarakat"}
    assert {n for n, c in cls.items() if c == "replaced_local"} == {"eSDM", "eTKD", "eAbsensi"}
    assert sum(c == "not_found" for c in cls.values()) == 8 and cls["eDokter"] == "dead"
    assert cls["ePerizinan"] == "degraded" and cls["Pakjai"] == "dead"


def test_the_observation_model_is_a_distribution_with_the_documented_meanings():
    m = matrix({"observation.misreport": 0.1, "observation.untraced": 0.2, "observation.no_trace": 0.7})
    assert m.shape == (len(SIMULATED), len(OBSERVED)) and np.allclose(m.sum(axis=1), 1)
    d = {s: dict(zip(OBSERVED, row, strict=True)) for s, row in zip(SIMULATED, m, strict=True)}
    assert d["active"]["active"] > 0.85 and d["degraded"]["degraded"] > 0.85
    assert d["replaced_national"]["replaced_national"] > 0.75 > d["replaced_national"]["not_found"]
    assert d["dead_other"]["not_found"] > d["dead_other"]["dead"]  # no_trace 0.7
    assert d["not_launched"]["not_found"] > 0.97
    never = report_probabilities(np.array([0]), {"observation.never_built": 0.3})[0]
    assert never[OBSERVED.index("not_found")] > 0.29


def test_the_per_app_loss_prefers_the_study_and_grows_with_each_mismatch(setup):
    observed = setup.observed.classes
    truth = np.array([{"active": 0, "degraded": 1, "replaced_national": 2, "replaced_local": 3, "dead": 4,
                       "not_found": 4}[OBSERVED[c]] for c in observed])
    base = log_loss(truth, observed, {})
    worse = truth.copy()
    worse[observed == 0] = 4  # the active apps dead instead
    assert log_loss(worse, observed, {}) > base + 8
    one = truth.copy()
    one[np.flatnonzero(observed == 0)[0]] = 4
    assert base < log_loss(one, observed, {}) < log_loss(worse, observed, {})
    mask = np.zeros(observed.size, dtype=bool)
    mask[:5] = True
    assert log_loss(truth, observed, {}, mask) < base


def test_use_shape_rule():
    assert use_shape_ok(36, 40, 10) and use_shape_ok(40, 39, 5)  # holds within 5%
    assert not use_shape_ok(40, 30, 5) and not use_shape_ok(36, 40, 25)
    assert shape_violation(36, 40, 10) == 0 and shape_violation(36, 40, 30) > 0


def test_priors_cover_the_open_dates_and_derive_the_weights_from_the_survey(setup):
    keys = {p.key: p for p in setup.priors}
    for key in ("national.platforms[SIPD].date", "national.platforms[SP4N-LAPOR].date",
                "national.platforms[OSS].date", "national.policy_shocks[BPJS bridging change].date",
                "national.consolidations[Simpeg].date", "observation.study_date"):
        assert keys[key].kind == "month", key
    assert (keys["coefficients.estimates.political"].low, keys["coefficients.estimates.political"].high) == (0, 1)
    assert (keys["coefficients.estimates.impact"].low, keys["coefficients.estimates.impact"].high) == (-0.5, 0.5)


def test_an_estimated_survey_becomes_a_normal_prior(tmp_path, setup):
    coeff = yaml.safe_load((ROOT / "calibration" / "survey_coefficients.yaml").read_text())
    for factor in coeff["factors"].values():
        factor["magnitude"], factor["se"] = "estimated", 0.07
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(coeff))
    scenario = setup.scenario.with_overrides({"coefficients.file": str(path)})
    prior = next(p for p in load_priors(PRIORS, scenario) if p.key == "coefficients.estimates.resources")
    assert prior.kind == "normal" and prior.high == 0.07


def test_bad_priors_are_rejected(tmp_path, setup):
    cases = {"hazard.intercept: {low: 1, high: 0}\n": "below high",
             "hazard.intercep: {low: -3, high: -1}\n": "hazard.intercep",
             "politics.continuity: {low: 0, high: 2}\n": "not a valid scenario value",
             "hazard.scale: [0, 1]\n": "low",
             "coefficients.estimates.political: {mean: 0.3, sd: -1}\n": "sd must be positive",
             "hazard.scale: {low: 0, high: .inf}\n": "finite"}
    for text, needle in cases.items():
        path = tmp_path / "p.yaml"
        path.write_text(text)
        with pytest.raises(InputError, match=needle):
            load_priors(path, setup.scenario)


def test_bad_targets_exit_2(tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text("scenario: x.yaml\napps: a.csv\nstudy_date: {low: 2022-13, high: 2023-01}\n")
    assert main(["calibrate", "fit", str(path), "--out", str(tmp_path / "o")]) == 2
    assert "t.yaml" in capsys.readouterr().err and not (tmp_path / "o").exists()


def test_fit_runs_stop_early_without_changing_what_they_read(setup):
    scenario = setup.scenario
    until = last_month_read(scenario, setup.targets)
    for seed in (3, 4):
        full, short = CityModel(scenario, seed=seed), CityModel(scenario, seed=seed)
        full.run()
        short.run(until=until)
        assert short.month < full.month
        rows = short.recorder.rows
        assert np.array_equal(short.recorder.status[:rows], full.recorder.status[:rows])


def test_scores_and_folds():
    observed = np.array([0, 0, 1, 4, 4, 5, 2, 3, 4, 5])
    perfect = np.eye(len(OBSERVED))[observed]
    s = scores(perfect * 0.94 + 0.01, observed)
    assert s["log_score"] == pytest.approx(np.log(0.95)) and s["auc"] == 1.0 and s["brier"] < 0.01
    assert auc(np.array([0.1, 0.9, 0.5]), np.array([False, True, False])) == 1.0
    parts = folds(observed, 3, seed=1)
    assert sum(p.sum() for p in parts) == observed.size and not (parts[0] & parts[1]).any()
    years = np.array([2017] * 5 + [2018] * 5)
    model = launch_year_model(observed, years, np.ones(10, dtype=bool))
    assert np.allclose(model.sum(axis=1), 1) and model[0, 0] > model[9, 0]


@pytest.mark.slow
def test_abc_with_one_worker_is_reproducible(setup):
    small = replace(setup, priors=[p for p in setup.priors if p.key in ("hazard.intercept", "hazard.scale")])
    a = fit(small, seed=3, population=12, generations=2, budget=80)
    b = fit(small, seed=3, population=12, generations=2, budget=80)
    pd.testing.assert_frame_equal(a.posterior, b.posterior)
    assert a.epsilons == b.epsilons and a.epsilons[-1] <= a.epsilons[0]


def test_the_shipped_calibration_fits_the_studys_counts_and_records_what_it_misses(setup):
    """At the calibrated point (the posterior's medoid, chosen without looking at the checks), on
    seeds the fit did not use: every count group's 90% interval contains the study's count; the
    use and priority checks come out as calibrated.yaml records them (the medoid misses eDokter's
    fall and the 2021 drop in priority, and docs/calibration.md says so)."""
    calibrated = yaml.safe_load((ROOT / "calibration" / "calibrated.yaml").read_text())
    checks = fit_checks(predictive(setup, None, replicates=200, seed=7, point=calibrated["observation"]), setup)
    counts = [c for c in checks if c["p05"] is not None and "priority" not in c["check"]]
    assert len(counts) == 5
    outside = [c["check"] for c in counts if not c["p05"] <= c["observed"] <= c["p95"]]
    assert not outside, outside
    recorded = {c["check"]: c["pass"] for c in calibrated["fit_checks_at_point"]}
    for c in checks:
        if c not in counts:
            assert c["pass"] == recorded[c["check"]], c["check"]


def test_the_distance_reads_the_per_app_loss(setup):
    d = distance_for(setup)
    values = {p.key: (p.low + p.high) / 2 if p.kind != "normal" else p.low for p in setup.priors}
    sim = simulate(setup, values, 1)
    assert sim["loss"] > 0 and d(sim, {}) >= sim["loss"]
    assert d(dict(sim, loss=sim["loss"] + 5), {}) == pytest.approx(d(sim, {}) + 5)


def test_the_baseline_uses_the_calibrated_parameters():
    calibrated = yaml.safe_load((ROOT / "calibration" / "calibrated.yaml").read_text())["parameters"]
    scenario = load_scenario(BASELINE)
    from binjai_sim.scenario import overrides

    for key, value in calibrated.items():
        assert overrides.get(scenario.raw, key) == value, key
