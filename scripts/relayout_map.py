"""The mapping of scripts/relayout.py: each old path under ``sim/`` and its new path under
``binjai_sim/``, as data, with the module names they give."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD, NEW = "sim", "binjai_sim"

# folders that move whole (everything in them, whoever added it)
FOLDERS = {
    "agents": "model/agents", "engine": "model/engine", "strategies": "model/strategies",
    "schema": "schema",
    "verdicts": "analysis/verdicts", "sweep": "analysis/sweep", "calibrate": "analysis/calibrate",
    "report": "analysis/report", "portfolio": "analysis/portfolio",
    "commands": "interfaces/commands", "regionbook": "interfaces/regionbook", "workshop": "interfaces/workshop",
    "viz": "interfaces/viz", "newcity": "interfaces/newcity",
    "locales": "locales", "data": "data",
}
# single files, by layer (lowest first)
FILES = {
    "__init__.py": "__init__.py", "py.typed": "py.typed",
    # base: the vocabulary, messages, months, errors and the process guards every layer uses
    "vocabulary.py": "base/vocabulary.py", "i18n.py": "base/i18n.py", "calendar.py": "base/calendar.py",
    "errors.py": "base/errors.py", "procguard.py": "base/procguard.py",
    "_forkserver_guard.py": "base/_forkserver_guard.py", "resources.py": "base/resources.py",
    "extras.py": "base/extras.py", "console.py": "base/console.py",
    # schema
    "scenario_schema.py": "schema/scenario.py",
    # model
    "model.py": "model/city.py",
    # scenario: reading and changing inputs
    "scenario.py": "scenario/load.py", "scenario_checks.py": "scenario/checks.py",
    "overrides.py": "scenario/overrides.py", "inventory.py": "scenario/inventory.py",
    "spreadsheet.py": "scenario/spreadsheet.py", "coefficients.py": "scenario/coefficients.py",
    "yamlfile.py": "scenario/yamlfile.py", "regions.py": "scenario/regions.py",
    "observations.py": "scenario/observations.py", "strategy_priors.py": "scenario/strategy_priors.py",
    "known.py": "scenario/known.py",
    # runs
    "runner.py": "runs/runner.py", "seeds.py": "runs/seeds.py", "outcomes.py": "runs/outcomes.py",
    "recorder.py": "runs/recorder.py", "summary.py": "runs/summary.py", "outlook.py": "runs/outlook.py",
    "paramtable.py": "runs/paramtable.py", "limits.py": "runs/limits.py", "conditioning.py": "runs/conditioning.py",
    # outputs
    "outputs.py": "outputs/write.py", "plots.py": "outputs/plots.py", "workbook.py": "outputs/workbook.py",
    "datadict.py": "outputs/datadict.py",
    # analysis
    "compare.py": "analysis/compare.py", "compare_tables.py": "analysis/compare_tables.py",
    "posterior.py": "analysis/posterior.py",
    # interfaces
    "cli.py": "interfaces/cli.py", "argparse_words.py": "interfaces/argparse_words.py",
    "condition_cli.py": "interfaces/condition_cli.py", "ema.py": "interfaces/ema.py",
}
PACKAGES = {  # new folders without an __init__ of their own: their docstring
    "base": "The vocabulary, the message catalogue, months, input errors and process guards: imported by every "
            "layer, importing none.",
    "model": "The model core: the compiled engine, the Mesa model and agents, the strategy catalogue.",
    "scenario": "Inputs: scenario files, inventories, spreadsheets, regions, evidence and the one way to change "
                "a scenario.",
    "runs": "Runs: ``run_scenario``, seeds, outcomes, records, summaries, outlooks and size caps.",
    "outputs": "A run's files: atomic output folders, figures, workbooks and the data dictionary.",
    "analysis": "Many runs: comparisons, verdicts, sweeps, calibration, the planner's report and package search.",
    "interfaces": "What people use: the command line, the workshop page, new-city and the region workbook.",
}
# file paths fixed by hand: depth-dependent ``__file__`` arithmetic and paths spelt as parts
PATCHES = [
    ("binjai_sim/base/resources.py", "PACKAGE = Path(__file__).resolve().parent\n",
     "PACKAGE = Path(__file__).resolve().parents[1]\n"),
    ("binjai_sim/base/i18n.py", 'LOCALES = Path(__file__).parent / "locales"',
     'LOCALES = Path(__file__).parents[1] / "locales"'),
    ("binjai_sim/scenario/regions.py", 'DATA = Path(__file__).parent / "data"',
     'DATA = Path(__file__).parents[1] / "data"'),
    ("binjai_sim/scenario/strategy_priors.py", 'Path(__file__).resolve().parents[1] / "calibration"',
     'Path(__file__).resolve().parents[2] / "calibration"'),
    ("binjai_sim/model/engine/compile_cache.py", 'ENGINE.parent / "vocabulary.py"',
     'ENGINE.parents[1] / "base" / "vocabulary.py"'),
    ("binjai_sim/interfaces/newcity/folder.py", "ROOT = Path(__file__).resolve().parents[2]",
     "ROOT = Path(__file__).resolve().parents[3]"),
    ("binjai_sim/interfaces/commands/viz.py", "package_root = str(Path(__file__).resolve().parents[2])",
     "package_root = str(Path(__file__).resolve().parents[3])"),
    ("tests/test_packaging.py", "print(sim.__file__)", "print(binjai_sim.__file__)"),
    ("setup.py", '/ "sim" / "_bundle"', '/ "binjai_sim" / "_bundle"'),
    ("benchmarks/bench_compile.py", 'for part in ("sim", "scenarios"', 'for part in ("binjai_sim", "sim", "scenarios"'),
    ("tests/test_i18n.py", "Path(i18n.__file__).parent.rglob", "Path(i18n.__file__).parents[1].rglob"),
    ("tests/test_regions.py", 'package_data["sim"]', 'package_data["binjai_sim"]'),
    ("scripts/mutation.py", '"status", "--porcelain", "--", "sim"]', '"status", "--porcelain", "--", "binjai_sim"]'),
    ("pyproject.toml", 'include = ["sim*"]', 'include = ["binjai_sim*", "sim"]'),
]
# the old tree's own history: these read a past revision's ``sim/`` and keep the old name
KEEP_OLD = {"tests/test_engine_equivalence.py"}
SKIP = {"scripts/relayout.py", "scripts/relayout_map.py", "scripts/relayout_rewrite.py", "tests/test_compat_import.py",
        "sim/__init__.py"}
# copied into a new city's folder, whose .new-city.json holds the copy's hash: left as they are (a
# comment in them names the observation model's old path)
SKIP_GLOBS = ("calibration/priors.yaml", "scenarios/cities/*/calibration/priors.yaml")
TEXT = {".py", ".md", ".toml", ".yaml", ".yml", ".sh", ".cfg", ".ini", ".txt", ".ipynb", ".cff", ".json", ".in"}


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


# ---- the mapping, as module names -------------------------------------------------------------

def moves() -> list[tuple[str, str]]:
    """(old path, new path) relative to the root, folders and files."""
    pairs = [(f"{OLD}/{a}", f"{NEW}/{b}") for a, b in FOLDERS.items()]
    return pairs + [(f"{OLD}/{a}", f"{NEW}/{b}") for a, b in FILES.items()]


def module_of(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_of(a): module_of(b) for a, b in moves() if not a.endswith("py.typed")}
PATHS = dict(moves())


def new_module(old: str) -> str | None:
    """The new name of an old module (or of anything inside it), None if not the package's."""
    probe = old
    while probe:
        if probe in MODULES:
            return MODULES[probe] + old[len(probe):]
        probe = probe.rpartition(".")[0]
    return None


def is_module(old: str) -> bool:
    """Whether an old dotted name is a module of the old tree (not an attribute inside one)."""
    if old in MODULES:
        return True
    for a in FOLDERS:
        base = ROOT / OLD / a
        moved = ROOT / NEW / FOLDERS[a]
        prefix = f"{OLD}.{a}."
        if old.startswith(prefix):
            rest = old[len(prefix):].replace(".", "/")
            return any((d / f"{rest}.py").is_file() or (d / rest / "__init__.py").is_file() for d in (base, moved))
    return False
