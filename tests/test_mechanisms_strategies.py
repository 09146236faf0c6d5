"""ODD 7.10-7.11: every effect of every strategy, checked where it is written (the month's
levers, ring-fenced money, costs and actions in the plan) and where it acts (the submodel that
reads it), on hand-made states. The paired claims over whole runs are in test_strategies.py."""

import numpy as np
import pytest

from binjai_sim.base.calendar import parse_month
from binjai_sim.base.vocabulary import Cause, Factor
from binjai_sim.model.engine.politics import hand_over
from binjai_sim.model.engine.strategies import rationalise, strategy_actions, train
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.model.strategies.levers import declared

from .mechanism_state import ACTIVE, DEAD, Small

# every declared lever's neutral value, so a lever a new strategy brings is checked too
NEUTRAL = {lever.name: lever.neutral for lever in declared()}
INTENSITY = 0.5  # intensity of every strategy below, so a dropped "x intensity" shows
START, END = "2018-03", "2019-02"

# strategy -> its worked example, declared beside its set_levers (binjai_sim/model/strategies/base.py,
# Example): its settings, the levers it moves with their value at intensity I, ring-fenced Rp, action
# kind and numbers or None
EFFECTS = {name: cls.example for name, cls in REGISTRY.items() if cls.example is not None}


def test_every_strategy_has_its_effects_stated():
    assert set(EFFECTS) == set(REGISTRY), sorted(set(REGISTRY) - set(EFFECTS))
    assert len(NEUTRAL) >= 10 and all(set(example.levers) <= set(NEUTRAL) for example in EFFECTS.values())


def test_a_strategy_without_a_worked_example_is_caught(monkeypatch):
    from binjai_sim.model.strategies.base import Strategy

    class Bare(Strategy):
        name = "bare_example_check"
        group = "resources"

    monkeypatch.setitem(REGISTRY, Bare.name, Bare)
    missing = [name for name, cls in REGISTRY.items() if cls.example is None]
    assert missing == ["bare_example_check"]
    with pytest.raises(AssertionError):
        test_every_strategy_has_its_effects_stated()


def _with(baseline, name, **extra):
    settings = {"name": name, "start": START, "end": END, "intensity": INTENSITY, "monthly_cost_rp": 1e6,
                **EFFECTS[name][0], **extra}
    return Small(baseline.with_overrides({"strategies": [settings]}))


@pytest.mark.parametrize("name", sorted(EFFECTS))
def test_each_strategy_sets_its_levers_money_and_action_in_its_months_only(baseline, name):
    _, levers, fenced, action = EFFECTS[name]
    city = _with(baseline, name)
    plan, start = city.plan, city.p.start
    on = np.array([parse_month(START) <= start + t <= parse_month(END) for t in range(plan.internet.size)])
    on[0] = False
    assert on.any() and not on.all()
    for lever, neutral in NEUTRAL.items():
        got = getattr(plan, lever)
        assert (got[~on] == neutral).all(), f"{lever} outside the strategy's months"
        assert got[on] == pytest.approx(levers.get(lever, neutral)), lever
    assert plan.ring_fenced[on] == pytest.approx(fenced) and (plan.ring_fenced[~on] == 0).all()
    strategy = city.built.strategy_names
    assert strategy == [name]
    charge = city.built.strategy_costs[:, 0]
    assert (charge[~on] == 0).all() and (charge[on] > 0).all()
    assert plan.month_cost[on] == pytest.approx(charge[on])
    it_funded = REGISTRY[name].model_fields["funding"].default == "it_budget"
    assert plan.charged_it[on] == pytest.approx(charge[on] if it_funded else 0.0)
    if action is None:
        assert plan.act_kind.size == 0
    else:
        kind, numbers, count = action
        assert list(plan.act_kind) == [kind] and plan.act_x[0] == pytest.approx(numbers)
        assert (plan.act_on[:, 0] == on).all() and (plan.act_count[on, 0] == count).all()


def test_money_strategies_charge_their_amount_at_the_intensity(baseline):
    earmark = _with(baseline, "council_earmark")
    t = parse_month("2018-06") - earmark.p.start
    assert earmark.built.strategy_costs[t, 0] == pytest.approx((4e6 + 1e6) * INTENSITY)
    unit = _with(baseline, "smart_city_unit")
    assert unit.built.strategy_costs[t, 0] == pytest.approx(1e6 * INTENSITY)


@pytest.mark.parametrize("name", ["long_term_plan", "handover_protocol", "ring_fenced_maintenance"])
def test_hand_over_protection_is_a_second_effect_that_acts_in_the_review(baseline, name):
    """The same draws with and without the strategy: it never adds a cut and removes some."""
    def cuts(scenario_city):
        city = scenario_city
        city.p = city.p._replace(transition_defund_prob=0.8)
        city.s.mayor_priority[0] = 0.0
        city.s.factors[:, int(Factor.INSTITUTIONS)] = 0.0
        t = city.at(parse_month("2018-06") - city.p.start)
        city.call(hand_over, t)
        return city.s.status == DEAD

    plain = cuts(Small(baseline))
    protected = cuts(_with(baseline, name))
    assert not (protected & ~plain).any() and protected.sum() < plain.sum()


def test_champions_are_recognised_only_while_the_awards_run(baseline):
    city = _with(baseline, "agency_champions")
    city.s.status[0] = DEAD
    city.call(strategy_actions, city.at(parse_month("2018-06") - city.p.start))
    assert (city.s.champion[1:] == 0.5).all() and city.s.champion[0] == 0.0
    city.call(strategy_actions, city.at(parse_month("2019-03") - city.p.start))
    assert (city.s.champion[1:] == 0.0).all()


def test_documentation_raises_every_agencys_sops_and_they_stay(baseline):
    city = _with(baseline, "sops_documentation")
    city.s.sop[:] = 0.2
    city.call(strategy_actions, city.at(parse_month("2018-06") - city.p.start))
    assert city.s.sop == pytest.approx(0.2 + 0.05 * 0.8)
    city.call(strategy_actions, city.at(parse_month("2019-06") - city.p.start))
    assert city.s.sop == pytest.approx(0.2 + 0.05 * 0.8), "what was documented stays after the end"


def test_integration_reaches_only_live_apps_a_platform_covers(baseline):
    city = _with(baseline, "national_integration")
    covered = np.zeros(city.n, dtype=bool)
    covered[:4] = True
    city.lever("covered", covered)
    city.s.integrated[:] = 0.5
    city.s.status[0] = DEAD
    city.call(strategy_actions, city.at(parse_month("2018-06") - city.p.start))
    assert city.s.integrated[0] == 0.5 and city.s.integrated[1:4] == pytest.approx(0.55)
    assert (city.s.integrated[4:] == 0.5).all()


def test_training_reaches_operators_first_then_the_least_skilled(baseline):
    city = Small(baseline)
    s = city.s
    s.operating[:] = -1
    s.skill[:] = np.linspace(0.2, 0.8, s.skill.size)
    s.operating[[1, 5, -1]] = (0, 1, 2)  # operators: the second least skilled, one in the middle, the most skilled
    old = s.skill.copy()
    city.call(train, 4, 0.5, plan=False)
    trained = np.flatnonzero(s.skill != old)
    assert set(trained) == {1, 5, s.skill.size - 1, 0}, "the three operators, then the least skilled"
    assert s.skill[trained] == pytest.approx(old[trained] + 0.5 * (1 - old[trained]))
    city.call(train, 0, 0.5, plan=False)
    assert (s.skill[2:5] == old[2:5]).all()


def _rationalising(baseline, scores, month=4, keep=3, share=0.2, below=0.3, intensity=0.5):
    city = Small(baseline)
    s = city.s
    s.score[:] = scores
    x = np.array([4.0, share, below, float(keep), intensity])
    s.clock[0] = 2020 * 12 + month - 1
    city.call(rationalise, x, plan=False)
    return s


def test_rationalisation_retires_the_lowest_scores_below_the_bar_once_a_year(baseline):
    scores = np.linspace(0.0, 0.62, 32)  # 16 apps below 0.3
    s = _rationalising(baseline, scores)
    retired = np.flatnonzero(s.status == DEAD)
    assert list(retired) == [0, 1, 2, 3], "ceil(32 x 0.2 x 0.5) = 4, the lowest scores"
    assert (s.cause[retired] == Cause.RETIRED).all()
    assert (_rationalising(baseline, scores, month=5).status == ACTIVE).all(), "only in the review month"
    assert (_rationalising(baseline, scores, below=0.0).status == ACTIVE).all(), "none below the bar"
    few = _rationalising(baseline, scores, keep=30)
    assert (few.status == DEAD).sum() == 2, "keeping at least keep_at_least live apps"
    weak_two = np.full(32, 0.9)
    weak_two[[7, 9]] = (0.1, 0.05)
    assert list(np.flatnonzero(_rationalising(baseline, weak_two).status == DEAD)) == [7, 9]
