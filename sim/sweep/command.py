"""The ``sensitivity`` command: sample, evaluate (resumably), analyse, discover, write."""

from __future__ import annotations

import json
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from .. import limits
from ..errors import InputError
from ..outputs import check_name, check_writable, guard_inside, remove_stale, replace_folder, versions, write_json


def add_parser(sub, positive) -> None:
    p = sub.add_parser("sensitivity", help="global sensitivity analysis (Sobol, Morris) and scenario discovery",
                       description="Sample a sweep file's parameters with SALib, run the model for every sample "
                                   "and replicate (locally or on Dask), analyse and find where apps survive.")
    p.add_argument("sweep", type=Path, help="sweep YAML, e.g. scenarios/sweeps/morris_screening.yaml")
    p.add_argument("--method", choices=("sobol", "morris"), help="override the file's method (its defaults)")
    p.add_argument("--out", type=Path, default=Path("outputs"), help="output folder (default: outputs/)")
    p.add_argument("--workers", type=positive, default=1, help="local processes (default 1: in this process)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--dask-local", type=positive, metavar="N", help="start a local Dask cluster of N workers")
    p.add_argument("--resume", action="store_true", help="finish an interrupted sweep, keeping its finished runs")
    p.add_argument("--force", action="store_true", help="discard an existing sweep folder and start over")
    p.add_argument("--flush-every", type=positive, default=64, metavar="RUNS",
                   help="finished runs per Parquet part file (default 64; parts are also written every 5 s)")
    p.set_defaults(func=cmd_sensitivity)


@contextmanager
def dask_client(scheduler: str | None, local_workers: int | None):
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(None, "--scheduler", f"cannot reach Dask scheduler {scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    client.register_plugin(_die_with(os.getpid()))  # also for workers the nanny restarts later
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def _die_with(coordinator: int):
    """A Dask worker plugin: local workers end when this process does (sim.procguard). Defined
    here so that distributed is imported only by Dask runs; cloudpickle ships it by value."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class DieWithCoordinator(WorkerPlugin):
        name = "binjai-die-with-coordinator"

        def __init__(self, pid):
            self.pid = pid

        def setup(self, worker):
            from sim.procguard import die_with

            die_with(self.pid, parent_death_signal=False)

    return DieWithCoordinator(coordinator)


def prepare_folder(target: Path, sweep, resume: bool, force: bool) -> None:
    """Check ``--out`` before any work, then start, resume or (``force``) restart ``target``.

    A sweep writes into its folder as it goes, so only the restart goes through the guarded
    replace: the old folder is moved aside under the ``--out`` lock and deleted after."""
    out = target.parent
    check_name(target.name, sweep.path, "name")
    check_writable(out)
    guard_inside(out, target)
    remove_stale(out, target.name)
    state = target / "sweep.json"
    if target.exists():
        if force:
            replace_folder(out, None, target, force=True)
        elif resume:
            if not state.exists():
                raise InputError(target, None, "not a sweep folder (no sweep.json); use --force to replace it")
            stored = json.loads(state.read_text())
            if stored.get("sweep_sha256") != sweep.hash:
                raise InputError(target, None, "the sweep file or its base scenario changed since this sweep "
                                               "started; use --force to start over")
            return
        else:
            raise InputError(target, None, "sweep folder exists; use --resume to finish it or --force to restart")
    try:
        target.mkdir()
    except FileExistsError:
        raise InputError(target, None, "another sweep created this folder meanwhile") from None
    write_json(state, {"name": sweep.name, "file": str(sweep.path), "sweep_sha256": sweep.hash,
                       "spec": sweep.spec.model_dump(mode="json"), "versions": versions()})


def run_sweep(sweep, target: Path, workers: int = 1, scheduler: str | None = None,
              dask_local: int | None = None, progress: bool = False, flush_rows: int = 64) -> pd.DataFrame:
    """Evaluate every (sample, replicate) not yet in the store; return all runs, sorted."""
    from tqdm import tqdm

    from .executor import run_dask, run_pool, run_serial
    from .sampling import sample
    from .store import RunStore

    x = sample(sweep.spec)
    labels = [p.label for p in sweep.spec.parameters]
    samples_file = target / "samples.parquet"
    if not samples_file.exists():
        frame = pd.DataFrame(x, columns=labels)
        frame.insert(0, "sample", np.arange(len(x)))
        frame.to_parquet(target / ".samples.tmp", index=False)
        (target / ".samples.tmp").replace(samples_file)
    store = RunStore(target / "runs", flush_rows=flush_rows)
    done = store.finished()
    reps = sweep.spec.replicates
    total = len(x) * reps
    tasks = ((i, r, dict(zip(labels, x[i].tolist(), strict=True)))
             for i in range(len(x)) for r in range(reps) if (i, r) not in done)
    with tqdm(total=total, initial=len(done), desc=sweep.name, unit="run", file=sys.stderr,
              disable=None if progress else True, smoothing=0.05) as bar:
        if scheduler or dask_local:
            with dask_client(scheduler, dask_local) as client:
                for row in run_dask(sweep, tasks, client):
                    store.add(row)
                    bar.update()
        else:
            stream = run_pool(sweep, tasks, workers) if workers > 1 else run_serial(sweep, tasks)
            for row in stream:
                store.add(row)
                bar.update()
    store.flush()
    runs = store.read()
    if len(runs) != total:
        raise RuntimeError(f"{len(runs)} of {total} runs finished")
    return runs


def analyse_sweep(sweep, runs: pd.DataFrame, target: Path) -> dict:
    """Indices, convergence, discovery and figures, written into ``target``."""
    import matplotlib.pyplot as plt

    from .analysis import analyse, convergence
    from .discovery import prim_boxes
    from .plots import convergence_figure, morris_figure, prim_figure, sobol_figure
    from .sampling import problem, rows_per_unit, sample

    spec = sweep.spec
    x = sample(spec)
    prob = problem(spec)
    outcomes = list(dict.fromkeys(spec.outcomes))
    aggregated = runs.groupby("sample")[list(dict.fromkeys([*outcomes, spec.discovery.outcome]))].agg(spec.aggregate)
    aggregated = aggregated.reindex(range(len(x)))
    indices, conv = [], []
    groups = {p.label: p.group for p in spec.parameters}
    for outcome in outcomes:
        y = aggregated[outcome].to_numpy(float)
        ind = analyse(spec.method, prob, x, y, spec.seed)
        ind.insert(0, "outcome", outcome)
        ind.insert(2, "group", ind["parameter"].map(groups))
        indices.append(ind)
        cv = convergence(spec.method, prob, x, y, rows_per_unit(spec), spec.seed)
        cv.insert(0, "outcome", outcome)
        conv.append(cv)
        fig = (sobol_figure(ind, outcome) if spec.method.name == "sobol" else morris_figure(ind, outcome, groups))
        fig.savefig(target / f"indices_{_safe(outcome)}.png", dpi=110)
        plt.close(fig)
        fig = convergence_figure(cv, outcome, spec.method.name)
        fig.savefig(target / f"convergence_{_safe(outcome)}.png", dpi=110)
        plt.close(fig)
    indices = pd.concat(indices, ignore_index=True)
    conv = pd.concat(conv, ignore_index=True)
    indices.to_csv(target / "indices.csv", index=False, float_format="%.6g")
    conv.to_csv(target / "convergence.csv", index=False, float_format="%.6g")
    aggregated.reset_index().to_parquet(target / "aggregated.parquet", index=False)
    runs.to_parquet(target / "results.parquet", index=False)

    threshold = spec.discovery.at_least
    if threshold is None:
        threshold = len(sweep.base.inventory) / 2.0
    success = (aggregated[spec.discovery.outcome] >= threshold).to_numpy()
    found = prim_boxes(pd.DataFrame(x, columns=prob["names"]), success)
    lines = [f"# Scenario discovery: {spec.discovery.outcome} >= {threshold:g}", "",
             f"{int(success.sum())} of {len(success)} sample points meet the condition "
             f"(base rate {found['base_rate']:.2f}).", ""]
    if found["found"]:
        found["limits"].to_csv(target / "discovery_box.csv", index=False, float_format="%.6g")
        lines += [f"PRIM box (widest with density >= 0.75): coverage {found['coverage']:.2f}, "
                  f"density {found['density']:.2f}.", "", "| parameter | box low | box high | sweep low | sweep high |",
                  "|---|---|---|---|---|"]
        lines += [f"| {r.parameter} | {r.low:.4g} | {r.high:.4g} | {r.sweep_low:.4g} | {r.sweep_high:.4g} |"
                  for r in found["limits"].itertuples()]
        fig = prim_figure(found, spec.discovery.outcome, threshold)
        fig.savefig(target / "discovery.png", dpi=110)
        plt.close(fig)
    else:
        lines.append(f"No box: {found['reason']}.")
    (target / "discovery.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"indices": indices, "convergence": conv, "discovery": found, "threshold": threshold}


def _safe(name: str) -> str:
    return name.replace("-", "_")


def cmd_sensitivity(args) -> int:
    from .spec import load_sweep

    sweep = load_sweep(args.sweep, method=args.method)
    check_name(sweep.name, args.sweep, "name")  # before joining: Path("out") / "." is "out"
    limits.check_scenario(sweep.base, args.sweep)
    limits.check_estimate(limits.sweep_estimate(sweep, args.dask_local or args.workers), args.sweep, "method")
    target = args.out / sweep.name
    prepare_folder(target, sweep, args.resume, args.force)
    runs = run_sweep(sweep, target, workers=args.workers, scheduler=args.scheduler, dask_local=args.dask_local,
                     progress=True, flush_rows=args.flush_every)
    result = analyse_sweep(sweep, runs, target)
    ind = result["indices"]
    key = "ST" if sweep.spec.method.name == "sobol" else "mu_star"
    print(f"{sweep.name}: {len(runs)} runs ({sweep.spec.method.name}); most influential by {key}:")
    for outcome, part in ind.groupby("outcome", sort=False):
        top = part.sort_values(key, ascending=False).head(5)
        print(f"  {outcome}: " + ", ".join(f"{r.parameter} {getattr(r, key):.3g}" for r in top.itertuples()))
    found = result["discovery"]
    if found["found"]:
        print(f"  discovery: box with coverage {found['coverage']:.2f}, density {found['density']:.2f} on "
              + ", ".join(found["limits"]["parameter"]))
    else:
        print(f"  discovery: {found['reason']}")
    print(f"outputs: {target}")
    return 0
