"""run_scenario(): the one pure entry point shared by the CLI, calibration and sweeps."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from binjai_sim.base.resources import SCENARIOS
from binjai_sim.scenario.load import LoadedScenario, load_scenario

from .seeds import replicate_seed


def process_pool(workers: int, initializer=None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A process pool started with forkserver: forking a parent that may hold threads (plots,
    Arrow, Dask) risks deadlocks. The forkserver and every worker end when this process does,
    even by ``kill -9`` (binjai_sim.base.procguard)."""
    context = multiprocessing.get_context("forkserver")
    # '__main__' is the default preload; the guard makes the forkserver die with this process
    context.set_forkserver_preload(["__main__", "binjai_sim.base._forkserver_guard"])
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_setup,
                               initargs=(os.getpid(), initializer, initargs))


def _worker_setup(coordinator: int, initializer, initargs: tuple) -> None:
    from binjai_sim.base.procguard import die_with

    die_with(coordinator)
    if initializer is not None:
        initializer(*initargs)


@dataclass
class RunResult:
    """Tidy frames of one or more replicates (a ``replicate`` column in each)."""

    series: pd.DataFrame  # one row per replicate x month
    apps: pd.DataFrame  # one row per replicate x month x app
    events: pd.DataFrame  # one row per event
    scenario: LoadedScenario
    seeds: list[int]
    costs: pd.DataFrame  # one row per replicate x strategy: total cost in rupiah
    metrics: pd.DataFrame  # one row per replicate: named outcomes (binjai_sim.runs.outcomes)
    conditioning: dict | None = None  # how the runs were made to agree with known facts (binjai_sim.runs.conditioning)


def run_model(scenario: LoadedScenario, seed: int, residents_per_agent: int | None = None,
              until: int | None = None, agents: bool = False):
    """The pure entry point: one run from a scenario and a seed to the horizon's end (or month
    ``until``). Without ``agents`` it is a ``binjai_sim.model.engine.Simulation`` (no Mesa agents are made);
    with them a ``CityModel``. Both run the same submodels and give the same numbers."""
    if agents:
        from binjai_sim.model.city import CityModel

        model = CityModel(scenario, seed=seed, residents_per_agent=residents_per_agent)
    else:
        from binjai_sim.model.engine import Simulation

        model = Simulation(scenario, seed, residents_per_agent)
    model.run(until)
    return model


def warm() -> float:
    """Compile the engine's submodels once (numba keeps them where ``binjai_sim.model.engine.compile_cache``
    says); returns the seconds it took."""
    import time

    from binjai_sim.model.engine import Simulation

    start = time.perf_counter()
    scenario = load_scenario(SCENARIOS / "binjai_baseline.yaml")
    Simulation(scenario, 0).run()
    return time.perf_counter() - start


def simulate(scenario: LoadedScenario, seed: int, residents_per_agent: int | None = None,
             record_apps: bool = True, agents: bool = False) -> dict[str, pd.DataFrame]:
    """Run one model to the end of its horizon and return its frames."""
    return frames_of(run_model(scenario, seed, residents_per_agent, agents=agents), record_apps)


def frames_of(model, record_apps: bool = True) -> dict[str, pd.DataFrame]:
    """The frames of one finished run."""
    from .outcomes import measure
    from .recorder import app_frame, events_frame, series_frame

    costs = model.costs
    return {
        "metrics": pd.DataFrame([measure(model)]),
        "series": series_frame(model),
        "apps": app_frame(model) if record_apps else None,
        "events": events_frame(model),
        "costs": pd.DataFrame({"strategy": list(costs), "cost_rp": list(costs.values())}),
    }


def _one(args):
    scenario, replicate, seed, scale, record_apps, agents = args
    frames = simulate(scenario, seed, scale, record_apps, agents)
    for frame in frames.values():
        if frame is not None:
            frame.insert(0, "replicate", replicate)
    return frames


def run_scenario(scenario: LoadedScenario | str | Path, seed: int | None = None,
                 replicates: int | None = None, residents_per_agent: int | None = None,
                 workers: int = 1, progress=None, record_apps: bool = True, agents: bool = False) -> RunResult:
    """Run replicates of a scenario.

    Args:
        scenario: a loaded scenario or a path to a scenario file.
        seed: master seed (default: the scenario's ``run.seed``).
        replicates: number of replicates (default: the scenario's ``run.replicates``).
        residents_per_agent: citizen scale override (1 = one agent per resident).
        workers: processes; results are identical for any number of workers.
        progress: optional callable invoked once per finished replicate.
        record_apps: keep the app-month table (large for big sweeps).
        agents: build each run as a Mesa ``CityModel`` (same numbers, slower).
    """
    if not isinstance(scenario, LoadedScenario):
        scenario = load_scenario(scenario)
    seed = scenario.spec.run.seed if seed is None else int(seed)
    replicates = scenario.spec.run.replicates if replicates is None else int(replicates)
    seeds = [replicate_seed(seed, r) for r in range(replicates)]
    from binjai_sim.scenario.known import known_facts

    if known_facts(scenario):
        return _conditioned(scenario, seed, replicates, residents_per_agent, progress, record_apps)
    tasks = [(scenario, r, s, residents_per_agent, record_apps, agents) for r, s in enumerate(seeds)]
    results = []
    if workers > 1 and replicates > 1:
        with process_pool(workers) as pool:
            for frames in pool.map(_one, tasks):
                results.append(frames)
                if progress:
                    progress()
    else:
        for task in tasks:
            results.append(_one(task))
            if progress:
                progress()

    def cat(key):
        parts = [r[key] for r in results if r[key] is not None]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    return RunResult(series=cat("series"), apps=cat("apps"), events=cat("events"),
                     scenario=scenario, seeds=seeds, costs=cat("costs"), metrics=cat("metrics"))


def _conditioned(scenario, seed, replicates, residents_per_agent, progress, record_apps) -> RunResult:
    from binjai_sim.scenario.known import known_facts

    from .conditioning import run_conditioned

    runs, record = run_conditioned(scenario, known_facts(scenario), seed, replicates, residents_per_agent)
    results = []
    for r, model in enumerate(runs):
        frames = frames_of(model, record_apps)
        for frame in frames.values():
            if frame is not None:
                frame.insert(0, "replicate", r)
        results.append(frames)
        if progress:
            progress()

    def cat(key):
        parts = [r[key] for r in results if r[key] is not None]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    return RunResult(series=cat("series"), apps=cat("apps"), events=cat("events"), scenario=scenario,
                     seeds=record["candidate_seeds"], costs=cat("costs"), metrics=cat("metrics"), conditioning=record)
