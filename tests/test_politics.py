import numpy as np
import pytest

from sim import CityModel
from sim.calendar import parse_month
from sim.engine import Simulation
from sim.engine.politics import politics


class Politics:
    """The politics submodel on a hand-made mayor: one vote at month t=5, the oath at t=7."""

    def __init__(self, baseline, priority=0.8, terms=1, **params):
        run = Simulation(baseline, 0)
        self.state, self.params = run.state, run.params._replace(**params)
        vote_at = np.full(run.plan.vote_at.shape, -1)
        oath_at = np.full(run.plan.oath_at.shape, -1)
        vote_at[5], oath_at[7] = 0, 0
        self.plan = run.plan._replace(vote_at=vote_at, oath_at=oath_at)
        self.state.mayor_f[0] = priority
        self.state.mayor_i[1] = terms

    def vote(self, rng) -> str:
        politics(self.state, self.params, self.plan, 5, rng)
        return {0: "incumbent", 1: "challenger"}[int(self.state.mayor_i[3])]

    def oath(self, rng) -> None:
        politics(self.state, self.params, self.plan, 7, rng)


def test_term_limited_incumbent_never_wins(baseline):
    rng = np.random.default_rng(0)
    for _ in range(100):
        assert Politics(baseline, terms=2, term_limit=2, incumbent_win_prob=1.0).vote(rng) == "challenger"


def test_eligible_incumbent_wins_at_the_stated_rate(baseline):
    rng = np.random.default_rng(1)
    game = Politics(baseline, terms=1, term_limit=2, incumbent_win_prob=0.632)
    wins = 0
    for _ in range(4000):
        game.state.mayor_i[1] = 1
        wins += game.vote(rng) == "incumbent"
    # binomial sd = sqrt(4000 * .632 * .368) ~ 30.5; allow 4 sd
    assert abs(wins - 0.632 * 4000) < 4 * 30.5


def test_reelection_keeps_priority_and_counts_terms(baseline):
    rng = np.random.default_rng(2)
    game = Politics(baseline, priority=0.7, terms=1, incumbent_win_prob=1.0, continuity=0.0)
    assert game.vote(rng) == "incumbent"
    game.oath(rng)
    s = game.state
    assert s.mayor_f[0] == 0.7 and s.mayor_i[1] == 2 and s.mayor_i[0] == 0


def test_successor_priority_uses_continuity(baseline):
    rng = np.random.default_rng(3)
    kept = Politics(baseline, priority=0.9, terms=2, continuity=1.0)
    kept.vote(rng)
    kept.oath(rng)
    assert kept.state.mayor_f[0] == pytest.approx(0.9) and kept.state.mayor_i[0] == 1 and kept.state.mayor_i[1] == 1
    mean, k = 0.3, 6.0
    fresh = []
    for _ in range(2000):
        game = Politics(baseline, priority=0.9, terms=2, continuity=0.0, newcomer_a=mean * k,
                        newcomer_b=(1 - mean) * k)
        game.vote(rng)
        game.oath(rng)
        fresh.append(game.state.mayor_f[0])
    assert np.mean(fresh) == pytest.approx(0.3, abs=0.02)


def test_binjai_2020_hand_over_always_brings_a_new_mayor(baseline):
    for seed in range(5):
        model = CityModel(baseline, seed=seed)
        while model.month < parse_month("2021-03"):
            model.step()
        assert model.mayor.mayor_id == 1
        assert model.mayor.inaugurated == parse_month("2021-02")


def test_no_rotation_in_first_six_months_of_a_term(baseline):
    scenario = baseline.with_overrides({"civil_service.rotation_rate": 0.5})
    model = CityModel(scenario, seed=4)
    oath = parse_month("2021-02")
    while model.month < oath + 8:
        before = model.staff.agency.copy()
        model.step()
        moved = int((model.staff.agency != before).sum())
        if oath <= model.month < oath + 6:
            assert moved == 0
        elif model.month < oath:
            assert moved > 0
