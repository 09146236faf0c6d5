"""Move the package ``sim`` to ``binjai_sim`` in layers (docs/ARCHITECTURE.md, "Package layout").

    python scripts/relayout.py            # move, rewrite, write the ``sim`` compatibility package
    python scripts/relayout.py --check    # list what is not in the mapping, change nothing

Run from a clean checkout's root with the project's Python (it runs ruff's import sorting). The
mapping (old path -> new path) is data in relayout_map.py; the script ``git mv``s each entry,
rewrites every import, dotted module name and ``sim/...`` path in the tracked text files, and
writes ``sim/__init__.py``, which redirects every old module name to its new module. A second run
changes nothing. A module under ``sim/`` that the mapping does not place
stops the script before anything changes: add it to ``FILES`` (or it moves with its folder).
If it stops later (a line named in ``PATCHES`` changed), fix the entry, then
``git reset --hard && git clean -fdx binjai_sim sim`` and run it again.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from relayout_map import (
    KEEP_OLD,
    MODULES,
    NEW,
    OLD,
    PACKAGES,
    PATCHES,
    ROOT,
    SKIP,
    SKIP_GLOBS,
    TEXT,
    git,
    moves,
)
from relayout_rewrite import (
    folder_parts,
    rewrite_layers,
    rewrite_pyproject,
    rewrite_python,
    rewrite_root_init,
    rewrite_text,
)

COMPAT = '''"""The package's former name. ``import sim`` (and ``sim.<module>``) still work, with one
DeprecationWarning: every old module name resolves to the same module object under ``binjai_sim``.

Written by scripts/relayout.py from its mapping; edit the mapping there, not this file.
"""

import importlib
import importlib.abc
import importlib.util
import os
import sys
import warnings

import binjai_sim
from binjai_sim import __all__, __version__  # noqa: F401

# attributed to the line that imports `sim` (not to importlib), so Python's default filters show it there
warnings.warn("the package `sim` is now `binjai_sim`; `import sim` will stop working in a later release",
              DeprecationWarning, skip_file_prefixes=("<frozen importlib", os.path.dirname(__file__)))

MOVED = {moved}


def renamed(name: str) -> str | None:
    """The new name of an old module (or of one inside a moved folder)."""
    probe = name
    while probe:
        if probe in MOVED:
            return MOVED[probe] + name[len(probe):]
        probe = probe.rpartition(".")[0]
    return None


class _Alias(importlib.abc.Loader):
    """Loads an old name as the new module itself (the same object, its own __spec__ kept)."""

    def __init__(self, target: str):
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self.spec = module.__spec__
        return module

    def exec_module(self, module):
        module.__spec__ = self.spec  # importlib set the old name's spec on the shared module


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not name.startswith(__name__ + "."):
            return None
        new = renamed(name)
        if new is None or importlib.util.find_spec(new) is None:
            return None
        return importlib.util.spec_from_loader(name, _Alias(new))


if not any(isinstance(f, _Finder) for f in sys.meta_path):
    sys.meta_path.insert(0, _Finder())


def __getattr__(name: str):
    return getattr(binjai_sim, name)
'''


def write_compat() -> None:
    moved = {a: b for a, b in MODULES.items() if a != OLD}
    body = "{\n" + "".join(f"    {a!r}: {b!r},\n" for a, b in sorted(moved.items())) + "}"
    (ROOT / OLD).mkdir(exist_ok=True)
    (ROOT / OLD / "__init__.py").write_text(COMPAT.replace("{moved}", body), encoding="utf-8")
    git("add", f"{OLD}/__init__.py")


# ---- the steps --------------------------------------------------------------------------------

def unplaced() -> list[str]:
    """Files under sim/ that no entry of the mapping moves."""
    compat = (ROOT / NEW / "__init__.py").exists()  # an earlier run made sim/__init__.py
    tracked = [p for p in git("ls-files", OLD).splitlines() if not (compat and p == f"{OLD}/__init__.py")]
    return [p for p in tracked if not any(p == a or p.startswith(a + "/") for a, _ in moves())]


def _only_caches(folder: Path) -> bool:
    return all(p.is_dir() or "__pycache__" in p.parts for p in folder.rglob("*"))


def blocked() -> list[str]:
    """Targets already taken by something other than Python's caches (git mv would nest into them)."""
    return [new for old, new in moves() if (ROOT / old).exists() and (ROOT / new).exists()
            and not (old == f"{OLD}/__init__.py" or (ROOT / new).is_dir() and _only_caches(ROOT / new))]


def move() -> int:
    count = 0
    for old, new in moves():
        src, dst = ROOT / old, ROOT / new
        if old == f"{OLD}/__init__.py" and (ROOT / NEW / "__init__.py").exists():
            continue  # moved by an earlier run: sim/__init__.py is the compatibility module now
        if not src.exists():
            continue
        if dst.is_dir():  # left by an earlier import of a module at the new place: caches only (blocked())
            shutil.rmtree(dst)
        dst.parent.mkdir(parents=True, exist_ok=True)
        git("mv", old, new)
        count += 1
    for name, doc in PACKAGES.items():
        init = ROOT / NEW / name / "__init__.py"
        if not init.exists():
            init.write_text('"""' + textwrap.fill(doc, 100) + '"""\n', encoding="utf-8")
            git("add", str(init.relative_to(ROOT)))
    for leftover in sorted((ROOT / OLD).rglob("__pycache__"), reverse=True):
        shutil.rmtree(leftover)  # untracked caches of the moved modules: made by Python, not by anyone
    return count


def rewrite_all(fresh: bool) -> int:
    """Rewrite every tracked text file; relative imports only in the run that moved the files."""
    changed = 0
    for rel in git("ls-files").splitlines():
        path = ROOT / rel
        if rel in SKIP or rel in KEEP_OLD or any(fnmatch.fnmatch(rel, g) for g in SKIP_GLOBS) or \
                not path.is_file() or path.is_symlink():
            continue
        if path.suffix not in TEXT and not rel.startswith(".github/"):
            continue
        before = path.read_text(encoding="utf-8")
        after = rewrite_python(before, rel, fresh) if path.suffix == ".py" else rewrite_text(before, prose=True)
        if rel == "pyproject.toml":
            after = rewrite_pyproject(after)
        if rel == "tests/test_architecture.py":
            after = rewrite_layers(after).replace('SIM = ROOT / "sim"', 'SIM = ROOT / "binjai_sim"')
        if rel == f"{NEW}/__init__.py":
            after = rewrite_root_init(after)
        if path.suffix == ".py":
            # the package's folder spelt as a part (ROOT / "sim"); a past revision's `folder / "sim"` keeps it
            after = re.sub(r'\b(ROOT|root|tmp_path|site) / "sim"((?: / "[\w.]+")*)', folder_parts, after)
            after = re.sub(r'startswith\("sim(\.?)"\)', r'startswith("binjai_sim\1")', after)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed += 1
    return changed


def patch() -> None:
    for rel, old, new in PATCHES:
        path = ROOT / rel
        text = path.read_text(encoding="utf-8")
        if new in text:
            continue
        if old not in text:
            sys.exit(f"relayout: {rel}: {old!r} is not there (the file changed: update PATCHES)")
        path.write_text(text.replace(old, new), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list files the mapping does not place; change nothing")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    missing = unplaced()
    if missing:
        print("relayout: not in the mapping (add each to FILES or FOLDERS):", *missing, sep="\n  ", file=sys.stderr)
        return 2
    if args.check:
        print("relayout: every file under sim/ has a place")
        return 0
    if git("status", "--porcelain", "--untracked-files=no").strip():
        print("relayout: the work tree has uncommitted changes; commit or stash them first", file=sys.stderr)
        return 2
    if taken := blocked():
        print("relayout: already there (move or remove them first):", *taken, sep="\n  ", file=sys.stderr)
        return 2
    moved = move()
    changed = rewrite_all(fresh=moved > 0)
    patch()
    write_compat()
    # imports that changed from relative to absolute move to their sorted place (ruff's isort rules)
    subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "I", "--fix", "--quiet", "."], cwd=ROOT)
    git("add", "-u")
    print(f"relayout: {moved} moves, {changed} files rewritten in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
