"""A command touches only OUT/<name>/ and its own temporary siblings; hostile input files and
unwritable output folders are refused (exit 2) before any work starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.outputs.write import atomic_directory, guard_inside, remove_stale, replace_folder

from .conftest import BASELINE, ROOT

CALIBRATION = ROOT / "calibration"
SURVEY = CALIBRATION / "survey_example"
BAD_NAMES = ["..", ".", "a/b", ".hidden", "", "a\\b"]


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail the test if a command gets as far as simulating."""
    import binjai_sim.analysis.compare
    import binjai_sim.runs.runner

    def refuse(*args, **kwargs):
        raise AssertionError("the command started simulating before refusing its input")

    monkeypatch.setattr(binjai_sim.runs.runner, "run_scenario", refuse)
    monkeypatch.setattr(binjai_sim.analysis.compare, "compare", refuse)


def _sandbox(tmp_path: Path) -> tuple[Path, Path]:
    """An --out folder with some earlier content, inside a parent with a sibling file."""
    parent = tmp_path / "parent"
    out = parent / "out"
    (out / "earlier").mkdir(parents=True)
    (out / "earlier" / "keep.txt").write_text("earlier result")
    (parent / "sibling.txt").write_text("not ours")
    return parent, out


def _intact(parent: Path, out: Path) -> None:
    assert (parent / "sibling.txt").read_text() == "not ours"
    assert (out / "earlier" / "keep.txt").read_text() == "earlier result"
    assert sorted(p.name for p in parent.iterdir()) == ["out", "sibling.txt"]
    assert sorted(p.name for p in out.iterdir()) == ["earlier"]


def _scenario(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(f"extends: {BASELINE}\nname: {name!r}\n".replace("'", '"') if "'" in name
                    else f"extends: {BASELINE}\nname: '{name}'\n")
    return path


def _sweep(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "sweep.yaml"
    path.write_text(f"""name: '{name}'
base: {BASELINE}
method: {{name: morris, trajectories: 2, levels: 4}}
outcomes: [apps_live_2030-12]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
""")
    return path


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_scenario_names_are_refused_and_nothing_is_touched(tmp_path, capsys, name, no_simulation):
    parent, out = _sandbox(tmp_path)
    path = _scenario(tmp_path, name)
    assert main(["run", str(path), "--out", str(out), "--force", "--replicates", "1", "--no-figures"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "'name'" in err
    _intact(parent, out)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_sweep_names_are_refused_and_nothing_is_touched(tmp_path, capsys, name):
    parent, out = _sandbox(tmp_path)
    path = _sweep(tmp_path, name)
    assert main(["sensitivity", str(path), "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "'name'" in err
    _intact(parent, out)


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_compare_names_are_refused_and_nothing_is_touched(tmp_path, capsys, name, no_simulation):
    parent, out = _sandbox(tmp_path)
    assert main(["compare", str(BASELINE), "--name", name, "--out", str(out), "--force", "--replicates", "1"]) == 2
    assert "--name" in capsys.readouterr().err
    _intact(parent, out)


def test_a_symlinked_result_folder_pointing_outside_is_refused(tmp_path, capsys, no_simulation):
    parent, out = _sandbox(tmp_path)
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "data.txt").write_text("precious")
    (out / "binjai_baseline").symlink_to(outside, target_is_directory=True)
    assert main(["run", str(BASELINE), "--out", str(out), "--force", "--replicates", "1", "--no-figures"]) == 2
    assert "symbolic link" in capsys.readouterr().err
    assert (outside / "data.txt").read_text() == "precious"
    assert (out / "binjai_baseline").is_symlink()


def test_every_replacing_path_uses_the_guard(tmp_path):
    """atomic_directory, replace_folder and the sweep's restart all refuse a path outside --out
    or a symlink, even when called directly."""
    from binjai_sim.analysis.sweep.folder import prepare_folder

    parent, out = _sandbox(tmp_path)
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "data.txt").write_text("precious")
    link = out / "link"
    link.symlink_to(outside, target_is_directory=True)
    for target in (link, out / "..", out / ".", parent / "sibling.txt"):
        with pytest.raises(InputError):
            guard_inside(out, target)
        with pytest.raises(InputError):
            replace_folder(out, None, target, force=True)
    with pytest.raises(InputError), atomic_directory(link, force=True, out_dir=out):
        pass
    with pytest.raises(InputError), atomic_directory(out / "a" / "b", force=True, out_dir=out):
        pass

    class Sweep:
        name, path, hash = "link", tmp_path / "sweep.yaml", "x"

    with pytest.raises(InputError):
        prepare_folder(link, Sweep(), resume=False, force=True)
    assert (outside / "data.txt").read_text() == "precious"
    link.unlink()
    _intact(parent, out)


def _unwritable(tmp_path: Path, kind: str) -> Path:
    """A target no command can write into."""
    if kind == "file":
        path = tmp_path / "a_file"
        path.write_text("x")
        return path
    if kind == "under_proc":
        return Path("/proc/binjai-sim-test")
    if kind == "proc":
        return Path("/proc")
    path = tmp_path / "readonly"
    path.mkdir()
    path.chmod(0o500)
    if os.access(path, os.W_OK):
        pytest.skip("running as root: permission bits do not stop writes (the /proc cases stand in)")
    return path


@pytest.mark.parametrize("kind", ["file", "under_proc", "proc", "readonly"])
def test_unwritable_out_is_refused_before_any_work(tmp_path, capsys, no_simulation, kind):
    sweep = _sweep(tmp_path, "fine")
    out = _unwritable(tmp_path, kind)
    commands = [
        ["run", str(BASELINE), "--out", str(out), "--replicates", "1", "--no-figures"],
        ["compare", str(BASELINE), "--out", str(out), "--replicates", "1"],
        ["sensitivity", str(sweep), "--out", str(out)],
        ["calibrate", "fit", str(CALIBRATION / "targets.yaml"), "--out", str(out), "--budget", "1"],
        ["calibrate", "survey", str(SURVEY / "synthetic_responses.csv"), "--spec", str(SURVEY / "spec.yaml"),
         "--out", str(out / "coefficients.yaml")],
    ]
    for command in commands:
        assert main(command) == 2, (command, capsys.readouterr().err)
        err = capsys.readouterr().err
        assert "--out" in err and "Traceback" not in err, (command, err)
    if kind == "file":
        assert out.read_text() == "x"
    elif kind == "readonly":
        assert not any(out.iterdir())


def test_survey_out_that_is_a_folder_is_refused(tmp_path, capsys):
    assert main(["calibrate", "survey", str(SURVEY / "synthetic_responses.csv"), "--spec",
                 str(SURVEY / "spec.yaml"), "--out", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def _leftovers(out: Path, name: str, pid: int) -> list[Path]:
    made = []
    for kind in ("tmp", "old"):
        path = out / f".{name}.{pid}.ab12cd34.{kind}"
        path.mkdir(parents=True)
        (path / "series.parquet").write_text("half written")
        made.append(path)
    return made


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # reaped: no process has this id until the kernel wraps around


def test_stale_leftovers_of_this_name_are_removed_and_no_others(tmp_path, capsys):
    out = tmp_path / "out"
    dead = _dead_pid()
    own = _leftovers(out, "binjai_baseline", dead)
    other = _leftovers(out, "other_name", dead)
    prefixed = _leftovers(out, "binjai_baseline.5", dead)  # a name that extends this one
    running = _leftovers(out, "binjai_baseline", os.getpid())  # a run still going
    assert main(["run", str(BASELINE), "--out", str(out), "--replicates", "1", "--no-figures"]) == 0
    assert not any(p.exists() for p in own)
    assert all(p.exists() for p in other + prefixed + running)
    assert (out / "binjai_baseline" / "summary.json").exists()


def test_remove_stale_keeps_leftovers_of_live_processes(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = _leftovers(tmp_path, "x", sleeper.pid)
        dead = _leftovers(tmp_path, "x", _dead_pid())
        assert sorted(remove_stale(tmp_path, "x")) == sorted(dead)
        assert all(p.exists() for p in live)
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.slow
def test_force_replace_leaves_no_leftovers(tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        assert main(["run", str(BASELINE), "--out", str(out), "--replicates", "1", "--no-figures", "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["binjai_baseline"]
