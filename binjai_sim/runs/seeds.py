"""Seeds of model runs: a pure function of the master seed, the sample and the replicate.

Its own module so that the runner and the conditioning (which the runner calls) both use it without
importing each other.
"""

from __future__ import annotations

import numpy as np


def replicate_seed(master: int, replicate: int, sample: int = 0) -> int:
    """Seed of one model run: a pure function of (master seed, sample index, replicate)."""
    seq = np.random.SeedSequence(int(master), spawn_key=(int(sample), int(replicate)))
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
