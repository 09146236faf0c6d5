"""The layers of docs/ARCHITECTURE.md: a module imports only from its own layer or a lower one.

Imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "sim"

LAYERS = [  # lowest first; a module belongs to the first entry that is a prefix of its name
    ("vocabulary", ["sim.vocabulary", "sim.i18n", "sim.calendar", "sim.errors", "sim.procguard",
                    "sim._forkserver_guard", "sim.resources", "sim.extras", "sim.console"]),
    ("schema", ["sim.scenario_schema", "sim.schema"]),
    ("model core", ["sim.engine", "sim.model", "sim.agents", "sim.strategies"]),
    ("inputs", ["sim.yamlfile", "sim.spreadsheet", "sim.inventory", "sim.coefficients", "sim.overrides",
                "sim.scenario", "sim.scenario_checks", "sim.regions", "sim.observations", "sim.strategy_priors",
                "sim.known"]),
    ("runs", ["sim.runner", "sim.seeds", "sim.outcomes", "sim.recorder", "sim.summary", "sim.paramtable", "sim.limits",
              "sim.outlook", "sim.conditioning"]),
    ("outputs", ["sim.outputs", "sim.plots", "sim.workbook", "sim.datadict"]),
    ("analysis", ["sim.compare", "sim.compare_tables", "sim.posterior", "sim.verdicts", "sim.sweep",
                  "sim.calibrate", "sim.report", "sim.portfolio"]),
    ("interfaces", ["sim.cli", "sim.argparse_words", "sim.condition_cli", "sim.workshop", "sim.viz", "sim.newcity",
                    "sim"]),
]


def layer_of(module: str) -> int:
    for rank, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                return rank
    raise AssertionError(f"{module} is in no layer of docs/ARCHITECTURE.md")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, int]]:
    """(imported sim module, line) for every import outside ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text())
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    typing_only = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(n) for n in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            found += [(name, node.lineno) for name in names if name.startswith("sim")]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("sim")]
    return found


def test_every_module_imports_only_its_own_layer_or_lower():
    problems = []
    for path in sorted(SIM.rglob("*.py")):
        here = module_name(path)
        for target, line in imports(path):
            if layer_of(target) > layer_of(here):
                problems.append(f"{path.relative_to(ROOT)}:{line} ({LAYERS[layer_of(here)][0]}) imports "
                                f"{target} ({LAYERS[layer_of(target)][0]})")
    assert not problems, "\n".join(problems)


def test_the_model_core_imports_no_loader_cli_sweep_calibration_plot_or_view():
    core = [p for p in SIM.rglob("*.py") if layer_of(module_name(p)) == 2]
    assert len(core) > 10
    banned = ("sim.scenario", "sim.yamlfile", "sim.inventory", "sim.coefficients", "sim.cli", "sim.sweep",
              "sim.calibrate", "sim.plots", "sim.viz", "sim.workshop", "sim.outputs")
    for path in core:
        for target, line in imports(path):
            assert not any(target == b or target.startswith(b + ".") for b in banned), f"{path}:{line} {target}"


def test_the_odd_parameter_table_is_generated_from_the_schema_and_current():
    """docs/ODD.md shows every schema parameter with the value the baseline runs with."""
    import subprocess
    import sys

    code = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_odd_table.py"), "--check"]).returncode
    assert code == 0, "run scripts/make_odd_table.py and commit docs/ODD.md"
    text = (ROOT / "docs" / "ODD.md").read_text()
    assert "| `hazard.scale` | **" in text and "(calibrated)" in text  # the fitted value, not the default
    assert "| `structure.institution_weights.sop` | 0.3 | weight |" in text
