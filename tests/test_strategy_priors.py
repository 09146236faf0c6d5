"""Priors on the strategies' effect sizes and costs: complete, checked, paired across arms."""
import numpy as np
import pytest

from binjai_sim.base.errors import InputError
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.scenario.strategy_priors import FIXED, load_strategy_priors, strategy_changes

CHOSEN = ("amount_rp",)  # the money an earmark moves is the planner's decision, not an uncertain effect


def test_every_strategy_s_cost_and_every_effect_size_has_a_prior():
    priors = load_strategy_priors()
    for name, cls in REGISTRY.items():
        fields = {k: f for k, f in cls.model_fields.items() if k not in FIXED}
        if fields["monthly_cost_rp"].default > 0:
            assert "monthly_cost_rp" in priors[name], name
        else:
            assert "amount_rp" in fields and "amount_rp" not in priors.get(name, {}), name
        # effect sizes: every float parameter; whole numbers (months, counts) are design choices
        effects = {k for k, f in fields.items() if f.annotation is float and k not in ("monthly_cost_rp", *CHOSEN)}
        assert effects <= set(priors.get(name, {})), (name, effects - set(priors.get(name, {})))
        for key, r in priors.get(name, {}).items():
            assert r.low <= fields[key].default <= r.high and r.source


def test_a_draw_names_only_the_strategies_a_scenario_holds_and_pairs_the_arms():
    priors = load_strategy_priors()
    one = strategy_changes(["long_term_plan"], priors, np.random.default_rng(5))
    both = strategy_changes(["long_term_plan", "shared_platform"], priors, np.random.default_rng(5))
    assert set(one) == {k for k in both if "long_term_plan" in k}
    assert all(one[k] == both[k] for k in one)  # the shared strategy draws the same value in both arms
    assert strategy_changes([], priors, np.random.default_rng(5)) == {}


def test_draws_cover_their_range_on_the_stated_scale():
    priors = load_strategy_priors()
    cost = priors["long_term_plan"]["monthly_cost_rp"]
    rng = np.random.default_rng(0)
    x = np.array([cost.draw(rng) for _ in range(4000)])
    assert x.min() >= cost.low and x.max() <= cost.high
    # uniform on a log scale: the median is the geometric mean of the bounds, not the midpoint
    assert np.median(x) == pytest.approx(np.sqrt(cost.low * cost.high), rel=0.05)
    share = priors["long_term_plan"]["floor"]
    y = np.array([share.draw(rng) for _ in range(4000)])
    assert np.median(y) == pytest.approx((share.low + share.high) / 2, abs=0.02)


@pytest.mark.parametrize("text, key", [
    ("nonsense_strategy:\n  monthly_cost_rp: {low: 1, high: 2, source: x}\n", "nonsense_strategy"),
    ("long_term_plan:\n  start: {low: 1, high: 2, source: x}\n", "long_term_plan.start"),
    ("long_term_plan:\n  floor: {low: 0.6, high: 0.9, source: x}\n", "long_term_plan.floor"),
    ("long_term_plan:\n  floor: {low: 0.2, high: 1.5, source: x}\n", "long_term_plan.floor"),
    ("long_term_plan:\n  floor: {low: 0.7, high: 0.2, source: x}\n", "long_term_plan.floor"),
])
def test_a_bad_prior_is_refused_naming_its_key(tmp_path, text, key):
    path = tmp_path / "priors.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_strategy_priors(path)
    assert caught.value.key.startswith(key)


def test_a_comparison_s_draws_carry_strategy_effects_only_where_a_scenario_holds_the_strategy():
    from pathlib import Path

    from binjai_sim.analysis.posterior import Draw, applicable, with_strategy_effects
    from binjai_sim.scenario.load import load_scenario

    root = Path(__file__).resolve().parents[1]
    base = load_scenario(root / "scenarios" / "binjai_baseline.yaml")
    package = load_scenario(root / "scenarios" / "strategies" / "political.yaml")
    drawn = with_strategy_effects([Draw({}, "five_factor") for _ in range(3)], seed=11)
    assert drawn == with_strategy_effects([Draw({}, "five_factor") for _ in range(3)], seed=11)
    assert drawn[0].changes != drawn[1].changes  # each draw its own values
    assert applicable(base, drawn[0].changes) == {}  # the baseline holds no strategy: unchanged
    held = {s.name for s in package.strategies}
    taken = applicable(package, drawn[0].changes)
    assert taken and {k[len("strategies["):k.index("]")] for k in taken} <= held
    # a parameter the package sets itself is the planner's value, never a draw
    own = {f"strategies[{s['name']}].{k}" for s in package.raw["strategies"] for k in s}
    assert taken and not own & set(taken)


def test_a_budget_envelope_keeps_its_planned_costs_and_draws_only_effects():
    from pathlib import Path

    from binjai_sim.analysis.posterior import Draw, applicable, with_strategy_effects
    from binjai_sim.scenario.load import load_scenario

    root = Path(__file__).resolve().parents[1]
    package = load_scenario(root / "scenarios" / "strategies" / "low_fiscal_capacity.yaml")
    assert package.spec.strategy_budget_rp is not None
    taken = applicable(package, with_strategy_effects([Draw({}, "five_factor")], seed=3)[0].changes)
    assert taken and not [k for k in taken if k.endswith("monthly_cost_rp")]
    package.with_overrides(taken)  # the drawn effects never break the envelope


def test_every_declared_uncertain_parameter_has_a_prior_and_only_those():
    priors = load_strategy_priors()
    for name, cls in REGISTRY.items():
        assert set(priors.get(name, {})) == set(cls.uncertain), name


def _strategy(name, **declared):
    from typing import ClassVar

    from pydantic import Field

    from binjai_sim.model.strategies.base import Strategy

    class Sixteenth(Strategy):
        group: ClassVar[str] = "resources"
        monthly_cost_rp: float = Field(4.0e6, ge=0, le=1.0e12)
        uptake: float = Field(0.8, ge=0, le=1)
        unsure: float = Field(0.3, ge=0, le=1)

    Sixteenth.name = name
    for key, value in declared.items():
        setattr(Sixteenth, key, value)
    return Sixteenth


def test_a_new_strategy_s_declared_uncertain_parameters_get_the_rule_s_prior(monkeypatch):
    from binjai_sim.scenario.strategy_priors import BY_RULE

    declared = _strategy("sixteenth_test", uncertain=("monthly_cost_rp", "uptake"))
    plain = _strategy("seventeenth_test")
    monkeypatch.setitem(REGISTRY, declared.name, declared)
    monkeypatch.setitem(REGISTRY, plain.name, plain)
    priors = load_strategy_priors()
    cost, uptake = priors["sixteenth_test"]["monthly_cost_rp"], priors["sixteenth_test"]["uptake"]
    assert (cost.low, cost.high, cost.scale, cost.source) == (2.0e6, 8.0e6, "log", BY_RULE)
    assert (uptake.low, uptake.high, uptake.scale) == (0.4, 1.0, "linear")  # 1.2 capped to the field's 1
    assert not cost.cited and set(priors["sixteenth_test"]) == {"monthly_cost_rp", "uptake"}
    assert "seventeenth_test" not in priors  # nothing declared, nothing drawn
    from binjai_sim.scenario.strategy_priors import sources_table

    assert f"| `sixteenth_test` | `uptake` | 0.4 - 1 | 0.8 | {BY_RULE} | - |" in sources_table(priors)


def test_a_declared_parameter_the_rule_cannot_range_is_refused_naming_it(monkeypatch):
    for declared, key in ((("start",), "bad_test.start"), (("nowhere",), "bad_test.nowhere")):
        monkeypatch.setitem(REGISTRY, "bad_test", _strategy("bad_test", uncertain=declared))
        with pytest.raises(InputError) as caught:
            load_strategy_priors()
        assert caught.value.key == key


def test_the_file_s_entries_win_and_its_assumptions_follow_the_rule_but_one():
    """The rule fills only gaps; the file's ASSUMPTION ranges are the rule's own, except the
    rationalisation bar, a score threshold (not a share) whose range the file sets itself."""
    from binjai_sim.scenario.strategy_priors import rule_range

    def span(r):
        return r.low, r.high, r.scale

    priors = load_strategy_priors()
    differ = [(name, key) for name, ranges in priors.items() for key, r in ranges.items()
              if not r.cited and span(r) != span(rule_range(REGISTRY[name], key))]
    assert differ == [("portfolio_rationalisation", "retire_below")]
    assert (priors["portfolio_rationalisation"]["retire_below"].low,
            priors["portfolio_rationalisation"]["retire_below"].high) == (0.3, 0.6)
