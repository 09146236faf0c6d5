"""Sensitivity analysis: analytic Ishigami indices, identical results on every executor,
resuming after kill -9, and bad sweep files."""

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pandas as pd
import pytest

from binjai_sim.analysis.sweep.analysis import analyse
from binjai_sim.analysis.sweep.spec import Morris, Sobol
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE, ROOT


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """The Ishigami test function; x in [-pi, pi]^3."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3,
            "dists": ["unif"] * 3}


def test_sobol_path_reproduces_ishigami_analytic_indices():
    from SALib.sample import sobol

    method = Sobol(name="sobol", n=8192)
    x = sobol.sample(ISHIGAMI, method.n, calc_second_order=False, seed=1)
    ind = analyse(method, ISHIGAMI, x, ishigami(x), seed=1).set_index("parameter")
    assert ind["S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.000], abs=0.03)
    assert ind["ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244], abs=0.03)
    assert (ind["S1_conf"] < 0.05).all()


def test_morris_path_ranks_ishigami_inputs():
    from SALib.sample import morris

    method = Morris(name="morris", trajectories=200, levels=8)
    prob = {k: v for k, v in ISHIGAMI.items() if k != "dists"}
    x = morris.sample(prob, method.trajectories, num_levels=method.levels, seed=1)
    ind = analyse(method, ISHIGAMI, x, ishigami(x), seed=1).set_index("parameter")
    # facts of the function's structure: x2 enters through sin^2 (effects cancel in sign),
    # x3 only through its interaction with x1 (large spread), x1 in both terms (largest mu*)
    assert ind["mu_star"].idxmax() == "x1"
    assert abs(ind.loc["x2", "mu"]) < 0.2 * ind.loc["x2", "mu_star"]
    assert ind.loc["x3", "sigma"] > ind.loc["x3", "mu_star"]


SMALL = f"""
name: small
base: {BASELINE}
method: {{name: morris, trajectories: 3, levels: 4}}
replicates: 2
outcomes: [apps_live_2030-12, mean_app_lifetime_years]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}}
  - {{path: "national.platforms[SIPD].date", name: sipd, transform: month_shift, group: environment}}  # its date_range
"""


@pytest.fixture(scope="module")
def small_sweep(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweep")
    path = folder / "small.yaml"
    path.write_text(SMALL)
    out = folder / "serial"
    assert main(["sensitivity", str(path), "--out", str(out)]) == 0
    return path, out / "small"


def _tables(folder):
    return {name: (folder / name).read_bytes() for name in ("results.parquet", "indices.csv", "convergence.csv",
                                                            "aggregated.parquet")}


def test_sweep_writes_tables_figures_and_discovery(small_sweep):
    _, folder = small_sweep
    runs = pd.read_parquet(folder / "results.parquet")
    assert len(runs) == 3 * 4 * 2 and not runs.duplicated(["sample", "replicate"]).any()
    ind = pd.read_csv(folder / "indices.csv")
    assert set(ind.outcome) == {"apps_live_2030-12", "mean_app_lifetime_years"}
    assert {"mu_star", "sigma", "mu_star_conf", "group"} <= set(ind.columns)
    for name in ("indices_apps_live_2030_12.png", "convergence_apps_live_2030_12.png", "discovery.md"):
        assert (folder / name).exists(), name
    assert len(list((folder / "runs").glob("part-*.parquet"))) >= 1


@pytest.mark.slow
def test_two_workers_and_dask_give_identical_tables(small_sweep, tmp_path):
    path, serial = small_sweep
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "pool"), "--workers", "2"]) == 0
    assert _tables(tmp_path / "pool" / "small") == _tables(serial)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "dask"), "--dask-local", "2"]) == 0
    assert _tables(tmp_path / "dask" / "small") == _tables(serial)


def _start(args, stderr=None):
    """The command in its own session; its stderr goes to ``stderr`` (a path) when given, so a
    failure can show its cause."""
    err = stderr.open("w") if stderr is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen([sys.executable, str(ROOT / "run.py"), *args], stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
    finally:
        if stderr is not None:
            err.close()


def _wait_for_parts(folder, count, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if len(list(folder.glob("part-*.parquet"))) >= count:
            return
        assert proc.poll() is None, "sweep ended before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError("no part files appeared")


def test_killed_sweep_resumes_to_the_same_result(small_sweep, tmp_path):
    path, serial = small_sweep
    out = tmp_path / "killed"
    proc = _start(["sensitivity", str(path), "--out", str(out), "--flush-every", "2"])
    runs = out / "small" / "runs"
    _wait_for_parts(runs, 2, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = pd.concat([pd.read_parquet(p) for p in runs.glob("part-*.parquet")])
    assert 0 < len(finished) < 24, "the kill must land part-way"
    assert main(["sensitivity", str(path), "--out", str(out), "--resume"]) == 0
    assert _tables(out / "small") == _tables(serial)
    parts = pd.concat([pd.read_parquet(p) for p in runs.glob("part-*.parquet")])
    assert len(parts) == 24, "a finished run was repeated or lost"


@pytest.mark.slow
@pytest.mark.parametrize("victim", ["worker", "forkserver"])
def test_killed_worker_is_replaced_and_the_sweep_completes(small_sweep, tmp_path, victim):
    path, serial = small_sweep
    out = tmp_path / victim
    log = tmp_path / "stderr.txt"
    proc = _start(["sensitivity", str(path), "--out", str(out), "--workers", "2", "--flush-every", "1"], log)
    _wait_for_parts(out / "small" / "runs", 1, proc)
    forkserver = next(p for p in _children(proc.pid) if "multiprocessing.forkserver" in _cmdline(p))
    target = forkserver if victim == "forkserver" else _children(forkserver)[-1]
    os.kill(target, signal.SIGKILL)
    code = proc.wait(timeout=300)
    assert code == 0, f"the sweep exited {code}; its stderr:\n{log.read_text()[-5000:]}"
    assert _tables(out / "small") == _tables(serial)


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(k) for k in handle.read().split()]
    except FileNotFoundError:
        return []


def _cmdline(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        return handle.read().replace(b"\0", b" ").decode()


class _FlakyPool:
    """A thread pool that breaks like a process pool whose worker died: on the n-th submission,
    either ``submit`` raises or the returned future fails with BrokenProcessPool."""

    def __init__(self, break_at, where):
        self.inner, self.count, self.break_at, self.where = ThreadPoolExecutor(2), 0, break_at, where

    def submit(self, fn, task):
        self.count += 1
        if self.count == self.break_at:
            if self.where == "submit":
                raise BrokenProcessPool("a worker died")
            if self.where == "forkserver_refuses":  # submit starts a worker; the forkserver just died
                raise ConnectionRefusedError(111, "Connection refused")
            if self.where == "forkserver_hangs_up":
                raise EOFError
            failed = Future()
            failed.set_exception(BrokenProcessPool("a worker died"))
            return failed
        return self.inner.submit(fn, task)

    def shutdown(self, wait=True, cancel_futures=False):
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)
        if self.count >= self.break_at > 0 and self.where != "future":
            raise OSError("handle is closed")  # shutting down a pool whose processes are gone


@pytest.mark.parametrize("where", ["submit", "future", "forkserver_refuses", "forkserver_hangs_up"])
def test_pool_break_is_survived_wherever_it_shows(monkeypatch, where):
    from binjai_sim.analysis.sweep import executor

    pools = iter([_FlakyPool(3, where), _FlakyPool(7, where), _FlakyPool(0, where)])
    monkeypatch.setattr(executor, "_new_pool", lambda sweep, workers: next(pools))
    monkeypatch.setattr(executor, "_run_in_worker", lambda chunk: [{"sample": t[0], "replicate": t[1]} for t in chunk])
    tasks = [(s, r, {}) for s in range(10) for r in range(2)]
    rows = list(executor.run_pool(None, tasks, workers=2, window=4, chunk=2))
    assert sorted((row["sample"], row["replicate"]) for row in rows) == [(s, r) for s, r, _ in tasks]


def test_resume_refuses_a_changed_sweep(small_sweep, tmp_path, capsys):
    path, serial = small_sweep
    changed = tmp_path / "small.yaml"
    changed.write_text(SMALL.replace("replicates: 2", "replicates: 3"))
    assert main(["sensitivity", str(changed), "--out", str(serial.parent), "--resume"]) == 2
    assert "changed" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "needle"), [
    (SMALL.replace("outcomes: [", "outcomes: [apps_alive_2030, "), "did you mean"),
    (SMALL.replace("bounds: [0, 1], group: environment", "bounds: [1, 0], group: environment"), "low must be below"),
    (SMALL.replace("politics.continuity", "politics.continuty"), "continuty"),
    (SMALL.replace("trajectories: 3", "trajectories: 3, levls: 4"), "levls"),
    (SMALL.replace("name: morris, trajectories: 3, levels: 4", "name: sobol, n: 100"), "power of two"),
    (SMALL.replace("name: morris, trajectories: 3, levels: 4", "name: fast"), "sobol, morris"),
    (SMALL.replace("group: lever", "group: policy"), "group"),
    (SMALL.replace("[SIPD]", "[SIPDX]"), "SIPDX"),
    (SMALL.replace(f"base: {BASELINE}", "base: nowhere.yaml"), "nowhere.yaml"),
    (SMALL.replace("bounds: [0, 1], group: lever", "distribution: {name: normal, mean: 0.5, sd: 0.1}, group: lever"),
     "Morris screening needs bounds"),
])
def test_bad_sweep_files(tmp_path, capsys, text, needle):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    out = tmp_path / "out"
    assert main(["sensitivity", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err
    assert not out.exists()


@pytest.mark.slow
def test_sobol_sweep_through_the_command(tmp_path):
    path = tmp_path / "sobol.yaml"
    path.write_text(SMALL.replace("name: morris, trajectories: 3, levels: 4", "name: sobol, n: 8")
                    .replace("name: small", "name: sob").replace("replicates: 2", "replicates: 1"))
    assert main(["sensitivity", str(path), "--out", str(tmp_path), "--workers", "2"]) == 0
    ind = pd.read_csv(tmp_path / "sob" / "indices.csv")
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(ind.columns) and len(ind) == 2 * 3
    conv = pd.read_csv(tmp_path / "sob" / "convergence.csv")
    assert sorted(conv.units.unique()) == [2, 4, 8]
    assert len(pd.read_parquet(tmp_path / "sob" / "results.parquet")) == 8 * (3 + 2)


def test_shipped_sweep_files_validate():
    from binjai_sim.analysis.sweep.spec import load_sweep

    morris = load_sweep(ROOT / "scenarios" / "sweeps" / "assumption_screening.yaml")
    groups = {p.group for p in morris.spec.parameters}
    assert groups == {"coefficient", "lever", "environment", "assumption"} and len(morris.spec.parameters) >= 100
    screened = {p.label: p.path for p in morris.spec.parameters}
    for file, method in (("sobol_key_drivers.yaml", "sobol"), ("lhs_discovery.yaml", "latin")):
        sweep = load_sweep(ROOT / "scenarios" / "sweeps" / file)
        assert sweep.spec.method.name == method
        assert {p.label: p.path for p in sweep.spec.parameters}.items() <= screened.items()


@pytest.mark.slow
def test_dask_executor_can_run_twice_on_one_client(small_sweep):
    """A second sweep on the same client must not lose the first one's shared data."""
    from binjai_sim.analysis.sweep.executor import dask_client, run_dask
    from binjai_sim.analysis.sweep.sampling import sample
    from binjai_sim.analysis.sweep.spec import load_sweep

    path, _ = small_sweep
    sweep = load_sweep(path)
    x = sample(sweep.spec)
    labels = [p.label for p in sweep.spec.parameters]
    tasks = [(i, 0, dict(zip(labels, x[i].tolist(), strict=True))) for i in range(4)]
    with dask_client(None, 2) as client:
        first = sorted((r["sample"], r["apps_live_2030-12"]) for r in run_dask(sweep, tasks, client))
        second = sorted((r["sample"], r["apps_live_2030-12"]) for r in run_dask(sweep, tasks, client))
    assert first == second and len(first) == 4


def test_dask_chunks_cover_every_task_once(monkeypatch):
    from distributed import Client, LocalCluster

    from binjai_sim.analysis.sweep import executor

    monkeypatch.setattr(executor, "evaluate_task", lambda args: {"sample": args[1], "replicate": args[2]})
    tasks = [(s, r, {}) for s in range(7) for r in range(2)]  # 14 runs: chunks of 4, 4, 4, 2
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        rows = list(executor.run_dask(None, tasks, client, window=2, chunk=4))
    assert sorted((row["sample"], row["replicate"]) for row in rows) == [(s, r) for s, r, _ in tasks]


def test_validate_checks_sweep_files(small_sweep, tmp_path, capsys):
    path, _ = small_sweep
    assert main(["validate", str(path)]) == 0
    assert "sweep 'small', morris, 3 parameters, 24 runs" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("politics.continuity", "politics.continuty"))
    assert main(["validate", str(bad)]) == 2
    assert "continuty" in capsys.readouterr().err
