"""Executors: serial, a local process pool, or a Dask cluster. Each yields finished result rows.

All three evaluate the same pure function of (sweep, sample index, replicate, values), so they
produce identical rows; only the order of arrival differs, and the store sorts it away.
Submission is windowed, so the coordinator holds a bounded number of tasks whatever the sweep's
size. A task carries several runs (a chunk): a run takes a few milliseconds, so one run per task
would spend as long on scheduling as on the model.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.runs.runner import process_pool

from .evaluate import evaluate_task

Task = tuple[int, int, dict]  # sample, replicate, values

_SWEEP = None  # the sweep, installed once per worker process
MAX_POOL_RESTARTS = 20
POOL_CHUNK = 8  # runs per process-pool task: sending a task and its rows costs about a run's time
DASK_CHUNK = 64  # runs per Dask task: scheduling a task costs tens of milliseconds


def _install(sweep) -> None:
    global _SWEEP
    _SWEEP = sweep


def _run_in_worker(chunk: list[Task]) -> list[dict]:
    return [evaluate_task((_SWEEP, *task)) for task in chunk]


def run_serial(sweep, tasks: Iterable[Task]) -> Iterator[dict]:
    for task in tasks:
        yield evaluate_task((sweep, *task))


def run_pool(sweep, tasks: Iterable[Task], workers: int, window: int | None = None,
             chunk: int = POOL_CHUNK) -> Iterator[dict]:
    """A process pool, ``chunk`` runs to a task; if a worker (or the forkserver) dies, the pool is
    rebuilt and every task it had not finished is resubmitted. A broken pool shows either as a
    failed future or, when the break lands between two submissions, as an error from ``submit``
    itself (BrokenProcessPool, or a connection error from a forkserver that has just died): all
    are handled."""
    window = window or 4 * workers
    tasks = iter(tasks)
    pending = iter(lambda: _take(tasks, chunk), [])
    queue: list[Task] = []  # tasks to resubmit after a break
    in_flight: dict = {}
    restarts = 0
    pool = _new_pool(sweep, workers)
    try:
        while True:
            broken = _fill(pool, in_flight, queue, pending, window)
            if not in_flight and not broken:
                return
            if not broken:
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    if isinstance(future.exception(), BrokenProcessPool):
                        broken = True
                        continue
                    in_flight.pop(future)
                    yield from future.result()  # any other error is the model's and propagates
            if broken:
                restarts += 1
                if restarts > MAX_POOL_RESTARTS:
                    raise RuntimeError(f"worker processes died {restarts} times; giving up")
                for future, task in in_flight.items():
                    if future.done() and not future.cancelled() and future.exception() is None:
                        yield from future.result()
                    else:
                        queue.append(task)
                in_flight = {}
                _close(pool, wait=False)
                # a killed forkserver can look alive for a moment (not yet reaped): give it that moment
                time.sleep(min(0.05 * restarts, 1.0))
                pool = _new_pool(sweep, workers)
    finally:
        _close(pool, wait=True)


# How a dead pool shows besides BrokenProcessPool: submit() starts worker processes on demand,
# and when the forkserver has just died its socket refuses or drops the connection
# (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, FileNotFoundError: all
# OSError) or closes mid-handshake (EOFError).
POOL_DEATH = (BrokenProcessPool, OSError, EOFError)


def _close(pool, wait: bool) -> None:
    """Shut a pool down; a pool whose processes are already gone may fail to, which is fine."""
    try:
        pool.shutdown(wait=wait, cancel_futures=True)
    except POOL_DEATH:
        pass


def _new_pool(sweep, workers: int):
    return process_pool(workers, initializer=_install, initargs=(sweep,))


def _fill(pool, in_flight: dict, queue: list[Task], pending: Iterator[Task], window: int) -> bool:
    """Submit until the window is full; True if the pool turned out to be broken."""
    while len(in_flight) < window:
        task = queue.pop() if queue else next(pending, None)
        if task is None:
            return False
        try:
            future = pool.submit(_run_in_worker, task)
        except POOL_DEATH:
            queue.append(task)
            return True
        in_flight[future] = task
    return False


def _dask_eval(sweep, chunk: list[Task]) -> list[dict]:
    return list(run_serial(sweep, chunk))


def run_dask(sweep, tasks: Iterable[Task], client, window: int | None = None,
             chunk: int = DASK_CHUNK) -> Iterator[dict]:
    """Tasks on a Dask cluster, ``chunk`` runs to a Dask task; Dask reschedules the tasks of a
    worker that dies."""
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = window or 4 * workers
    shared = client.scatter(sweep, broadcast=True, hash=False)  # a fresh key: an earlier call may be releasing its own
    tasks = iter(tasks)
    pending = iter(lambda: _take(tasks, chunk), [])
    first = [client.submit(_dask_eval, shared, c, pure=False) for c in _take(pending, window)]
    if not first:
        return
    stream = as_completed(first)
    for future in stream:
        rows = future.result()
        future.release()
        for c in _take(pending, 1):
            stream.add(client.submit(_dask_eval, shared, c, pure=False))
        yield from rows


def _take(iterator: Iterator, n: int) -> list:
    out = []
    for _ in range(n):
        item = next(iterator, None)
        if item is None:
            break
        out.append(item)
    return out


@contextmanager
def dask_client(scheduler: str | None, local_workers: int | None):
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise InputError(None, "--scheduler",
                             t("msg.sweep.no_scheduler", scheduler=scheduler, reason=exc)) from None
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
    """A Dask worker plugin: local workers end when this process does (binjai_sim.base.procguard). Defined
    here so that distributed is imported only by Dask runs; cloudpickle ships it by value."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class DieWithCoordinator(WorkerPlugin):
        name = "binjai-die-with-coordinator"

        def __init__(self, pid):
            self.pid = pid

        def setup(self, worker):
            from binjai_sim.base.procguard import die_with

            die_with(self.pid, parent_death_signal=False)

    return DieWithCoordinator(coordinator)
