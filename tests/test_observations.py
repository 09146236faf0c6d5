"""Dated evidence about apps: the observations format, its checks and its observation model."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from binjai_sim.analysis.calibrate import evidence, observation
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.vocabulary import AppStatus, Cause
from binjai_sim.scenario.observations import COLUMNS, load_observations

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "calibration" / "observations").glob("*.csv"))
HEADER = ",".join(COLUMNS)
GOOD = "51.71,Kota Denpasar,e-Kinerja,local,status,active,2019-04,2020-06-16,self_reported_inventory,repo@abc:x.sql,"


def write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "obs.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_shipped_files_load_and_cover_three_regions():
    records = [r for path in SHIPPED for r in load_observations(path)]
    assert {r.region_code for r in records} == {"12.75", "51.71", "35.20"}
    assert all(r.source for r in records)
    binjai = [r for r in records if r.region_code == "12.75"]
    assert len(binjai) == 32 and sum(r.value == "active" for r in binjai) == 8
    # Denpasar's central-government apps are kept, and marked as not local
    assert any(r.scope == "central" for r in records if r.region_code == "51.71")
    assert [r.number for r in records if r.observed == "count"] == [46, 79, 68, 68]


@pytest.mark.skipif(not (ROOT.parent / "shared" / "data" / "evidence").is_dir(), reason="no evidence folder")
def test_the_shipped_files_are_what_the_script_makes_of_their_sources():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_observations.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("row, key", [
    (GOOD.replace("51.71", "5171"), "region_code"),
    (GOOD.replace(",local,", ",regional,"), "scope"),
    (GOOD.replace(",active,", ",alive-ish,"), "value"),
    (GOOD.replace("repo@abc:x.sql", ""), "source"),
    (GOOD.replace("2019-04", "2019-13"), "as_of"),
    (GOOD.replace("2019-04", "2021-04..2019-04"), "as_of"),
    (GOOD.replace("2020-06-16", "2018-01-01"), "reported"),
    (GOOD.replace(",status,active,", ",count,12,"), "app"),
    (GOOD.replace(",status,active,", ",alive,yes,"), "value"),
    (GOOD.replace(",e-Kinerja,", ",,"), "app"),
])
def test_a_bad_record_is_refused_naming_its_line_and_column(tmp_path, row, key):
    with pytest.raises(InputError) as caught:
        load_observations(write(tmp_path, GOOD.replace("e-Kinerja", "SIMPEG"), row))
    assert caught.value.key.startswith("line 3") and caught.value.key.endswith(key)


def test_a_duplicate_record_and_a_foreign_header_are_refused(tmp_path):
    with pytest.raises(InputError, match="twice"):
        load_observations(write(tmp_path, GOOD, GOOD))
    with pytest.raises(InputError, match="missing column"):
        load_observations(write(tmp_path, "x", header="name,status"))


def test_validate_checks_an_observations_file(tmp_path):
    ok = subprocess.run([sys.executable, str(ROOT / "run.py"), "validate", str(SHIPPED[0])],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "OK" in ok.stdout, ok.stdout + ok.stderr
    bad = subprocess.run([sys.executable, str(ROOT / "run.py"), "validate",
                          str(write(tmp_path, GOOD.replace(",local,", ",regional,")))], capture_output=True, text=True)
    assert bad.returncode == 2 and "scope" in bad.stderr and "Traceback" not in bad.stderr


T0 = parse_month("2019-01")


def history(*columns, t0=T0, cause=None):
    status = np.array(columns, dtype=np.int64).T
    return evidence.History(tuple(f"app{j}" for j in range(status.shape[1])), status,
                            np.array(cause or [Cause.DISCONTINUED] * status.shape[1]), t0)


def record(app, value, as_of, kind="self_reported_inventory", observed="status", scope="local"):
    first, _, last = as_of.partition("..")
    from binjai_sim.scenario.observations import Observation
    return Observation("51.71", "Kota Denpasar", app, scope, observed, value, parse_month(first),
                       parse_month(last or first), parse_month(last or first), kind, "s", "", 2)


A, D, N = AppStatus.ACTIVE, AppStatus.DEAD, AppStatus.NOT_LAUNCHED


def test_an_inventory_describes_the_row_s_last_edit_not_the_snapshot():
    # app0 runs until 2019-06 and then stops; the row was last edited in 2019-03
    h = history([A] * 5 + [D] * 7)
    at_edit = evidence.score([record("app0", "active", "2019-03")], h)[0].likelihood
    later = evidence.score([record("app0", "active", "2019-10")], h)[0].likelihood
    assert at_edit == pytest.approx(1 - evidence.DEFAULTS["inventory.misreport"])
    # a stopped app listed active is a stale row, not impossible
    assert later == pytest.approx(evidence.DEFAULTS["inventory.stale"])
    stale = evidence.score([record("app0", "active", "2019-10")], h, {"inventory.stale": 0.6})[0].likelihood
    assert stale == pytest.approx(0.6)


def test_sightings_counts_and_set_asides():
    h = history([A] * 12, [N] * 6 + [A] * 6, [A] * 3 + [D] * 9)
    alive = evidence.score([record("app2", "", "2019-02", "sighting", "alive")], h)[0].likelihood
    wrong = evidence.score([record("app2", "", "2019-08", "sighting", "alive")], h)[0].likelihood
    assert alive > 0.9 > 0.1 > wrong > 0
    count = lambda n: evidence.score([record("", str(n), "2019-10", "official_count", "count")], h)[0].likelihood
    assert count(2) > count(4) and count(2) > count(1)  # two apps live in 2019-10
    aside = evidence.score([record("app0", "active", "2019-02", scope="central"),
                            record("nope", "active", "2019-02"),
                            record("app0", "active", "2031-01")], h)
    assert [s.likelihood for s in aside] == [None, None, None]
    assert evidence.log_likelihood(aside) == 0.0


def test_a_study_table_record_uses_the_study_s_observation_model_over_its_window():
    h = history([A] * 6 + [D] * 6, cause=[Cause.REPLACED_NATIONAL])
    p = evidence.score([record("app0", "replaced_national", "2019-01..2019-12", "study_table")], h)[0].likelihood
    states = [observation.simulated_states_of(h.status[m], h.cause) for m in range(12)]
    expect = np.mean([observation.report_probabilities(s, {})[0, observation.OBSERVED.index("replaced_national")]
                      for s in states])
    assert p == pytest.approx(expect)
    whole = evidence.score([record("app0", "replaced_national", "2019-08..2019-12", "study_table")], h)[0].likelihood
    assert whole > 0.7 and p == pytest.approx(whole / 2 + (1 - whole) * 0, abs=0.02)  # replaced in half the window


@pytest.mark.slow
def test_binjai_s_runs_score_every_study_record():
    from binjai_sim.analysis.calibrate.evidence import history_of
    from binjai_sim.runs.runner import run_model
    from binjai_sim.scenario.load import load_scenario

    run = run_model(load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml"), 1)
    scored = evidence.score(load_observations(ROOT / "calibration" / "observations" / "binjai.csv"), history_of(run))
    assert all(s.likelihood is not None and s.likelihood > 0 for s in scored)
    assert np.isfinite(evidence.log_likelihood(scored))


@pytest.mark.slow
def test_the_evidence_check_scores_a_region_it_never_saw():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "evidence_check.py"),
                           str(ROOT / "scenarios" / "cities" / "denpasar" / "scenario.yaml"),
                           str(ROOT / "calibration" / "observations" / "denpasar.csv"), "--replicates", "2"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "a central-government app" in lines[0]  # Pusat apps are never scored as local ones
    model, rival = (float(x.split()[-1]) for x in lines[2].split(":")[1].split(","))
    assert model < 0 and rival < 0
