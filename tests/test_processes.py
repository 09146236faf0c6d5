"""Processes: concurrent replacements of one result folder, workers that die with their
command, and the workshop server that stops with its launcher."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import BASELINE, ROOT


def _run_py(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "run.py"), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, **kwargs)


@pytest.mark.slow
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

    from binjai_sim.outputs.write import atomic_directory

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


# --- everything a command starts dies with it ------------------------------------------------

SWEEP = f"""
name: long
base: {BASELINE}
method: {{name: morris, trajectories: 40, levels: 4}}
replicates: 2
outcomes: [apps_live_2030-12]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: budget.maintenance_share, bounds: [0.1, 0.9], group: lever}}
  - {{path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}}
"""


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of a process, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return fields[0], fields[19]


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (children of all its threads, recursively), with start times."""
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*") if Path(f"/proc/{parent}/task").exists() else []:
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                stat = _stat(child)
                if stat and child not in found:
                    found[child] = stat[1]
                    todo.append(child)
    return found


def _survivors(recorded: dict[int, str]) -> list[int]:
    alive = []
    for pid, started in recorded.items():
        stat = _stat(pid)
        if stat and stat[1] == started and stat[0] not in ("Z", "X"):  # zombies wait for a reaper only
            alive.append(pid)
    return alive


def _wait_gone(recorded: dict[int, str], timeout: float = 20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = _survivors(recorded)
        if not left:
            return []
        time.sleep(0.2)
    return _survivors(recorded)


def _cleanup(pids) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.slow
@pytest.mark.parametrize("executor", [["--workers", "2"], ["--dask-local", "2"]], ids=["pool", "dask"])
def test_workers_die_when_the_coordinator_is_killed(tmp_path, executor):
    sweep = tmp_path / "long.yaml"
    sweep.write_text(SWEEP)
    out = tmp_path / "out"
    log = (tmp_path / "stderr.txt").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "sensitivity", str(sweep), "--out", str(out),
                             "--flush-every", "1", *executor], stdout=subprocess.DEVNULL, stderr=log, cwd=ROOT,
                            start_new_session=True)
    recorded: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        while not list((out / "long" / "runs").glob("part-*.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "stderr.txt").read_text()
            time.sleep(0.1)
        recorded = _descendants(proc.pid)
        workers = 2 + 1  # two workers and at least a forkserver or a spawn helper
        assert len(recorded) >= workers, recorded
        proc.kill()  # SIGKILL: no handler, no cleanup in the coordinator
        proc.wait(timeout=10)
        recorded.update({p: s for p, s in _descendants(proc.pid).items()})
        left = _wait_gone(recorded)
        assert not left, [Path(f"/proc/{p}/cmdline").read_bytes() for p in left if Path(f"/proc/{p}").exists()]
    finally:
        _cleanup([proc.pid, *recorded])
        log.close()


def _answers(port: int) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_viz_prints_its_port_once_bound_and_stops_with_its_children(tmp_path, stop):
    log = (tmp_path / "stderr.txt").open("w")
    proc = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "viz", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=log, text=True, cwd=ROOT, start_new_session=True)
    recorded: dict[int, str] = {}
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving the workshop view on http://127.0.0.1:"), line
        port = int(line.split("http://127.0.0.1:")[1].split()[0])
        assert port > 0
        assert _answers(port), "the port was printed before the server listened on it"
        recorded = _descendants(proc.pid)
        assert recorded, "the server runs in a child process"
        proc.send_signal(stop)
        assert proc.wait(timeout=30) == 0
        assert proc.stdout.read() == "", "the server's own messages belong on stderr"
        assert not _wait_gone(recorded), "a server process survived"
        assert not _answers(port)
    finally:
        _cleanup([proc.pid, *recorded])
        log.close()
