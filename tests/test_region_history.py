"""Regions' recorded instruments inform the strategies' effect sizes: the history file, the pooled
fit's parameter list, and the draws a comparison takes from the pooled posterior."""
import argparse

import numpy as np
import pandas as pd
import pytest
import yaml

from binjai_sim.analysis.calibrate.history import COLUMNS, in_force, load_history
from binjai_sim.analysis.calibrate.pooled_commands import setup_of
from binjai_sim.analysis.calibrate.strategy_fit import fitted_changes, informed_keys, sources_note
from binjai_sim.analysis.posterior import Draw, with_strategy_effects
from binjai_sim.base.errors import InputError
from binjai_sim.base.resources import CALIBRATION, SCENARIOS
from binjai_sim.interfaces.cli import main

FLOOR = "strategies[long_term_plan].floor"
PROTECTION = "strategies[long_term_plan].handover_protection"
HEADER = ",".join(COLUMNS) + "\n"
SOURCE = "https://example.org/perwal"


def regions_file(tmp_path, history_rows: str | None) -> "Path":  # noqa: F821
    """Binjai and Denpasar as shipped, with a history file of ``history_rows`` (none: no history key)."""
    history = ""
    if history_rows is not None:
        (tmp_path / "history.csv").write_text(HEADER + history_rows, encoding="utf-8")
        history = f"    history: {tmp_path / 'history.csv'}\n"
    path = tmp_path / "regions.yaml"
    path.write_text(
        "regions:\n"
        f"  binjai:\n    scenario: {SCENARIOS / 'binjai_baseline.yaml'}\n"
        f"    observations: {CALIBRATION / 'observations' / 'binjai.csv'}\n"
        f"  denpasar:\n    scenario: {SCENARIOS / 'cities' / 'denpasar' / 'scenario.yaml'}\n"
        f"    observations: {CALIBRATION / 'observations' / 'denpasar.csv'}\n    spbe: 3.33\n{history}",
        encoding="utf-8")
    return path


def setup_for(path):
    return setup_of(argparse.Namespace(regions=path, priors=CALIBRATION / "pooled" / "priors.yaml",
                                       per_app_priors=CALIBRATION / "priors.yaml", replicates=1,
                                       structures=["five_factor"]))


def test_the_shipped_history_cites_a_source_for_every_dated_row_and_says_not_found_for_each_region():
    rows = load_history(CALIBRATION / "pooled" / "region_history.csv")
    assert all(r.source.startswith("http") for r in rows if r.start is not None)
    for region in ("binjai", "denpasar", "magetan"):
        assert any(r.region == region and r.start is None for r in rows)
    assert in_force(rows, "binjai") == []  # nothing Binjai had matches a strategy with a date


def test_a_dated_instrument_without_a_source_is_refused_naming_the_file_and_key(tmp_path, capsys):
    path = regions_file(tmp_path, "denpasar,long_term_plan,2019-06,a masterplan Perwal,,\n")
    with pytest.raises(InputError) as error:
        load_history(tmp_path / "history.csv")
    assert error.value.key == "row 2.source"
    assert main(["calibrate", "pooled", str(path), "--population", "4", "--generations", "1", "--replicates", "1",
                 "--structures", "five_factor", "--write", str(tmp_path / "fit"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "history.csv" in err and "row 2.source" in err and "https://" in err
    assert not (tmp_path / "fit").exists()


@pytest.mark.parametrize("row, key", [
    ("denpasar,long_term_plan,sometime,x,https://a.b/c,\n", "row 2.start"),
    ("denpasar,e_government,2019-06,x,https://a.b/c,\n", "row 2.strategy"),
    ("denpasar,long_term_plan,2019-06,x,not an address,\n", "row 2.source"),
])
def test_a_bad_row_is_refused_naming_its_column(tmp_path, row, key):
    (tmp_path / "h.csv").write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_history(tmp_path / "h.csv")
    assert error.value.key == key


def test_a_year_enters_as_its_december_and_not_found_enters_nothing(tmp_path):
    (tmp_path / "h.csv").write_text(HEADER + f"denpasar,long_term_plan,2019,x,{SOURCE},\n"
                                    "denpasar,smart_city_unit,not found,x,,\n"
                                    f"denpasar,none,2018-01,x,{SOURCE},\n", encoding="utf-8")
    assert in_force(load_history(tmp_path / "h.csv"), "denpasar") == [{"name": "long_term_plan",
                                                                       "start": "2019-12"}]


def test_a_strategy_in_force_in_a_region_becomes_a_fitted_parameter_and_only_then(tmp_path):
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    held = setup_for(regions_file(tmp_path / "with", f"denpasar,long_term_plan,2019-06,a Perwal,{SOURCE},\n"))
    bare = setup_for(regions_file(tmp_path / "without", None))
    keys = [p.key for p in held.priors("five_factor")]
    assert FLOOR in keys and PROTECTION in keys
    assert "strategies[long_term_plan].monthly_cost_rp" not in keys  # a cost stays an assumption
    assert not any(p.key.startswith("strategies[") for p in bare.priors("five_factor"))
    # a fit that leaves Denpasar out has no region that holds it: nothing informs it
    assert FLOOR not in [p.key for p in held.without("denpasar").priors("five_factor")]


def test_a_tiny_pooled_fit_reports_the_strategy_parameter_with_prior_and_posterior(tmp_path):
    path = regions_file(tmp_path, f"denpasar,long_term_plan,2019-06,a Perwal,{SOURCE},\n")
    assert main(["calibrate", "pooled", str(path), "--population", "4", "--generations", "1", "--replicates", "1",
                 "--structures", "five_factor", "--predictive", "2", "--checkpoints", str(tmp_path / "ck"),
                 "--write", str(tmp_path / "fit"), "--quiet"]) == 0
    params = pd.read_csv(tmp_path / "fit" / "parameters.csv")
    row = params[params.parameter == FLOOR].iloc[0]
    assert (row.prior_p05, row.prior_p95) == pytest.approx((0.275, 0.725))
    assert np.isfinite(row.width_ratio)
    assert FLOOR in informed_keys(tmp_path / "fit")


def plant(folder, floor: float):
    """A pooled fit whose posterior holds long_term_plan's floor, narrow and off the prior's centre."""
    folder.mkdir()
    n = 50
    frame = pd.DataFrame({"hazard.intercept": np.linspace(-5, -2, n),
                          FLOOR: floor + np.linspace(-0.005, 0.005, n), "weight": 1.0 / n})
    frame.to_parquet(folder / "posterior_five_factor.parquet", index=False)
    (folder / "pooled.yaml").write_text(yaml.safe_dump({"structure_probabilities": {"five_factor": 1.0}}),
                                        encoding="utf-8")


def test_the_posterior_side_draws_a_fitted_parameter_from_the_pooled_posterior_and_the_rest_from_priors(tmp_path):
    plant(tmp_path / "fit", 0.71)
    base = [Draw({}, "five_factor") for _ in range(200)]
    post = with_strategy_effects(base, 5, tmp_path / "fit")
    prior = with_strategy_effects(base, 5)
    floors = np.array([d.changes[FLOOR] for d in post])
    assert floors.min() >= 0.705 and floors.max() <= 0.715
    prior_floors = np.array([d.changes[FLOOR] for d in prior])
    assert prior_floors.min() < 0.4 and prior_floors.max() > 0.65  # the prior side keeps the prior's range
    # a parameter the fit does not hold comes from its prior, the same value on both sides
    assert [d.changes[PROTECTION] for d in post] == [d.changes[PROTECTION] for d in prior]
    # no pooled fit, or one without strategy parameters: nothing changes
    assert with_strategy_effects(base, 5, tmp_path / "absent") == prior
    assert fitted_changes(["five_factor"], 5, tmp_path / "absent") == [{}]


def test_the_note_names_what_the_records_informed_and_what_remains_assumed(tmp_path):
    plant(tmp_path / "fit", 0.71)
    assert FLOOR in sources_note(tmp_path / "fit") and "assumption" in sources_note(tmp_path / "fit")
    assert "no region's records" in sources_note(tmp_path / "absent")
