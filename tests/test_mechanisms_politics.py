"""ODD 7.1-7.3 on hand-made states: the vote and oath, the hand-over review, the mayor's
feedback, launches and redesigns, and the national events. Each test states the rule it checks;
stochastic rules are checked draw by draw against the keyed uniform they compare with."""

import numpy as np
import pytest

from binjai_sim.base.vocabulary import Cause, EventKind, Factor
from binjai_sim.model.engine import rng
from binjai_sim.model.engine.launches import launches
from binjai_sim.model.engine.national import national_events
from binjai_sim.model.engine.politics import hand_over, mayor_feedback, politics

from .mechanism_state import ACTIVE, DEAD, NOT_LAUNCHED, Small, draw

INST = int(Factor.INSTITUTIONS)


def _election(city, vote=3, oath=5, fresh=0.2, known=-1):
    months = city.plan.vote_at.size
    vote_at, oath_at = np.full(months, -1), np.full(months, -1)
    vote_at[vote], oath_at[oath] = 0, 0
    city.lever("vote_at", vote_at)
    city.lever("oath_at", oath_at)
    city.lever("fresh_priority", np.full(city.plan.fresh_priority.size, fresh))
    city.lever("known_outcome", np.full(city.plan.known_outcome.size, known))


def test_a_replayed_election_is_not_drawn(baseline):
    city = Small(baseline, incumbent_win_prob=1.0)
    _election(city, known=1)
    city.call(politics, city.at(3))
    assert city.s.pending_winner[0] == 1, "the recorded challenger's win, whatever the win probability"


def test_the_term_limit_binds_at_exactly_the_limit(baseline):
    city = Small(baseline, incumbent_win_prob=1.0, term_limit=2)
    _election(city)
    city.s.mayor_terms[0] = 1
    city.call(politics, city.at(3))
    assert city.s.pending_winner[0] == 0, "one term served of two: may run, and wins at probability 1"
    city.s.mayor_terms[0] = 2
    city.call(politics, city.at(3))
    assert city.s.pending_winner[0] == 1


def test_a_successor_keeps_continuity_of_the_priority_and_reviews_the_portfolio(baseline):
    city = Small(baseline, continuity=0.25, wave_delay=4, transition_defund_prob=0.0)
    _election(city, fresh=0.2)
    city.s.mayor_priority[0], city.s.mayor_terms[0] = 0.8, 2
    city.call(politics, city.at(3))
    city.call(politics, city.at(5))
    assert city.s.mayor_priority[0] == pytest.approx(0.25 * 0.8 + 0.75 * 0.2)
    assert [city.s.mayor_id[0], city.s.mayor_terms[0], city.s.inaugurated[0], city.s.pending_winner[0],
            city.s.wave_month[0]] == [1, 1, city.p.start + 5, -1, city.p.start + 5 + 4]
    vote, oath = city.events()
    assert vote == (city.p.start + 3, int(EventKind.ELECTION), -1, -1, 1)
    assert oath == (city.p.start + 5, int(EventKind.INAUGURATION), -1, -1, 2 * 1 + 1), "a new person: 2 id + 1"


def test_the_continuity_floor_lever_binds_only_above_the_citys_continuity(baseline):
    for own, lever, kept in ((0.25, 0.7, 0.7), (0.9, 0.7, 0.9)):
        city = Small(baseline, continuity=own, transition_defund_prob=0.0)
        _election(city, fresh=0.0)
        city.lever("continuity_floor", lever)
        city.s.mayor_priority[0], city.s.mayor_terms[0] = 1.0, 2
        city.call(politics, city.at(3))
        city.call(politics, city.at(5))
        assert city.s.mayor_priority[0] == pytest.approx(kept)


def test_a_reelected_mayor_keeps_priority_and_cuts_nothing(baseline):
    city = Small(baseline, incumbent_win_prob=1.0, transition_defund_prob=1.0)
    _election(city)
    city.s.mayor_priority[0], city.s.mayor_terms[0] = 0.1, 1
    city.call(politics, city.at(3))
    city.call(politics, city.at(5))
    assert city.s.mayor_priority[0] == 0.1 and city.s.mayor_terms[0] == 2 and city.s.mayor_id[0] == 0
    assert [e[1:] for e in city.events()] == [(int(EventKind.ELECTION), -1, -1, 0),
                                              (int(EventKind.INAUGURATION), -1, -1, 2 * 0)], "the same person: 2 id"
    assert (city.s.status == ACTIVE).all() and city.s.wave_month[0] == -1, "no review, no rotation wave"


def _cuts(baseline, institutions, priority=0.3, defund_mult=1.0, prob=0.9):
    city = Small(baseline, transition_defund_prob=prob, wave_delay=2)
    city.lever("defund_mult", defund_mult)
    city.s.mayor_priority[0] = priority
    city.s.factors[:, INST] = institutions
    t = city.at(10)
    city.call(hand_over, t)
    return city, city.s.status == DEAD


def test_hand_over_cuts_exactly_the_apps_whose_draw_is_below_the_cut_probability(baseline):
    """P(cut) = transition_defund_prob x defund_mult x (1 - priority) x (1 - institutions)."""
    inst = np.linspace(0.0, 1.0, 32)
    city, cut = _cuts(baseline, inst, priority=0.3, defund_mult=0.8, prob=0.9)
    prob = 0.9 * 0.8 * 0.7 * (1.0 - inst)
    want = np.array([draw(city.s.app_key[i], rng.HANDOVER, 10) < prob[i] for i in range(city.n)])
    assert 0 < want.sum() < city.n and (cut == want).all()
    assert (city.s.cause[cut] == Cause.HANDOVER_CUT).all()
    assert city.s.wave_month[0] == city.p.start + 10 + 2, "a rotation wave is scheduled after the review"


def test_institutions_protect_apps_at_a_hand_over(baseline):
    """Same draws (common random numbers): stronger institutions never add a cut, full ones stop all."""
    _, weak = _cuts(baseline, 0.0, priority=0.0, prob=0.6)
    _, half = _cuts(baseline, 0.5, priority=0.0, prob=0.6)
    _, full = _cuts(baseline, 1.0, priority=0.0, prob=1.0)
    assert not (half & ~weak).any() and half.sum() < weak.sum()
    assert not full.any()
    _, everything = _cuts(baseline, 0.0, priority=0.0, prob=1.0)
    assert everything.all(), "no institutions, no priority, certain review: every live app goes"


def test_a_high_priority_successor_and_the_defund_lever_spare_apps(baseline):
    _, low = _cuts(baseline, 0.0, priority=0.0, prob=0.6)
    _, high = _cuts(baseline, 0.0, priority=0.6, prob=0.6)
    _, protected = _cuts(baseline, 0.0, priority=0.0, prob=0.6, defund_mult=0.3)
    assert not (high & ~low).any() and high.sum() < low.sum()
    assert not (protected & ~low).any() and protected.sum() < low.sum()


def test_the_review_skips_closed_and_unlaunched_apps(baseline):
    city = Small(baseline, transition_defund_prob=1.0)
    city.s.status[:3] = (DEAD, NOT_LAUNCHED, ACTIVE)
    city.s.cause[0] = Cause.RETIRED
    city.s.mayor_priority[0] = 0.0
    city.call(hand_over, city.at(4))
    assert city.s.status[1] == NOT_LAUNCHED and city.s.cause[0] == Cause.RETIRED and city.s.status[2] == DEAD


def test_mayor_feedback_moves_priority_toward_the_visible_impact_of_live_apps(baseline):
    city = Small(baseline, impact_feedback=0.25)
    city.s.factors[:, int(Factor.IMPACT)] = 0.2
    city.s.factors[0, int(Factor.IMPACT)] = 1.0
    city.s.status[0] = DEAD  # a closed app's impact is not seen
    city.s.mayor_priority[0] = 0.6
    city.call(mayor_feedback, plan=False)
    assert city.s.mayor_priority[0] == pytest.approx(0.6 + 0.25 * (0.2 - 0.6))
    city.s.status[:] = DEAD
    city.call(mayor_feedback, plan=False)
    assert city.s.mayor_priority[0] == pytest.approx(0.5 * 0.75), "nothing live: impact 0 pulls priority down"
    city = Small(baseline, impact_feedback=2.0)
    city.s.factors[:, int(Factor.IMPACT)] = 1.0
    city.s.mayor_priority[0] = 0.6
    city.call(mayor_feedback, plan=False)
    assert city.s.mayor_priority[0] == 1.0, "kept in [0, 1]"


def test_an_app_launches_in_its_launch_month_not_before_and_not_when_blocked(baseline):
    city = Small(baseline, initial_quality=0.77, launch_awareness=1.0, staff_launch_awareness=1.0)
    s = city.s
    s.status[:] = NOT_LAUNCHED
    t = city.at(12)
    s.launch[:] = s.clock[0] + 1
    s.launch[:4] = s.clock[0]
    s.mayor_id[0] = 3
    blocked = np.zeros(city.n, dtype=bool)
    blocked[3] = True
    city.lever("blocked", blocked)
    city.call(launches, t)
    assert list(s.status[:5]) == [ACTIVE, ACTIVE, ACTIVE, NOT_LAUNCHED, NOT_LAUNCHED]
    assert (s.quality[:3] == 0.77).all() and (s.launched_by[:3] == 3).all()
    for i in range(3):
        assert s.operator[i] < 0 or s.staff_agency[s.operator[i]] == s.owner[i], "an operator of its own agency"
        pairs = s.pair_app == i if s.citizen[i] else None
        if pairs is not None and pairs.any():
            assert (s.pair_state[pairs] == 1).all(), "full launch publicity: the whole target group hears"
    assert city.events() == [(s.clock[0], int(EventKind.LAUNCH), i, -1, 0) for i in range(3)]


def test_a_redesign_restores_quality_and_makes_the_app_the_current_mayors(baseline):
    city = Small(baseline, initial_quality=0.8)
    s = city.s
    t = city.at(20)
    s.redesign[:] = -1
    s.redesign[2] = s.clock[0]
    s.redesign[3] = s.clock[0] + 1
    s.quality[:] = 0.3
    s.mayor_id[0] = 4
    city.call(launches, t)
    assert s.quality[2] == 0.8 and s.launched_by[2] == 4
    assert s.quality[3] == 0.3 and s.launched_by[3] == 0


def _national(city, **tables):
    for name, value in tables.items():
        city.lever(name, value)


def test_consolidation_and_defunding_close_live_apps_in_their_month_only(baseline):
    city = Small(baseline)
    n = city.n
    month = city.p.start + 30
    _national(city, cons_month=[month], cons_members=[[1, 2, -1]], def_month=[month], def_app=[5])
    city.s.status[2] = DEAD
    city.s.cause[2] = Cause.RETIRED
    city.call(national_events, city.at(29))
    assert (city.s.status[[1, 5]] == ACTIVE).all(), "a month early nothing happens"
    city.call(national_events, city.at(30))
    assert city.s.cause[1] == Cause.REPLACED_LOCAL and city.s.cause[5] == Cause.DEFUNDED
    assert city.s.cause[2] == Cause.RETIRED, "an app closed before keeps its cause"
    assert (city.s.status[[i for i in range(n) if i not in (1, 2, 5)]] == ACTIVE).all()


def test_a_policy_shock_cuts_quality_of_the_apps_it_hits_and_may_kill_them(baseline):
    city = Small(baseline)
    n, month = city.n, city.p.start + 8
    hits = np.zeros((1, n), dtype=bool)
    hits[0, :6] = True
    city.s.quality[:] = 0.8
    _national(city, shock_month=[month], shock_hits=hits, shock_loss=[0.25], shock_kill=[0.5])
    city.call(national_events, city.at(8))
    killed = np.array([draw(city.s.app_key[i], rng.SHOCK, 8) < 0.5 for i in range(6)])
    assert city.s.quality[:6] == pytest.approx(0.6) and (city.s.quality[6:] == 0.8).all()
    assert ((city.s.status[:6] == DEAD) == killed).all() and (city.s.status[6:] == ACTIVE).all()
    assert (city.s.cause[:6][killed] == Cause.POLICY_SHOCK).all()


def _platform(baseline, integrated, prob=1.0, mult=1.0, degrade=False, t=5, date_t=5):
    city = Small(baseline)
    n = city.n
    hits = np.zeros((1, n), dtype=bool)
    hits[0, :10] = True
    city.s.integrated[:] = integrated
    _national(city, plat_date=[city.p.start + date_t], plat_degrade=[degrade], plat_prob=[prob], plat_hits=hits,
              replacement_mult=mult)
    city.call(national_events, city.at(t))
    return city


def test_a_platform_replaces_the_apps_it_covers_unless_integrated(baseline):
    assert (_platform(baseline, 0.0).s.cause[:10] == Cause.REPLACED_NATIONAL).all()
    assert (_platform(baseline, 0.0).s.status[10:] == ACTIVE).all(), "apps it does not cover stay"
    assert (_platform(baseline, 1.0).s.status == ACTIVE).all(), "fully integrated apps are never replaced"
    assert (_platform(baseline, 0.0, mult=0.0).s.status == ACTIVE).all(), "the replacement lever scales it"
    assert (_platform(baseline, 0.0, t=4).s.status == ACTIVE).all(), "nothing before its date"
    assert (_platform(baseline, 0.0, t=9).s.status[:10] == DEAD).all(), "it keeps acting after its date"
    rollout = (_platform(baseline, 1.0).events(), _platform(baseline, 1.0, t=9, date_t=5).events())
    month = baseline.spec.horizon.start + 5
    assert rollout == ([(month, int(EventKind.PLATFORM_ROLLOUT), -1, -1, 0)], []), "its roll-out is logged once"
    half = _platform(baseline, 0.5, prob=0.8, t=9)
    want = [draw(half.s.app_key[i], rng.PLATFORM, 9) < 0.8 * 0.5 for i in range(10)]
    assert list(half.s.status[:10] == DEAD) == want


def test_a_degrading_platform_marks_apps_partly_replaced_and_closes_none(baseline):
    city = _platform(baseline, 0.0, degrade=True)
    assert city.s.partial[:10].all() and not city.s.partial[10:].any() and (city.s.status == ACTIVE).all()


def test_a_pruning_order_acts_inside_its_window_and_spares_integrated_apps(baseline):
    def prune(t, integrated=0.0):
        city = Small(baseline)
        hits = np.ones((1, city.n), dtype=bool)
        city.s.integrated[:] = integrated
        city.s.integrated[0] = 1.0
        _national(city, prune_from=[city.p.start + 5], prune_until=[city.p.start + 7], prune_prob=[1.0],
                  prune_hits=hits)
        city.call(national_events, city.at(t))
        return city.s

    assert (prune(4).status == ACTIVE).all() and (prune(8).status == ACTIVE).all()
    for t in (5, 7):
        s = prune(t)
        assert s.status[0] == ACTIVE and (s.cause[1:] == Cause.PRUNED).all()
