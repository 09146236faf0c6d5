"""The command line's shared options: --version, --json, --quiet, renamed flags, light --help,
progress bars on any terminal, and the message for a missing optional extra."""

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from binjai_sim import __version__
from binjai_sim.interfaces.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"
HEAVY = ("mesa", "numba", "scipy", "pandas", "numpy", "pyarrow", "matplotlib", "pydantic", "networkx", "openpyxl")


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"binjai-sim {__version__}"


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"]])
def test_help_imports_no_heavy_module(argv):
    code = (f"import sys\nimport binjai_sim.interfaces.cli\ntry:\n    binjai_sim.interfaces.cli.main({argv!r})\n"
            "except SystemExit:\n    pass\n"
            f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "LOADED []"


def test_the_light_parser_lists_every_command_as_the_full_one_does():
    light = build_parser([], full=False).format_help()
    assert light == build_parser().format_help()
    assert all(name in light for name in COMMANDS)


def test_old_flag_names_still_work_and_warn(capsys):
    args = build_parser().parse_args(["calibrate", "fit", "t.yaml", "--budget", "7"])
    assert args.budget == 7
    assert "--max-evaluations" in capsys.readouterr().err
    assert build_parser().parse_args(["calibrate", "fit", "t.yaml", "--max-evaluations", "9"]).budget == 9
    args = build_parser().parse_args(["compare", "a.yaml", "--structures"])
    assert args.structures is True and "--draw-structures" in capsys.readouterr().err
    assert build_parser().parse_args(["compare", "a.yaml", "--draw-structures"]).structures is True
    args = build_parser().parse_args(["sensitivity", "s.yaml", "--seed", "5", "--replicates", "3", "--lang", "id",
                                      "--json"])
    assert (args.seed, args.replicates, args.lang, args.json) == (5, 3, "id", True)


def test_run_json_is_one_document_on_stdout_and_quiet_prints_nothing(tmp_path, capsys):
    assert main(["run", str(BASELINE), "--replicates", "1", "--no-figures", "--out", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["command"] == "run" and Path(data["folder"]) == tmp_path / "binjai_baseline"
    assert data["summary"] == json.loads((tmp_path / "binjai_baseline" / "summary.json").read_text())
    assert main(["run", str(BASELINE), "--replicates", "1", "--no-figures", "--out", str(tmp_path), "--quiet",
                 "--force"]) == 0
    assert capsys.readouterr().out == ""


def test_a_bar_shows_on_a_terminal_that_reports_zero_columns(monkeypatch):
    from binjai_sim.base.console import FALLBACK_COLUMNS, bar, columns

    master, slave = pty.openpty()  # a fresh pty reports 0 rows and 0 columns
    stream = os.fdopen(slave, "w")
    try:
        assert os.get_terminal_size(slave).columns == 0
        assert columns(stream) == FALLBACK_COLUMNS
        monkeypatch.setattr(sys, "stderr", stream)
        with bar(None, total=4, desc="zero-width", leave=True) as shown:
            shown.update(4)
        stream.flush()
        text = ""
        # a pty hands written bytes to its master side a little later (the kernel's own queue):
        # read until the final state arrives or nothing more comes
        while "4/4" not in text and select.select([master], [], [], 5)[0]:
            text += os.read(master, 65536).decode()
    finally:
        stream.close()
        os.close(master)
    assert "zero-width" in text and "100%" in text and "4/4" in text


def test_analysis_phases_advance_the_bar_and_name_the_step():
    from binjai_sim.base.console import Phases

    class Bar:
        n, postfix = 0, None

        def update(self, k=1):
            self.n += k

        def set_postfix_str(self, text):
            self.postfix = text

    shown = Bar()
    phases = Phases(shown)
    for step in ("app_years", "tables", "discovery"):
        phases(step)
    assert (shown.n, shown.postfix) == (2, "discovery")
    phases.finish()
    assert shown.n == 3


def test_a_missing_extra_names_itself_and_the_pip_command(monkeypatch, capsys):
    from binjai_sim.base import extras

    monkeypatch.setattr(extras, "find_spec", lambda name: None)
    assert main(["viz"]) == 2
    err = capsys.readouterr().err
    assert "'workshop'" in err and 'pip install "binjai-sim[workshop]"' in err
    assert main(["calibrate", "survey", "r.csv", "--spec", "s.yaml"]) == 2
    assert 'pip install "binjai-sim[survey]"' in capsys.readouterr().err
    assert main(["sensitivity", str(ROOT / "scenarios" / "sweeps" / "lhs_discovery.yaml"), "--out",
                 "/nonexistent"]) == 2
    assert 'pip install "binjai-sim[discovery]"' in capsys.readouterr().err


def test_sensitivity_seed_and_replicates_replace_the_sweep_files(tmp_path):
    import binjai_sim.analysis.sweep

    path = tmp_path / "tiny.yaml"
    path.write_text(f"name: tiny\nbase: {BASELINE}\nmethod: {{name: latin, n: 4}}\nreplicates: 2\nseed: 11\n"
                    "outcomes: [app_years]\nparameters:\n"
                    "  - {path: politics.continuity, bounds: [0, 1], group: environment}\n")
    plain, changed = binjai_sim.analysis.sweep.load(path), binjai_sim.analysis.sweep.load(path, seed=7, replicates=3)
    assert (plain.spec.seed, plain.spec.replicates) == (11, 2)
    assert (changed.spec.seed, changed.spec.replicates) == (7, 3)
    assert changed.hash != plain.hash  # so --resume refuses a folder started with other values
