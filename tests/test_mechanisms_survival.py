"""ODD 7.7-7.9 on hand-made states: use (awareness, trial, quitting), the factor levels, the
hazard structures, closures with their causes and precedence, and the status of live apps."""

import math

import numpy as np
import pytest

from binjai_sim.base.vocabulary import Cause, Factor
from binjai_sim.model.engine import rng
from binjai_sim.model.engine.survival import closures, factor_levels, score_and_hazard, update_status
from binjai_sim.model.engine.use import use

from .mechanism_state import ACTIVE, DEAD, DEGRADED, Small, draw


def _idle_city(baseline, grace=3, abandon_after=4):
    city = Small(baseline, grace=grace, abandon_after=abandon_after, failure_below=0.0)
    s = city.s
    s.hazard[:] = 0.0
    s.users[:] = 0.0
    s.users[1:] = 5.0
    s.idle[:] = 0
    s.launch[0] = city.p.start + 10
    return city


def test_an_idle_app_is_abandoned_in_the_exact_month(baseline):
    """An app without users counts idle months only after its launch grace; it closes in the
    month the count reaches abandon_after: launch + grace + abandon_after."""
    city = _idle_city(baseline, grace=3, abandon_after=4)
    s = city.s
    closed = None
    for t in range(10, 40):
        city.call(closures, city.at(t), plan=False)
        if s.status[0] == DEAD:
            closed = t
            break
    assert closed == 10 + 3 + 4
    assert s.cause[0] == Cause.ABANDONED and s.death_month[0] == city.p.start + 17
    assert (s.status[1:] == ACTIVE).all()


def test_one_user_resets_the_idle_count(baseline):
    city = _idle_city(baseline, grace=0, abandon_after=3)
    s = city.s
    for t in (11, 12):
        city.call(closures, city.at(t), plan=False)
    s.users[0] = 1.0
    city.call(closures, city.at(13), plan=False)
    assert s.idle[0] == 0
    s.users[0] = 0.0
    for t in (14, 15):
        city.call(closures, city.at(t), plan=False)
    assert s.status[0] == ACTIVE
    city.call(closures, city.at(16), plan=False)
    assert s.status[0] == DEAD


def test_technical_failure_is_strictly_below_the_threshold(baseline):
    city = Small(baseline, failure_below=0.2, abandon_after=10**6)
    s = city.s
    s.hazard[:] = 0.0
    s.users[:] = 1.0
    s.quality[0], s.quality[1] = 0.2, 0.1999
    city.call(closures, city.at(5), plan=False)
    assert s.status[0] == ACTIVE and s.cause[1] == Cause.TECHNICAL_FAILURE


def test_closure_causes_take_precedence_failure_then_abandonment_then_the_hazard(baseline):
    city = Small(baseline, failure_below=0.2, grace=0, abandon_after=1)
    s = city.s
    s.users[:] = 1.0
    s.hazard[:] = 1.0
    s.quality[0], s.users[0] = 0.1, 0.0  # broken and idle, hazard certain
    s.users[1] = 0.0  # idle, hazard certain
    s.factors[2] = (0.9, 0.1, 0.9, 0.9, 0.9)  # hazard certain only
    city.p = city.p._replace(betas=np.array([0.3, 0.35, 0.0, 0.0, 0.25]))
    city.call(closures, city.at(5), plan=False)
    assert list(s.cause[:3]) == [Cause.TECHNICAL_FAILURE, Cause.ABANDONED, Cause.DISCONTINUED]
    deaths = {e[2]: e for e in city.events()}
    assert deaths[2][4] == int(Factor.RESOURCES), "a discontinued app records its weakest factor"


def test_the_hazard_closes_exactly_the_apps_whose_draw_is_below_it(baseline):
    city = Small(baseline, failure_below=0.0, abandon_after=10**6)
    s = city.s
    s.users[:] = 1.0
    s.hazard[:] = np.linspace(0.0, 1.0, city.n)
    s.status[3] = DEAD
    t = city.at(7)
    city.call(closures, t, plan=False)
    want = np.array([draw(s.app_key[i], rng.HAZARD, t) < s.hazard[i] for i in range(city.n)])
    want[3] = True
    assert (s.status == DEAD).tolist() == want.tolist()
    assert 0 < want.sum() < city.n


def test_status_is_degraded_below_the_threshold_or_partly_replaced(baseline):
    city = Small(baseline, degraded_below=0.5)
    s = city.s
    s.quality[:4] = (0.5, 0.4999, 0.9, 0.1)
    s.partial[2] = True
    s.status[3] = DEAD
    city.call(update_status, plan=False)
    assert list(s.status[:4]) == [ACTIVE, DEGRADED, DEGRADED, DEAD]


def test_each_factor_level_follows_its_definition(baseline):
    city = Small(baseline, legacy_support=0.5, champion_bonus=0.4, resources_budget_weight=0.7,
                 maintenance_need=1e7, participation_target=0.2, framework_share=0.3, inst_regulation=1.0,
                 inst_sop=2.0, inst_unit=3.0, inst_integration=4.0, inst_total=10.0, city_regulation_from=-1)
    s = city.s
    s.mayor_priority[0], s.mayor_id[0] = 0.6, 2
    s.launched_by[:] = 1
    s.launched_by[0] = 2
    s.champion[:] = 0.0
    s.champion[2] = 0.5
    s.budget[:] = 5e6
    s.operator[:] = -1
    s.operator[0], s.skill[0], s.know_how[0] = 0, 0.5, 0.8
    s.users[:], s.market[:] = 10.0, 100.0
    s.market[1] = 0.0
    s.quality[:] = 0.5
    s.sop[:], s.unit[:], s.regulation[:], s.integrated[:] = 0.5, 0.0, 0.2, 0.0
    s.integrated[0] = 1.0
    city.lever("unit_level", 0.6)
    city.call(factor_levels, city.at(5))
    f = s.factors
    assert f[0, 0] == pytest.approx(0.6) and f[1, 0] == pytest.approx(0.3), "predecessor's app: legacy support"
    assert f[2, 0] == pytest.approx(0.3 + 0.4 * 0.5 * 0.7), "a champion adds to the shortfall of the base"
    assert f[0, 1] == pytest.approx(0.7 * 0.5 + 0.3 * 0.4) and f[1, 1] == pytest.approx(0.35)
    assert f[0, 2] == pytest.approx(0.5) and f[1, 2] == 0.0, "use ratio against the target; no market, none"
    assert f[0, 3] == pytest.approx(0.25), "impact is quality x participation"
    inst = (1.0 * 0.7 * 0.2 + 2.0 * 0.5 + 3.0 * 0.6) / 10.0
    assert f[1, 4] == pytest.approx(inst) and f[0, 4] == pytest.approx(inst + 0.4)
    city.lever("political_floor", 0.45)
    city.p = city.p._replace(city_regulation_from=city.p.start + 5)
    city.call(factor_levels, 5)
    assert f[1, 0] == pytest.approx(0.45) and f[0, 0] == pytest.approx(0.6), "the plan's floor lifts, never lowers"
    assert f[1, 4] == pytest.approx(inst + 0.3 * 1.0 / 10.0), "the city framework counts from its month"
    city.p = city.p._replace(city_regulation_from=city.p.start + 6)
    city.call(factor_levels, 5)
    assert f[1, 4] == pytest.approx(inst)


def test_the_hazard_structures(baseline):
    city = Small(baseline, hazard_intercept=-3.0, hazard_scale=2.0, age_effect=0.5,
                 betas=np.array([0.5, 0.5, 0.0, 0.0, 0.0]))
    s = city.s
    s.factors[:] = 0.0
    s.factors[0] = (1.0, 0.5, 0.0, 0.0, 0.0)
    s.launch[0] = city.p.start - 24
    city.at(0)

    def hazard(kind):
        city.p = city.p._replace(structure_kind=kind)
        city.call(score_and_hazard, plan=False)
        return s.score[0], s.hazard[0]

    rate = lambda x: 1 - math.exp(-math.exp(x))  # noqa: E731
    assert hazard(0) == pytest.approx((0.75, rate(-3.0 - 2.0 * 0.75)))
    assert hazard(1) == pytest.approx((0.0, rate(-3.0)))
    assert hazard(2) == pytest.approx((0.0, rate(-3.0 + 0.5 * 2.0)))
    assert hazard(3) == pytest.approx((0.5, rate(-3.0 - 2.0 * 0.5)))


def _use(baseline, **params):
    city = Small(baseline, residents_per_agent=3000, **params)
    city.lever("internet", 1.0)
    return city


def test_awareness_trial_and_quitting_follow_their_probabilities_draw_by_draw(baseline):
    city = _use(baseline, bass_p=0.6, bass_q=0.0, trial_rate=0.5, quit_base=0.1, quit_quality=0.4)
    s = city.s
    s.quality[:] = 0.5
    m = s.pair_state.size
    assert m > 30
    s.pair_state[:] = np.arange(m) % 3
    before = s.pair_state.copy()
    t = city.at(6)
    city.call(use, t)
    aware = -math.expm1(-0.6 / 12)
    for j in range(m):
        u = draw(s.pair_key[j], rng.USE, t)
        trial = 0.5 * 0.5 * s.propensity[s.pair_row[j]]
        want = {0: 1 if u < aware else 0, 1: 2 if u < trial else 1, 2: 1 if u < 0.1 + 0.4 * 0.5 else 2}[before[j]]
        assert s.pair_state[j] == want, j
    users = np.bincount(s.pair_app[s.pair_state == 2], weights=s.pair_weight[s.pair_state == 2],
                        minlength=city.n)
    assert np.allclose(s.users[s.citizen], users[s.citizen]), "users are the weight of the pairs using it"


def test_word_of_mouth_raises_awareness_with_the_share_of_users(baseline):
    city = _use(baseline, bass_p=0.0, bass_q=12.0, trial_rate=0.0, quit_base=0.0, quit_quality=0.0)
    s = city.s
    app = int(np.bincount(s.pair_app).argmax())
    mine = np.flatnonzero(s.pair_app == app)
    s.pair_state[:] = 0
    s.pair_state[mine[: mine.size // 2]] = 2
    t = city.at(3)
    city.call(use, t)
    ratio = (mine.size // 2) / mine.size
    p = -math.expm1(-12.0 * ratio / 12)
    for j in mine[mine.size // 2:]:
        assert s.pair_state[j] == (1 if draw(s.pair_key[j], rng.USE, t) < p else 0)
    others = s.pair_app != app
    assert not s.pair_state[others].any(), "no users elsewhere, no word of mouth: nobody hears"


def test_offline_citizens_and_closed_apps_do_not_change_except_users_who_lose_reach_stop(baseline):
    city = _use(baseline, bass_p=50.0, trial_rate=1.0, quit_base=0.0, quit_quality=0.0)
    s = city.s
    city.lever("internet", 0.0)
    s.pair_state[:] = np.arange(s.pair_state.size) % 3
    before = s.pair_state.copy()
    city.call(use, city.at(4))
    assert (s.pair_state == np.where(before == 2, 1, before)).all()
    assert (s.users[s.citizen] == 0).all()
