"""The pooled fit over regions: partial pooling, leave-one-region-out, resuming and seeds.

Tiny populations throughout: these check the machinery, not the shipped fit's numbers.
"""
import argparse
from dataclasses import replace

import numpy as np
import pytest

from binjai_sim.analysis.calibrate.pooled import (
    BETA,
    DEVIATION,
    PooledSetup,
    Region,
    covariates_of,
    load_regions,
    pooled_distance,
    region_scenario,
)
from binjai_sim.analysis.calibrate.pooled_commands import fit_regions, setup_of
from binjai_sim.analysis.calibrate.pooled_predict import Rivals
from binjai_sim.analysis.calibrate.targets import Prior
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.resources import CALIBRATION, SCENARIOS
from binjai_sim.base.vocabulary import AppStatus
from binjai_sim.interfaces.cli import main
from binjai_sim.runs.runner import run_model
from binjai_sim.scenario.load import load_scenario
from binjai_sim.scenario.observations import Observation

REGIONS = CALIBRATION / "pooled" / "regions.yaml"


def args(**changes):
    base = dict(regions=REGIONS, priors=CALIBRATION / "pooled" / "priors.yaml",
                per_app_priors=CALIBRATION / "priors.yaml", replicates=1, structures=["constant"], seed=3,
                population=5, generations=1, workers=1)
    return argparse.Namespace(**{**base, **changes})


@pytest.fixture(scope="module")
def shipped():
    return setup_of(args())


def sightings(name: str, scenario, seed: int) -> list[Observation]:
    """Alive/dead sightings of every launched app, twice a year, from one run of ``scenario``."""
    run = run_model(scenario, seed, until=parse_month("2023-12"))
    status, t0 = np.asarray(run.recorder.status), run.recorder.t0
    out = []
    for month in range(parse_month("2018-06"), parse_month("2023-12") + 1, 6):
        for j, app in enumerate(run.apps.names):
            s = status[month - t0, j]
            if s == AppStatus.NOT_LAUNCHED:
                continue
            seen = "alive" if s in (AppStatus.ACTIVE, AppStatus.DEGRADED) else "dead"
            out.append(Observation("99.99", name, app, "local", seen, "", month, month, month, "sighting",
                                   "synthetic", "", 0))
    return out


def test_partial_pooling_recovers_a_planted_covariate_effect():
    # two regions alike but for fiscal capacity; the richer one's apps close far more slowly
    base = load_scenario(SCENARIOS / "binjai_baseline.yaml")
    poor, rich = base.with_overrides({"city.fiscal_capacity": "very_low"}), \
        base.with_overrides({"city.fiscal_capacity": "very_high"})
    regions = [Region(n, s, [], covariates_of(s, None), {}, parse_month("2023-12")) for n, s in
               (("poor", poor), ("rich", rich))]
    # an effect strong enough to stand out of one replicate's noise whatever the calibrated point
    planted = {"hazard.intercept": -3.5, f"{BETA}fiscal_capacity": -1.0, "pooled.spread": 0.0,
               f"{DEVIATION}poor": 0.0, f"{DEVIATION}rich": 0.0}
    regions = [replace(r, records=sightings(r.name, region_scenario(r, planted, "constant", 0.0), 11 + i))
               for i, r in enumerate(regions)]
    setup = PooledSetup(regions, [Prior("hazard.intercept", -7.0, -1.0)], replicates=1, structures=("constant",))
    # the planted values fit the records far better than the same rate everywhere
    flat = {**planted, f"{BETA}fiscal_capacity": 0.0, "hazard.intercept": -3.0}
    assert pooled_distance(setup, planted, 5) < pooled_distance(setup, flat, 5)
    result = fit_regions(setup, args(population=24, generations=3, seed=8), None)["constant"]
    beta = result.posterior[f"{BETA}fiscal_capacity"].to_numpy()
    post = result.posterior
    contrast = (4 * post[f"{BETA}fiscal_capacity"]
                + post["pooled.spread"] * (post[f"{DEVIATION}rich"] - post[f"{DEVIATION}poor"])).to_numpy()
    assert np.median(beta) < 0, "the capacity effect's direction is recovered"
    assert np.mean(contrast < 0) > 0.9, "the richer region's rate is lower"


def poisoned(region: Region) -> Region:
    flip = {"active": "inactive", "inactive": "active"}
    return replace(region, records=[replace(r, value=flip.get(r.value, r.value)) for r in region.records])


def test_a_left_out_region_is_never_read_by_its_fit(shipped):
    denpasar = next(r for r in shipped.regions if r.name == "denpasar")
    bad = replace(shipped, regions=[r if r.name != "denpasar" else poisoned(denpasar) for r in shipped.regions])
    a = args(population=4)
    clean = fit_regions(shipped.without("denpasar"), a, None)["constant"].posterior
    dirty = fit_regions(bad.without("denpasar"), a, None)["constant"].posterior
    assert clean.equals(dirty)
    assert "pooled.deviation.denpasar" not in clean
    # the poison does change a fit that reads the region (so the check above could fail)
    values = {**clean.iloc[0].drop("weight").to_dict(), "pooled.deviation.denpasar": 0.0}
    assert pooled_distance(shipped, values, 1) != pooled_distance(bad, values, 1)
    # and the rivals learn from the training regions only
    assert Rivals(shipped.without("denpasar").regions).share == Rivals(bad.without("denpasar").regions).share


def test_resuming_gives_the_bytes_of_an_uninterrupted_fit(shipped, tmp_path):
    a = args(generations=2, structures=["constant", "age"])
    setup = replace(shipped, structures=("constant", "age"))
    full = fit_regions(setup, a, tmp_path / "full")
    assert fit_regions(setup, args(generations=2, stop_after=1), tmp_path / "cut") == {}
    assert sorted(p.name for p in (tmp_path / "cut").iterdir()) == ["generation_000.npz", "generation_001.npz"]
    resumed = fit_regions(setup, a, tmp_path / "cut")
    for s in full:
        full[s].posterior.to_parquet(tmp_path / "a.parquet")
        resumed[s].posterior.to_parquet(tmp_path / "b.parquet")
        assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
        assert full[s].log_evidence == resumed[s].log_evidence or not np.isfinite(full[s].log_evidence)
    # a checkpoint of other settings is refused, not mixed in
    (tmp_path / "ck" / "pooled").mkdir(parents=True)
    (tmp_path / "ck" / "pooled" / "generation_000.npz").write_bytes((tmp_path / "full" / "generation_000.npz")
                                                                   .read_bytes())
    assert main(["calibrate", "pooled", "--population", "6", "--generations", "2", "--replicates", "1",
                 "--structures", "constant", "--checkpoints", str(tmp_path / "ck"), "--write", str(tmp_path / "w"),
                 "--quiet"]) == 2
    assert not (tmp_path / "w").exists()


def test_the_same_seed_gives_the_same_posterior_another_seed_another(shipped):
    one, two = (fit_regions(shipped, args(), None)["constant"].posterior for _ in range(2))
    other = fit_regions(shipped, args(seed=4), None)["constant"].posterior
    assert one.equals(two)
    assert not one.equals(other)


def test_a_regions_file_with_one_region_is_refused(tmp_path, capsys):
    path = tmp_path / "regions.yaml"
    path.write_text(f"regions:\n  binjai:\n    scenario: {SCENARIOS / 'binjai_baseline.yaml'}\n"
                    f"    observations: {CALIBRATION / 'observations' / 'binjai.csv'}\n", encoding="utf-8")
    assert main(["calibrate", "pooled", str(path), "--write", str(tmp_path / "fit")]) == 2
    err = capsys.readouterr().err
    assert "regions.yaml" in err and "at least two regions" in err
    assert not (tmp_path / "fit").exists()


def test_the_shipped_regions_take_their_covariates_from_their_scenarios(shipped):
    by = {r.name: r.covariates for r in shipped.regions}
    assert by["binjai"]["fiscal_capacity"] < by["denpasar"]["fiscal_capacity"]
    assert by["binjai"]["spbe"] == 0.0 and by["denpasar"]["spbe"] == pytest.approx(3.33 - 2.6)
    # every per-app fitted value not fitted here is reset, so no region runs on Binjai's fit
    assert "hazard.scale" in next(iter(shipped.regions)).neutral
    assert load_regions(REGIONS, CALIBRATION / "priors.yaml")[0].name == "binjai"
