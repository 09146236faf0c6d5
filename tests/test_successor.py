"""The successor outcome: a new head from the outgoing head's own camp (binjai_sim/model/engine/politics.py),
its Beta priors (calibration/priors.yaml) and the script that counts them (scripts/election_priors.py)."""

import csv
import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest

from binjai_sim.analysis.calibrate.smc import Space
from binjai_sim.analysis.calibrate.targets import load_priors
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.vocabulary import ELECTION_OUTCOMES, Cause
from binjai_sim.model.engine import Simulation
from binjai_sim.model.engine.politics import politics
from binjai_sim.model.engine.state import plan_ref, state_ref
from binjai_sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PRIORS = ROOT / "calibration" / "priors.yaml"
DENPASAR = ROOT / "scenarios" / "cities" / "denpasar" / "scenario.yaml"
EXTRACT = ROOT / "calibration" / "observed" / "pilkada_2015.csv"


def _script():
    spec = importlib.util.spec_from_file_location("election_priors", ROOT / "scripts" / "election_priors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being defined
    spec.loader.exec_module(module)
    return module


def _wilson(successes: int, n: int, z: float = 3.29) -> tuple[float, float]:
    """The Wilson score interval (z = 3.29: 99.9%)."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _first_oath(baseline, outcome: str, seed: int) -> Simulation:
    """Binjai to the end of 2022 with its 2020 election replayed as ``outcome``."""
    scenario = baseline.with_overrides({"elections[0].outcome": outcome})
    run = Simulation(scenario, seed)
    run.run(until=parse_month("2022-12"))
    return run


def test_a_successor_keeps_more_apps_than_a_challenger_at_the_same_seed(baseline):
    """Paired on the seed: the successor adopts most legacy apps (no review), keeps more of the
    priority and brings a milder rotation wave."""
    cut, live, waves = {}, {}, {}
    for outcome in ("challenger", "successor"):
        cut[outcome], live[outcome], waves[outcome] = [], [], []
        for seed in range(6):
            run = _first_oath(baseline, outcome, seed)
            cut[outcome].append(sum(1 for e in run.events if e[1] == "death" and e[3] == Cause.HANDOVER_CUT))
            live[outcome].append(int(run.apps.live().sum()))
            waves[outcome] += [float(e[4].split()[-1]) for e in run.events if e[1] == "rotation_wave"]
            assert [e[4] for e in run.events if e[1] == "election"][0] == outcome
    assert sum(cut["successor"]) < sum(cut["challenger"])
    assert sum(live["successor"]) > sum(live["challenger"])
    assert sum(s >= c for s, c in zip(live["successor"], live["challenger"], strict=True)) >= 5
    share = baseline.spec.civil_service.rotation_wave.share
    continuity = baseline.spec.politics.successor_continuity
    assert waves["challenger"] == pytest.approx([share] * 6)
    assert waves["successor"] == pytest.approx([round(share * (1 - continuity), 2)] * 6, abs=0.005)


def test_a_successor_adopts_apps_as_its_own_and_keeps_its_share_of_the_priority(baseline):
    """With full continuity nothing is cut and every live app counts as the successor's own."""
    scenario = baseline.with_overrides({"elections[0].outcome": "successor", "politics.successor_continuity": 1.0})
    run = Simulation(scenario, 3)
    oath = baseline.spec.elections[0].inauguration
    run.run(until=oath - 1)
    before = run.priority
    run.run(until=oath)
    live = run.apps.live()
    assert not [e for e in run.events if e[1] == "death" and e[3] == Cause.HANDOVER_CUT]
    assert (run.state.launched_by[live] == run.state.mayor_id[0]).all() and run.state.mayor_id[0] == 1
    assert run.state.mayor_terms[0] == 1  # a new person: the first term
    # the priority is kept whole; only the month's feedback from visible impact moves it
    assert abs(run.priority - before) <= scenario.spec.politics.impact_feedback


def test_the_replayed_outcome_is_what_the_scenario_says(baseline):
    for outcome in ELECTION_OUTCOMES[1:]:
        scenario = baseline.with_overrides({"elections[0].outcome": outcome})
        run = Simulation(scenario, 11)
        run.run(until=parse_month("2021-03"))
        assert [e[4] for e in run.events if e[1] == "election"] == [outcome]
    denpasar = load_scenario(DENPASAR)
    assert [e.outcome for e in denpasar.spec.elections] == ["successor", "incumbent"]
    assert "Jaya Negara" in denpasar.spec.elections[0].source and "antaranews" in denpasar.spec.elections[0].source


def test_a_term_limited_head_cannot_be_replayed_as_reelected_but_can_be_succeeded(baseline, tmp_path):
    with pytest.raises(InputError) as refused:
        baseline.with_overrides({"elections[0].outcome": "incumbent"})
    assert "successor" in str(refused.value) and "elections.0.outcome" in str(refused.value)
    with pytest.raises(InputError) as unknown:
        baseline.with_overrides({"elections[0].outcome": "penerus"})
    assert "'successor'" in str(unknown.value)


def _drawn(baseline, terms: int, params: dict, draws: int, seed: int) -> list[str]:
    """``draws`` votes drawn (not replayed) by the engine, each with its own election key, the
    k-th with ``params`` given as values or arrays of one value per vote."""
    run = Simulation(baseline, 0)
    vote_at = np.full(run.plan.vote_at.shape, -1)
    vote_at[5] = 0
    plan = run.plan._replace(vote_at=vote_at, oath_at=np.full(run.plan.oath_at.shape, -1),
                             known_outcome=np.full(run.plan.known_outcome.shape, -1))
    keys = np.random.default_rng(seed).integers(0, 2**63, size=draws, dtype=np.uint64)
    refs = state_ref(tuple(run.state)), plan_ref(tuple(plan))
    out = []
    for k in range(draws):
        run.state.mayor_terms[0] = terms
        run.state.election_key[0] = keys[k]
        p = run.params._replace(**{name: float(np.broadcast_to(v, draws)[k]) for name, v in params.items()})
        politics(refs[0], p, refs[1], 5)
        out.append(ELECTION_OUTCOMES[int(run.state.pending_winner[0])])
    return out


def test_drawn_outcomes_have_the_priors_frequency(baseline):
    """Each vote's chance drawn from its Beta prior (calibration/priors.yaml) through the
    calibration's own prior sampler, then the vote drawn by the engine: over many votes the
    share won is the prior's mean, within a 99.9% Wilson band."""
    priors = {p.key: p for p in load_priors(PRIORS, baseline)}
    n = 3000
    for key, terms, winner in (("politics.successor_win_prob", 2, "successor"),
                               ("politics.incumbent_win_prob", 1, "incumbent")):
        prior = priors[key]
        assert prior.kind == "beta"
        space = Space.of([prior])
        chances = space.to_x(space.draw_prior(np.random.default_rng(5), n))[:, 0]
        outcomes = _drawn(baseline, terms, {key.split(".")[1]: chances}, n, seed=9)
        assert set(outcomes) == {winner, "challenger"}
        low, high = _wilson(outcomes.count(winner), n)
        assert low <= prior.a / (prior.a + prior.b) <= high


def test_a_term_limited_heads_camp_never_keeps_office_at_the_default(baseline):
    """Unset by default: the rule the frozen baseline was made with."""
    assert baseline.spec.politics.successor_win_prob is None
    assert set(_drawn(baseline, 2, {}, 300, seed=2)) == {"challenger"}


def test_beta_priors_are_drawn_from_their_own_shape_and_scored_by_it(baseline):
    prior = next(p for p in load_priors(PRIORS, baseline) if p.key == "politics.successor_continuity")
    space = Space.of([prior])
    x = space.to_x(space.draw_prior(np.random.default_rng(1), 20000))[:, 0]
    a, b = prior.a, prior.b
    assert x.mean() == pytest.approx(a / (a + b), abs=0.01)
    assert x.var() == pytest.approx(a * b / ((a + b) ** 2 * (a + b + 1)), rel=0.08)
    # in the sampler's coordinates a Beta(a, b) has density x^a (1 - x)^b: the ratio of two points
    y = np.log(np.array([[0.3], [0.8]]) / (1 - np.array([[0.3], [0.8]])))
    ratio = np.exp(space.log_prior(y[1]) - space.log_prior(y[0]))
    assert ratio == pytest.approx((0.8**a * 0.2**b) / (0.3**a * 0.7**b))


def test_a_beta_prior_with_other_keys_or_shapes_is_refused(baseline, tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text("politics.successor_win_prob: {kind: beta, a: 0, b: 3}\n"
                    "politics.successor_continuity: {kind: beta, a: 2, b: 3, low: 0}\n")
    with pytest.raises(InputError) as refused:
        load_priors(path, baseline)
    text = str(refused.value)
    assert "politics.successor_win_prob" in text and "a = 0" in text
    assert "politics.successor_continuity" in text and "low" in text and str(path) in text


def test_the_prior_scripts_counts_match_the_csv(capsys):
    """Counted here by hand from the shipped extract, independently of the script's own filters."""
    script = _script()
    with EXTRACT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 260 and {r["year"] for r in rows} == {"2015"}
    ran = [r for r in rows if r["incumbent_won"] in ("True", "False")]
    deputy = [r for r in rows if r["incumbent_head_ran"] == "False" and r["incumbent_deputy_ran_as_head"] == "True"
              and r["winner_no"]]
    found = script.counts(script.read_rows(EXTRACT))
    assert (found.incumbent_ran, found.incumbent_won) == (len(ran), sum(r["incumbent_won"] == "True" for r in ran))
    assert (found.incumbent_ran, found.incumbent_won) == (119, 74)  # the covariates README's figure
    assert found.deputy_ran == len(deputy)
    assert found.deputy_won == sum(r["incumbent_or_deputy_in_winning_pair"] == "True" for r in deputy)
    assert script.main(["--check"]) == 0
    printed = capsys.readouterr().out
    a, b = found.betas()["politics.successor_win_prob"]
    assert f"politics.successor_win_prob: Beta({a}, {b})" in printed
    priors = {p.key: p for p in load_priors(PRIORS, load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml"))}
    assert (priors["politics.incumbent_win_prob"].a, priors["politics.incumbent_win_prob"].b) == (75, 46)
    assert (priors["politics.successor_win_prob"].a, priors["politics.successor_win_prob"].b) == (a, b)


def test_the_prior_script_check_fails_when_the_priors_file_disagrees(tmp_path, monkeypatch):
    script = _script()
    stale = tmp_path / "priors.yaml"
    stale.write_text(PRIORS.read_text().replace("a: 75, b: 46", "a: 70, b: 46"))
    monkeypatch.setattr(script, "PRIORS", stale)
    assert script.main(["--check"]) == 1


def test_the_parameter_table_shows_a_beta_priors_shape_and_interval(baseline):
    import pandas as pd
    from scipy.stats import beta

    from binjai_sim.analysis.calibrate.report import parameter_table

    priors = [p for p in load_priors(PRIORS, baseline) if p.key in ("politics.successor_continuity", "hazard.scale")]
    x = np.linspace(0.2, 0.9, 50)
    posterior = pd.DataFrame({"politics.successor_continuity": x, "hazard.scale": 12 * x, "weight": np.ones(50)})
    table = parameter_table(posterior, [*priors, load_priors(PRIORS, baseline)[0]], {}).set_index("parameter")
    assert "hazard.intercept" not in table.index  # a prior the posterior has no column for: no row
    row = table.loc["politics.successor_continuity"]
    assert row["prior"] == "Beta(4, 2)"
    assert (row["prior_p05"], row["prior_p95"]) == pytest.approx(tuple(beta.ppf([0.05, 0.95], 4, 2)))
