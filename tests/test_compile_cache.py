"""The compiled engine runs the code on disk: numba's cache is keyed on every engine source."""

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from binjai_sim.model.engine import compile_cache

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "binjai_baseline.yaml"

# builds the baseline's arrays, makes every app live and scores it with one compiled submodel
# (survival.score_and_hazard, which calls events.is_live from another file)
PROBE = f"""
import json
from numba.core import config
from binjai_sim import load_scenario
from binjai_sim.model.engine.state import build, state_ref
from binjai_sim.model.engine.survival import score_and_hazard
built = build(load_scenario({str(BASELINE)!r}), 0)
built.state.status[:] = 1
built.state.factors[:] = 0.5
score_and_hazard(state_ref(tuple(built.state)), built.params)
print(json.dumps({{"hazard": float(built.state.hazard.sum()),
                  "loaded": sum(score_and_hazard.stats.cache_hits.values()),
                  "compiled": sum(score_and_hazard.stats.cache_misses.values()),
                  "setting": config.CACHE_DIR}}))
"""


def copy_package(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    shutil.copytree(ROOT / "binjai_sim", root / "binjai_sim", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def probe(root: Path, **env) -> dict:
    inherited = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}  # the checkout's own folder
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True,
                          env={**inherited, "PYTHONPATH": str(root), **env}, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_an_edit_to_a_helper_in_another_file_is_what_the_next_run_executes(tmp_path):
    root = copy_package(tmp_path)
    first = probe(root)
    assert first["hazard"] > 0 and first["compiled"] == 1
    again = probe(root)
    assert again == {**first, "loaded": 1, "compiled": 0}  # a second process loads, not compiles
    assert again["setting"] == ""  # numba's own setting is put back after the engine's import
    events = root / "binjai_sim" / "model" / "engine" / "events.py"
    text = events.read_text()
    assert "    return status == 1 or status == 2\n" in text
    events.write_text(text.replace("    return status == 1 or status == 2\n", "    return False\n"))
    edited = probe(root)
    assert edited["hazard"] == 0.0 and edited["compiled"] == 1
    folders = sorted(p.name for p in (root / "binjai_sim" / "model" / "engine" / "__pycache__").glob("numba-*"))
    assert len(folders) == 2


@pytest.mark.slow
def test_a_checkout_whose_engine_folder_cannot_be_written_caches_in_the_users_folder(tmp_path):
    root = copy_package(tmp_path)
    (root / "binjai_sim" / "model" / "engine" / "__pycache__").write_text("not a folder")  # unwritable, even for root
    cache = tmp_path / "user-cache"
    first = probe(root, XDG_CACHE_HOME=str(cache))
    second = probe(root, XDG_CACHE_HOME=str(cache))
    assert first["compiled"] == 1 and second["loaded"] == 1 and second["hazard"] == first["hazard"]
    assert len(list((cache / "binjai-sim").glob(f"numba-*/{compile_cache.MARKER}"))) == 1


def test_pruning_removes_only_its_own_folders_beyond_the_most_recent(tmp_path):
    def made(name: str, age: int, marked: bool = True) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        if marked:
            (folder / compile_cache.MARKER).touch()
            os.utime(folder / compile_cache.MARKER, (1e9 - age, 1e9 - age))
        return folder

    current = made("numba-" + "0" * 16, 100)
    recent = [made(f"numba-{i:016x}", i) for i in range(1, 3)]
    old = [made(f"numba-{i:016x}", 10 + i) for i in range(3, 6)]
    foreign = [made("numba-" + "a" * 16, 50, marked=False), made("numba-notahash", 50), made("mine", 50)]
    removed = compile_cache.prune(tmp_path, current.name)
    assert sorted(removed) == sorted(old)
    assert all(p.exists() for p in [current, *recent, *foreign])
    assert not any(p.exists() for p in old)


def test_the_hash_covers_every_package_module_the_engine_imports():
    hashed = {p.resolve() for p in compile_cache.sources()}
    engine = ROOT / "binjai_sim" / "model" / "engine"
    for path in engine.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = engine if node.level == 1 else engine.parents[node.level - 2]
                target = base.joinpath(*(node.module or "").split("."))
                names = [target.with_suffix(".py")] if node.module else [base / f"{a.name}.py" for a in node.names]
                for name in names:
                    assert name.resolve() in hashed or name.resolve().parent == engine, (path.name, name)


def test_the_hash_changes_with_any_engine_source(tmp_path, monkeypatch):
    before = compile_cache.source_hash()
    copy = tmp_path / "engine"
    shutil.copytree(ROOT / "binjai_sim" / "model" / "engine", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(compile_cache, "ENGINE", copy)
    assert compile_cache.source_hash() == before
    (copy / "use.py").write_text((copy / "use.py").read_text() + "\n# an edit\n")
    assert compile_cache.source_hash() != before


def test_a_cache_folder_the_user_chose_comes_first_then_the_engines_own(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "chosen"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user"))
    places = compile_cache.places()
    assert places[:3] == [tmp_path / "chosen" / "binjai-sim", compile_cache.ENGINE / "__pycache__",
                          tmp_path / "user" / "binjai-sim"]
    monkeypatch.delenv("NUMBA_CACHE_DIR")
    assert compile_cache.places()[0] == compile_cache.ENGINE / "__pycache__"
