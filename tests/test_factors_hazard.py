import numpy as np
import pytest

from sim import factors as fx
from sim.scenario_schema import InstitutionWeights
from sim.survival import monthly_hazard, sustainability, weakest_factor
from sim.vocabulary import Factor

W = InstitutionWeights()


def test_hazard_decreases_with_score_and_stays_a_probability():
    s = np.linspace(-1, 2, 50)
    h = monthly_hazard(s, intercept=-2.1, scale=5.3)
    assert np.all((h > 0) & (h < 1))
    assert np.all(np.diff(h) < 0)


def test_hazard_intercept_is_log_rate_at_zero():
    h = monthly_hazard(np.array([0.0]), intercept=np.log(0.02), scale=3.0)[0]
    assert h == pytest.approx(1 - np.exp(-0.02))


def test_hazard_scale_zero_ignores_score():
    h = monthly_hazard(np.array([0.0, 0.5, 1.0]), intercept=-3.0, scale=0.0)
    assert np.allclose(h, h[0])


def test_sustainability_is_weighted_sum():
    f = np.array([[1, 0, 0, 0, 0], [0.5, 0.5, 0.5, 0.5, 0.5]], dtype=float)
    b = np.array([0.3, 0.35, -0.05, -0.04, 0.25])
    assert sustainability(f, b) == pytest.approx([0.3, 0.5 * b.sum()])


def test_political_prefers_own_apps_and_respects_floor():
    own = np.array([True, False])
    level = fx.political(0.8, own, legacy_support=0.5, floor=0.0, champion=np.zeros(2), champion_bonus=0.2)
    assert level[0] == pytest.approx(0.8) and level[1] == pytest.approx(0.4)
    floored = fx.political(0.1, own, legacy_support=0.5, floor=0.6, champion=np.zeros(2), champion_bonus=0.2)
    assert np.all(floored >= 0.6)
    championed = fx.political(0.5, own, 0.5, 0.0, np.ones(2), 0.2)
    assert np.all(championed > level * 0.5 / 0.8)


def test_all_factors_in_unit_interval():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 3, size=(5, 100))
    levels = [
        fx.political(x[0, 0], x[1] > 1, 0.6, 0.0, np.clip(x[2], 0, 1), 0.2),
        fx.resources(x[0], x[1], 0.6),
        fx.participation(x[2], 0.5),
        fx.impact(x[3], x[4]),
        fx.institutions(1.0, np.clip(x[0], 0, 1), x[1], x[2], x[3], W, 0.5),
    ]
    for level in levels:
        assert np.all((level >= 0) & (level <= 1))


def test_resources_rise_with_budget_and_operator():
    low = fx.resources(np.array([0.2]), np.array([0.2]), 0.6)
    assert fx.resources(np.array([0.8]), np.array([0.2]), 0.6) > low
    assert fx.resources(np.array([0.2]), np.array([0.8]), 0.6) > low


def test_weakest_factor_is_the_largest_weighted_shortfall():
    betas = np.array([0.3, 0.35, 0.0, 0.0, 0.25])
    f = np.array([[0.9, 0.2, 0.0, 0.0, 0.9],    # resources short
                  [0.1, 0.9, 0.0, 0.0, 0.9],    # political short
                  [0.9, 0.9, 0.0, 0.0, 0.2]])   # institutions short; participation has no weight
    assert list(weakest_factor(f, betas)) == [Factor.RESOURCES, Factor.POLITICAL, Factor.INSTITUTIONS]


def test_institution_weights_are_normalised():
    heavy = InstitutionWeights(regulation=0.6, sop=0.6, unit=0.4, integration=0.4)
    one = np.ones(1)
    assert fx.institutions(1.0, one, one, one, one, heavy, 0.5)[0] == pytest.approx(1.0)
    assert fx.institutions(0.0, 0 * one, one, 0 * one, 0 * one, W, 0.5)[0] == pytest.approx(0.3)
