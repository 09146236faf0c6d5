"""Random numbers keyed by who draws, for what, and when: the same seed, app, purpose and month
always give the same number, whatever else the run draws.

Each entity (an app, a civil servant, an agency, a citizen's or civil servant's place in an
app's target group, an election) has a 64-bit key derived from the run's seed and a stable name
(an app's key comes from its name, so adding or reordering apps changes no other app's draws,
as Starsim gives each agent its own stream). A draw is the ``counter``-th output of SplitMix64
(Steele, Lea & Flood 2014) started at that key, with ``counter = purpose << 32 | month``.
Distributions that need more than a uniform (Beta shapes at set-up, a new mayor's fresh
priority) come from numpy generators seeded the same way.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from numba import njit

from .declare import Field, Setup, Submodel

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)
S30, S27, S31, S11, S32 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11), np.uint64(32)
TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53

# purposes (the high half of a counter)
HAZARD, HANDOVER, LAUNCH_PICK, ROTATION_PICK, MOVE, SHIFT, PUBLICITY, USE, VOTE, HEAD = range(10)
MEMBERSHIP = 10  # set-up: who is in an app's target group
SUCCESSION = 11  # a successor adopting a predecessor's app
PLATFORM = 64  # + platform index
SHOCK = 4096  # + shock index
PRUNE = 8192  # + pruning order index


DECLARED = Submodel(
    "rng", "4", state=(  # the random-stream keys of apps, civil servants, agencies, pairs and elections
        Field("app_key", "u8", ("apps",), Setup("app_key")), Field("staff_key", "u8", ("staff",), Setup("staff_key")),
        Field("agency_key", "u8", ("agencies",), Setup("agency_key")),
        Field("pair_key", "u8", ("pairs",), Setup("pair_key")),
        Field("spair_key", "u8", ("spairs",), Setup("spair_key")),
        Field("election_key", "u8", ("elections",), Setup("election_key")),
    ),
)


@njit(cache=True, inline="always")
def mix64(z):
    z = (z ^ (z >> S30)) * M1
    z = (z ^ (z >> S27)) * M2
    return z ^ (z >> S31)


@njit(cache=True, inline="always")
def uniform(key, purpose, month):
    """A uniform number in [0, 1) for one entity, purpose and month."""
    counter = (np.uint64(purpose) << S32) | np.uint64(month)
    return float(mix64(key + counter * GOLDEN) >> S11) * TO_UNIT


@njit(cache=True)
def uniforms(keys, purpose, counters):
    """``uniform(keys[i], purpose, counters[i])`` for arrays (set-up)."""
    out = np.empty(keys.shape[0])
    for i in range(keys.shape[0]):
        out[i] = uniform(keys[i], purpose, counters[i])
    return out


@njit(cache=True)
def derive(keys, tags):
    """Entity keys: ``mix64(key ^ mix64(tag))`` element by element."""
    out = np.empty(keys.shape[0], dtype=np.uint64)
    for i in range(keys.shape[0]):
        out[i] = mix64(keys[i] ^ mix64(tags[i] + GOLDEN))
    return out


@lru_cache(maxsize=4096)
def name_hash(name: str) -> np.uint64:
    """A stable 64-bit number for a name (the same in every process and Python version)."""
    return np.uint64(int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little"))


def seed_key(seed: int) -> np.uint64:
    return mix64(np.uint64((int(seed) + int(GOLDEN)) & 0xFFFFFFFFFFFFFFFF))


def keys_for(seed: int, names: list[str]) -> np.ndarray:
    """One key per named entity (apps, agencies, elections), under a run's seed."""
    base = np.full(len(names), seed_key(seed), dtype=np.uint64)
    return derive(base, np.array([name_hash(n) for n in names], dtype=np.uint64))


def numbered_keys(seed: int, kind: str, count: int) -> np.ndarray:
    """One key per numbered entity (civil servant ``j``), under a run's seed."""
    base = np.full(count, seed_key(seed) ^ name_hash(kind), dtype=np.uint64)
    return derive(base, np.arange(count, dtype=np.uint64))


def generator(seed: int, purpose: str, *parts: int) -> np.random.Generator:
    """A numpy generator for draws that need a distribution, keyed like the uniforms."""
    key = (int(name_hash(purpose)) & 0x7FFFFFFF, *[int(p) & 0x7FFFFFFF for p in parts])
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))
