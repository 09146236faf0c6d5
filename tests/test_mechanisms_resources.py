"""ODD 7.4-7.6 on hand-made states: the IT budget and its maintenance pool, the split of the
pool over apps, rotation and the freeze after an oath, operators and learning, and upkeep."""

import numpy as np
import pytest

from binjai_sim.model.engine import rng
from binjai_sim.model.engine.civil_service import assign_operator, civil_service, rotate
from binjai_sim.model.engine.funding import coverage, funding, operator_capacity
from binjai_sim.model.engine.maintenance import maintenance

from .mechanism_state import DEAD, NOT_LAUNCHED, Small, draw


def _funded(baseline, priority=0.6, charged=0.0, fenced=0.0, **params):
    city = Small(baseline, **params)
    city.lever("charged_it", charged)
    city.lever("ring_fenced", fenced)
    city.s.mayor_priority[0] = priority
    city.call(funding, city.at(3))
    return city


def test_the_it_budget_scales_with_priority_and_the_pool_is_its_maintenance_share(baseline):
    city = _funded(baseline, priority=0.6, monthly_it=1.0e9, priority_weight=0.4, priority_reference=0.5,
                   maintenance_share=0.3)
    it = 1.0e9 * (0.6 + 0.4 * 0.6 / 0.5)
    assert city.s.money[0] == pytest.approx(0.3 * it) and city.s.money[1] == pytest.approx(0.7 * it)
    assert city.s.money[2] == pytest.approx(0.3 * it), "no charges, no ring-fenced money: all of it maintains"
    higher = _funded(baseline, priority=0.9, monthly_it=1.0e9, priority_weight=0.4, priority_reference=0.5,
                     maintenance_share=0.3)
    assert higher.s.money[0] > city.s.money[0]


def test_strategy_costs_displace_other_it_work_first_and_ring_fenced_money_adds(baseline):
    common = dict(monthly_it=1.0e9, priority_weight=0.0, maintenance_share=0.25)
    pool, other = 0.25e9, 0.75e9
    assert _funded(baseline, charged=other, **common).s.money[2] == pytest.approx(pool)
    assert _funded(baseline, charged=other + 1e8, **common).s.money[2] == pytest.approx(pool - 1e8)
    assert _funded(baseline, charged=5e9, **common).s.money[2] == 0.0, "never below zero"
    assert _funded(baseline, charged=other + 1e8, fenced=3e7, **common).s.money[2] == pytest.approx(pool - 1e8 + 3e7)
    assert _funded(baseline, charged=5e9, fenced=3e7, **common).s.money[2] == pytest.approx(3e7)


def test_the_pool_is_split_over_live_apps_and_the_mayors_own_weigh_the_ownership_bias(baseline):
    city = Small(baseline, monthly_it=1.0e9, ownership_bias=3.0)
    s = city.s
    s.mayor_id[0] = 2
    s.launched_by[:] = 1
    s.launched_by[:5] = 2
    s.status[30:] = (DEAD, NOT_LAUNCHED)
    s.budget[30:] = 99.0
    city.call(funding, city.at(3))
    live = s.budget[:30]
    assert s.budget[:30].sum() == pytest.approx(s.money[2]), "the per-app budgets sum to the pool"
    assert (s.budget[30:] == 0).all()
    assert live[:5] == pytest.approx(3.0 * live[5]) and np.allclose(live[5:], live[5])
    assert live[5] == pytest.approx(s.money[2] / (5 * 3.0 + 25))


def test_with_nothing_live_no_app_gets_money(baseline):
    city = Small(baseline)
    city.s.status[:] = DEAD
    city.call(funding, city.at(3))
    assert (city.s.budget == 0).all()


def test_coverage_and_operator_capacity(baseline):
    city = Small(baseline, maintenance_need=1.0e7)
    city.lever("need_mult", 0.5)
    s = city.s
    s.budget[:3] = (2.5e6, 5.0e6, 9.0e6)
    assert [city.call(coverage, 0, i) for i in range(3)] == pytest.approx([0.5, 1.0, 1.0])
    s.operator[0], s.operator[1] = 4, -1
    s.skill[4], s.know_how[0], s.know_how[1] = 0.6, 0.5, 0.9
    assert city.state_only(operator_capacity, 0) == pytest.approx(0.3)
    assert city.state_only(operator_capacity, 1) == 0.0, "no operator, no capacity"


def test_upkeep_moves_quality_by_the_stated_rule(baseline):
    """u = coverage x ((1 - s) + s x capacity); q += -decay (1 - u) + repair u (1 - q), in [0, 1]."""
    city = Small(baseline, quality_decay=0.04, repair_rate=0.2, upkeep_operator_share=0.5, maintenance_need=1e7)
    city.lever("decay_mult", 0.5)
    s = city.s
    s.quality[:] = 0.6
    s.operator[:] = -1
    s.budget[:] = 0.0
    s.budget[1] = 1e7
    s.budget[2] = 1e7
    s.operator[2] = 0
    s.skill[0], s.know_how[2] = 1.0, 1.0
    s.status[3] = DEAD
    city.call(maintenance, 0)
    assert s.quality[0] == pytest.approx(0.6 - 0.02), "no money: decay only (halved by the lever)"
    u = 0.5
    assert s.quality[1] == pytest.approx(0.6 - 0.02 * (1 - u) + 0.2 * u * 0.4)
    assert s.quality[2] == pytest.approx(0.6 + 0.2 * 0.4), "full upkeep: no decay, full repair"
    assert s.quality[3] == 0.6, "a closed app is not maintained"
    s.quality[:] = 0.01
    city.call(maintenance, 0)
    assert s.quality[0] == 0.0


def _rotation(baseline, month_after_oath, **params):
    city = Small(baseline, rotation_rate=1.0, head_rotation_rate=0.0, no_rotation_months=6, **params)
    t = city.at(20)
    city.s.inaugurated[0] = city.s.clock[0] - month_after_oath
    city.s.wave_month[0] = -1
    before = city.s.staff_agency.copy()
    city.call(civil_service, t)
    return city, before


def test_no_one_is_moved_within_the_months_after_an_oath(baseline):
    city, before = _rotation(baseline, 5)
    assert (city.s.staff_agency == before).all() and city.s.clock[3] == 0
    city, before = _rotation(baseline, 6)
    assert (city.s.staff_agency != before).all(), "from the sixth month on, rotation at rate 1 moves all"
    assert city.s.clock[3] == city.p.n_staff


def test_rotation_moves_to_another_agency_and_the_lever_scales_it(baseline):
    city = Small(baseline)
    before = city.s.staff_agency.copy()
    t = city.at(9)
    moved = city.call(rotate, 0.3, t, plan=False)
    want = np.array([draw(city.s.staff_key[j], rng.MOVE, t) < 0.3 for j in range(city.p.n_staff)])
    assert moved == want.sum() and (city.s.moved == want).all()
    assert (city.s.staff_agency[want] != before[want]).all() and (city.s.staff_agency[~want] == before[~want]).all()
    still = Small(baseline, rotation_rate=1.0, head_rotation_rate=1.0)
    still.lever("rotation_mult", 0.0)
    kept = still.s.staff_agency.copy()
    still.call(civil_service, still.at(30))
    assert (still.s.staff_agency == kept).all() and still.s.clock[3] == 0


def test_a_rotation_wave_follows_a_new_mayor_in_its_month(baseline):
    city = Small(baseline, rotation_rate=0.0, head_rotation_rate=0.0, wave_share=1.0, no_rotation_months=0)
    t = city.at(15)
    city.s.wave_month[0] = city.s.clock[0]
    city.call(civil_service, t)
    assert city.s.clock[3] == city.p.n_staff
    calm = Small(baseline, rotation_rate=0.0, head_rotation_rate=0.0, wave_share=1.0, no_rotation_months=0)
    t = calm.at(15)
    calm.s.wave_month[0] = calm.s.clock[0] + 1
    calm.call(civil_service, t)
    assert calm.s.clock[3] == 0


def test_a_new_agency_head_loses_undocumented_practice(baseline):
    city = Small(baseline, rotation_rate=0.0, head_rotation_rate=1.0, sop_retention=0.6)
    city.s.sop[:] = 0.5
    city.call(civil_service, city.at(30))
    assert city.s.sop == pytest.approx(0.3)


def test_a_moved_operator_takes_the_undocumented_know_how_with_them(baseline):
    """The app keeps only its agency's SOP share of its know-how, gets a free civil servant of
    its agency, and the month's learning adds learning_rate x (1 - know_how)."""
    city = Small(baseline, rotation_rate=1.0, head_rotation_rate=0.0, no_rotation_months=0, learning_rate=0.1)
    s = city.s
    s.operator[:], s.operating[:] = -1, -1
    a = s.owner[0]
    op = int(np.flatnonzero(s.staff_agency == a)[0])
    s.operator[0], s.operating[op], s.know_how[0] = op, 0, 0.8
    s.sop[a] = 0.25
    s.status[1:] = DEAD
    city.call(civil_service, city.at(30))
    kept = 0.8 * 0.25
    assert s.operator[0] != op and s.operating[op] == -1
    assert s.operator[0] < 0 or s.staff_agency[s.operator[0]] == a
    if s.operator[0] >= 0:
        assert s.know_how[0] == pytest.approx(kept + 0.1 * (1 - kept))
    else:
        assert s.know_how[0] == pytest.approx(kept), "no one free: no operator, no learning"


def test_operators_learn_and_a_free_civil_servant_of_the_agency_is_picked(baseline):
    city = Small(baseline, rotation_rate=0.0, head_rotation_rate=0.0, learning_rate=0.2)
    s = city.s
    s.operator[:], s.operating[:] = -1, -1
    free = np.flatnonzero(s.staff_agency == s.owner[0])
    city.state_only(assign_operator, 0, 0.5, 0.0)
    assert s.operator[0] == free[0] and s.operating[free[0]] == 0 and s.know_how[0] == 0.5
    s.operator[:], s.operating[:] = -1, -1
    city.state_only(assign_operator, 0, 0.5, 0.999999)
    assert s.operator[0] == free[-1], "the draw picks among the free, the last at a draw near 1"
    s.operating[free] = 7
    city.state_only(assign_operator, 0, 0.4, 0.5)
    assert s.operator[0] == -1 and s.know_how[0] == 0.4, "no one free"
    s.operating[:] = -1
    s.operator[:] = -1
    s.status[1:] = DEAD
    s.operator[0], s.operating[free[0]], s.know_how[0] = free[0], 0, 0.5
    city.call(civil_service, city.at(40))
    assert s.know_how[0] == pytest.approx(0.5 + 0.2 * 0.5)
