"""Random streams: one generator per process, each derived from the run's seed and the process
name, so a change in one process's draws does not reshuffle the others (as in Starsim)."""

from __future__ import annotations

import zlib

import numpy as np

PROCESSES = ("politics", "staff", "citizens", "apps", "national", "setup")


class Streams:
    def __init__(self, seed: int):
        for name in PROCESSES:
            key = (zlib.crc32(name.encode()),)
            setattr(self, name, np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key)))
