"""An idiomatic per-agent Mesa implementation of the citizen adoption step, for comparison.

Same rules as ``sim.agents.citizen.diffuse`` (awareness by Bass p + q * share, trial by
quality x propensity, quitting by quality), written the way a Mesa model usually is: one
Citizen agent per resident, each with its own ``step()``, run with ``shuffle_do("step")``.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

UNAWARE, AWARE, USER = 0, 1, 2


class RefCitizen(mesa.Agent):
    def __init__(self, model, online_rank: float, propensity: float, apps: list[int]):
        super().__init__(model)
        self.online_rank = online_rank
        self.propensity = propensity
        self.state = dict.fromkeys(apps, UNAWARE)

    def step(self) -> None:
        m = self.model
        online = self.online_rank < m.internet_share
        for app, state in self.state.items():
            if not (online and m.live[app]):
                if state == USER:
                    self.state[app] = AWARE
                continue
            u = self.random.random()
            if state == UNAWARE and u < m.p_aware[app]:
                self.state[app] = AWARE
            elif state == AWARE and u < m.trial_rate * m.quality[app] * self.propensity:
                self.state[app] = USER
            elif state == USER and u < m.p_quit[app]:
                self.state[app] = AWARE
            if self.state[app] == USER:
                m.users[app] += 1


class ReferenceAdoption(mesa.Model):
    """Citizens of one population (``sim.agents.citizen.Population``) as individual agents."""

    def __init__(self, population, n_apps: int, quality: np.ndarray, live: np.ndarray, params, seed: int = 0):
        super().__init__(rng=seed)
        self.quality = quality.tolist()
        self.live = live.tolist()
        self.trial_rate = params.trial_rate
        self.p, self.q = params.bass_p, params.bass_q
        self.quit_base, self.quit_quality = params.quit_base, params.quit_quality
        self.n_apps = n_apps
        self.internet_share = 0.6
        self.users = [0] * n_apps
        self.market = np.bincount(population.app_of, minlength=n_apps).astype(float)
        per_citizen: list[list[int]] = [[] for _ in range(population.n)]
        for row, app in zip(population.row.tolist(), population.app_of.tolist(), strict=True):
            per_citizen[row].append(app)
        for i in range(population.n):
            RefCitizen(self, float(population.online_rank[i]), float(population.propensity[i]), per_citizen[i])

    def step(self) -> None:
        share = [u / m if m else 0.0 for u, m in zip(self.users, self.market, strict=True)]
        self.p_aware = [1 - math.exp(-(self.p + self.q * s) / 12) for s in share]
        self.p_quit = [min(1.0, self.quit_base + self.quit_quality * (1 - q)) for q in self.quality]
        self.users = [0] * self.n_apps
        self.agents_by_type[RefCitizen].shuffle_do("step")
