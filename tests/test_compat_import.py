"""The package's former name ``sim`` still imports: one DeprecationWarning, then every old module
name is the very module object of its new place under ``binjai_sim`` (sim/__init__.py, MOVED)."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

PAIRS = {
    "sim.engine": "binjai_sim.model.engine",
    "sim.engine.rng": "binjai_sim.model.engine.rng",
    "sim.scenario": "binjai_sim.scenario.load",
    "sim.errors": "binjai_sim.base.errors",
    "sim.outputs": "binjai_sim.outputs.write",
    "sim.cli": "binjai_sim.interfaces.cli",
    "sim.calibrate.smc": "binjai_sim.analysis.calibrate.smc",
}

PROBE = """
import importlib, json, sys, warnings
pairs = json.loads(sys.argv[1])
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import sim.engine
    from sim.scenario import load_scenario
    import sim.errors, sim.outputs, sim.cli, sim.calibrate.smc, sim.engine.rng
    same = {old: importlib.import_module(old) is importlib.import_module(new) for old, new in pairs.items()}
    from binjai_sim.scenario.load import load_scenario as new_load
    from binjai_sim.base.errors import InputError
    import pickle
    error = pickle.loads(pickle.dumps(sim.errors.InputError("f.yaml", "k", "bad", "1 - 2")))
print(json.dumps({
    "warnings": [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)
                 and "binjai_sim" in str(w.message)],
    "same": same,
    "load": load_scenario is new_load,
    "attribute": sim.engine is importlib.import_module("binjai_sim.model.engine"),
    "error": type(error) is InputError and str(error) == str(InputError("f.yaml", "k", "bad", "1 - 2")),
    "spec": sim.engine.__spec__.name,
}))
"""


def probe(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def test_old_module_names_warn_once_and_are_the_new_modules():
    done = probe(PROBE, json.dumps(PAIRS))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert len(seen["warnings"]) == 1, seen["warnings"]
    assert seen["same"] == dict.fromkeys(PAIRS, True)
    assert seen["load"] and seen["attribute"] and seen["error"]
    assert seen["spec"] == "binjai_sim.model.engine"  # the module keeps its own name, not the alias


def test_the_new_name_imports_without_a_warning():
    done = probe("import warnings\nwarnings.simplefilter('error')\nimport binjai_sim.interfaces.cli\n"
                 "import binjai_sim.scenario.load")
    assert done.returncode == 0, done.stderr


def test_an_unknown_old_name_is_still_an_import_error():
    done = probe("import warnings\nwarnings.simplefilter('ignore')\nimport sim.no_such_module")
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def test_the_command_line_help_works():
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "binjai-sim" in done.stdout
    entry = subprocess.run([sys.executable, "-m", "binjai_sim.interfaces.cli", "--help"], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert entry.returncode == 0 and entry.stdout == done.stdout, entry.stderr


def test_the_warning_names_the_importing_line_so_default_filters_show_it():
    done = probe("import sim.engine\nimport sim.scenario")  # no filter set: Python shows it in __main__ only
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("DeprecationWarning") == 1 and "<string>:1" in done.stderr, done.stderr
