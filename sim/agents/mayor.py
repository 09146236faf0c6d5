"""The mayor: smart-city priority, terms, elections and hand-overs."""

from __future__ import annotations

import mesa
import numpy as np


class Mayor(mesa.Agent):
    """The mayor in office.

    Attributes:
        mayor_id: 0 for the mayor at the start, +1 for each successor.
        priority: 0..1 smart-city priority.
        terms_served: terms including the current one.
        inaugurated: month index of the current term's start (None for the initial mayor).
    """

    def __init__(self, model, priority: float, terms_served: int):
        super().__init__(model)
        self.mayor_id = 0
        self.priority = priority
        self.terms_served = terms_served
        self.inaugurated: int | None = None
        self.pending_winner: str | None = None  # "incumbent" | "challenger" between vote and oath

    def hold_election(self, rng: np.random.Generator, term_limit: int, incumbent_win_prob: float) -> str:
        """Decide the vote. A term-limited incumbent cannot run."""
        may_run = self.terms_served < term_limit
        wins = may_run and rng.random() < incumbent_win_prob
        self.pending_winner = "incumbent" if wins else "challenger"
        return self.pending_winner

    def inaugurate(self, rng: np.random.Generator, month: int, continuity: float,
                   newcomer_mean: float, concentration: float) -> bool:
        """Swear in the winner. Returns True when a new person takes office."""
        winner, self.pending_winner = self.pending_winner, None
        self.inaugurated = month
        if winner == "incumbent":
            self.terms_served += 1
            return False
        a = max(newcomer_mean * concentration, 1e-6)
        b = max((1.0 - newcomer_mean) * concentration, 1e-6)
        fresh = rng.beta(a, b)
        self.priority = float(continuity * self.priority + (1.0 - continuity) * fresh)
        self.mayor_id += 1
        self.terms_served = 1
        return True

    def respond_to_impact(self, visible_impact: float, feedback: float) -> None:
        """Visible impact of the portfolio pulls priority toward it (and neglect away)."""
        self.priority = float(np.clip(self.priority + feedback * (visible_impact - self.priority), 0.0, 1.0))
