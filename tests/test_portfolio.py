"""plan-package: the exact search in cost order against brute force on synthetic problems (a
stub evaluator, no simulation), the budget, "no package meets", and one small real run."""

import itertools
import json

import numpy as np
import pytest

from binjai_sim.analysis.portfolio.output import verdict_lines
from binjai_sim.analysis.portfolio.plan import Plan
from binjai_sim.analysis.portfolio.search import (
    FAILS,
    MEETS,
    Option,
    ascent,
    assess,
    by_cost,
    contains,
    cost_of,
    pareto,
    search,
)
from binjai_sim.analysis.portfolio.target import Target, parse_budget, parse_target
from binjai_sim.interfaces.cli import main

TARGET = Target("apps-running", 10, 2030 * 12 + 11)


def problem(seed: int, n: int = 6, levels=(0.5, 1.0)):
    """Random costs and a non-monotone chance of meeting: some strategies hurt, and a package's
    chance is a logistic function of the sum of its strategies' effects."""
    rng = np.random.default_rng(seed)
    options = []
    for i in range(n):
        full = float(rng.integers(1, 40)) * 1e6
        options.append(Option(f"s{i}", tuple(levels), tuple(full * x for x in levels)))
    effects = rng.normal(0.3, 1.0, size=(n, len(levels)))
    uniforms = rng.uniform(size=400)

    def chance(vector):
        z = -1.5 + sum(effects[i, k - 1] for i, k in enumerate(vector) if k)
        return 1 / (1 + np.exp(-3 * z))

    def batch_of(vector):
        p = chance(vector)

        def batch(a, b):
            hits = uniforms[a:b] < p
            return hits, hits.astype(float)
        return batch
    return options, batch_of


def every(options, budget):
    return [v for v in itertools.product(*[range(len(o.levels) + 1) for o in options])
            if cost_of(options, v) <= budget]


@pytest.mark.parametrize("seed", range(25))
@pytest.mark.parametrize("climb, beyond", [(False, 0), (True, 0), (True, 4)])
def test_the_search_finds_the_cheapest_package_brute_force_finds(seed, climb, beyond):
    options, batch_of = problem(seed)
    budget = 0.6 * sum(o.annual[-1] for o in options)
    calls = []

    def evaluate(v):
        calls.append(v)
        return assess(batch_of(v), 0.9, 5, 10, 200)

    seeds = []
    if climb:
        from binjai_sim.analysis.portfolio.search import Candidate, contents

        def score(v):
            hits, _ = batch_of(v)(0, 20)
            return float(np.mean(hits))
        _, path = ascent(options, budget, score, lambda v: evaluate(v).decision == MEETS)
        seeds = [Candidate(v, contents(options, v), cost_of(options, v), evaluate(v)) for v in path]
    result = search(options, budget, evaluate, max_candidates=10_000, beyond=beyond, seeds=seeds)
    meeting = [v for v in every(options, budget) if assess(batch_of(v), 0.9, 5, 10, 200).decision == MEETS]
    assert result.proven
    if not meeting:
        assert result.chosen is None
    else:
        assert result.chosen is not None
        assert result.chosen.cost == pytest.approx(min(cost_of(options, v) for v in meeting))
    assert all(c.cost <= budget for c in result.candidates)
    assert len(set(calls)) == len({c.vector for c in result.candidates})


def test_packages_come_in_order_of_cost_and_stop_at_the_budget():
    options, _ = problem(3)
    budget = 50e6
    seen = list(by_cost(options, budget))
    costs = [c for c, _ in seen]
    assert costs == sorted(costs)
    assert {v for _, v in seen} == set(every(options, budget))
    assert all(c <= budget for c in costs)


def test_pruned_packages_contain_one_that_meets_and_are_never_cheaper():
    options, batch_of = problem(7)
    budget = sum(o.annual[-1] for o in options)
    result = search(options, budget, lambda v: assess(batch_of(v), 0.9, 5, 10, 200), 10_000, beyond=30)
    winners = [c for c in result.candidates if c.assessment.decision == MEETS]
    assert winners and result.chosen is winners[0]
    assert all(c.cost >= result.chosen.cost for c in result.candidates[result.candidates.index(result.chosen):])
    for c in result.candidates:  # a package evaluated after the first winner never contains a winner before it
        earlier = [w for w in winners if result.candidates.index(w) < result.candidates.index(c)]
        assert not any(contains(c.vector, w.vector) for w in earlier)


def never(v):
    return assess(lambda a, b: (np.zeros(b - a, bool), np.zeros(b - a)), 0.9, 5, 10, 200)


def plan_of(result, budget):
    return Plan(result, TARGET, budget, 0.9, 1, 24204, (1.0,), 0, [], {}, {"max_draws": 200, "strategies": []})


def test_no_package_meets_is_said_plainly():
    options, _ = problem(1, n=4)
    result = search(options, 1e12, never, 10_000)
    assert result.chosen is None and result.proven
    assert len(result.candidates) == 3 ** 4
    assert all(c.assessment.decision == FAILS and c.assessment.draws == 5 for c in result.candidates)
    text = " ".join(verdict_lines(plan_of(result, 1e12)))
    assert "No package within the budget" in text


def test_a_capped_search_says_what_it_did_not_check():
    options, _ = problem(1, n=4)
    result = search(options, 1e12, never, 7)
    assert result.chosen is None and not result.proven and len(result.candidates) == 7
    assert result.checked_to >= max(c.cost for c in result.candidates)
    assert "stopped after 7 packages" in " ".join(verdict_lines(plan_of(result, 1e12)))


def test_an_undecided_package_stays_undecided_at_the_cap():
    flip = np.arange(200) % 10 != 0  # exactly 90% of draws meet: the band never leaves 0.9
    result = assess(lambda a, b: (flip[a:b], flip[a:b].astype(float)), 0.9, 5, 10, 60)
    assert result.decision == "undecided" and result.draws == 60


def test_the_front_keeps_packages_no_other_beats():
    points = [(0, 3, 0.1), (10, 5, 0.5), (12, 4, 0.4), (20, 8, 0.95), (25, 8, 0.95)]
    assert pareto(points) == [True, True, False, True, False]


def test_budgets_and_targets_are_read_as_a_planner_writes_them():
    assert parse_budget("500jt") == 500e6
    assert parse_budget("1,5 miliar") == 1.5e9
    assert parse_budget("Rp 250000000") == 250e6
    target = parse_target("apps-running:2030:12", (2016 * 12 + 11, 2030 * 12 + 11))
    assert (target.month, target.threshold) == (2030 * 12 + 11, 12)
    assert parse_target("citizen-months:2000000", (0, 1)).kind == "citizen-months"


@pytest.mark.parametrize("flags, key", [
    (["--budget-per-year", "lots", "--target", "apps-running:2030:5"], "--budget-per-year"),
    (["--budget-per-year", "500jt", "--target", "apps:2030:5"], "--target"),
    (["--budget-per-year", "500jt", "--target", "apps-running:2040:5"], "--target"),
    (["--budget-per-year", "500jt", "--target", "apps-running:2030:5", "--intensities", "2"], "--intensities"),
    (["--budget-per-year", "500jt", "--target", "apps-running:2030:5", "--strategies", "bogus"], "--strategies"),
])
def test_bad_input_is_refused_with_the_option_named_and_nothing_written(tmp_path, capsys, flags, key):
    code = main(["plan-package", "scenarios/binjai_baseline.yaml", *flags, "--out", str(tmp_path)])
    assert code == 2
    assert key in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


@pytest.mark.slow
def test_a_small_real_search_gives_the_same_bytes_twice(tmp_path):
    args = ["plan-package", "scenarios/binjai_baseline.yaml", "--budget-per-year", "40jt", "--target",
            "apps-running:2022:8", "--strategies", "handover_protocol,sops_documentation,mayoral_regulation",
            "--intensities", "1", "--max-draws", "20", "--quiet", "--seed", "5"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b"), "--lang", "id"]) == 0
    assert main([*args, "--out", str(tmp_path / "c")]) == 0
    a, b, c = (tmp_path / x / "package_plan" for x in "abc")
    for name in ("candidates.csv", "plan_en.md", "plan.json", "pareto_en.png"):
        assert (a / name).read_bytes() == (c / name).read_bytes(), name
    assert (a / "candidates.csv").read_bytes() == (b / "candidates.csv").read_bytes()
    plan = json.loads((a / "plan.json").read_text())
    assert plan["candidates"] >= 1 and plan["budget_per_year_rp"] == 40e6
    assert "Biaya" in (b / "plan_id.md").read_text() or "paket" in (b / "plan_id.md").read_text()
    assert len((a / "candidates.csv").read_text().splitlines()) == plan["candidates"] + 1
