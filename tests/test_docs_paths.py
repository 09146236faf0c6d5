"""Every repository or package file a page names in backticks exists.

The rule (docs/development.md, "Paths in the docs"): a path is read from the repository's root;
one that is not there, from the package folder ``binjai_sim/`` (``model/engine/politics.py``);
one that is in neither, from the one layer folder ``binjai_sim/<layer>/`` that holds it
(``engine/politics.py`` under ``model/``), and it fails when two layers would. ``{en,id}``
stands for each of its words, ``<lang>`` and ``*`` for any name, a folder in capitals
(``FOLDER/``) for any folders, and such a pattern must match at least one file. A path starting
``outputs/`` is a run's output, made on the reader's machine, and is not checked; nor are fenced
blocks (commands and their printouts) or the generated pages under docs/examples/.
"""

import itertools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "binjai_sim"
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
TOPS = ("binjai_sim/", "scripts/", "tests/", "benchmarks/", "calibration/", "scenarios/")
SUFFIXES = (".py", ".yaml", ".csv", ".md")
LAYERS = sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
# made by a run on the reader's machine, never in a checkout
GENERATED = ("__pycache__/",)

FENCE = re.compile(r"^\s*```.*?^\s*```", re.S | re.M)
SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def quoted_paths(text: str) -> list[str]:
    """The backticked spans of a page, outside fenced blocks, that look like a file of the project."""
    found = []
    for match in SPAN.finditer(FENCE.sub("", text)):
        span = match.group(1).strip().split("::")[0]
        if any(c.isspace() for c in span) or span.startswith("outputs/") or any(g in span for g in GENERATED):
            continue
        if (span.endswith(SUFFIXES) and "/" in span) or span.startswith(TOPS):
            found.append(span)
    return found


def expand(path: str) -> list[str]:
    """``locales/{en,id}/x.yaml`` as its two paths, ``<lang>`` as a glob's ``*``, ``FOLDER/`` as ``**/``."""
    path = re.sub(r"<[^<>/]+>", "*", path)
    path = re.sub(r"(?:(?<=/)|^)[A-Z][A-Z_]*(?=/)", "**", path)
    parts = re.split(r"\{([^{}]*)\}", path)
    choices = [[p] if i % 2 == 0 else p.split(",") for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)]


def _found(base: Path, path: str) -> bool:
    pattern = path.rstrip("/")
    if any(ch in pattern for ch in "*?["):
        return next(base.glob(pattern), None) is not None
    return (base / pattern).exists()


def exists(path: str) -> bool:
    if _found(ROOT, path) or _found(PACKAGE, path):
        return True
    return sum(_found(layer, path) for layer in LAYERS) == 1


def test_the_rule_reads_paths_patterns_and_skips_commands():
    text = ("Run `scripts/setup.sh`; see `model/engine/politics.py`, `locales/{en,id}/x.yaml`,\n"
            "`binjai-sim run scenarios/a.yaml` and `outputs/run/summary.md`.\n```\n`tests/fenced.py`\n```\n")
    assert quoted_paths(text) == ["scripts/setup.sh", "model/engine/politics.py", "locales/{en,id}/x.yaml"]
    assert expand("locales/{en,id}/<area>.yaml") == ["locales/en/*.yaml", "locales/id/*.yaml"]
    assert expand("FOLDER/calibration/fates.csv") == ["**/calibration/fates.csv"]
    assert expand("docs/ODD.md") == ["docs/ODD.md"]
    assert exists("model/engine/politics.py") and exists("binjai_sim/base/i18n.py")
    assert exists("engine/politics.py")  # under the one layer that holds an engine/
    assert not exists("engine/nothing.py") and not exists("locales/fr/*.yaml")


def test_a_path_two_layers_hold_is_ambiguous(tmp_path, monkeypatch):
    for layer in ("one", "two"):
        (tmp_path / layer / "x").mkdir(parents=True)
        (tmp_path / layer / "x" / "y.py").write_text("")
    monkeypatch.setitem(globals(), "LAYERS", [tmp_path / "one"])
    assert exists("x/y.py")
    monkeypatch.setitem(globals(), "LAYERS", [tmp_path / "one", tmp_path / "two"])
    assert not exists("x/y.py")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_quoted_file_exists(page):
    missing = sorted({path for path in quoted_paths(page.read_text())
                      if not all(exists(one) for one in expand(path))})
    assert not missing, f"{page.relative_to(ROOT)} names files that do not exist: {', '.join(missing)}"
