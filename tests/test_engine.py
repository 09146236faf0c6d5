"""One engine: a run without agents, a Mesa model stepped month by month, and any executor give
the same numbers, bit for bit."""

import numpy as np
import pandas as pd
import pytest

from binjai_sim import CityModel, load_scenario, run_scenario
from binjai_sim.model.engine import Simulation

from .conftest import ROOT

FIELDS = ("rec_status", "rec_quality", "rec_users", "rec_factors", "rec_score", "rec_hazard", "rec_budget",
          "rec_mayor_id", "rec_priority", "rec_pool", "rec_allocated", "rec_citizens_using", "rec_strategy_cost",
          "skill", "sop", "integrated", "champion", "pair_state", "spair_state")


@pytest.mark.parametrize("name", ["binjai_baseline.yaml", "strategies/all_fifteen.yaml"])
def test_fast_path_and_mesa_model_step_by_step_are_identical(name):
    scenario = load_scenario(ROOT / "scenarios" / name)
    for seed in (1, 7):
        fast = Simulation(scenario, seed)
        fast.run()
        model = CityModel(scenario, seed=seed)
        while not model.finished:
            model.step()
        for field in FIELDS:
            a, b = getattr(fast.state, field), getattr(model.sim.state, field)
            assert a.tobytes() == b.tobytes(), field
        assert fast.events == model.events and fast.costs == model.costs


def test_agents_or_not_the_frames_are_the_same(baseline):
    a = run_scenario(baseline, seed=3, replicates=2, agents=False)
    b = run_scenario(baseline, seed=3, replicates=2, agents=True)
    for part in ("series", "apps", "events", "metrics", "costs"):
        pd.testing.assert_frame_equal(getattr(a, part), getattr(b, part))


def test_stopping_early_then_going_on_is_the_same_run(baseline):
    whole = Simulation(baseline, 5)
    whole.run()
    halves = Simulation(baseline, 5)
    halves.run(until=baseline.spec.horizon.start + 50)
    assert halves.month == baseline.spec.horizon.start + 50
    halves.run()
    assert np.array_equal(whole.state.rec_quality, halves.state.rec_quality) and whole.events == halves.events


def test_headless_runs_make_no_mesa_agents(baseline):
    run = Simulation(baseline, 0)
    assert not hasattr(run, "agents_by_type")
    model = CityModel(baseline, seed=0)
    assert len(model.agents) > 3000


def test_nobody_offline_or_beyond_a_closed_app_counts_as_a_user(baseline):
    """Only a reachable pair (online citizen, live app) may become a user; the others stay as they
    were (launch publicity aside), except users who lose their reach, who stop."""
    offline = baseline.with_overrides({"citizens.internet": {2000: 0.0, 2040: 0.0}})
    run = Simulation(offline, 3)
    run.run()
    assert run.state.rec_citizens_using.max() == 0.0
    assert not (run.state.pair_state == 2).any()
    quiet = offline.with_overrides({"citizens.launch_awareness": 0.0})
    run = Simulation(quiet, 3)
    run.run()
    assert not (run.state.pair_state > 0).any(), "offline, nobody hears of an app but from its launch publicity"
    run = Simulation(baseline, 3)
    run.run()
    s = run.state
    dead = s.status[s.pair_app] == 3
    assert dead.any() and not (s.pair_state[dead] == 2).any()
