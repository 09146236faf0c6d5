"""Processes: concurrent replacements of one result folder, workers that die with their
command, and the workshop server that stops with its launcher."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd

from .conftest import BASELINE, ROOT


def _run_py(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "run.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


def test_concurrent_forced_runs_into_one_folder_both_succeed_and_leave_one_complete_folder(tmp_path):
    """Both runs exit 0 (the last to finish wins); the folder is always one complete run."""
    out = tmp_path / "out"
    for round_ in range(3):
        procs = [_run_py("run", str(BASELINE), "--out", str(out), "--force", "--replicates", "1", "--no-figures",
                         "--seed", str(seed)) for seed in (round_ * 2 + 1, round_ * 2 + 2)]
        results = [p.communicate(timeout=120) for p in procs]
        for proc, (_, err) in zip(procs, results, strict=True):
            assert proc.returncode == 0, err
        assert sorted(p.name for p in out.iterdir()) == ["binjai_baseline"], "a leftover or a lost folder"
        folder = out / "binjai_baseline"
        summary = json.loads((folder / "summary.json").read_text())
        manifest = json.loads((folder / "manifest.json").read_text())
        assert summary["seed"] == manifest["seed"] in (round_ * 2 + 1, round_ * 2 + 2), "files of two runs mixed"
        for table in ("series", "apps", "events"):
            assert len(pd.read_parquet(folder / f"{table}.parquet")) > 0


def test_threads_replacing_one_folder_never_collide(tmp_path):
    """Many writers replacing one folder at once (threads: flock excludes separate descriptors
    in one process too). With a shared '.old' name and no lock this failed within a few rounds."""
    from concurrent.futures import ThreadPoolExecutor

    from sim.outputs import atomic_directory

    out = tmp_path / "out"
    target = out / "result"

    def write(i):
        with atomic_directory(target, force=True) as work:
            for k in range(20):
                (work / f"part{k}.txt").write_text(str(i))
        return i

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(write, range(200))) == list(range(200))
    assert [p.name for p in out.iterdir()] == ["result"]
    values = {(target / f"part{k}.txt").read_text() for k in range(20)}
    assert len(values) == 1, "files of two writers mixed"
