"""Worker processes die with the command that started them.

A pool worker's parent is the multiprocessing forkserver, whose parent is the coordinator (the
``binjai-sim`` process). If the coordinator is killed outright (``kill -9``, the OOM killer),
nothing tells either of them, and they would wait for work forever. Two independent guards:

- the Linux parent-death signal: the forkserver gets SIGTERM when the coordinator dies, and a
  worker when the forkserver dies;
- a watchdog thread in each worker that waits on the coordinator's pidfd (or polls its PID)
  and ends the worker when the coordinator is gone, whoever its parent is by then.
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 1.0


def set_parent_death_signal(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent (thread) exits."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch(coordinator: int, parent: int) -> None:
    try:
        fd = os.pidfd_open(coordinator)  # readable once that process has exited; immune to PID reuse
    except (AttributeError, OSError):
        fd = None
        if not alive(coordinator):
            os._exit(1)
    poller = None
    if fd is not None:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
    while True:
        if poller is not None:
            gone = bool(poller.poll(POLL_SECONDS * 1000))
        else:
            threading.Event().wait(POLL_SECONDS)
            gone = not alive(coordinator)
        if gone or os.getppid() != parent:
            os._exit(1)  # nobody is left to collect this worker's results


def die_with(coordinator: int, parent_death_signal: bool = True) -> None:
    """Make this (worker) process end when ``coordinator`` or its own parent ends.

    The parent-death signal fires when the parent *thread* exits, so it is only for processes
    started from a long-lived thread (the forkserver's only one); Dask starts workers from
    threads of its own, and its workers rely on the watchdog alone."""
    parent = os.getppid()
    if parent_death_signal:
        set_parent_death_signal()
    if os.getppid() != parent or not alive(coordinator):  # either may have died before the signal was set
        os._exit(1)
    threading.Thread(target=_watch, args=(coordinator, parent), name="die-with-coordinator", daemon=True).start()
