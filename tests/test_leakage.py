"""No input is derived from an answer it is then scored against.

The inventory's counterparts follow from what each platform does (scenarios/national/counterparts.yaml),
not from the study's outcome column; a held-out fold's predictions do not move when its fates are
changed; the checks the fit saw are labelled in sample; the calibrated point is the posterior's
medoid, not a point chosen by how well it fits.
"""

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from binjai_sim.analysis.calibrate.fit import prepare
from binjai_sim.analysis.calibrate.observation import OBSERVED
from binjai_sim.analysis.calibrate.point import posterior_medoid
from binjai_sim.analysis.calibrate.predictive import fit_checks, predictive
from binjai_sim.analysis.calibrate.validation import fold_predictions, folds
from binjai_sim.scenario.load import load_scenario

from .conftest import BASELINE, ROOT

RULES = yaml.safe_load((ROOT / "scenarios" / "national" / "counterparts.yaml").read_text())["rules"]
INVENTORY = ROOT / "scenarios" / "data" / "binjai_inventory.csv"
STUDY = ROOT / "calibration" / "observed" / "binjai_apps.csv"
OUTCOME_COLUMNS = ("condition_reported", "status_class", "replaced_by", "replacement_kind")


def rule_counterpart(sector: str, audience: str, function: str) -> str:
    """The counterpart the rules give an app of this sector, audience and function."""
    for rule in RULES:
        if (sector in rule["sectors"] and audience in rule.get("audiences", [audience])
                and function in rule.get("functions", [function])):
            return rule["counterpart"]
    return "none"


@pytest.fixture(scope="module")
def inventory():
    return pd.read_csv(INVENTORY, comment="#", keep_default_na=False)


def test_every_counterpart_follows_from_sector_audience_and_function_alone(inventory):
    expected = [rule_counterpart(r.sector, r.audience, r.function) for r in inventory.itertuples()]
    assert inventory["counterpart"].tolist() == expected
    # the rules read what a platform does, never an outcome, and each gives its reason
    assert all(set(rule) <= {"counterpart", "sectors", "audiences", "functions", "why"} for rule in RULES)
    assert all(len(rule["why"]) > 40 for rule in RULES)
    assert not any(s.startswith("study") for s in inventory["counterpart_source"])
    assert not set(OUTCOME_COLUMNS) & set(inventory.columns)


def test_apps_alike_in_what_they_do_get_one_counterpart_whatever_their_fate(inventory):
    study = pd.read_csv(STUDY)
    both = inventory.assign(outcome=study["status_class"].to_numpy())
    per_kind = both.groupby(["sector", "audience", "function"])
    assert (per_kind["counterpart"].nunique() == 1).all()
    # fates differ within a counterpart (SIPD: replaced and not found; Simpeg's and the rest's alike
    # by rule), and shuffling the fates leaves the rule's answer where it was
    assert both[both.counterpart == "SIPD"]["outcome"].nunique() > 1
    shuffled = both.assign(outcome=np.random.default_rng(1).permutation(both["outcome"].to_numpy()))
    assert [rule_counterpart(r.sector, r.audience, r.function) for r in shuffled.itertuples()] == \
        both["counterpart"].tolist()


def test_every_counterpart_names_an_event_of_the_baseline(inventory):
    spec = load_scenario(BASELINE).spec
    events = {p.name for p in spec.national.platforms} | {c.name for c in spec.national.consolidations}
    assert set(inventory["counterpart"]) - {"none"} <= events
    assert {r["counterpart"] for r in RULES} <= events


@pytest.fixture(scope="module")
def setup():
    return prepare(ROOT / "calibration" / "targets.yaml", ROOT / "calibration" / "priors.yaml")


@pytest.mark.slow
def test_a_held_out_folds_predictions_do_not_see_its_fates(setup):
    """Poison the held-out apps' fates (each moved to another class): their predictions are the
    same to the last bit. Poisoning a training app's fate does move them, so the fit is not inert."""
    small = replace(setup, replicates=1)
    observed = setup.observed.classes
    held = folds(observed, 3, 20161202)[0]

    def predict(classes):
        poisoned = replace(small, observed=replace(setup.observed, classes=classes))
        return fold_predictions(poisoned, held, seed=5, population=8, generations=2, budget=24, replicates=2)

    clean = predict(observed)
    poisoned = observed.copy()
    poisoned[held] = (observed[held] + 1) % len(OBSERVED)
    assert np.array_equal(predict(poisoned)[held], clean[held])
    trained = observed.copy()
    trained[~held] = (observed[~held] + 1) % len(OBSERVED)
    assert not np.array_equal(predict(trained)[held], clean[held])


def test_the_fit_checks_are_labelled_in_sample_and_name_the_events_fitted_to_one_target(setup):
    checks = fit_checks(predictive(setup, None, replicates=2, seed=1), setup)
    assert all(c["in_sample"] for c in checks)
    by_name = {c["check"]: c["in_sample"] for c in checks}
    assert "BPJS bridging change" in by_name["eDokter use rises or holds in year 2, then falls below half"]
    assert "Simpeg" in by_name["replaced_local: 90% interval contains observed"]


def test_the_medoid_is_the_particle_closest_on_average_to_the_others():
    rng = np.random.default_rng(0)
    cloud = pd.DataFrame({"a": rng.normal(0, 1, 200), "b": rng.normal(0, 100, 200)})
    cloud.loc[17] = [0.0, 0.0]  # the centre, in each parameter's own units
    cloud.loc[3] = [3.0, 0.0]  # far out in a, though near in absolute units
    cloud["weight"] = 1 / len(cloud)
    assert posterior_medoid(cloud) == 17
    # weights count: a heavy corner pulls the medoid into it
    heavy = cloud.assign(weight=np.where(cloud["a"] > 1.5, 50.0, 1.0))
    assert cloud.loc[posterior_medoid(heavy), "a"] > 0.5



def test_the_baseline_runs_the_posteriors_medoid():
    calibrated = yaml.safe_load((ROOT / "calibration" / "calibrated.yaml").read_text())
    posterior = pd.read_parquet(ROOT / "calibration" / "posterior.parquet")
    row = posterior.iloc[posterior_medoid(posterior)]
    assert "medoid" in calibrated["point"]
    for key, value in calibrated["observation"].items():
        assert value == pytest.approx(row[key], abs=1e-6), key
    assert calibrated["parameters"]["hazard.intercept"] == pytest.approx(row["hazard.intercept"], abs=1e-6)
    assert calibrated["parameters"]["hazard.scale"] == pytest.approx(row["hazard.scale"], abs=1e-6)
