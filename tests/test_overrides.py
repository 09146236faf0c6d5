"""One way to change a scenario: the same change through every entry point gives the same scenario."""

import pytest
import yaml

from binjai_sim import load_scenario
from binjai_sim.analysis.sweep.spec import load_sweep
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.workshop import Config, Twin
from binjai_sim.scenario import overrides

from .conftest import BASELINE, write_scenario


def test_paths_select_keys_names_and_positions():
    data = {"a": {"b": 1}, "items": [{"name": "x", "v": 1}, {"name": "y", "v": 2}], "cuts": [{"app": "z", "v": 3}]}
    assert overrides.get(data, "a.b") == 1
    assert overrides.get(data, "items[y].v") == overrides.get(data, "items.y.v") == 2
    assert overrides.get(data, "items[0].v") == overrides.get(data, "items.0.v") == 1
    assert overrides.get(data, "cuts[z].v") == 3
    changed = overrides.apply(data, {"items[y].v": 9, "a.c": 2})
    assert changed["items"][1]["v"] == 9 and changed["a"] == {"b": 1, "c": 2}
    assert data["items"][1]["v"] == 2, "the input is never modified"


def test_mappings_merge_and_lists_replace():
    data = {"national": {"platforms": [1], "shocks": [2]}, "x": [1, 2]}
    out = overrides.apply(data, {"national": {"platforms": []}, "x": [3]})
    assert out == {"national": {"platforms": [], "shocks": [2]}, "x": [3]}
    assert overrides.merge(data, {"national": {"shocks": []}}) == {"national": {"platforms": [1], "shocks": []},
                                                                   "x": [1, 2]}


@pytest.mark.parametrize(("path", "needle"), [
    ("items[w].v", "no item named 'w'"),
    ("items[5].v", "no item 5"),
    ("a.b.c", "is a value"),
    ("a..b", "empty key"),
    ("a[b", "unbalanced"),
    ("a.b c", "not a key"),
])
def test_bad_paths_name_the_path_and_the_problem(path, needle):
    data = {"a": {"b": 1}, "items": [{"name": "x"}]}
    with pytest.raises(InputError) as info:
        overrides.apply(data, {path: 1})
    assert needle in str(info.value) and path in str(info.value)
    if "no item named" in needle:
        assert "allowed: x" in str(info.value)


def test_naming_a_missing_strategy_adds_it():
    out = overrides.apply({}, {"strategies[long_term_plan].intensity": 0.4},
                          new_items={"strategies": {"start": "2017-03"}})
    assert out["strategies"] == [{"name": "long_term_plan", "start": "2017-03", "intensity": 0.4}]
    with pytest.raises(InputError, match="no item named"):
        overrides.apply({"national": {"platforms": []}}, {"national.platforms[XYZ].date": "2020-01"})


def test_a_mapping_override_keeps_the_other_national_events(baseline):
    """The old with_overrides dropped policy shocks and consolidations here."""
    changed = baseline.with_overrides({"national": {"platforms": []}})
    assert changed.spec.national.platforms == []
    assert changed.spec.national.policy_shocks == baseline.spec.national.policy_shocks
    assert changed.spec.national.consolidations == baseline.spec.national.consolidations


CHANGE = {"politics.continuity": 0.77, "strategies[long_term_plan].intensity": 0.4,
          "national.platforms[SIPD].monthly_prob": 0.2}


def _dump(scenario):
    return scenario.spec.model_dump(mode="json") | {"strategies": [s.to_dict() for s in scenario.strategies]}


def test_the_same_change_through_every_entry_point_gives_the_same_scenario(baseline, tmp_path):
    expected = _dump(baseline.with_overrides(CHANGE, new_items={"strategies": {"start": "2017-03"}}))
    # 1. a child file that extends the baseline
    sipd = next(p for p in baseline.raw["national"]["platforms"] if p["name"] == "SIPD")
    platforms = [dict(p, monthly_prob=0.2) if p is sipd else p for p in baseline.raw["national"]["platforms"]]
    child = write_scenario(tmp_path, yaml.safe_dump({
        "name": baseline.name, "politics": {"continuity": 0.77},
        "strategies": [{"name": "long_term_plan", "start": "2017-03", "intensity": 0.4}],
        "national": {"platforms": platforms}}))
    assert _dump(load_scenario(child)) == expected
    # 2. a sweep's fixed values
    sweep_file = tmp_path / "sweep.yaml"
    sweep_file.write_text(yaml.safe_dump({
        "name": "s", "base": str(BASELINE), "fixed": CHANGE, "lever_start": "2017-03", "outcomes": ["app_years"],
        "method": {"name": "morris", "trajectories": 2},
        "parameters": [{"path": "politics.continuity", "bounds": [0, 1], "group": "environment"}]}))
    assert _dump(load_sweep(sweep_file).base) == expected
    # 3. a sweep's sampled values
    sweep_file.write_text(yaml.safe_dump({
        "name": "s", "base": str(BASELINE), "lever_start": "2017-03", "outcomes": ["app_years"],
        "method": {"name": "morris", "trajectories": 2},
        "parameters": [{"path": k, "name": f"p{i}", "bounds": [0, 1], "group": "environment"}
                       for i, k in enumerate(CHANGE)]}))
    sweep = load_sweep(sweep_file)
    assert _dump(sweep.scenario_for({f"p{i}": v for i, v in enumerate(CHANGE.values())})) == expected
    # 4. the workshop's controls
    workshop = Twin(Config("binjai_baseline.yaml", settings=(("continuity", 0.77),),
                           strategies=(("long_term_plan", 0.4),))).with_.sim.scenario
    workshop_expected = _dump(baseline.with_overrides({k: v for k, v in CHANGE.items() if "SIPD" not in k},
                                                      new_items={"strategies": {"start": "2017-03"}}))
    assert _dump(workshop) == workshop_expected
    # 5. a calibrated file
    calibrated = tmp_path / "calibrated.yaml"
    calibrated.write_text(yaml.safe_dump({"parameters": CHANGE}))
    scenario = tmp_path / "c.yaml"
    scenario.write_text(f"extends: {BASELINE}\nname: {baseline.name}\ncalibrated: {calibrated}\n")
    from_calibrated = load_scenario(scenario)
    assert _dump(from_calibrated)["politics"] == expected["politics"]
    assert _dump(from_calibrated)["national"] == expected["national"]
    assert from_calibrated.calibrated["parameters"] == CHANGE


def test_calibrated_values_apply_to_the_file_that_names_them_and_children_override_them(tmp_path):
    calibrated = tmp_path / "cal.yaml"
    calibrated.write_text("parameters: {hazard.scale: 3.0, politics.continuity: 0.5}\n")
    parent = tmp_path / "parent.yaml"
    parent.write_text(f"extends: {BASELINE}\nname: p\nhazard: {{scale: 9.0}}\ncalibrated: {calibrated}\n")
    assert load_scenario(parent).spec.hazard.scale == 3.0
    child = tmp_path / "child.yaml"
    child.write_text("extends: parent.yaml\nname: c\nhazard: {scale: 1.5}\n")
    loaded = load_scenario(child)
    assert loaded.spec.hazard.scale == 1.5 and loaded.spec.politics.continuity == 0.5
