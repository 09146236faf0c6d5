"""The per-app random streams (db0256f) changed which numbers each draw gets, not what the model
does: the engine just before them (8377132, an exact port of the numpy engine) and the engine
with them give the same outcome distributions. A small version of
``benchmarks/compare_engines.py`` (2,000 runs there, 300 here): both trees are taken from this
repository's history into a temporary folder and run side by side."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
import tarfile

import numpy as np
import pytest
from scipy.stats import ks_2samp

from .conftest import ROOT

EXACT_PORT, STREAMS = "8377132", "db0256f"
RUNS = 300


def extract(revision: str, folder, package: str):
    """``sim/``, ``scenarios/`` and ``calibration/`` of ``revision``, the package renamed."""
    done = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "sim", "scenarios", "calibration"],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"revision {revision} is not in this clone's history (a shallow clone?)")
    folder.mkdir()
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(folder, filter="data")
    (folder / "sim").rename(folder / package)
    sys.path.insert(0, str(folder))
    try:
        then = importlib.import_module(package)
        runner = importlib.import_module(f"{package}.runner")
        measure = importlib.import_module(f"{package}.outcomes").measure
    finally:
        sys.path.remove(str(folder))
    scenario = then.load_scenario(folder / "scenarios" / "binjai_baseline.yaml")
    return lambda seed: measure(runner.run_model(scenario, runner.replicate_seed(seed, 0)))


@pytest.mark.slow
def test_per_app_streams_leave_every_outcome_distribution_as_it_was(tmp_path):
    exact = extract(EXACT_PORT, tmp_path / "exact", "sim_exact_port")
    streams = extract(STREAMS, tmp_path / "streams", "sim_streams")
    a = [exact(1000 + r) for r in range(RUNS)]
    b = [streams(5000 + r) for r in range(RUNS)]
    compared, differ = 0, []
    for key in a[0]:
        x, y = np.array([m[key] for m in a], dtype=float), np.array([m[key] for m in b], dtype=float)
        if x.std() == 0 and y.std() == 0:
            assert x[0] == y[0], key
            continue
        p = ks_2samp(x, y).pvalue
        z = (y.mean() - x.mean()) / np.sqrt(x.var(ddof=1) / RUNS + y.var(ddof=1) / RUNS)
        compared += 1
        if p <= 0.01 or abs(z) >= 3:
            differ.append(f"{key}: KS p {p:.4f}, z {z:.2f}")
    assert compared >= 8, compared
    assert not differ, differ
