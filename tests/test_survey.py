"""Survey coefficients by SEM: recovery of known paths, the output file, and bad survey files."""

import pytest
import yaml

from binjai_sim.analysis.calibrate.survey import estimate, load_spec, synthetic_responses
from binjai_sim.base.vocabulary import FACTORS
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.coefficients import load_coefficients

from .conftest import ROOT

SPEC = ROOT / "calibration" / "survey_example" / "spec.yaml"
TRUE = {"political": 0.35, "resources": 0.30, "participation": 0.0, "impact": -0.10, "institutions": 0.25}


@pytest.fixture(scope="module")
def fitted():
    data = synthetic_responses(TRUE, n=600, seed=3)
    return estimate(data.astype(float), load_spec(SPEC))


def test_known_path_coefficients_are_recovered_within_their_standard_errors(fitted):
    for factor in FACTORS:
        c = fitted.coefficients[factor]
        assert abs(c["estimate"] - TRUE[factor]) <= 2 * c["se"], (factor, c)
    assert fitted.coefficients["political"]["significant"]
    assert not fitted.coefficients["participation"]["significant"]


def test_reliability_and_r_squared(fitted):
    assert 0.2 < fitted.r_squared < 0.6
    for name, r in fitted.reliability.items():
        assert 0.7 < r["cronbach_alpha"] < 0.95, name
        assert 0.7 < r["composite_reliability"] < 0.95, name
        assert 0.45 < r["ave"] < 0.8, name


def test_command_writes_a_coefficients_file_the_model_reads(tmp_path, capsys):
    csv = tmp_path / "answers.csv"
    synthetic_responses(TRUE, n=300, seed=5).to_csv(csv, index=False)
    out = tmp_path / "coef.yaml"
    assert main(["calibrate", "survey", str(csv), "--spec", str(SPEC), "--out", str(out)]) == 0
    loaded = load_coefficients(out)
    assert set(loaded.factors) == set(FACTORS)
    data = yaml.safe_load(out.read_text())
    assert len(data["source"]["sha256"]) == 64 and data["source"]["n"] == 300
    assert data["status"]["magnitudes"] == "estimated"
    assert "R^2" in capsys.readouterr().out


def _bad(tmp_path, capsys, frame, spec=SPEC, names="answers.csv"):
    csv = tmp_path / "answers.csv"
    frame.to_csv(csv, index=False)
    out = tmp_path / "coef.yaml"
    assert main(["calibrate", "survey", str(csv), "--spec", str(spec), "--out", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "Traceback" not in err and names in err
    return err


def test_missing_item_column(tmp_path, capsys):
    frame = synthetic_responses(TRUE, n=100, seed=1).drop(columns=["ins2"])
    assert "'ins2'" in _bad(tmp_path, capsys, frame)


def test_non_numeric_answer(tmp_path, capsys):
    frame = synthetic_responses(TRUE, n=100, seed=1).astype(object)
    frame.loc[4, "res3"] = "agree"
    err = _bad(tmp_path, capsys, frame)
    assert "'res3'" in err and "agree" in err and "row 6" in err


def test_out_of_scale_answer(tmp_path, capsys):
    frame = synthetic_responses(TRUE, n=100, seed=1)
    frame.loc[0, "sus1"] = 9
    err = _bad(tmp_path, capsys, frame)
    assert "'sus1'" in err and "1 to 7" in err


def test_too_few_rows(tmp_path, capsys):
    assert "at least 30" in _bad(tmp_path, capsys, synthetic_responses(TRUE, n=12, seed=1))


def test_bad_spec(tmp_path, capsys):
    spec = tmp_path / "spec.yaml"
    spec.write_text("scale: {min: 1, max: 7}\nconstructs: {political: [a, b]}\n")
    err = _bad(tmp_path, capsys, synthetic_responses(TRUE, n=50, seed=1), spec=spec, names="spec.yaml")
    assert "constructs" in err and "missing resources" in err
