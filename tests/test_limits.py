"""Sizes that cannot finish are refused at once (exit 2) with their numbers; estimates are sane."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from binjai_sim.interfaces.cli import main
from binjai_sim.runs import limits

from .conftest import BASELINE, ROOT

SWEEP = """name: big
base: {base}
method: {method}
outcomes: [apps_live_2030-12]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: budget.maintenance_share, bounds: [0.1, 0.9], group: lever}}
"""


def _cli(*args, env=None):
    """The real command in a subprocess; a hang fails the test through the timeout."""
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT, env=env)


def _scenario(tmp_path, text, file):
    path = tmp_path / file
    path.write_text(f"extends: {BASELINE}\nname: big\n{text}")
    return path


def _sweep(tmp_path, method, file="sweep.yaml"):
    path = tmp_path / file
    path.write_text(SWEEP.format(base=BASELINE, method=method))
    return path


def _cases(tmp_path):
    out = str(tmp_path / "out")
    run = ["--replicates", "1", "--no-figures", "--out", out]
    pop = str(_scenario(tmp_path, "city: {population: 50000000}\n", "pop.yaml"))
    horizon = str(_scenario(tmp_path, "horizon: {start: 0001-01, end: 9999-12}\n", "horizon.yaml"))
    sobol = str(_sweep(tmp_path, f"{{name: sobol, n: {2**26}}}", "sobol.yaml"))
    morris = str(_sweep(tmp_path, f"{{name: morris, trajectories: {10**8}}}", "morris.yaml"))
    small = str(_sweep(tmp_path, "{name: morris, trajectories: 2}", "small.yaml"))
    return {
        "replicates": ["run", str(BASELINE), "--replicates", "1000000000", "--no-figures", "--out", out],
        "memory": ["run", str(BASELINE), "--replicates", "100000", "--no-figures", "--out", out],
        "population": ["run", pop, "--scale", "1", *run],
        "horizon": ["run", horizon, *run],
        "workers": ["run", str(BASELINE), "--workers", "999", *run],
        "sobol": ["sensitivity", sobol, "--out", out],
        "morris": ["sensitivity", morris, "--out", out],
        "compare": ["compare", str(BASELINE), "--replicates", "100000000", "--out", out],
        "dask": ["sensitivity", small, "--dask-local", "999", "--out", out],
    }


NEEDLES = {"replicates": "runs", "memory": "MB of memory", "population": "citizen agents", "horizon": "horizon",
           "workers": "--workers", "sobol": "method.n", "morris": "method.trajectories", "compare": "runs",
           "dask": "--dask-local"}  # the schema's own bounds name the key before the run cap is reached


@pytest.mark.slow
@pytest.mark.parametrize("case", list(NEEDLES))
def test_sizes_that_cannot_finish_are_refused_at_once(tmp_path, case):
    proc = _cli(*_cases(tmp_path)[case])
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert NEEDLES[case] in proc.stderr and "Traceback" not in proc.stderr
    assert re.search(r"\d{1,3}(,\d{3})+|\d+", proc.stderr), "the message gives the numbers"
    assert not (tmp_path / "out").exists(), "nothing is written before refusing"


@pytest.mark.parametrize("case", ["horizon", "sobol", "morris"])
def test_validate_refuses_the_same_files(tmp_path, case, capsys):
    command = _cases(tmp_path)[case]
    assert main(["validate", command[1]]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_caps_are_raised_by_environment_variables(tmp_path, capsys, monkeypatch):
    path = _sweep(tmp_path, "{name: morris, trajectories: 10}")  # 30 runs
    monkeypatch.setenv("BINJAI_SIM_MAX_RUNS", "29")
    assert main(["validate", str(path)]) == 2
    assert "BINJAI_SIM_MAX_RUNS" in capsys.readouterr().err
    monkeypatch.setenv("BINJAI_SIM_MAX_RUNS", "30")
    assert main(["validate", str(path)]) == 0
    monkeypatch.setenv("BINJAI_SIM_MAX_WORKERS", "1000")
    monkeypatch.setenv("BINJAI_SIM_MAX_MEMORY_MB", "100")
    assert main(["validate", str(path)]) == 2
    assert "BINJAI_SIM_MAX_MEMORY_MB" in capsys.readouterr().err
    monkeypatch.setenv("BINJAI_SIM_MAX_MEMORY_MB", "lots")
    assert main(["validate", str(path)]) == 2
    assert "BINJAI_SIM_MAX_MEMORY_MB" in capsys.readouterr().err


def test_validate_prints_the_estimate(capsys):
    assert main(["validate", str(BASELINE)]) == 0
    out = capsys.readouterr().out
    assert "20 runs of 169 months" in out and "MB" in out


def test_sweep_rows_match_the_sampler():
    from binjai_sim.analysis.sweep.sampling import sample
    from binjai_sim.analysis.sweep.spec import load_sweep

    for path in sorted((ROOT / "scenarios" / "sweeps").glob("*.yaml")):
        spec = load_sweep(path).spec
        assert limits.sweep_rows(spec) == len(sample(spec)), path
        for method in ({"name": "sobol", "n": 8, "second_order": True}, {"name": "morris", "trajectories": 3}):
            changed = spec.model_copy(update={"method": type(spec).model_validate(
                {**spec.model_dump(), "method": method}).method})
            assert limits.sweep_rows(changed) == len(sample(changed)), (path, method)


@pytest.mark.slow
def test_memory_estimate_is_within_a_factor_of_two_of_a_measured_run(tmp_path):
    """Peak RSS of a real run (50 replicates at 1:10 scale, written) against the estimate; the probe
    runs in its own process so earlier tests do not inflate its peak."""
    from binjai_sim import load_scenario

    replicates, scale = 50, 10
    estimate = limits.run_estimate(load_scenario(BASELINE), replicates, scale, 1)
    # compiling the kernels is a one-off of set-up (~680 MB), not part of a run: make sure the
    # cache is current before the probe, whatever ran before this test
    subprocess.run([sys.executable, "-c", "from binjai_sim.runs.runner import warm; warm()"], check=True, cwd=ROOT,
                   timeout=600)
    # peak_rss_mb, not ru_maxrss, which a child of this large test process inherits over exec
    probe = ("import sys; from binjai_sim.interfaces.cli import main; from binjai_sim.runs.limits import peak_rss_mb; "
             "code = main(sys.argv[1:]); "
             "print(peak_rss_mb()); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", probe, "run", str(BASELINE), "--replicates", str(replicates),
                           "--scale", str(scale), "--no-figures", "--out", str(tmp_path)], capture_output=True,
                          text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    measured_mb = float(proc.stdout.split()[-1])
    assert estimate.memory_mb / 2 <= measured_mb <= estimate.memory_mb * 2, (measured_mb, estimate.memory_mb)
