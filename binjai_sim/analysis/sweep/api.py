"""Sweeps from Python: ``binjai_sim.analysis.sweep.run`` does what ``binjai-sim sensitivity`` does (the command
calls it) and hands back the tables as pandas frames.

    import binjai_sim.analysis.sweep
    result = binjai_sim.analysis.sweep.run("scenarios/sweeps/lhs_discovery.yaml", workers=2, out="outputs")
    result.runs             # one row per run: sample, replicate, the parameters, the outcomes
    result.indices          # Sobol S1/ST or Morris mu*/sigma with the noise floor
    result.feature_scores   # extra-trees scores (Latin hypercube and Sobol samples)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from binjai_sim.outputs.write import check_name
from binjai_sim.runs import limits

from .folder import prepare_folder
from .spec import Sweep, load_sweep


@dataclass
class SweepResult:
    """A finished sweep: its folder and every table written there, as frames."""

    folder: Path
    sweep: Sweep
    samples: pd.DataFrame  # one row per sample point: sample, then one column per parameter
    runs: pd.DataFrame  # one row per run: sample, replicate, the parameters, the outcomes
    aggregated: pd.DataFrame  # one row per sample point: the parameters and the aggregated outcomes
    indices: pd.DataFrame  # per outcome and parameter (or group); empty for a Latin hypercube
    convergence: pd.DataFrame
    noise: pd.DataFrame  # per outcome: replicate SD, point SD, noise share (and the Morris noise floor)
    feature_scores: pd.DataFrame  # per outcome and parameter; empty for Morris
    discovery: dict = field(repr=False)  # threshold, base rate, PRIM and CART boxes, or why none


def load(path: str | Path, method: str | None = None, seed: int | None = None,
         replicates: int | None = None) -> Sweep:
    """A validated sweep file (``method`` replaces the file's, with that method's defaults;
    ``seed`` and ``replicates`` replace the file's)."""
    return load_sweep(path, method=method, seed=seed, replicates=replicates)


def run(sweep: Sweep | str | Path, out: str | Path = "outputs", workers: int = 1, scheduler: str | None = None,
        dask_local: int | None = None, resume: bool = False, force: bool = False, method: str | None = None,
        progress: bool = False, flush_rows: int = 64, seed: int | None = None,
        replicates: int | None = None) -> SweepResult:
    """Run a sweep, streaming its runs to ``out/<name>/runs/``, analyse it and return the tables.

    Args:
        sweep: a sweep file or a loaded ``Sweep``.
        out: the folder the sweep's own folder goes into.
        workers: local processes (1: in this process); the results do not depend on it.
        scheduler: address of a Dask scheduler; ``dask_local``: start a local cluster of N workers.
        resume: finish an interrupted sweep in its folder; ``force``: discard the folder first.
        method: replace the file's method (``sobol``, ``morris`` or ``latin``, with their defaults).
        progress: show a progress bar on stderr (the runs, then the analysis's steps).
        flush_rows: finished runs per Parquet part file.
        seed, replicates: replace the file's master seed and replicates per sample point.
    """
    from binjai_sim.base.console import Phases, bar
    from binjai_sim.base.extras import require

    from .report import analyse_sweep, analysis_steps

    require("discovery")
    if scheduler or dask_local:
        require("dask", "--scheduler" if scheduler else "--dask-local")
    if not isinstance(sweep, Sweep):
        path = Path(sweep)
        sweep = load_sweep(path, method=method, seed=seed, replicates=replicates)
        check_name(sweep.name, path, "name")  # before joining: Path("out") / "." is "out"
    limits.check_workers(workers)
    limits.check_workers(dask_local, "--dask-local")
    limits.check_scenario(sweep.base, sweep.path)
    limits.check_estimate(limits.sweep_estimate(sweep, dask_local or workers), sweep.path, "method")
    target = Path(out) / sweep.name
    prepare_folder(target, sweep, resume, force)
    runs = run_sweep(sweep, target, workers=workers, scheduler=scheduler, dask_local=dask_local,
                     progress=progress, flush_rows=flush_rows)
    with bar(total=analysis_steps(sweep.spec), desc=f"{sweep.name}: analysis", unit="step",
             disable=None if progress else True) as shown:
        phases = Phases(shown)
        found = analyse_sweep(sweep, runs, target, phase=phases)
        phases.finish()
    return SweepResult(folder=target, sweep=sweep, samples=found["samples"], runs=found["runs"],
                       aggregated=found["aggregated"], indices=found["indices"], convergence=found["convergence"],
                       noise=found["noise"], feature_scores=found["feature_scores"], discovery=found["discovery"])


def run_sweep(sweep, target: Path, workers: int = 1, scheduler: str | None = None,
              dask_local: int | None = None, progress: bool = False, flush_rows: int = 64) -> pd.DataFrame:
    """Evaluate every (sample, replicate) not yet in the store; return all runs, sorted."""
    from binjai_sim.base.console import bar

    from .executor import dask_client, run_dask, run_pool, run_serial
    from .report import samples_frame
    from .store import RunStore

    samples = samples_frame(sweep.spec)
    labels = [p.label for p in sweep.spec.parameters]
    x = samples[labels].to_numpy(float)
    samples_file = target / "samples.parquet"
    if not samples_file.exists():
        samples.to_parquet(target / ".samples.tmp", index=False)
        (target / ".samples.tmp").replace(samples_file)
    store = RunStore(target / "runs", flush_rows=flush_rows)
    done = store.finished()
    reps = sweep.spec.replicates
    total = len(x) * reps
    tasks = ((i, r, dict(zip(labels, x[i].tolist(), strict=True)))
             for i in range(len(x)) for r in range(reps) if (i, r) not in done)
    with bar(total=total, initial=len(done), desc=sweep.name, unit="run", disable=None if progress else True,
             leave=True, smoothing=0.05) as shown:
        if scheduler or dask_local:
            with dask_client(scheduler, dask_local) as client:
                for row in run_dask(sweep, tasks, client):
                    store.add(row)
                    shown.update()
        else:
            stream = run_pool(sweep, tasks, workers) if workers > 1 else run_serial(sweep, tasks)
            for row in stream:
                store.add(row)
                shown.update()
    store.flush()
    runs = store.read()
    if len(runs) != total:
        raise RuntimeError(f"{len(runs)} of {total} runs finished")
    return runs
