"""Kabupaten Magetan in the pooled fit: its scenario, an inventory that never reads the records it
is scored on, three regions in the fit and in leave-one-region-out, and official counts of a
larger, undefined population read through their change from year to year.
"""
import csv
import importlib.util

import numpy as np
import pandas as pd
import pytest
import yaml

from binjai_sim.analysis.calibrate import evidence
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.resources import CALIBRATION
from binjai_sim.base.vocabulary import AppStatus
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.load import load_scenario
from binjai_sim.scenario.observations import Observation

from .conftest import ROOT

MAGETAN = ROOT / "scenarios" / "cities" / "magetan" / "scenario.yaml"
RECORDS = CALIBRATION / "observations" / "magetan.csv"
TINY = ["--population", "4", "--generations", "1", "--replicates", "1", "--structures", "constant",
        "--predictive", "3", "--quiet"]


def _script():
    spec = importlib.util.spec_from_file_location("make_magetan_inventory",
                                                  ROOT / "scripts" / "make_magetan_inventory.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_magetan_scenario_validates_and_holds_the_lists_local_apps(capsys):
    assert main(["validate", str(MAGETAN)]) == 0
    assert "69 apps" in capsys.readouterr().out
    scenario = load_scenario(MAGETAN)
    with RECORDS.open(encoding="utf-8") as handle:
        local = [r["app"] for r in csv.DictReader(handle) if r["observed"] == "status" and r["scope"] == "local"]
    assert [a.name for a in scenario.inventory] == local
    # the elections are the cited ones, the acting head of 2023-2025 included
    assert [(e.outcome, e.inauguration) for e in scenario.spec.elections[:3]] == [
        ("successor", parse_month("2018-09")), ("challenger", parse_month("2023-09")),
        ("challenger", parse_month("2025-05"))]
    assert "detik" in scenario.spec.elections[0].source and "KPU" in scenario.spec.elections[2].source


def test_no_launch_date_depends_on_the_records_it_is_scored_on(tmp_path):
    script = _script()
    shipped = MAGETAN.parent / "apps.csv"
    assert script.render(RECORDS) == shipped.read_text(encoding="utf-8")
    # every status changed and the counts reversed and tripled: the inventory stays the same
    flip = {"listed": "inactive", "inactive": "in_development", "in_development": "listed"}
    with RECORDS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts = [r["value"] for r in rows if r["observed"] == "count"][::-1]
    for r in rows:
        if r["observed"] == "count":
            r["value"] = str(3 * int(counts.pop()))
        else:
            r["value"] = flip[r["value"]]
    poisoned = tmp_path / "magetan.csv"
    with poisoned.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert poisoned.read_text(encoding="utf-8") != RECORDS.read_text(encoding="utf-8")
    assert script.render(poisoned) == shipped.read_text(encoding="utf-8")
    # launches spread evenly by list position, in order, within 2017-01..2023-06
    launches = [a.launch for a in load_scenario(MAGETAN).inventory]
    assert launches == sorted(launches)
    assert launches[0] == parse_month("2017-01") and launches[-1] == parse_month("2023-06")
    assert max(np.diff(launches)) - min(np.diff(launches)) <= 1


def test_magetans_counterparts_follow_the_platform_rules_alone():
    script = _script()
    rules = yaml.safe_load((ROOT / "scenarios" / "national" / "counterparts.yaml").read_text())["rules"]
    table = pd.read_csv(MAGETAN.parent / "apps.csv", comment="#", keep_default_na=False)
    assert table["counterpart"].tolist() == [script.rule_counterpart(rules, r.sector, r.audience, r.function)
                                             for r in table.itertuples()]
    events = {p.name for p in load_scenario(MAGETAN).spec.national.platforms}
    assert set(table["counterpart"]) - {"none"} <= events
    assert table["note"].str.contains("ASSUMPTION launch").all()


def _history(live_by_year: dict[int, int], apps: int = 100) -> evidence.History:
    t0 = parse_month("2021-01")
    status = np.full((48, apps), AppStatus.DEAD, dtype=np.int64)
    for year, live in live_by_year.items():
        first = parse_month(f"{year}-01") - t0
        status[first:first + 12, :live] = AppStatus.ACTIVE
    return evidence.History(tuple(f"a{i}" for i in range(apps)), status, np.zeros(apps, dtype=np.int64), t0)


def _counts(values: list[float]) -> list[Observation]:
    return [Observation("35.20", "Kabupaten Magetan", "", "local", "count", str(v), parse_month(f"{y}-01"),
                        parse_month(f"{y}-12"), parse_month(f"{y}-12"), "official_count", "test", "", i)
            for i, (y, v) in enumerate(zip((2021, 2022, 2023, 2024), values, strict=False))]


def _joint(values: list[float], history: evidence.History, counts: str = "scale") -> float:
    return evidence.log_likelihood(evidence.score(_counts(values), history, counts=counts))


def test_scaled_counts_score_the_change_from_year_to_year_not_the_level():
    rising = _history({2021: 20, 2022: 40, 2023: 40, 2024: 30})
    # counts moving as the simulated apps do fit better than counts moving against them
    assert _joint([46, 92, 92, 69], rising) > _joint([92, 46, 46, 69], rising) + 5
    assert _joint([46, 79, 68, 68], rising) > _joint([79, 46, 68, 68], rising)
    # the level says nothing: a count ten times larger (another, larger population) scores the same
    assert _joint([460, 920, 920, 690], rising) == pytest.approx(_joint([46, 92, 92, 69], rising), abs=0.05)
    # one count alone, of an unknown population, carries no information
    assert _joint([46], rising) == 0.0 and _joint([4600], rising) == 0.0
    # the series is scored once, on its first record; the others say why they add nothing
    scored = evidence.score(_counts([46, 79, 68, 68]), rising, counts="scale")
    assert scored[0].likelihood is not None and all(s.likelihood is None for s in scored[1:])
    assert all("scale" in s.reason for s in scored)


def test_total_counts_still_score_the_level():
    rising = _history({2021: 20, 2022: 40, 2023: 40, 2024: 30})
    assert _joint([20, 40, 40, 30], rising, "total") > _joint([200, 400, 400, 300], rising, "total") + 20
    with pytest.raises(ValueError):
        evidence.score(_counts([1]), rising, counts="sum")


def test_a_regions_file_with_an_unknown_count_model_is_refused(tmp_path, capsys):
    data = yaml.safe_load((CALIBRATION / "pooled" / "regions.yaml").read_text(encoding="utf-8"))
    for spec in data["regions"].values():
        for key in ("scenario", "observations", "history"):
            spec[key] = str((CALIBRATION / "pooled" / spec[key]).resolve())
    data["regions"]["magetan"]["counts"] = "sum"
    path = tmp_path / "regions.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["calibrate", "pooled", str(path), "--write", str(tmp_path / "fit")]) == 2
    err = capsys.readouterr().err
    assert "regions.yaml" in err and "regions.magetan.counts" in err and "scale" in err
    assert not (tmp_path / "fit").exists()


def test_the_pooled_fit_reads_three_regions(tmp_path):
    assert main(["calibrate", "pooled", *TINY, "--checkpoints", str(tmp_path / "ck"),
                 "--write", str(tmp_path / "fit")]) == 0
    body = yaml.safe_load((tmp_path / "fit" / "pooled.yaml").read_text(encoding="utf-8"))
    assert list(body["regions"]) == ["binjai", "denpasar", "magetan"]
    assert body["regions"]["magetan"]["counts"] == "scale"
    assert body["regions"]["magetan"]["covariates"]["spbe"] == pytest.approx(2.76 - 2.6)
    assert set(body["new_region"]) == {"binjai", "denpasar", "magetan"}
    posterior = pd.read_parquet(tmp_path / "fit" / "posterior_constant.parquet")
    assert "pooled.deviation.magetan" in posterior
    # the new region's prediction runs on Magetan's scenario
    assert main(["calibrate", "pooled-predict", str(MAGETAN), "--spbe", "2.76", "--fit", str(tmp_path / "fit"),
                 "--draws", "3", "--quiet"]) == 0


def test_leave_one_region_out_gives_a_row_per_left_out_region(tmp_path):
    assert main(["calibrate", "loro", *TINY, "--checkpoints", str(tmp_path / "ck"),
                 "--write", str(tmp_path / "loro")]) == 0
    scores = pd.read_csv(tmp_path / "loro" / "loro.csv")
    assert sorted(scores["left_out"].unique()) == ["binjai", "denpasar", "magetan"]
    assert (scores.groupby("left_out")["model"].nunique() == 4).all()
    magetan = scores[scores.left_out == "magetan"]
    assert set(magetan["fitted_on"]) == {"binjai+denpasar"}
    assert (magetan["records"] == 69).all()  # its list's local apps; the counts are not app records
