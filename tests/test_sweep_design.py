"""Sweep designs: common random numbers, the noise floor, ties, groups, date ranges, the held
hazard level, sizing (validate, pilot) and what the shipped screening covers."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from binjai_sim.analysis.sweep.analysis import analyse
from binjai_sim.analysis.sweep.noise import morris_floor, noise_share
from binjai_sim.analysis.sweep.spec import Morris, Parameter, Sobol, load_sweep
from binjai_sim.analysis.sweep.ties import describe, tiers
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE, ROOT

SWEEP = f"""
name: design
base: {BASELINE}
method: {{name: morris, trajectories: 3, levels: 4}}
replicates: 3
outcomes: [app_years, apps_live_2030-12]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}}
  - {{path: structure.fiscal_multipliers.high, name: unused_multiplier, bounds: [1, 2], group: assumption}}
"""


def _write(tmp_path, text, name="design.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def design(tmp_path_factory):
    folder = tmp_path_factory.mktemp("design")
    path = _write(folder, SWEEP)
    assert main(["sensitivity", str(path), "--out", str(folder / "out")]) == 0
    return path, folder / "out" / "design"


def test_common_random_numbers_give_every_point_the_same_seeds(design):
    """Binjai's fiscal class is very low, so the 'high' class's multiplier changes nothing: with
    the same seeds at every point its elementary effects are exactly zero, as is its noise."""
    _, folder = design
    ind = pd.read_csv(folder / "indices.csv").set_index(["outcome", "parameter"])
    for outcome in ("app_years", "apps_live_2030-12"):
        assert ind.loc[(outcome, "unused_multiplier"), "mu_star"] == 0.0
        assert ind.loc[(outcome, "unused_multiplier"), "mu_star_noise"] == 0.0
        assert ind.loc[(outcome, "politics.continuity"), "mu_star"] > 0.0


def test_without_common_random_numbers_an_inert_input_shows_noise(tmp_path):
    path = _write(tmp_path, SWEEP + "common_random_numbers: false\n")
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out")]) == 0
    ind = pd.read_csv(tmp_path / "out" / "design" / "indices.csv").set_index(["outcome", "parameter"])
    assert ind.loc[("app_years", "unused_multiplier"), "mu_star"] > 0.0


def test_the_noise_floor_is_computed_and_reported(design, capsys):
    path, folder = design
    noise = pd.read_csv(folder / "noise.csv").set_index("outcome")
    assert set(noise.index) == {"app_years", "apps_live_2030-12"}
    row = noise.loc["app_years"]
    assert 0 < row.floor_median <= row.floor_max and 0 <= row.noise_share <= 1
    assert row.residual_sd < row.replicate_sd, "common random numbers cancel part of the noise"
    ind = pd.read_csv(folder / "indices.csv")
    assert ind.loc[ind.outcome == "app_years", "mu_star_noise"].max() == pytest.approx(row.floor_max)
    assert main(["sensitivity", str(path), "--out", str(folder.parent), "--resume"]) == 0
    out = capsys.readouterr().out
    assert "noise floor of mu*" in out and "common random numbers" in out


def _synthetic(effect: float, reps: int = 8, trajectories: int = 60):
    from SALib.sample import morris

    prob = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    x = morris.sample(prob, trajectories, num_levels=4, seed=3)
    rng = np.random.default_rng(4)
    y = effect * x[:, [0]] + rng.normal(0.0, 1.0, (len(x), reps))  # only 'a' acts; noise sd 1
    return prob, x, y


def test_noise_floor_matches_pure_noise_and_sits_below_a_real_effect():
    prob, x, y = _synthetic(effect=0.0)
    ind = analyse(Morris(name="morris", trajectories=60, levels=4), prob, x, y.mean(axis=1), seed=1)
    floor = morris_floor(prob, x, y, levels=4)
    # with no effect at all, mu* is nothing but noise: it must sit at the floor
    expected = math.sqrt(2 / math.pi) * math.sqrt(2) / math.sqrt(8) / (4 / 6)
    assert floor == pytest.approx([expected] * 3, rel=0.15)
    assert ind["mu_star"].to_numpy() == pytest.approx(floor, rel=0.3)
    prob, x, y = _synthetic(effect=5.0)
    ind = analyse(Morris(name="morris", trajectories=60, levels=4), prob, x, y.mean(axis=1), seed=1)
    assert ind.set_index("parameter").loc["a", "mu_star"] > 5 * morris_floor(prob, x, y, levels=4)[0]


def test_noise_share_counts_only_what_common_seeds_do_not_cancel():
    rng = np.random.default_rng(0)
    points = np.linspace(0, 10, 40)[:, None]
    seeds = np.array([[-8.0, -4.0, -1.0, 1.0, 4.0, 8.0]])  # a seed moves every point alike
    y = points + seeds + rng.normal(0, 0.1, (40, 6))
    common = noise_share(y, "mean", True)
    assert common["residual_sd"] == pytest.approx(0.1, rel=0.2) and common["replicate_sd"] > 4
    assert common["noise_share"] < 0.001
    assert noise_share(y, "mean", False)["noise_share"] > 0.3


def test_ties_join_overlapping_intervals_only():
    frame = pd.DataFrame({"parameter": ["a", "b", "c", "d"], "v": [10.0, 9.0, 5.0, 0.5],
                          "low": [8.0, 7.5, 4.0, 0.0], "high": [12.0, 10.5, 6.0, 1.0]})
    assert [list(t.parameter) for t in tiers(frame, "v", "low", "high")] == [["a", "b"], ["c"], ["d"]]
    text = describe(frame, "v", top=2)
    assert text.startswith("(a 10 [8, 12] = b 9 [7.5, 10.5])") and "c" not in text


def test_sobol_groups_reproduce_ishigami_group_indices():
    """Grouping x1 with x3 (Ishigami): the group's S1 is S1 + S3 + S13 = 0.558 and its ST is
    1 - S2 = 0.558; x2 alone keeps 0.442."""
    from SALib.sample import sobol

    prob = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3, "dists": ["unif"] * 3,
            "groups": ["x1x3", "x2", "x1x3"]}
    x = sobol.sample(prob, 4096, calc_second_order=False, seed=1)
    assert len(x) == 4096 * (2 + 2)
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    ind = analyse(Sobol(name="sobol", n=4096), prob, x, y, seed=1).set_index("parameter")
    assert list(ind.index) == ["x1x3", "x2"]
    assert ind.loc["x1x3", ["S1", "ST"]].to_numpy() == pytest.approx([0.558, 0.558], abs=0.04)
    assert ind.loc["x2", ["S1", "ST"]].to_numpy() == pytest.approx([0.442, 0.442], abs=0.04)


@pytest.mark.slow
def test_sweep_groups_share_one_index_and_shrink_the_design(tmp_path):
    text = (SWEEP.replace("name: morris, trajectories: 3, levels: 4", "name: sobol, n: 4")
            .replace("replicates: 3", "replicates: 1")
            .replace("group: environment}", "group: environment, analysis_group: politics}")
            .replace("group: lever}", "group: lever, analysis_group: politics}"))
    path = _write(tmp_path, text)
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out")]) == 0
    folder = tmp_path / "out" / "design"
    ind = pd.read_csv(folder / "indices.csv")
    assert sorted(ind.parameter.unique()) == ["politics", "unused_multiplier"]
    assert len(pd.read_parquet(folder / "samples.parquet")) == 4 * (2 + 2)


def test_dates_move_within_their_date_range(tmp_path):
    path = _write(tmp_path, SWEEP.replace(
        "  - {path: politics.continuity, bounds: [0, 1], group: environment}",
        '  - {path: "national.platforms[SIPD].date", name: sipd, transform: month_shift, group: environment}'))
    sweep = load_sweep(path)
    sipd = sweep.base.spec.national.platforms[0]  # the calibrated date, within 2020-09 to 2021-06
    low, high = sipd.date_range
    assert sweep.spec.parameters[0].bounds == (float(low - sipd.date), float(high - sipd.date))
    assert low - sipd.date <= 0 <= high - sipd.date
    moved = sweep.scenario_for({"sipd": float(high - sipd.date)}).spec.national.platforms[0].date
    assert moved == high


def test_a_date_without_a_range_needs_bounds(tmp_path, capsys):
    path = _write(tmp_path, SWEEP.replace(
        "  - {path: politics.continuity, bounds: [0, 1], group: environment}",
        '  - {path: "national.platforms[Mobile JKN].date", transform: month_shift, group: environment}'))
    assert main(["sensitivity", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "parameters.0.bounds" in err and "no date_range" in err and not (tmp_path / "out").exists()


def test_integer_parameters_are_rounded(tmp_path):
    path = _write(tmp_path, SWEEP.replace(
        "  - {path: politics.continuity, bounds: [0, 1], group: environment}",
        "  - {path: civil_service.staff, name: staff, bounds: [160, 640], transform: integer, group: assumption}"))
    assert load_sweep(path).scenario_for({"staff": 200.6}).spec.civil_service.staff == 201


def test_held_hazard_level_keeps_the_reference_log_rate(tmp_path):
    from binjai_sim.analysis.sweep.anchor import mean_score

    path = _write(tmp_path, SWEEP.replace(
        "  - {path: politics.continuity, bounds: [0, 1], group: environment}",
        "  - {path: coefficients.estimates.resources, name: beta_resources, bounds: [0.19, 0.51], group: coefficient}\n"
        "  - {path: structure.resources_budget_weight, name: budget_weight, bounds: [0.3, 0.9], group: assumption}")
        + "hold_hazard_level: {through: 2022-12, replicates: 2}\n")
    sweep = load_sweep(path)
    ref, base = sweep.reference, sweep.base
    assert 0 < ref["coverage"] < 1 and 0 < ref["political"] <= 1

    def log_rate(scenario):
        return scenario.spec.hazard.intercept - scenario.spec.hazard.scale * mean_score(scenario, ref)

    same = sweep.scenario_for({"beta_resources": base.spec.coefficients.estimates.get("resources", 0.35)})
    assert same.spec.hazard.intercept == base.spec.hazard.intercept
    for values in ({"beta_resources": 0.19}, {"beta_resources": 0.51, "budget_weight": 0.3}):
        moved = sweep.scenario_for(values)
        assert moved.spec.hazard.intercept != base.spec.hazard.intercept
        assert log_rate(moved) == pytest.approx(log_rate(base), abs=1e-12)


def test_validate_prints_runs_and_wall_time(design, capsys):
    path, _ = design
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "runs: 36 (12 sample points x 3 replicates)" in out and "wall time on this machine" in out


def test_pilot_recommends_replicates_and_writes_nothing(tmp_path, capsys):
    path = _write(tmp_path, SWEEP)
    assert main(["sensitivity", str(path), "--pilot", "6", "--pilot-replicates", "4", "--out",
                 str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "pilot of 6 points x 4 replicates" in out and "recommended: replicates:" in out
    for outcome in ("app_years", "apps_live_2030-12"):
        assert f"  {outcome}: run-to-run SD" in out
    assert not (tmp_path / "out").exists()


def _leaves(model, prefix=""):
    from pydantic import BaseModel

    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            yield from _leaves(kind, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}"


def test_shipped_screening_covers_every_assumption_it_promises():
    from binjai_sim.base.vocabulary import FACTORS
    from binjai_sim.model.strategies.registry import REGISTRY
    from binjai_sim.schema.scenario import Structure

    sweep = load_sweep(ROOT / "scenarios" / "sweeps" / "assumption_screening.yaml")
    spec = sweep.spec
    paths = {p.path for p in spec.parameters}
    # six replicates hold the full screening's replicate noise to 0.8-1.7% of the variance (noise.csv);
    # the 24-point pilot asks for more, its points lying on one trajectory (docs/sensitivity.md)
    assert spec.common_random_numbers and spec.replicates >= 5 and spec.hold_hazard_level is not None
    missing = [f"structure.{leaf}" for leaf in _leaves(Structure) if f"structure.{leaf}" not in paths]
    missing += [f"coefficients.estimates.{f}" for f in FACTORS if f"coefficients.estimates.{f}" not in paths]
    design_only = {"start", "end", "intensity", "funding", "review_month"}
    for name, cls in REGISTRY.items():
        for field, info in cls.model_fields.items():
            numeric = info.annotation in (int, float) and field not in design_only
            if numeric and (field != "monthly_cost_rp" or info.default > 0):
                if f"strategies.{name}.{field}" not in paths:
                    missing.append(f"strategies.{name}.{field}")
        if f"strategies.{name}.intensity" not in paths:
            missing.append(f"strategies.{name}.intensity")
    national = sweep.base.spec.national
    for key in ("platforms", "policy_shocks", "consolidations", "defundings", "prunings", "launch_bans"):
        for event in getattr(national, key):
            if event.date_range is not None and f"national.{key}[{event.name}].date" not in paths:
                missing.append(f"national.{key}[{event.name}].date")
    missing += [p for p in ("budget.maintenance_need_rp", "budget.it_share", "apps.target_share_scale",
                            "civil_service.staff", "apps.degraded_below", "apps.failure_below") if p not in paths]
    assert not missing, missing


def test_the_shipped_screening_covers_the_catalogue_and_loads_exactly_as_written():
    from binjai_sim.scenario.yamlfile import read_yaml

    path = ROOT / "scenarios" / "sweeps" / "assumption_screening.yaml"
    raw = read_yaml(path, "sweep file")
    assert raw["cover_catalogue"] is True
    sweep = load_sweep(path)
    loaded, written = sweep.spec.parameters, raw["parameters"]
    # the file's list comes first and as written; what is appended belongs to strategies it does not
    # name: none for the shipped catalogue, so its design is the one whose results docs/examples holds
    assert [(p.path, p.label) for p in loaded[:len(written)]] == [
        (p["path"], Parameter.model_validate(p).label) for p in written]
    committed = json.loads((ROOT / "docs" / "examples" / "assumption_screening" / "sweep.json").read_text())
    shipped = {p["name"] for p in committed["spec"]["parameters"] if p["group"] == "lever"}
    assert len(shipped) == 15 and not [p.path for p in loaded[len(written):] if p.path.split(".")[1] in shipped]
    design = json.loads(json.dumps(sweep.spec.model_dump(mode="json")))
    design["parameters"] = design["parameters"][:len(written)]
    assert design == committed["spec"]  # its hash also folds in the checkout's paths, so not compared


def _sixteenth(monkeypatch):
    from typing import ClassVar

    from pydantic import Field

    from binjai_sim.model.strategies import REGISTRY
    from binjai_sim.model.strategies.base import Strategy

    class Sixteenth(Strategy):
        name: ClassVar[str] = "sixteenth_test"
        group: ClassVar[str] = "institutional"
        uncertain: ClassVar[tuple[str, ...]] = ("monthly_cost_rp", "uptake")
        monthly_cost_rp: float = Field(4.0e6, ge=0, le=1.0e12)
        uptake: float = Field(0.5, ge=0, le=1)

    monkeypatch.setitem(REGISTRY, Sixteenth.name, Sixteenth)


def test_a_sweep_that_covers_the_catalogue_appends_a_16th_strategy_with_its_bounds(tmp_path, monkeypatch):
    from binjai_sim.model.strategies import REGISTRY
    from binjai_sim.scenario.strategy_priors import load_strategy_priors

    _sixteenth(monkeypatch)
    off = load_sweep(_write(tmp_path, SWEEP + "cover_catalogue: false\n")).spec.parameters
    assert [p.path for p in off] == [p.path for p in load_sweep(_write(tmp_path, SWEEP, "plain.yaml")).spec.parameters]
    on = load_sweep(_write(tmp_path, SWEEP + "cover_catalogue: true\n", "all.yaml"))
    params = {p.path: p for p in on.spec.parameters}
    intensity = params["strategies.sixteenth_test.intensity"]
    assert (intensity.label, intensity.bounds, intensity.group) == ("sixteenth_test", (0, 1), "lever")
    cost, uptake = params["strategies.sixteenth_test.monthly_cost_rp"], params["strategies.sixteenth_test.uptake"]
    assert cost.bounds == (2.0e6, 8.0e6) and uptake.bounds == (0.25, 0.75) and uptake.group == "assumption"
    # every other strategy too, its uncertain parameters over the priors file's ranges; the one the
    # file lists keeps its own entry
    priors = load_strategy_priors()
    for name, cls in REGISTRY.items():
        assert f"strategies.{name}.intensity" in params
        for key in cls.uncertain:
            assert params[f"strategies.{name}.{key}"].bounds == (priors[name][key].low, priors[name][key].high)
    assert params["strategies.long_term_plan.intensity"].label == "plan"
    assert len(params) == 3 + len(REGISTRY) - 1 + sum(len(c.uncertain) for c in REGISTRY.values())


def test_cover_catalogue_must_be_true_or_false(tmp_path):
    from binjai_sim.base.errors import InputError

    with pytest.raises(InputError) as caught:
        load_sweep(_write(tmp_path, SWEEP + "cover_catalogue: sometimes\n"))
    assert caught.value.key == "cover_catalogue" and "design.yaml" in str(caught.value.file)
