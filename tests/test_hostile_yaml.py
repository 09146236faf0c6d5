"""Hostile YAML (deep nesting, alias bombs, huge files) and huge values in messages are refused
quickly with a short message naming the file (exit 2)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from binjai_sim.base.errors import InputError, short
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE, ROOT


def _sweep(tmp_path, name):
    path = tmp_path / "sweep.yaml"
    path.write_text(f"""name: '{name}'
base: {BASELINE}
method: {{name: morris, trajectories: 2, levels: 4}}
outcomes: [apps_live_2030-12]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
""")
    return path


ALIAS_BOMB = """extends: {base}
strategies:
  - name: long_term_plan
    start: 2017-03
    intensity: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]
    monthly_cost_rp: &a1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]
    floor: &a2 [*a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1, *a1]
    a3: &a3 [*a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2, *a2]
    a4: &a4 [*a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3, *a3]
    a5: &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
    a6: &a6 [*a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5, *a5]
    a7: &a7 [*a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6, *a6]
    a8: &a8 [*a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7, *a7]
    a9: [*a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8, *a8]
"""


def _cli(*args, timeout=60):
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nested", "nested_map", "alias_bomb", "huge"])
def test_hostile_yaml_is_refused_quickly_naming_the_file(tmp_path, kind):
    path = tmp_path / f"{kind}.yaml"
    if kind == "nested":
        path.write_text("[" * 20_000)
    elif kind == "nested_map":
        path.write_text(f"extends: {BASELINE}\nname: deep\npolitics:\n" + "".join(
            "  " * (i + 1) + f"k{i}:\n" for i in range(200)))
    elif kind == "alias_bomb":
        path.write_text(ALIAS_BOMB.format(base=BASELINE))
    else:
        with path.open("w") as handle:
            handle.write(f"extends: {BASELINE}\ndescription: |\n")
            line = "  " + "x" * 99 + "\n"
            handle.write(line * 100_000)  # 10 MB
    for command in (["validate", str(path)], ["run", str(path), "--replicates", "1", "--no-figures",
                                               "--out", str(tmp_path / "out")]):
        proc = _cli(*command)
        assert proc.returncode == 2, proc.stderr[-2000:]
        assert str(path) in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr) < 2000
    assert not (tmp_path / "out").exists()


def test_a_sweep_file_with_an_alias_is_refused(tmp_path, capsys):
    path = tmp_path / "sweep.yaml"
    path.write_text(_sweep(tmp_path, "s").read_text() + "fixed: &f {politics.continuity: 0.5}\n")
    assert main(["validate", str(path)]) == 2
    assert "aliases" in capsys.readouterr().err


def test_short_bounds_any_value():
    nested: list = []
    for _ in range(10):
        nested = [nested] * 9  # 9**10 leaves if expanded
    started = time.monotonic()
    text = short(nested)
    assert len(text) <= 80 and time.monotonic() - started < 5
    assert short("x" * 10_000).startswith("'xxx") and len(short("x" * 10_000)) <= 80
    assert short(1.5) == "1.5"


def test_input_error_clips_a_long_problem():
    error = InputError("f.yaml", "k" * 1000, "p" * 100_000, "a" * 100_000)
    assert len(str(error)) < 3000 and str(error).startswith("f.yaml: key 'kkk")


def test_long_given_values_are_shortened_in_messages(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(f"extends: {BASELINE}\nname: long\npolitics:\n  continuity: '{'9' * 50_000}'\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "politics.continuity" in err and len(err) < 1000
