"""The layers of docs/ARCHITECTURE.md: a module imports only from its own layer or a lower one.

Imports under ``if TYPE_CHECKING:`` are for type hints only and are not counted.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIM = ROOT / "binjai_sim"

LAYERS = [  # lowest first; a module belongs to the first entry that is a prefix of its name
    ("base", ["binjai_sim.base"]),
    ("schema", ["binjai_sim.schema"]),
    ("model", ["binjai_sim.model"]),
    ("scenario", ["binjai_sim.scenario"]),
    ("runs", ["binjai_sim.runs"]),
    ("outputs", ["binjai_sim.outputs"]),
    ("analysis", ["binjai_sim.analysis"]),
    ("interfaces", ["binjai_sim.interfaces", "binjai_sim"]),
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
            found += [(name, node.lineno) for name in names if name.startswith("binjai_sim")]
        elif isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names if a.name.startswith("binjai_sim")]
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
    banned = ("binjai_sim.scenario.load", "binjai_sim.scenario.yamlfile", "binjai_sim.scenario.inventory",
              "binjai_sim.scenario.coefficients", "binjai_sim.interfaces.cli", "binjai_sim.analysis.sweep",
              "binjai_sim.analysis.calibrate", "binjai_sim.outputs.plots", "binjai_sim.interfaces.viz",
              "binjai_sim.interfaces.workshop", "binjai_sim.outputs.write")
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
