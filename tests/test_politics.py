import numpy as np
import pytest

from sim import CityModel
from sim.agents.mayor import Mayor
from sim.calendar import parse_month


def _mayor(priority=0.8, terms=1):
    import mesa

    return Mayor(mesa.Model(rng=1), priority, terms)


def test_term_limited_incumbent_never_wins():
    rng = np.random.default_rng(0)
    for _ in range(200):
        m = _mayor(terms=2)
        assert m.hold_election(rng, term_limit=2, incumbent_win_prob=1.0) == "challenger"


def test_eligible_incumbent_wins_at_the_stated_rate():
    rng = np.random.default_rng(1)
    wins = sum(_mayor(terms=1).hold_election(rng, 2, 0.632) == "incumbent" for _ in range(4000))
    # binomial sd = sqrt(4000 * .632 * .368) ~ 30.5; allow 4 sd
    assert abs(wins - 0.632 * 4000) < 4 * 30.5


def test_reelection_keeps_priority_and_counts_terms():
    rng = np.random.default_rng(2)
    m = _mayor(priority=0.7, terms=1)
    m.pending_winner = "incumbent"
    assert m.inaugurate(rng, 100, continuity=0.0, newcomer_mean=0.1, concentration=5) is False
    assert m.priority == 0.7 and m.terms_served == 2 and m.mayor_id == 0


def test_successor_priority_uses_continuity():
    rng = np.random.default_rng(3)
    kept = _mayor(priority=0.9)
    kept.pending_winner = "challenger"
    kept.inaugurate(rng, 100, continuity=1.0, newcomer_mean=0.1, concentration=5)
    assert kept.priority == pytest.approx(0.9) and kept.mayor_id == 1 and kept.terms_served == 1
    fresh = []
    for _ in range(2000):
        m = _mayor(priority=0.9)
        m.pending_winner = "challenger"
        m.inaugurate(rng, 100, continuity=0.0, newcomer_mean=0.3, concentration=6)
        fresh.append(m.priority)
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
