"""Every kind of bad scenario input: one clear message, exit 2, no output folder."""

import subprocess
import sys

import pytest

from binjai_sim.interfaces.cli import main

from .conftest import BASELINE, ROOT, write_scenario


def _run(capsys, tmp_path, scenario):
    out = tmp_path / "out"
    code = main(["run", str(scenario), "--out", str(out), "--replicates", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert not out.exists() or not any(out.iterdir()), "output left behind"
    assert "Traceback" not in err
    assert err.count("\n") == 1, f"one message expected, got: {err}"
    return err


def test_missing_file(capsys, tmp_path):
    err = _run(capsys, tmp_path, tmp_path / "nope.yaml")
    assert "nope.yaml" in err and "not found" in err


def test_bad_yaml(capsys, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ncity: {population: [\n")
    err = _run(capsys, tmp_path, path)
    assert "bad.yaml" in err and "not valid YAML" in err and "line" in err


def test_not_a_mapping(capsys, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- 1\n- 2\n")
    assert "mapping" in _run(capsys, tmp_path, path)


def test_wrong_type(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "city: {population: many}\n"))
    assert "city.population" in err and "'many'" in err


def test_out_of_range(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "politics: {continuity: 1.7}\n"))
    assert "politics.continuity" in err and "1.7" in err and "1.0" in err


def test_unknown_key_gets_a_suggestion(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "politics: {continuty: 0.5}\n"))
    assert "politics.continuty" in err and "did you mean 'continuity'" in err


def test_unknown_top_level_key(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "hazrd: {scale: 1}\n"))
    assert "did you mean 'hazard'" in err


def test_bad_date(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "elections: [{date: 2020-13}]\n"))
    assert "elections.0.date" in err and "YYYY-MM" in err


def test_election_outside_horizon(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "elections: [{date: 2040-01}]\n"))
    assert "elections.0.date" in err and "outside the horizon" in err


def test_horizon_end_before_start(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "horizon: {start: 2020-01, end: 2019-01}\n"))
    assert "horizon" in err and "after start" in err


def test_unknown_sector_in_platform(capsys, tmp_path):
    text = "national: {platforms: [{name: X, sectors: [helth], date: 2020-01}]}\n"
    err = _run(capsys, tmp_path, write_scenario(tmp_path, text))
    assert "national.platforms.0.sectors" in err and "helth" in err and "health" in err


def test_unknown_app_in_consolidation(capsys, tmp_path):
    text = "national: {consolidations: [{name: M, apps: [eSDMM], date: 2021-01}]}\n"
    err = _run(capsys, tmp_path, write_scenario(tmp_path, text))
    assert "eSDMM" in err and "did you mean 'eSDM'" in err


def test_unknown_app_sector_in_inventory(capsys, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("name,sector,audience,owner_agency,launch,target_share\nA,space,citizen,X,2017-03,0.1\n")
    err = _run(capsys, tmp_path, write_scenario(tmp_path, f"apps: {{inventory: {inv}}}\n"))
    assert "inv.csv line 2" in err and "sector" in err and "space" in err and "planning" in err


def test_bad_launch_date_in_inventory(capsys, tmp_path):
    inv = tmp_path / "inv.csv"
    inv.write_text("name,sector,audience,owner_agency,launch,target_share\nA,tax,citizen,X,March,0.1\n")
    err = _run(capsys, tmp_path, write_scenario(tmp_path, f"apps: {{inventory: {inv}}}\n"))
    assert "launch" in err and "March" in err


def test_missing_extends_target(capsys, tmp_path):
    path = tmp_path / "child.yaml"
    path.write_text("extends: nowhere.yaml\nname: c\n")
    err = _run(capsys, tmp_path, path)
    assert "extends" in err and "nowhere.yaml" in err


def test_circular_extends(capsys, tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nname: a\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\nname: b\n")
    assert "circular" in _run(capsys, tmp_path, tmp_path / "a.yaml")


def test_unknown_strategy(capsys, tmp_path):
    err = _run(capsys, tmp_path, write_scenario(tmp_path, "strategies: [{name: magic}]\n"))
    assert "strategies.0.name" in err and "magic" in err


def test_bad_coefficients_file(capsys, tmp_path):
    coeff = tmp_path / "c.yaml"
    coeff.write_text("source: {}\nstatus: {}\nfactors: {political: {estimate: 0.3, se: 0.1, "
                     "significant: true, sign: negative}}\n")
    err = _run(capsys, tmp_path, write_scenario(tmp_path, f"coefficients: {{file: {coeff}}}\n"))
    assert "c.yaml" in err


def test_existing_output_needs_force(capsys, tmp_path):
    out = tmp_path / "out"
    (out / "binjai_baseline").mkdir(parents=True)
    (out / "binjai_baseline" / "keep.txt").write_text("mine")
    code = main(["run", str(BASELINE), "--out", str(out), "--replicates", "1"])
    assert code == 2 and "--force" in capsys.readouterr().err
    assert (out / "binjai_baseline" / "keep.txt").read_text() == "mine"


def test_bad_command_line_values_exit_2(tmp_path):
    with pytest.raises(SystemExit) as info:
        main(["run", str(BASELINE), "--replicates", "0"])
    assert info.value.code == 2


def test_exit_code_through_the_real_entry_point(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "validate", str(tmp_path / "x.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "x.yaml" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("args, words", [
    (["--scenarios", "{tmp}/nowhere"], ["nowhere", "is not a folder"]),
    (["--scenarios", "{tmp}/empty"], ["empty", "no scenario files"]),
    (["--scenarios", "{tmp}/broken"], ["city.yaml", "city.population"]),
    (["--port", "70000"], ["--port", "70000"]),
])
def test_viz_refuses_what_it_cannot_serve_before_starting(capsys, tmp_path, args, words):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("no scenario here")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "city.yaml").write_text(f"extends: {BASELINE}\nname: x\ncity: {{population: many}}\n")
    code = main(["viz", *[a.format(tmp=tmp_path) for a in args]])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    assert all(w in err for w in words), err
