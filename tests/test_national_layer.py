"""The national layer (scenarios/national/indonesia.yaml): every city inherits it, Binjai included,
and moving Binjai's national events there changed none of Binjai's numbers.

``tests/data/binjai_baseline_before_national_layer.yaml`` is Binjai's scenario as it was when it
held the national events itself; the resolved scenarios are compared field by field and run
side by side.
"""

import json

import numpy as np
import pandas as pd
import pytest

from binjai_sim import run_scenario
from binjai_sim.model.engine.state import _fixed_plan
from binjai_sim.scenario.load import load_scenario

from .conftest import BASELINE, ROOT

NATIONAL = ROOT / "scenarios" / "national" / "indonesia.yaml"
SIMPEG_SOURCE = "a regional personnel information system, Kepmendagri 17/2000; month not known (ASSUMPTION)"
BEFORE = ROOT / "tests" / "data" / "binjai_baseline_before_national_layer.yaml"


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    folder = tmp_path_factory.mktemp("before")
    text = BEFORE.read_text().replace("../calibration/", f"{ROOT}/calibration/").replace(
        "inventory: data/", f"inventory: {ROOT}/scenarios/data/").replace(
        # the Simpeg merger's range, changed on purpose since the move (it was read off the study's
        # account of eSDM): today's, so that today's fitted month lies inside it
        "date_range: [2021-01, 2021-12]\n"
        "      source: \"eSDM stopped in 2021 when Simpeg replaced it (study, table 1.2)\"",
        f"date_range: [2017-06, 2023-06]\n      source: {json.dumps(SIMPEG_SOURCE)}")
    path = folder / "binjai_baseline.yaml"
    path.write_text(text)
    return load_scenario(path)


@pytest.fixture(scope="module")
def after():
    """Today's baseline without SRIKANDI (the national e-office, eOffice's counterpart by function),
    added on purpose since the move."""
    base = load_scenario(BASELINE)
    return base.with_overrides(
        {"national.platforms": [p for p in base.raw["national"]["platforms"] if p["name"] != "SRIKANDI"]})


def test_resolved_binjai_is_the_same_but_for_what_the_layer_adds(before, after):
    old, new = before.spec.model_dump(mode="json"), after.spec.model_dump(mode="json")
    old_nat, new_nat = old.pop("national"), new.pop("national")
    assert new.pop("sources") and not old.pop("sources")  # where values come from: text, no value
    assert new == old  # city, mayor, elections, politics, budget, civil service, calibrated values...
    # the platforms: the same five, then SIASN, which no Binjai app names as its counterpart
    assert new_nat["platforms"][:5] == old_nat["platforms"]
    assert [p["name"] for p in new_nat["platforms"][5:]] == ["SIASN"]
    assert not any(a.counterpart == "SIASN" for a in after.inventory)
    # the BPJS change names the apps that bridge to BPJS by counterpart instead of by name
    (old_shock,), (new_shock,) = old_nat["policy_shocks"], new_nat["policy_shocks"]
    assert old_shock["apps"] == ["eDokter"] and new_shock["apps"] == []
    assert new_shock["counterparts"] == ["Mobile JKN"]
    assert [a.name for a in after.inventory if a.counterpart == "Mobile JKN"] == ["eDokter"]
    for key in ("date", "date_range", "quality_loss", "kill_prob", "name"):
        assert new_shock[key] == old_shock[key], key
    for key in ("consolidations", "defundings", "prunings", "launch_bans", "disable"):
        assert new_nat[key] == old_nat[key], key


def test_the_plan_hits_the_same_apps(before, after):
    months = after.spec.horizon.end - after.spec.horizon.start + 1
    old, _ = _fixed_plan(before, months, len(before.inventory))
    new, _ = _fixed_plan(after, months, len(after.inventory))
    assert np.array_equal(old.shock_hits, new.shock_hits)
    assert np.array_equal(old.plat_hits, new.plat_hits[:5]) and not new.plat_hits[5].any()
    assert np.array_equal(old.covered, new.covered)


def test_runs_give_the_same_numbers(before, after):
    a = run_scenario(before, seed=7, replicates=3)
    b = run_scenario(after, seed=7, replicates=3)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)
    pd.testing.assert_frame_equal(a.series, b.series)
    pd.testing.assert_frame_equal(a.apps, b.apps)
    rollout = b.events["kind"] == "platform_rollout"
    siasn = rollout & (b.events["month"] == after.spec.national.platforms[5].date)
    assert siasn.sum() == 3  # one roll-out a replicate, acting on no app
    pd.testing.assert_frame_equal(a.events.reset_index(drop=True), b.events[~siasn].reset_index(drop=True))


def test_the_national_layer_names_no_city_app_and_is_not_a_scenario_alone(capsys):
    from binjai_sim.interfaces.cli import main
    from binjai_sim.scenario.yamlfile import read_yaml

    layer = read_yaml(NATIONAL)
    assert set(layer) == {"national"}
    for key, items in layer["national"].items():
        for item in items:
            assert not item.get("apps"), f"{key} {item['name']} names a city's app"
    assert main(["validate", str(NATIONAL)]) == 2
    assert "not a scenario file" in capsys.readouterr().err
