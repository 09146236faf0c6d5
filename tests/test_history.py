"""Known history is input, not chance: replayed elections, counterparts that decide which app a
platform replaces, dated events with their evidence, the national consolidation and its switch."""

import numpy as np
import pytest

from binjai_sim import load_scenario
from binjai_sim.analysis.calibrate.targets import date_priors
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.vocabulary import Cause
from binjai_sim.model.engine import Simulation

from .conftest import BASELINE, ROOT, write_scenario


def _deaths(run, cause):
    return {run.apps.names[e[2]] for e in run.events if e[1] == "death" and e[3] == cause}


def test_every_dated_event_of_the_baseline_cites_evidence_or_has_a_prior(baseline):
    national = baseline.spec.national
    events = [*national.platforms, *national.policy_shocks, *national.consolidations, *national.defundings,
              *national.prunings, *national.launch_bans]
    assert events
    for event in events:
        assert event.source.strip(), f"{getattr(event, 'name', event)} has no source"
    for election in baseline.spec.elections:
        assert election.source.strip()
    fitted = {p.key for p in date_priors(baseline)}
    for key in ("platforms", "policy_shocks", "consolidations"):
        for event in getattr(national, key):
            if event.date_range is not None:
                assert f"national.{key}[{event.name}].date" in fitted
    # the dates the old baseline read off the targets are open now
    bpjs = next(s for s in national.policy_shocks if "BPJS" in s.name)
    simpeg = next(c for c in national.consolidations if c.name == "Simpeg")
    assert bpjs.date_range[1] - bpjs.date_range[0] >= 24 and simpeg.date_range is not None


def test_known_elections_are_replayed_and_only_later_ones_drawn(baseline):
    oath_2021, oath_2025 = parse_month("2021-02"), parse_month("2025-02")
    for seed in range(12):
        run = Simulation(baseline, seed)
        run.run()
        rec = run.recorder
        assert rec.mayor_id[oath_2021 - rec.t0 - 1] == 0 and rec.mayor_id[oath_2021 - rec.t0] == 1
        assert rec.mayor_id[oath_2025 - rec.t0] == 1  # the 2024 incumbent was re-elected
        assert rec.mayor_id[-1] == 2  # ... and is term-limited in 2029
    drawn = baseline.with_overrides({"elections[1].outcome": None})
    ids = set()
    for seed in range(12):
        run = Simulation(drawn, seed)
        run.run(until=oath_2025)
        ids.add(int(run.recorder.mayor_id[oath_2025 - run.recorder.t0]))
    assert ids == {1, 2}, "an election without a known result is drawn: sometimes the incumbent wins, sometimes not"


def test_a_replayed_result_the_incumbent_could_not_win_is_rejected(tmp_path, capsys):
    from binjai_sim.interfaces.cli import main

    path = write_scenario(tmp_path, "elections: [{date: 2020-12, outcome: incumbent}]\n")
    assert main(["validate", str(path)]) == 2
    assert "elections.0.outcome" in capsys.readouterr().err


def test_a_platform_replaces_only_its_counterparts(baseline):
    counterparts = {a.name: a.counterpart for a in baseline.inventory}
    assert {n for n, c in counterparts.items() if c == "SIPD"} == {"ePerencanaan", "eSSH", "eBudgeting"}
    certain = baseline.with_overrides({"national.platforms[SIPD].monthly_prob": 1.0,
                                       "national.platforms[SP4N-LAPOR].monthly_prob": 1.0})
    seen = set()
    for seed in range(8):
        run = Simulation(certain, seed)
        run.run()
        replaced = {run.apps.names[e[2]]: e[4] for e in run.events if e[1] == "death"
                    and e[3] == Cause.REPLACED_NATIONAL}
        for app, platform in replaced.items():
            assert counterparts[app] == platform
        seen |= set(replaced)
    assert {"eMasyarakat"} <= seen


def test_the_local_merger_closes_exactly_its_counterparts(baseline):
    run = Simulation(baseline.with_overrides({"hazard.intercept": -20.0, "politics.transition_defund_prob": 0.0,
                                              "apps.failure_below": 0.0, "apps.abandon_after_months": 120}), 2)
    run.run()
    assert _deaths(run, Cause.REPLACED_LOCAL) == {"eSDM", "eTKD", "eAbsensi"}


def test_the_national_consolidation_prunes_apps_and_can_be_switched_off(baseline):
    strong = baseline.with_overrides({"national.prunings[pruning of regional apps].monthly_prob": 0.2})
    off = strong.with_overrides({"national.disable": ["consolidation_2023"]})
    pruned_on = pruned_off = 0
    start, end = parse_month("2024-08"), parse_month("2026-12")
    for seed in range(6):
        on_run, off_run = Simulation(strong, seed), Simulation(off, seed)
        on_run.run()
        off_run.run()
        months = [e[0] for e in on_run.events if e[1] == "death" and e[3] == Cause.PRUNED]
        assert all(start <= m <= end for m in months)
        pruned_on += len(months)
        pruned_off += len(_deaths(off_run, Cause.PRUNED))
    assert pruned_on > 0 and pruned_off == 0


def test_a_launch_ban_stops_later_launches(tmp_path):
    scenario = load_scenario(write_scenario(tmp_path, "national: {launch_bans: [{name: ban, date: 2019-01}]}\n"))
    run = Simulation(scenario, 0)
    run.run()
    late = [i for i, a in enumerate(scenario.inventory) if a.launch >= parse_month("2019-01")]
    assert late and all(run.apps.status[i] == 0 for i in late)


def test_unknown_group_names_are_rejected(tmp_path, capsys):
    from binjai_sim.interfaces.cli import main

    assert main(["validate", str(write_scenario(tmp_path, "national: {disable: [consolidation2023]}\n"))]) == 2
    assert "did you mean 'consolidation_2023'" in capsys.readouterr().err


@pytest.mark.parametrize("structure", ["constant", "age", "resources_only"])
def test_hazard_structures(baseline, structure):
    # an intercept of its own: the calibrated one belongs to the five-factor score
    scenario = baseline.with_overrides({"hazard.structure": structure, "hazard.age_effect": 0.3,
                                        "hazard.intercept": -5.0})
    run = Simulation(scenario, 1)
    run.run(until=parse_month("2019-06"))
    s = run.state
    live = (s.status == 1) | (s.status == 2)
    hazard = s.hazard[live]
    if structure == "constant":
        assert np.allclose(hazard, hazard[0])
    elif structure == "age":
        age = (run.month - s.launch[live])
        assert np.all(np.diff(hazard[np.argsort(age)]) >= -1e-15) and np.ptp(hazard) > 0
    else:
        resources = s.factors[live, 1]
        assert np.allclose(s.score[live], resources)


def test_the_evidence_file_is_in_the_repository():
    text = (ROOT / "docs" / "EVIDENCE.md").read_text()
    for fact in ("Mobile JKN", "894", "Perpres 82/2023", "INA Digital", "50.95%", "31.29%", "PP 5/2021"):
        assert fact in text
    assert "docs/EVIDENCE.md" in (BASELINE.read_text()) or "EVIDENCE" in BASELINE.read_text()
