"""Crashes after work become clean refusals before work: too long names, math text in labels,
non-finite counts, oversized CSV fields and damaged run folders each give exit 2 and one sentence."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.interfaces.newcity.profile import parse_count
from binjai_sim.outputs import plots
from binjai_sim.outputs.write import MAX_NAME_BYTES, check_name
from binjai_sim.scenario.spreadsheet import read_table

from .conftest import BASELINE

PACKAGE = BASELINE.parent / "strategies" / "low_fiscal_capacity.yaml"

ARABIC = "م"  # two bytes in UTF-8


def test_a_name_too_long_for_the_file_system_is_refused_before_any_run(tmp_path, capsys):
    assert check_name(ARABIC * (MAX_NAME_BYTES // 2), None, "--name")
    with pytest.raises(InputError, match="bytes long in UTF-8"):
        check_name(ARABIC * (MAX_NAME_BYTES // 2 + 1), None, "--name")
    out = tmp_path / "out"
    assert main(["compare", str(BASELINE), str(BASELINE), "--name", ARABIC * 119, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'--name'" in err[0] and "238 bytes" in err[0]
    assert not out.exists()


def test_labels_with_math_text_are_drawn_as_typed():
    names = ["a", "b"]
    metrics = pd.DataFrame([{"scenario": n, "replicate": r, "app_years": 100.0 + 20 * k + r,
                             "strategy_cost_rp": 1e9 * k} for k, n in enumerate(names) for r in range(5)])
    labels = {"a": "Rp$^$ paket", "b": r"a$\frac{$b"}
    fig = plots.cost_effectiveness_figure(metrics, names, labels, "Kota $1^$")
    fig.canvas.draw()  # mathtext would fail to parse these here
    shown = " ".join(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
    assert "Kota $1^$" in shown
    series = pd.DataFrame({"replicate": 0, "month": np.arange(24000, 24012), "active": 3, "degraded": 1,
                           "dead": 0, "not_launched": 0})
    plots.status_figure(series, r"$\alpha^$ city $").canvas.draw()


@pytest.mark.parametrize("value", ["1e400", ".inf", "nan", float("inf"), float("nan"), 1e400])
def test_non_finite_counts_are_refused_like_any_bad_count(value):
    with pytest.raises(ValueError, match="whole number"):
        parse_count(value, 100)


def test_non_finite_population_and_staff_in_flags_and_profiles_are_refused(tmp_path, capsys):
    assert main(["new-city", str(tmp_path / "a"), "--name", "Kota", "--population", "1e400", "--no-input"]) == 2
    assert "--population" in capsys.readouterr().err
    profile = tmp_path / "p.yaml"
    profile.write_text("name: Kota\npopulation: .inf\nstaff: 1e400\napbd: .nan\n")
    assert main(["new-city", str(tmp_path / "b"), "--profile", str(profile), "--no-input"]) == 2
    err = capsys.readouterr().err
    assert all(f"key '{k}'" in err for k in ("population", "staff", "apbd")) and "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_a_csv_field_over_the_csv_modules_limit_is_named_with_its_line(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text("name,agency,launch\nA,B,2018-01\nC," + "x" * 200_000 + ",2018-01\n")
    with pytest.raises(InputError, match=r"apps.csv line 3: .*too long.*at most 131,072 characters"):
        read_table(path, "inventory file")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    assert main(["run", str(BASELINE), "--replicates", "1", "--out", str(out)]) == 0
    return out / "binjai_baseline"


def _edit_json(name, **changes):
    def edit(folder):
        path = folder / name
        path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))
    return edit


DAMAGE = {
    "summary.json": lambda f: (f / "summary.json").write_text('{"scenario": '),
    "manifest.json": _edit_json("manifest.json", lang="fr"),
    "scenario_resolved.yaml": lambda f: (f / "scenario_resolved.yaml").write_text("- a list\n- not a mapping\n"),
    "app_outlook.csv": lambda f: (f / "app_outlook.csv").write_text(""),
    "series.parquet": lambda f: (f / "series.parquet").write_bytes(b"PAR1 cut short"),
    "events.parquet": lambda f: pd.DataFrame({"other": [1]}).to_parquet(f / "events.parquet"),
}


@pytest.mark.slow
@pytest.mark.parametrize("damaged", sorted(DAMAGE))
def test_a_damaged_or_foreign_run_folder_is_refused_with_one_sentence(run_folder, tmp_path, capsys, damaged):
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    DAMAGE[damaged](folder)
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {folder / damaged}:"), err
    assert not list(folder.glob("report_*"))


@pytest.mark.parametrize("value", ["NaN", "Infinity", '"two"', "true"])
def test_a_summary_whose_numbers_are_not_finite_numbers_is_refused_naming_the_key(run_folder, tmp_path, capsys, value):
    folder = tmp_path / "run"
    shutil.copytree(run_folder, folder)
    path = folder / "summary.json"
    data = json.loads(path.read_text())
    date = next(iter(data["apps_active"]))
    data["apps_active"][date]["median"] = "@"
    path.write_text(json.dumps(data).replace('"median": "@"', f'"median": {value}', 1))
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"apps_active.{date}.median" in err[0] and "internal error" not in err[0], err
    assert not list(folder.glob("report_*"))


@pytest.mark.slow
@pytest.mark.parametrize("damaged", ["manifest.json", "paired.csv", "series_by_scenario.parquet"])
def test_a_damaged_comparison_folder_is_refused_with_one_sentence(run_folder, tmp_path, capsys, damaged):
    compared, run = tmp_path / "cmp", tmp_path / "run"
    shutil.copytree(run_folder, run)  # the module's run folder stays without a report
    assert main(["compare", str(BASELINE), str(PACKAGE), "--replicates", "1", "--name", "cmp",
                 "--out", str(tmp_path)]) == 0
    assert main(["report", str(run), "--comparison", str(compared)]) == 0
    capsys.readouterr()
    {"manifest.json": _edit_json("manifest.json", scenarios=[{"label": "no name"}]),
     "paired.csv": lambda f: (f / "paired.csv").write_text(""),
     "series_by_scenario.parquet": lambda f: pd.DataFrame({"x": [1]}).to_parquet(f / "series_by_scenario.parquet"),
     }[damaged](compared)
    assert main(["report", str(run), "--comparison", str(compared)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {compared / damaged}:"), err


def test_a_profile_text_value_of_another_kind_is_refused_naming_its_key(tmp_path, capsys):
    profile = tmp_path / "p.yaml"
    profile.write_text("name: [1, 2]\ndescription: {a: 1}\npopulation: 100000\n")
    assert main(["new-city", str(tmp_path / "c"), "--profile", str(profile), "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "key 'name'" in err and "key 'description'" in err and "internal error" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_an_input_error_raised_in_a_worker_process_reaches_the_parent_whole():
    # a process pool sends a worker's exception back pickled: a refusal must keep its file, key,
    # problem and allowed values, not turn into an internal error
    import pickle

    from binjai_sim.base.errors import InputError, InputErrors

    one = InputError("bangli.xlsx", "known_status", "no run agrees", "aktif, berhenti")
    many = InputErrors([one, InputError("bangli.xlsx", None, "a second problem")])
    for error in (one, many):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert (back.file, back.key, back.problem, back.allowed) == (error.file, error.key, error.problem,
                                                                     error.allowed)
    assert len(pickle.loads(pickle.dumps(many)).problems) == 2
