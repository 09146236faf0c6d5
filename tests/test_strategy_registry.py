"""The strategy catalogue is one source: the engine's Plan, the neutral levers of a run, the
texts a strategy needs and the all-strategies package all follow binjai_sim.model.strategies.REGISTRY."""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from binjai_sim.base.i18n import LANGS, catalogue
from binjai_sim.base.vocabulary import Action
from binjai_sim.model.engine.state import ACT_RATIONALISE, PLAN_FIELDS, _fixed_plan
from binjai_sim.model.strategies import GROUPS, LEVERS, REGISTRY, Strategy, in_catalogue_order, message_keys
from binjai_sim.model.strategies.levers import DECLARED

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
    for path in (ROOT / "binjai_sim").rglob("*.py"):
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
    from binjai_sim import load_scenario

    package = load_scenario(ROOT / "scenarios" / "strategies" / "all_fifteen.yaml")
    names = [s.name for s in package.strategies]
    assert sorted(names) == sorted(REGISTRY)  # each once


class _Extra(Strategy):
    """A 16th strategy, registered only for the test below and removed after it."""

    name: ClassVar[str] = "test_extra"
    group: ClassVar[str] = "resources"
    levers: ClassVar[tuple] = ()


@pytest.fixture
def sixteenth():
    REGISTRY[_Extra.name] = _Extra
    try:
        yield _Extra
    finally:
        del REGISTRY[_Extra.name]


def test_a_new_registry_entry_joins_the_all_strategies_and_its_group_package_and_asks_for_its_texts(sixteenth):
    from binjai_sim import load_scenario

    every = [s.name for s in load_scenario(ROOT / "scenarios" / "strategies" / "all_fifteen.yaml").strategies]
    group = [s.name for s in load_scenario(ROOT / "scenarios" / "strategies" / "resources.yaml").strategies]
    assert every == in_catalogue_order() and group == in_catalogue_order("resources")
    assert group[-1] == "test_extra" and every.index("test_extra") == every.index(group[-2]) + 1  # after its group
    assert "strategy.name.test_extra" in message_keys()  # so the key test fails until both languages have it
    assert "test_extra" not in _documented(ROOT / "docs" / "strategies.md")  # so the docs test would fail


def test_the_packages_list_the_catalogue_in_the_order_it_was_declared_group_by_group():
    from binjai_sim import load_scenario

    assert len(in_catalogue_order()) == len(REGISTRY) and in_catalogue_order()[0] == "long_term_plan"
    for group in GROUPS:
        package = load_scenario(ROOT / "scenarios" / "strategies" / f"{group}.yaml")
        assert [s.name for s in package.strategies] == in_catalogue_order(group)
        assert {type(s).group for s in package.strategies} == {group}


def test_a_package_that_names_a_group_the_catalogue_has_not_is_refused_with_the_allowed_ones(tmp_path):
    from binjai_sim import load_scenario
    from binjai_sim.base.errors import InputError

    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {ROOT / 'scenarios' / 'binjai_baseline.yaml'}\n"
                   "strategies: {catalogue: politics, start: 2017-03}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scenario(bad)
    assert err.value.key == "strategies.catalogue" and "political" in err.value.allowed
    assert "politics" in err.value.problem


def _documented(page: Path) -> list[str]:
    """The strategy names of a page's strategy table (its first table that names strategies: later
    tables, e.g. of prior ranges, may name a strategy on several rows), in its order: the rows
    whose first `code` cell (after a group cell, where there is one) is a name."""
    tables, current = [], []
    for line in [*page.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    for table in tables:
        names = []
        for line in table:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for cell in cells[:2]:
                found = re.match(r"`([a-z_]+)`", cell)
                if found and found.group(1) in REGISTRY:
                    names.append(found.group(1))
                    break
        if names:
            return names
    return []


@pytest.mark.parametrize("page", ["strategies.md", "ODD.md"])
def test_each_docs_strategy_table_has_one_row_per_registered_strategy_in_the_catalogue_order(page):
    assert _documented(ROOT / "docs" / page) == in_catalogue_order(), f"docs/{page}: a row per strategy"


def test_the_strategies_page_names_each_strategys_group():
    rows = {}
    for line in (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) > 1 and (found := re.match(r"`([a-z_]+)`", cells[1])) \
                and found.group(1) in REGISTRY:
            rows.setdefault(found.group(1), cells[0])  # the strategy table comes first on the page
    assert rows == {name: cls.group for name, cls in REGISTRY.items()}
