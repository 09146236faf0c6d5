"""The assessment submodel on hand-made states: factor levels, score, hazard, weakest factor."""

import numpy as np
import pytest

from binjai_sim.base.vocabulary import AppStatus, Factor
from binjai_sim.model.engine import Simulation
from binjai_sim.model.engine.state import plan_ref, state_ref
from binjai_sim.model.engine.survival import factor_levels as _factor_levels
from binjai_sim.model.engine.survival import score_and_hazard as _score_and_hazard
from binjai_sim.model.engine.survival import weakest_factor as _weakest_factor


def factor_levels(state, params, plan, t):
    _factor_levels(state_ref(tuple(state)), params, plan_ref(tuple(plan)), t)


def score_and_hazard(state, params):
    _score_and_hazard(state_ref(tuple(state)), params)


def weakest_factor(state, params, i):
    return _weakest_factor(state_ref(tuple(state)), params, i)


@pytest.fixture()
def run(baseline):
    sim = Simulation(baseline, 0)
    sim.state.status[:] = AppStatus.ACTIVE
    return sim


def _hazard(run, scores, intercept, scale):
    params = run.params._replace(hazard_intercept=intercept, hazard_scale=scale,
                                 betas=np.array([1.0, 0.0, 0.0, 0.0, 0.0]))
    n = len(scores)
    run.state.factors[:n, 0] = scores
    score_and_hazard(run.state, params)
    return run.state.hazard[:n].copy()


def test_hazard_decreases_with_score_and_stays_a_probability(run):
    h = _hazard(run, np.linspace(-1, 2, 30), -2.1, 5.3)
    assert np.all((h > 0) & (h < 1)) and np.all(np.diff(h) < 0)


def test_hazard_intercept_is_log_rate_at_zero(run):
    assert _hazard(run, np.array([0.0]), np.log(0.02), 3.0)[0] == pytest.approx(1 - np.exp(-0.02))


def test_hazard_scale_zero_ignores_score(run):
    h = _hazard(run, np.array([0.0, 0.5, 1.0]), -3.0, 0.0)
    assert np.allclose(h, h[0])


def test_score_is_the_weighted_mean_of_factors(run):
    """S = sum_k beta_k F_k / sum_k |beta_k|: the survey's coefficients as relative weights."""
    betas = np.array([0.3, 0.35, -0.05, -0.04, 0.25])
    run.state.factors[0] = [1, 0, 0, 0, 0]
    run.state.factors[1] = [0.5] * 5
    run.state.factors[2] = [1, 1, 0, 0, 1]
    score_and_hazard(run.state, run.params._replace(betas=betas))
    total = np.abs(betas).sum()
    assert run.state.score[:3] == pytest.approx([0.3 / total, 0.5 * betas.sum() / total, 0.9 / total])
    score_and_hazard(run.state, run.params._replace(betas=2 * betas))
    assert run.state.score[2] == pytest.approx(0.9 / total), "only the relative sizes matter"


def test_dead_apps_have_no_factors_score_or_hazard(run):
    run.state.status[3] = AppStatus.DEAD
    factor_levels(run.state, run.params, run.plan, 10)
    score_and_hazard(run.state, run.params)
    assert not run.state.factors[3].any() and run.state.score[3] == 0 and run.state.hazard[3] == 0


def test_factor_levels_stay_in_the_unit_interval(run):
    rng = np.random.default_rng(0)
    s = run.state
    for _ in range(20):
        s.quality[:] = rng.uniform(0, 1, s.quality.size)
        s.users[:] = rng.uniform(0, 100, s.users.size)
        s.market[:] = rng.uniform(0, 100, s.market.size)
        s.budget[:] = rng.uniform(0, 1e7, s.budget.size)
        s.mayor_priority[0] = rng.uniform()
        s.champion[:] = rng.uniform(0, 1, s.champion.size)
        factor_levels(s, run.params, run.plan, 10)
        assert np.all((s.factors >= 0) & (s.factors <= 1))


def test_own_apps_get_more_political_support_and_money_helps_resources(run):
    s = run.state
    s.mayor_priority[0] = 0.8
    s.launched_by[:] = -1
    s.launched_by[0] = s.mayor_id[0]
    s.budget[:] = 0.0
    s.budget[1] = run.params.maintenance_need  # full coverage for app 1
    factor_levels(s, run.params, run.plan, 10)
    assert s.factors[0, Factor.POLITICAL] == pytest.approx(0.8)
    assert s.factors[2, Factor.POLITICAL] == pytest.approx(0.8 * run.params.legacy_support)
    assert s.factors[1, Factor.RESOURCES] > s.factors[2, Factor.RESOURCES]


def test_weakest_factor_is_the_largest_weighted_shortfall(run):
    params = run.params._replace(betas=np.array([0.3, 0.35, 0.0, 0.0, 0.25]))
    s = run.state
    s.factors[0] = [0.9, 0.2, 0.0, 0.0, 0.9]  # resources short
    s.factors[1] = [0.1, 0.9, 0.0, 0.0, 0.9]  # political short
    s.factors[2] = [0.9, 0.9, 0.0, 0.0, 0.2]  # institutions short; participation has no weight
    assert [weakest_factor(s, params, i) for i in range(3)] == [Factor.RESOURCES, Factor.POLITICAL,
                                                                 Factor.INSTITUTIONS]


def test_institution_weights_are_normalised(run):
    s = run.state
    params = run.params._replace(inst_regulation=0.6, inst_sop=0.6, inst_unit=0.4, inst_integration=0.4,
                                 inst_total=2.0, city_regulation_from=0)
    s.sop[:] = 1.0
    s.integrated[:] = 1.0
    plan = run.plan._replace(regulation_level=np.ones_like(run.plan.regulation_level),
                             unit_level=np.ones_like(run.plan.unit_level))
    factor_levels(s, params, plan, 10)
    assert s.factors[:, Factor.INSTITUTIONS] == pytest.approx(1.0)
