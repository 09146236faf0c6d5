import numpy as np
import pytest

from binjai_sim import CityModel
from binjai_sim.base.calendar import parse_month
from binjai_sim.model.engine import Simulation
from binjai_sim.model.engine.politics import politics
from binjai_sim.model.engine.state import plan_ref, state_ref


class Politics:
    """The politics submodel on a hand-made mayor: one vote at month t=5, the oath at t=7, with
    the fresh priority a new mayor would bring given (it is drawn before the run)."""

    def __init__(self, baseline, seed=0, priority=0.8, terms=1, fresh=0.3, **params):
        run = Simulation(baseline, seed)
        self.state, self.params = run.state, run.params._replace(**params)
        vote_at = np.full(run.plan.vote_at.shape, -1)
        oath_at = np.full(run.plan.oath_at.shape, -1)
        vote_at[5], oath_at[7] = 0, 0
        plan = run.plan._replace(vote_at=vote_at, oath_at=oath_at,  # a drawn result, not a replayed one
                                 fresh_priority=np.full(run.plan.fresh_priority.shape, fresh),
                                 known_outcome=np.full(run.plan.known_outcome.shape, -1))
        self.refs = state_ref(tuple(self.state)), plan_ref(tuple(plan))
        self.state.mayor_priority[0] = priority
        self.state.mayor_terms[0] = terms

    def vote(self) -> str:
        politics(self.refs[0], self.params, self.refs[1], 5)
        return {0: "incumbent", 1: "challenger"}[int(self.state.pending_winner[0])]

    def oath(self) -> None:
        politics(self.refs[0], self.params, self.refs[1], 7)


def test_term_limited_incumbent_never_wins(baseline):
    for seed in range(100):
        assert Politics(baseline, seed, terms=2, term_limit=2, incumbent_win_prob=1.0).vote() == "challenger"


@pytest.mark.slow
def test_eligible_incumbent_wins_at_the_stated_rate(baseline):
    wins = sum(Politics(baseline, seed, terms=1, term_limit=2, incumbent_win_prob=0.632).vote() == "incumbent"
               for seed in range(2000))
    # binomial sd = sqrt(2000 * .632 * .368) ~ 21.6; allow 4 sd
    assert abs(wins - 0.632 * 2000) < 4 * 21.6


def test_reelection_keeps_priority_and_counts_terms(baseline):
    game = Politics(baseline, priority=0.7, terms=1, incumbent_win_prob=1.0, continuity=0.0)
    assert game.vote() == "incumbent"
    game.oath()
    s = game.state
    assert s.mayor_priority[0] == 0.7 and s.mayor_terms[0] == 2 and s.mayor_id[0] == 0


def test_successor_priority_uses_continuity(baseline):
    kept = Politics(baseline, priority=0.9, terms=2, continuity=1.0, fresh=0.1)
    kept.vote()
    kept.oath()
    assert kept.state.mayor_priority[0] == pytest.approx(0.9)
    assert kept.state.mayor_id[0] == 1 and kept.state.mayor_terms[0] == 1
    half = Politics(baseline, priority=0.9, terms=2, continuity=0.5, fresh=0.1)
    half.vote()
    half.oath()
    assert half.state.mayor_priority[0] == pytest.approx(0.5 * 0.9 + 0.5 * 0.1)


def test_fresh_priorities_follow_the_newcomer_distribution(baseline):
    """A new mayor's fresh priority is Beta(mu k, (1 - mu) k), one draw per election and seed."""
    mean, k = 0.3, 6.0
    scenario = baseline.with_overrides({"politics.newcomer_priority_mean": mean,
                                        "politics.newcomer_priority_concentration": k})
    fresh = np.concatenate([Simulation(scenario, seed).plan.fresh_priority for seed in range(700)])
    assert fresh.mean() == pytest.approx(mean, abs=0.015)
    assert fresh.var() == pytest.approx(mean * (1 - mean) / (k + 1), rel=0.15)
    assert np.array_equal(Simulation(scenario, 3).plan.fresh_priority, Simulation(scenario, 3).plan.fresh_priority)


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
