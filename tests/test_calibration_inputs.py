"""`calibrate fit` refuses bad fates tables and targets before any simulation, naming the file,
row and key; a posterior is paired with the calibrated file of its own fit only."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from binjai_sim.analysis.posterior import draws
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.load import load_scenario

from .conftest import BASELINE, ROOT

CALIBRATION = ROOT / "calibration"
STUDY = CALIBRATION / "observed" / "binjai_apps.csv"


@pytest.fixture
def no_fit(monkeypatch):
    import binjai_sim.analysis.calibrate.fit

    def refuse(*args, **kwargs):
        raise AssertionError("the fit started before its inputs were checked")

    monkeypatch.setattr(binjai_sim.analysis.calibrate.fit, "fit", refuse)
    monkeypatch.setattr(binjai_sim.analysis.calibrate.fit, "run_model", refuse)


def _targets(tmp_path, fates: bytes | None = None, extra: str = "", study=("2021-06", "2023-06")) -> str:
    """A targets file in tmp_path over the shipped baseline, reading ``fates`` (default the study's)."""
    (tmp_path / "fates.csv").write_bytes(STUDY.read_bytes() if fates is None else fates)
    shutil.copy(CALIBRATION / "priors.yaml", tmp_path / "priors.yaml")
    path = tmp_path / "targets.yaml"
    path.write_text(f"scenario: {BASELINE}\napps: fates.csv\nstudy_date: {{low: {study[0]}, high: {study[1]}}}\n"
                    + extra, encoding="utf-8")
    return str(path)


def _fit(tmp_path, targets: str, capsys, *more: str) -> tuple[int, str]:
    code = main(["calibrate", "fit", targets, "--out", str(tmp_path / "out"), "--write",
                 str(tmp_path / "cal" / "calibrated.yaml"), *more])
    return code, capsys.readouterr().err


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(STUDY.read_text(encoding="utf-8"))))


def _csv(rows, delimiter=",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def test_a_fates_table_saved_by_excel_with_a_bom_and_semicolons_reads_the_same(tmp_path):
    from binjai_sim.analysis.calibrate.fit import prepare

    shipped = prepare(CALIBRATION / "targets.yaml", CALIBRATION / "priors.yaml").observed
    targets = _targets(tmp_path, b"\xef\xbb\xbf" + _csv(_rows(), ";").encode("utf-8"))
    observed = prepare(tmp_path / "targets.yaml", tmp_path / "priors.yaml").observed
    assert targets and observed.names == shipped.names and list(observed.classes) == list(shipped.classes)


def test_a_fates_table_that_is_not_utf8_names_its_line(tmp_path, capsys, no_fit):
    text = STUDY.read_text(encoding="utf-8").replace("eDokter", "eDókter")
    code, err = _fit(tmp_path, _targets(tmp_path, text.encode("latin-1", errors="replace")), capsys)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "eDókter" in row)
    assert code == 2 and f"fates.csv line {line}" in err and "UTF-8" in err and "Traceback" not in err


def test_duplicate_unknown_and_unclassed_rows_are_named_with_their_lines(tmp_path, capsys, no_fit):
    rows = _rows()
    header = rows[0]
    name = header.index("name")
    extra = [list(rows[5]), list(rows[6]), list(rows[7])]
    extra[0][name] = rows[3][name]  # a second row for one app
    extra[1][name] = "eNotAnApp"
    extra[2][name] = rows[7][name] + "x"
    rows[9][header.index("status_class")] = "sleeping"
    code, err = _fit(tmp_path, _targets(tmp_path, _csv(rows + extra).encode()), capsys)
    assert code == 2 and "Traceback" not in err
    first = len(rows) + 1
    assert f"fates.csv line {first}: key 'name'" in err and "twice (first at line 4)" in err
    assert f"fates.csv line {first + 1}: key 'name'" in err and "eNotAnApp" in err
    assert f"fates.csv line {first + 2}: key 'name'" in err
    assert "fates.csv line 10: key 'status_class'" in err and "sleeping" in err


def test_targets_naming_an_unknown_app_or_months_outside_the_horizon_are_refused(tmp_path, capsys, no_fit):
    extra = ("app_use:\n  - {app: eDoktor, monthly_users_by_year: [36, 40, 10]}\n"
             "  - {app: eDokter, monthly_users_by_year: [36, 40, 10]}\n"
             "priority: {after: 2045-01, below: 0.5}\n")
    code, err = _fit(tmp_path, _targets(tmp_path, extra=extra, study=("2010-01", "2023-06")), capsys)
    assert code == 2 and "Traceback" not in err
    assert "targets.yaml: key 'app_use[0].app'" in err and "eDokter" in err
    assert "targets.yaml: key 'study_date.low'" in err and "2016-12" in err
    assert "targets.yaml: key 'priority.after'" in err


def test_an_existing_calibrated_file_is_replaced_only_with_force(tmp_path, capsys, no_fit):
    (tmp_path / "cal").mkdir()
    (tmp_path / "cal" / "calibrated.yaml").write_text("mine\n")
    code, err = _fit(tmp_path, _targets(tmp_path), capsys)
    assert code == 2 and "calibrated.yaml" in err and "--force" in err
    assert (tmp_path / "cal" / "calibrated.yaml").read_text() == "mine\n"


def _pair(tmp_path) -> object:
    folder = tmp_path / "calibration"
    folder.mkdir()
    for name in ("calibrated.yaml", "posterior.parquet"):
        shutil.copy(CALIBRATION / name, folder / name)
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {BASELINE}\nname: paired\ncalibrated: calibration/calibrated.yaml\n")
    return folder, load_scenario(path)


def test_a_posterior_from_another_fit_is_refused(tmp_path):
    folder, scenario = _pair(tmp_path)
    assert len(draws(scenario, 3, seed=1)) == 3  # the shipped pair belongs together
    other = pd.read_parquet(folder / "posterior.parquet").iloc[::-1]
    other.to_parquet(folder / "posterior.parquet", index=False)
    with pytest.raises(InputError, match="is not the posterior of"):
        draws(scenario, 3, seed=1)


def test_a_calibrated_file_without_its_posteriors_identity_is_refused(tmp_path):
    folder, scenario = _pair(tmp_path)
    text = (folder / "calibrated.yaml").read_text(encoding="utf-8")
    (folder / "calibrated.yaml").write_text("\n".join(line for line in text.splitlines()
                                                      if not line.startswith("posterior_sha256")) + "\n")
    with pytest.raises(InputError, match="posterior_sha256"):
        draws(scenario, 3, seed=1)
