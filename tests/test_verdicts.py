"""Verdicts that carry their Monte-Carlo error: the Wilson band, the rule at and around the
threshold, draws added in batches up to a cap, the same verdicts on other seeds, and the
prior's verdicts beside the posterior's."""

import math

import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from binjai_sim import load_scenario
from binjai_sim.analysis.compare import compare
from binjai_sim.analysis.posterior import draws, prior_draws
from binjai_sim.analysis.verdicts.rule import ROBUST, Z90, classify, verdict, wilson
from binjai_sim.analysis.verdicts.sequential import merge, until_decided
from binjai_sim.analysis.verdicts.taught import beside, lesson
from binjai_sim.base.i18n import use

from .conftest import ROOT, write_scenario

POLITICAL = ROOT / "scenarios" / "strategies" / "political.yaml"


@pytest.mark.parametrize(("k", "n"), [(0, 10), (9, 10), (36, 40), (40, 40), (1, 3)])
def test_the_band_is_the_wilson_score_interval_at_90_percent(k, n):
    low, high = wilson(k, n)
    assert (low, high) == pytest.approx(proportion_confint(k, n, alpha=0.10, method="wilson"), abs=1e-12)


def test_when_every_draw_agrees_the_band_still_has_width():
    # all n better: the lower bound is n / (n + z^2), so 25 draws is the fewest that can clear 0.90
    for n in (10, 24, 25, 100):
        assert wilson(n, n)[0] == pytest.approx(n / (n + Z90 ** 2)) and wilson(n, n)[1] == 1.0
    assert math.ceil(ROBUST / (1 - ROBUST) * Z90 ** 2) == 25
    assert verdict(24, 0, 24) == "undecided" and verdict(25, 0, 25) == "robust: better"
    assert verdict(0, 25, 25) == "robust: worse"


def test_a_band_that_reaches_the_threshold_exactly_clears_it():
    assert classify((0.90, 0.97), (0.0, 0.05)) == "robust: better"
    assert classify((0.0, 0.05), (0.90, 0.99)) == "robust: worse"
    assert classify((0.8999, 0.97), (0.0, 0.05)) == "undecided"


def test_bands_straddling_the_threshold_are_undecided_and_bands_below_it_are_not_robust():
    assert classify((0.85, 0.95), (0.02, 0.1)) == "undecided"
    assert classify((0.5, 0.90), (0.05, 0.2)) == "undecided"  # the top of the band touches 0.90
    assert classify((0.5, 0.8999), (0.05, 0.2)) == "not robust"
    assert classify((0.0, 0.1), (0.8, 0.95)) == "undecided"  # worse might be robust
    assert verdict(0, 0, 7) == "no difference"


def test_a_share_exactly_at_the_threshold_is_undecided_however_many_draws():
    for n in (40, 400, 10_000):
        assert verdict(int(0.9 * n), n - int(0.9 * n), n) == "undecided"
    # the five seeds at 40 draws: 0.925, 0.80, 0.925, 0.90, 0.95 (the old rule: 4 robust, 1 not):
    # none of them is robust now; 0.80's band (0.68-0.88) lies wholly below 0.90
    assert [verdict(k, 40 - k, 40) for k in (37, 32, 37, 36, 38)] == ["undecided", "not robust", *["undecided"] * 3]
    assert wilson(32, 40)[1] < ROBUST < wilson(38, 40)[1]
    assert verdict(20, 20, 40) == "not robust"


def _short(tmp_path, name, extra=""):
    """A fast small setting: the baseline (or a package) to 2022-12, 1,000 residents per agent."""
    text = (f"name: {name}\nhorizon: {{start: 2016-12, end: 2022-12}}\nreport: {{checkpoints: []}}\n"
            "elections: [{date: 2020-12, inauguration: 2021-02, outcome: challenger}]\n"
            f"city: {{residents_per_agent: 1000}}\n{extra}")
    return load_scenario(write_scenario(tmp_path, text, f"{name}.yaml"))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("small")
    base = _short(tmp, "base")
    package = load_scenario(POLITICAL)
    strategies = "strategies:\n" + "".join(f"  - {{name: {s['name']}, start: 2017-03}}\n"
                                           for s in package.spec.strategies)
    return base, _short(tmp, "political", strategies)


def test_batches_put_together_are_the_comparison_of_all_their_draws(small):
    sets = draws(small[0], 6, seed=3)
    whole = compare(list(small), 3, 1, draws=sets)
    parts = [compare(list(small), 3, 1, draws=sets[:2]), compare(list(small), 3, 1, draws=sets[2:], first_draw=2)]
    together = merge(parts)
    pd.testing.assert_frame_equal(together.metrics, whole.metrics)
    pd.testing.assert_frame_equal(together.paired, whole.paired)
    assert together.seeds == whole.seeds


def test_draws_are_added_up_to_the_cap_and_then_the_verdict_is_undecided(small):
    sets = draws(small[0], 8, seed=3)
    result = until_decided(list(small), 3, 1, sets, first=4, batch=2)
    costs = result.paired.set_index("outcome").loc["strategy_cost_rp"]
    # a cost is spent in every draw, yet 8 draws cannot clear 0.90 (25 are needed): the cap ends it
    assert costs["p_worse"] == 1.0 and costs["verdict"] == "undecided"
    assert (result.paired["units"] == 8).all() and sorted(result.metrics["draw"].unique()) == list(range(8))


def test_no_more_draws_once_every_verdict_is_decided(small):
    base = small[0]
    twin = _short(base.path.parent, "twin")
    result = until_decided([base, twin], 3, 1, draws(base, 30, seed=3), first=3, batch=3)
    assert set(result.paired["verdict"]) == {"no difference"} and (result.paired["units"] == 3).all()


@pytest.mark.slow
def test_the_same_verdicts_come_out_on_five_seeds(small):
    verdicts = []
    for seed in (9, 10, 11, 12, 13):
        result = until_decided(list(small), seed, 1, draws(small[0], 120, seed), first=40, batch=40)
        verdicts.append(result.paired.set_index("outcome")["verdict"].to_dict())
    # the outcomes whose P(better) lies clear of 0.90 get one verdict on every seed
    for outcome in ("app_years", "citizen_months", "strategy_cost_rp"):
        assert {v[outcome] for v in verdicts} == {verdicts[0][outcome]}, verdicts
    assert verdicts[0]["app_years"] == "robust: better" and verdicts[0]["strategy_cost_rp"] == "robust: worse"
    # one near it (active apps at the end, P about 0.93) may stay undecided on some seeds, but no two
    # seeds ever contradict each other
    for outcome in verdicts[0]:
        assert len({v[outcome] for v in verdicts} - {"undecided"}) <= 1, verdicts


def test_prior_draws_are_seeded_cover_the_posteriors_keys_and_stay_within_their_priors(baseline):
    a, b = prior_draws(baseline, 20, seed=4), prior_draws(baseline, 20, seed=4)
    assert [d.changes for d in a] == [d.changes for d in b]
    assert prior_draws(baseline, 1, seed=5)[0].changes != a[0].changes
    post = draws(baseline, 1, seed=4)[0]
    assert set(a[0].changes) == set(post.changes)
    values = [d.changes["hazard.intercept"] for d in a]
    assert all(-7.0 <= v <= -1.0 for v in values) and max(values) - min(values) > 2.0  # U(-7, -1), not the posterior


def test_the_lesson_says_plainly_when_no_verdict_moved_and_names_those_that_did():
    paired = pd.DataFrame({"scenario": ["p", "p"], "outcome": ["app_years", "strategy_cost_rp"],
                           "verdict": ["robust: better", "robust: worse"]})
    prior = paired.assign(p_better=[1.0, 0.0], band_low=[0.93, 0.0], band_high=[1.0, 0.07], units=[40, 40])
    same = beside(paired, prior)
    with use("en"):
        assert lesson(same).startswith("The data moved no verdict")
    with use("id"):
        assert lesson(same).startswith("Data tidak menggeser satu pun kesimpulan")
    moved = beside(paired, prior.assign(verdict=["undecided", "robust: worse"]))
    with use("en"):
        text = lesson(moved, {"p": "political package"})
    assert "moved 1 of 2" in text and "political package, app-years: undecided -> robust: better" in text


def test_the_parameter_table_shows_prior_and_posterior_intervals_and_flags_the_narrowed(capsys):
    from binjai_sim.analysis.calibrate.fit import prepare
    from binjai_sim.analysis.calibrate.taught import taught_table
    from binjai_sim.interfaces.cli import main

    setup = prepare(ROOT / "calibration" / "targets.yaml", ROOT / "calibration" / "priors.yaml")
    posterior = pd.read_parquet(ROOT / "calibration" / "posterior.parquet")
    table = taught_table(posterior, setup.priors).set_index("parameter")
    intercept = table.loc["hazard.intercept"]  # U(-7, -1): its central 90% is -6.7 to -1.3
    assert (intercept["prior_p05"], intercept["prior_p95"]) == pytest.approx((-6.7, -1.3))
    ratio = (table["p95"] - table["p05"]) / (table["prior_p95"] - table["prior_p05"])
    assert table["width_ratio"].to_numpy() == pytest.approx(ratio.to_numpy())
    assert (table["narrowed"] == (ratio <= 0.6)).all()
    assert main(["calibrate", "taught", str(ROOT / "calibration" / "targets.yaml")]) == 0
    printed = capsys.readouterr().out
    assert f"{int(table['narrowed'].sum())} of {len(table)} fitted parameters narrowed" in printed
    targets = str(ROOT / "calibration" / "targets.yaml")
    assert main(["calibrate", "taught", targets, "--posterior", "nowhere.parquet"]) == 2
