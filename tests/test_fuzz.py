"""Fuzzed scenario and sweep files never crash the command line (exit 0 or 2, never 1), never
print a traceback and never write outside a fresh --out. A longer run: scripts/fuzz_inputs.py."""

from __future__ import annotations

import copy
import math
import subprocess
import sys

import pytest
import yaml

from .conftest import ROOT
from .fuzzing import (
    SCENARIO,
    SWEEP,
    check_run,
    check_validate,
    fuzz_run,
    fuzz_validate,
    numeric_paths,
    with_value,
)


@pytest.mark.slow
def test_fuzzed_files_validate_or_are_refused():
    fuzz_validate(40)


@pytest.mark.slow
def test_fuzzed_scenarios_run_or_are_refused():
    fuzz_run(8)


@pytest.mark.slow
@pytest.mark.parametrize(("path", "value"), [((), None), (("politics", "continuity"), 1.0),
                                             (("horizon", "end"), "2040-12"), (("city", "residents_per_agent"), 7),
                                             (("strategies", 0, "intensity"), 0.0)])
def test_mutated_scenarios_that_pass_validation_run(path, value):
    """Random mutations rarely survive validation, so a few that do are run for certain."""
    text = yaml.safe_dump(SCENARIO, sort_keys=False) if not path else with_value(SCENARIO, path, value)
    assert check_run(text) == 0


NON_FINITE = [(what, path, value) for what, doc in (("scenario", SCENARIO), ("sweep", SWEEP))
              for path in numeric_paths(doc) for value in (math.nan, math.inf, -math.inf)]


@pytest.mark.slow
@pytest.mark.parametrize(("what", "path", "value"), NON_FINITE,
                         ids=lambda v: ".".join(map(str, v)) if isinstance(v, tuple) else str(v))
def test_non_finite_numbers_are_refused(what, path, value):
    doc = SCENARIO if what == "scenario" else SWEEP
    assert check_validate(with_value(doc, path, value), what) == 2


def _hostile(kind: str) -> str:
    doc = copy.deepcopy(SCENARIO)
    if kind == "bad_name":
        doc["name"] = ".."
    elif kind == "wrong_type":
        doc["politics"]["continuity"] = {"a": [1, 2]}
    text = yaml.safe_dump(doc, sort_keys=False)
    if kind == "alias":
        text += "politics: &p {continuity: 0.5}\nbudget: *p\n"
    return text


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bad_name", "wrong_type", "alias"])
def test_mutated_files_through_a_real_process(tmp_path, kind):
    """A few mutations through a real process, as a user would run them."""
    path = tmp_path / "scenario.yaml"
    path.write_text(_hostile(kind), encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "run", str(path), "--replicates", "1",
                           "--no-figures", "--out", str(out)], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert str(path) in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]
