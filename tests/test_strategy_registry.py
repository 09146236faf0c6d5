"""The strategy catalogue is one source: the engine's Plan, the neutral levers of a run, the
texts a strategy needs and the all-strategies package all follow sim.strategies.REGISTRY."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from sim.engine.state import ACT_RATIONALISE, PLAN_FIELDS, _fixed_plan
from sim.i18n import LANGS, catalogue
from sim.strategies import LEVERS, REGISTRY, message_keys
from sim.strategies.levers import DECLARED
from sim.vocabulary import Action

ROOT = Path(__file__).resolve().parents[1]
MONTHS = 24


def test_the_plan_has_one_field_per_declared_lever_and_no_other_lever():
    assert LEVERS == tuple(DECLARED.values())
    assert len({lv.field for lv in LEVERS}) == len(LEVERS)
    assert all(lv.field in PLAN_FIELDS for lv in LEVERS)
    used = {lv for cls in REGISTRY.values() for lv in cls.levers}
    assert used <= set(LEVERS)


def test_a_run_without_strategies_has_every_lever_at_its_declared_neutral_value(baseline):
    spec = baseline.spec
    months = spec.horizon.end - spec.horizon.start + 1
    plan, _ = _fixed_plan(baseline.with_overrides({"strategies": []}), months, len(baseline.inventory))
    for lever in LEVERS:
        assert np.all(getattr(plan, lever.field) == lever.neutral), lever.name
        assert lever.low <= lever.neutral <= lever.high


@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_strategy_writes_exactly_the_levers_it_declares_within_their_bounds(name):
    cls = REGISTRY[name]
    strategy = cls.model_validate({})
    levers = {lv.field: np.full(MONTHS, lv.neutral) for lv in LEVERS}
    on = np.arange(MONTHS) >= 3
    strategy.set_levers(levers, on)
    changed = {lv for lv in LEVERS if not np.array_equal(levers[lv.field], np.full(MONTHS, lv.neutral))}
    assert changed == set(cls.levers)
    for lv in cls.levers:
        assert np.all((lv.low <= levers[lv.field]) & (levers[lv.field] <= lv.high))
        assert np.all(levers[lv.field][~on] == lv.neutral)  # off months stay neutral


@pytest.mark.parametrize("name", list(REGISTRY))
def test_a_strategys_action_is_one_the_engine_takes(name):
    cls = REGISTRY[name]
    kind = cls.model_validate({}).action()
    assert kind is None or (kind == int(cls.acts) and 0 <= kind <= ACT_RATIONALISE and Action(kind) is cls.acts)


def _code_keys() -> set[str]:
    """Catalogue keys written out literally in the code: t("a.b"), help_text("a.b"), name keys."""
    found = set()
    pattern = re.compile(r"""\b(?:t|help_text)\(\s*["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")
    for path in (ROOT / "sim").rglob("*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_registry_or_the_code_asks_for_exists_in_every_language(lang):
    wanted = message_keys() | _code_keys()
    assert {f"strategy.name.{n}" for n in REGISTRY} <= message_keys()
    assert len(_code_keys()) > 100  # the scan finds the code's keys
    missing = sorted(k for k in wanted if k not in catalogue(lang))
    assert not missing, f"{lang}: {missing}"


def test_the_all_strategies_package_names_every_registered_strategy_once():
    from sim import load_scenario

    package = load_scenario(ROOT / "scenarios" / "strategies" / "all_fifteen.yaml")
    names = [s.name for s in package.strategies]
    assert sorted(names) == sorted(REGISTRY)  # each once
