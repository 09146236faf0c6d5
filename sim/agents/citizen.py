"""Citizens: awareness and use of citizen-facing apps (Bass-style diffusion), vectorised."""

from __future__ import annotations

import mesa
import numpy as np

UNAWARE, AWARE, USER = 0, 1, 2


def diffuse(rng, state, app_of, reachable, weight, n_apps, quality, propensity, p, q, trial_rate,
            quit_base, quit_quality):
    """One month of awareness, trial and abandonment for every (person, app) pair at once.

    All per-pair arguments are flat arrays of one length; ``state`` is updated in place.

    Args:
        state: int8, UNAWARE / AWARE / USER.
        app_of: app index of each pair.
        reachable: bool, the person can use that app now (online, right agency, app alive).
        weight: residents each pair's person represents (float array or scalar).
        quality: per app, 0..1.
        propensity: per pair, 0..1 willingness to try.
        p, q: Bass external influence and word of mouth, per year.
        trial_rate: monthly chance an aware person with propensity 1 tries a perfect app.
        quit_base, quit_quality: monthly quit chance = quit_base + quit_quality * (1 - quality).

    Returns:
        (users, market) per app: weighted users after the step and reachable people.
    """
    reach_w = reachable * weight
    market = np.bincount(app_of, weights=reach_w, minlength=n_apps)
    users = np.bincount(app_of, weights=(state == USER) * reach_w, minlength=n_apps)
    share = np.divide(users, market, out=np.zeros(n_apps), where=market > 0)
    p_aware = -np.expm1(-(p + q * share) / 12.0)
    p_quit = np.minimum(1.0, quit_base + quit_quality * (1.0 - quality))
    draws = rng.random(state.shape[0])
    new = state.copy()
    new[(state == UNAWARE) & (draws < p_aware[app_of])] = AWARE
    new[(state == AWARE) & (draws < trial_rate * quality[app_of] * propensity)] = USER
    new[(state == USER) & ((draws < p_quit[app_of]) | ~reachable)] = AWARE
    state[:] = np.where(reachable | (state != USER), new, AWARE)
    users = np.bincount(app_of, weights=(state == USER) * reach_w, minlength=n_apps)
    return users, market


class Population:
    """All citizen agents as arrays: weight, when they come online, propensity, and one row per
    (citizen, app) pair for every app whose target group the citizen belongs to."""

    def __init__(self, rng: np.random.Generator, population: int, residents_per_agent: int,
                 target_shares: np.ndarray, citizen_apps: np.ndarray, propensity_shape: float):
        n = max(1, -(-population // residents_per_agent))
        self.n = n
        self.weight = np.full(n, population / n)
        self.online_rank = rng.random(n)  # online once the internet share exceeds this
        self.propensity = rng.beta(propensity_shape, propensity_shape, size=n)
        rows, apps = [], []
        for app in np.flatnonzero(citizen_apps):
            members = np.flatnonzero(rng.random(n) < target_shares[app])
            rows.append(members)
            apps.append(np.full(members.size, app, dtype=np.int64))
        self.row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        self.app_of = np.concatenate(apps) if apps else np.zeros(0, dtype=np.int64)
        self.state = np.zeros(self.row.size, dtype=np.int8)
        self.pair_weight = self.weight[self.row]
        self.pair_propensity = self.propensity[self.row]

    def users_mask(self) -> np.ndarray:
        """Which citizens use at least one app now."""
        mask = np.zeros(self.n, dtype=bool)
        mask[self.row[self.state == USER]] = True
        return mask


class Citizen(mesa.Agent):
    """A citizen agent representing ``weight`` residents. State is read from ``Population``."""

    def __init__(self, model, index: int):
        super().__init__(model)
        self.index = index

    @property
    def weight(self) -> float:
        return float(self.model.population.weight[self.index])

    @property
    def online(self) -> bool:
        return bool(self.model.population.online_rank[self.index] < self.model.internet_share)

    @property
    def propensity(self) -> float:
        return float(self.model.population.propensity[self.index])

    @property
    def apps_used(self) -> list[str]:
        pop = self.model.population
        mine = (pop.row == self.index) & (pop.state == USER)
        return [self.model.apps.names[a] for a in pop.app_of[mine]]
