"""new-city as a hostile or careless user meets it: --force replaces only a folder new-city made
and keeps what the planner filled in since; no name, source or app name becomes a setting, a
shell command or markup, or reaches a terminal or a report unneutralised; every problem of the
flags, region, profile, inventory and target is reported in one pass."""

import json
import os
import subprocess

import pytest
import yaml
from openpyxl import load_workbook

from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.load import load_scenario

from .conftest import ROOT

APPS = ("name,sector,audience,owner_agency,launch,target_share,counterpart\n"
        "e-Musrenbang,planning,citizen,Bappeda,2017-03,1%,none\n"
        "SIMPEG,hr,internal,BKPSDM,2018-07,80%,SIASN\n")
HOSTILE = "Kota X\nnational: {disable: [all]}\nrun: {replicates: 1} # : & *a !!python/object:os.system '\"`$(id)`"
ONE_LINE = HOSTILE.replace("\n", " ")
MARKER = ".new-city.json"  # the manifest new-city writes into a folder of its own
TERMINAL = "\x1b[2J\x1b]0;owned\x07\u202eatad\u2066\u2069\x85\u2028"


def new_city(*args: str) -> int:
    return main(["new-city", *map(str, args), "--no-input"])


def snapshot(folder):
    return {p.relative_to(folder): (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in folder.rglob("*")}


# --- item 2: --force never deletes what new-city did not make ----------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("kind", ["folder_with_files", "empty_folder", "file", "link_to_folder",
                                  "link_to_city", "current_folder", "cwd_by_path", "parent", "project_scenarios",
                                  "copied_without_marker", "forged_marker"])
def test_force_refuses_what_new_city_did_not_make(tmp_path, capsys, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("years of work")
    (tmp_path / "my_scenario.yaml").write_text("name: mine\n")
    (tmp_path / "empty").mkdir()
    assert new_city("city", "--region", "12.72") == 0
    capsys.readouterr()
    os.symlink(tmp_path / "mine", tmp_path / "link")
    os.symlink(tmp_path / "city", tmp_path / "citylink")
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "scenario.yaml").write_text((tmp_path / "city" / "scenario.yaml").read_text())
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / MARKER).write_text("{not json")
    (forged / "data.csv").write_text("a,b\n")
    target = {"folder_with_files": "mine", "empty_folder": "empty", "file": "my_scenario.yaml",
              "link_to_folder": "link", "link_to_city": "citylink", "current_folder": ".", "cwd_by_path": str(tmp_path),
              "parent": "..", "project_scenarios": str(ROOT / "scenarios"), "copied_without_marker": "copy",
              "forged_marker": "forged"}[kind]
    project = snapshot(ROOT / "scenarios")
    before = snapshot(tmp_path)
    assert new_city(target, "--region", "12.72", "--force") == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert snapshot(tmp_path) == before and snapshot(ROOT / "scenarios") == project


def test_a_remake_keeps_what_the_planner_filled_in_and_says_so(tmp_path, capsys):
    city = tmp_path / "kota"
    (tmp_path / "apps.csv").write_text(APPS, encoding="utf-8")
    assert new_city(city, "--region", "12.72", "--inventory", tmp_path / "apps.csv") == 0
    made = (city / "strategies" / "resources.yaml").read_text()
    with (city / "apps.csv").open("a") as f:  # the planner adds an app in the folder's own inventory
        f.write("e-PBB,tax,citizen,BPKPD,2018-01,10%,none\n")
    (city / "calibration" / "fates.csv").write_text("name,status_class,replacement_kind,note\n"
                                                   "e-Musrenbang,active,,seen 2025\n")
    (city / "calibration" / "calibrated.yaml").write_text("fitted_to: Kota Pematangsiantar\n")
    political = (city / "strategies" / "political.yaml").read_text().replace("2017-03", "2026-01")
    (city / "strategies" / "political.yaml").write_text(political)
    edited = (city / "scenario.yaml").read_text().replace("replicates: 20", "replicates: 7")
    (city / "scenario.yaml").write_text(edited)
    capsys.readouterr()
    assert new_city(city, "--profile", city / "profile.yaml", "--inventory", city / "apps.csv", "--budget", "2 T",
                    "--force") == 0
    out = capsys.readouterr().out
    assert "kept as you left them" in out
    for name in ("calibration/calibrated.yaml", "calibration/fates.csv", "strategies/political.yaml"):
        assert name in out, name
    assert "yours is kept as scenario.yaml.previous" in out
    assert "e-PBB" in (city / "apps.csv").read_text()
    assert "seen 2025" in (city / "calibration" / "fates.csv").read_text()
    assert (city / "calibration" / "calibrated.yaml").exists()
    assert (city / "strategies" / "political.yaml").read_text() == political
    assert (city / "strategies" / "resources.yaml").read_text() == made  # untouched: written anew
    assert (city / "scenario.yaml.previous").read_text() == edited
    assert load_scenario(city / "scenario.yaml").spec.city.annual_budget_rp == 2e12  # the remake's value
    # a second remake keeps them again and never overwrites the set-aside copy
    (city / "scenario.yaml").write_text((city / "scenario.yaml").read_text() + "# my note\n")
    assert new_city(city, "--profile", city / "profile.yaml", "--force") == 0
    assert (city / "scenario.yaml.previous").read_text() == edited
    assert "# my note" in (city / "scenario.yaml.previous.2").read_text()
    assert (city / "calibration" / "calibrated.yaml").exists()
    # asked otherwise: every file made anew
    assert new_city(city, "--region", "12.72", "--force", "--discard-edits") == 0
    assert not (city / "calibration" / "calibrated.yaml").exists()
    assert not (city / "scenario.yaml.previous").exists()
    assert "seen 2025" not in (city / "calibration" / "fates.csv").read_text()


# --- item 3: no injection through names --------------------------------------------------------

def top_keys(path):
    return set(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_hostile_names_sources_and_descriptions_never_become_settings(tmp_path, capsys):
    folder = tmp_path / "kota"
    apps = tmp_path / "apps.csv"
    apps.write_text(APPS.replace("SIMPEG", '"SIMPEG: {x: 1} # \'y\'"'), encoding="utf-8")
    # a line break in a name or source is refused (a planner never needs one); the rest is text
    assert new_city(folder, "--region", "12.72", "--name", HOSTILE, "--source", f"apbd={HOSTILE}") == 2
    err = capsys.readouterr().err
    assert "key '--name'" in err and "key '--source'" in err and not folder.exists()
    assert new_city(folder, "--region", "12.72", "--name", ONE_LINE, "--description", "a # b:\nc",
                    "--source", f"apbd={ONE_LINE}", "--budget", "1 T", "--inventory", apps) == 0
    reference = tmp_path / "plain"
    assert new_city(reference, "--region", "12.72", "--budget", "1 T") == 0
    assert top_keys(folder / "scenario.yaml") == top_keys(reference / "scenario.yaml")
    assert top_keys(folder / "profile.yaml") == top_keys(reference / "profile.yaml") | {"description", "sources"}
    spec = load_scenario(folder / "scenario.yaml").spec
    assert spec.label == ONE_LINE and spec.city.name == ONE_LINE and spec.description == "a # b: c"
    assert spec.sources["city.annual_budget_rp"] == ONE_LINE
    assert spec.run.replicates == 20 and spec.national.disable == []
    assert "SIMPEG: {x: 1} # 'y'" in [a.name for a in load_scenario(folder / "scenario.yaml").inventory]
    # the profile the folder keeps makes the same scenario again
    again = tmp_path / "again"
    assert new_city(again, "--profile", folder / "profile.yaml", "--inventory", apps) == 0
    remade = (again / "scenario.yaml").read_text(encoding="utf-8")
    assert remade.replace("name: again\n", "name: kota\n", 1) == (folder / "scenario.yaml").read_text(encoding="utf-8")


def test_printed_commands_and_the_readme_quote_paths_for_the_shell(tmp_path, capsys):
    parent = tmp_path / "$(touch pwned); `touch pwned2`"
    parent.mkdir()
    folder = parent / "kota'$(touch pwned3)"
    assert new_city(folder, "--region", "12.72") == 0
    out = capsys.readouterr().out
    commands = [line.split(". ", 1)[1] for line in out.splitlines() if line.strip()[:3].strip(". ").isdigit()
                and "binjai-sim" in line]
    readme = (folder / "README.md").read_text()
    commands += [line.strip() for line in readme.splitlines() if line.strip().startswith("binjai-sim ")]
    commands += [span.strip("` ") for span in readme.split("``") if "binjai-sim calibrate" in span][:1]
    assert len(commands) >= 4
    for command in commands:
        echoed = subprocess.run(["bash", "-c", command.replace("binjai-sim", "printf '%s\\n'", 1)],
                                capture_output=True, text=True, cwd=tmp_path, timeout=30)
        assert echoed.returncode == 0, command
        paths = echoed.stdout.splitlines()
        assert command.startswith("binjai-sim report") or any(p.startswith(str(folder)) for p in paths), command
    assert not [p for p in tmp_path.rglob("pwned*")]


def test_terminal_controls_and_bidi_overrides_are_neutralised_where_names_are_shown(tmp_path, capsys):
    name = f"Kota {TERMINAL} Baru"
    apps = tmp_path / "apps.csv"
    apps.write_text(APPS.replace("SIMPEG", f"SIMPEG{TERMINAL.replace(chr(0x85), '')}"), encoding="utf-8")
    folder = tmp_path / f"kota{TERMINAL[:4]}"
    # typed into new-city, such a name is refused; written into a scenario by hand, it is shown escaped
    assert new_city(folder, "--region", "12.72", "--name", name, "--inventory", apps) == 2
    refused = capsys.readouterr().err
    assert "key '--name'" in refused and "apps.csv line 3: key 'name'" in refused and not folder.exists()
    apps.write_text(APPS, encoding="utf-8")
    assert new_city(folder, "--region", "12.72", "--inventory", apps) == 0
    scenario = folder / "scenario.yaml"
    text = scenario.read_text(encoding="utf-8")
    text = text.replace("label: \"Kota Pematangsiantar\"", f"label: {json.dumps(name)}", 1)
    text = text.replace("  name: \"Kota Pematangsiantar\"", f"  name: {json.dumps(name)}", 1)
    scenario.write_text(text, encoding="utf-8")
    assert load_scenario(scenario).spec.label == name == load_scenario(scenario).spec.city.name
    assert main(["run", str(folder / "scenario.yaml"), "--replicates", "2", "--out", str(tmp_path / "out"),
                 "--report"]) == 0
    captured = capsys.readouterr()
    [run] = list((tmp_path / "out").iterdir())
    book = load_workbook(run / "report_en.xlsx")
    cells = "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    readme = (folder / "README.md").read_text()
    shown = {"terminal": refused + captured.out + captured.err, "html": (run / "report_en.html").read_text(),
             "xlsx": cells, "readme": readme}
    for where, text in shown.items():
        for char in "\x1b\x07\u202e\u2066\u2069\x85\u2028":
            assert char not in text, (where, repr(char))
    assert "Kota \\x1b[2J" in shown["terminal"] and "\\u202eatad" in shown["html"] and "Kota \\x1b" in cells
    assert json.loads((run / "summary.json").read_text())["label"] == name  # the data keeps the name itself


# --- item 9: every problem at once -------------------------------------------------------------

def test_flags_region_profile_inventory_and_target_problems_are_reported_in_one_pass(tmp_path, capsys):
    profile = tmp_path / "p.yaml"
    profile.write_text("apbd: banyak\npenduduks: 5\n")
    apps = tmp_path / "apps.csv"
    apps.write_text("name,sector,audience,owner_agency,launch,target_share\n"
                    "A,tax,citizen,X,2019-03,5%\n"
                    'B,tax,citizen,"Dinas\nKominfo",2019-03,5%\n'
                    "A,tax,citizen,X,2019-03,5%\n"
                    "A,antariksa,citizen,X,2019-03,5%\n", encoding="utf-8")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert new_city(tmp_path / "taken", "--region", "Atlantis", "--profile", profile, "--staff", "many",
                    "--it-share", "90%", "--inventory", apps, "--force") == 2
    err = capsys.readouterr().err
    for needle in ("p.yaml: key 'apbd'", "p.yaml: key 'penduduks'", "key '--staff'", "key '--it-share'",
                   "Atlantis", "apps.csv line 3: a quoted cell holds a line break (it runs on to line 4)",
                   "apps.csv line 5: key 'name': app A is listed", "apps.csv line 6: key 'name': app A is listed",
                   "apps.csv line 6: key 'sector'", "taken: exists and was not made by new-city"):
        assert needle in err, (needle, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["apps.csv", "p.yaml", "taken"]
