"""Known statuses condition every run (binjai_sim.scenario.known, binjai_sim.runs.conditioning)
and runs project from a month."""

import shutil

import numpy as np
import pytest

from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.vocabulary import AppStatus
from binjai_sim.interfaces.cli import main
from binjai_sim.runs.conditioning import run_conditioned, warning
from binjai_sim.runs.runner import run_scenario
from binjai_sim.scenario.known import known_facts
from binjai_sim.scenario.load import load_scenario

from .conftest import ROOT

CONTOH = ROOT / "scenarios" / "cities" / "contoh"
HEADER = "nama;sektor;sasaran;opd;peluncuran;desain_ulang;porsi_sasaran;padanan;catatan"
FAST = "  residents_per_agent: 2000\n"


def region(tmp_path, facts: dict[str, str], extra: str = "", strategies: bool = False, now: bool = False):
    """A copy of the example region whose inventory carries ``facts`` (app: 'status;month;source'),
    projected from the month of the run only with ``now`` (new-city's default)."""
    folder = tmp_path / "region"
    shutil.copytree(CONTOH, folder)
    lines = []
    for line in (folder / "apps.csv").read_text(encoding="utf-8").splitlines():
        if line.startswith(HEADER):
            line += ";status_diketahui;per_tanggal;sumber_status"
        elif line.strip() and not line.startswith("#"):
            line += ";" + facts.get(line.split(";")[0], ";;")
        lines.append(line)
    (folder / "apps.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    text = (text.replace("../../national/", f"{ROOT}/scenarios/national/")
            .replace("../../../calibration/", f"{ROOT}/calibration/"))
    text = text.replace("city:\n", "city:\n" + FAST, 1) + extra
    if not now:
        text = "\n".join(line for line in text.splitlines() if not line.startswith("projection:")) + "\n"
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    if strategies:
        return folder / "strategies" / "resources.yaml"
    return folder / "scenario.yaml"


FACTS = {"e-Musrenbang": "aktif;2024-06;Diskominfo", "JDIH": "aktif per 2025-01;;situs web",
         "e-Budgeting": "berhenti;2025-01;BPKPD", "Antrean RSUD": "aktif;2021-01;RSUD"}


def status_at(result, app: str, month: str) -> np.ndarray:
    apps = result.apps
    rows = apps[(apps.app == app) & (apps.month == parse_month(month))]
    return rows.sort_values("replicate").status.to_numpy()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_run_agrees_with_every_known_fact(tmp_path, seed):
    scenario = load_scenario(region(tmp_path, FACTS, "known: {candidates: 3}\n"))
    result = run_scenario(scenario, seed=seed, replicates=4)
    live = {AppStatus.ACTIVE.key, AppStatus.DEGRADED.key}
    for app, month in (("e-Musrenbang", "2024-06"), ("JDIH", "2025-01"), ("Antrean RSUD", "2021-01"),
                       ("Lapor Wali Kota", "2021-06")):  # the last: its redesign month in the inventory
        assert set(status_at(result, app, month)) <= live, app
    assert set(status_at(result, "e-Budgeting", "2025-01")) == {AppStatus.DEAD.key}
    assert result.conditioning["facts"] == 5 and 1 <= result.conditioning["ess_min"] <= 12


def test_same_seed_same_conditioned_runs(tmp_path):
    scenario = load_scenario(region(tmp_path, FACTS, "known: {candidates: 2}\n"))
    first, again = (run_scenario(scenario, seed=5, replicates=3) for _ in range(2))
    assert first.metrics.equals(again.metrics) and first.apps.equals(again.apps)
    assert first.conditioning == again.conditioning


def test_without_facts_the_runs_are_the_unconditioned_ones(tmp_path):
    """No fact: run_scenario takes the plain path (the frozen baseline does not move); and the
    resampler given facts every run keeps reproduces the plain runs byte for byte."""
    scenario = load_scenario(region(tmp_path, {}, "known: {candidates: 1, redesigns: false}\n"))
    assert known_facts(scenario) == []
    plain = run_scenario(scenario, seed=7, replicates=3)
    assert plain.conditioning is None
    models, record = run_conditioned(scenario, [], 7, 3)
    from binjai_sim.runs.runner import frames_of

    for r, model in enumerate(models):
        mine = frames_of(model)["metrics"]
        theirs = plain.metrics[plain.metrics.replicate == r].drop(columns="replicate").reset_index(drop=True)
        assert mine.equals(theirs)
    assert record["resampling_steps"] == 0 and record["facts_probability"] == 1.0


def test_improbable_facts_are_reported_with_the_effective_sample_size(tmp_path):
    facts = {"e-PBB": "berhenti;2022-01;rekaan"}  # few runs close it this early
    scenario = load_scenario(region(tmp_path, facts, "known: {candidates: 10, warn_ess: 0.5}\n"))
    result = run_scenario(scenario, seed=1, replicates=3)
    record = result.conditioning
    assert record["improbable"] and record["ess_min"] < 0.5 * record["candidates"]
    assert record["facts_probability"] < 0.5
    assert str(record["ess_min"]) in warning(record)


def test_an_impossible_fact_is_refused_naming_it(tmp_path):
    # a new app cannot have stopped in the month it launched and still be counted running later
    scenario = load_scenario(region(tmp_path, {"e-Office": "berhenti;2020-01;rekaan"},
                                    "known: {candidates: 1, redesigns: false}\n"))  # only the stated fact
    with pytest.raises(InputError) as caught:
        run_scenario(scenario, seed=1, replicates=2)
    text = str(caught.value)
    assert "apps.csv line" in text and "e-Office" in text and "status_diketahui" in text


@pytest.mark.parametrize(("facts", "expected"), [
    ({"e-PBB": "hidup-mati;2023-03;x"}, "is not a known status"),
    ({"e-PBB": "aktif;;x"}, "needs its month"),
    ({"e-PBB": "aktif;2017-01;x"}, "before its launch"),
    ({"e-PBB": "aktif;2040-01;x"}, "outside the scenario's horizon"),
])
def test_bad_facts_are_refused_with_file_row_and_column(tmp_path, capsys, facts, expected):
    path = region(tmp_path, facts)
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--replicates", "1", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert expected in err and "apps.csv line 13" in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert main(["validate", str(path), "--lang", "en"]) == 2
    assert expected in capsys.readouterr().err


def test_unknown_app_and_contradiction_in_a_facts_file(tmp_path):
    path = region(tmp_path, {"JDIH": "aktif;2024-01;web"}, "known: {facts: facts.csv}\n")
    (path.parent / "facts.csv").write_text("app,known_status,known_at,known_source\n"
                                           "JDIH,berhenti,2022-01,news\nJDIHH,aktif,2022-01,news\n",
                                           encoding="utf-8")
    with pytest.raises(InputError) as caught:
        known_facts(load_scenario(path))
    text = str(caught.value)
    assert "facts.csv line 3" in text and "'JDIHH' is not in the inventory" in text and "JDIH" in text
    assert "a closed app does not reopen" in text and "facts.csv line 2" in text


def test_an_observations_file_gives_facts(tmp_path):
    path = region(tmp_path, {}, "known: {facts: seen.csv, redesigns: false}\n")
    (path.parent / "seen.csv").write_text(
        "region_code,region,app,scope,observed,value,as_of,reported,source_kind,source,caveat\n"
        "12.72,Kota Contoh,JDIH,local,status,active,2022-01..2023-01,2023-02,news,a paper,\n"
        "12.72,Kota Contoh,e-PBB,local,status,not_found,2024-01,2024-02,sighting,a visit,\n"
        "12.72,Kota Contoh,e-Office,local,status,listed,2024-01,2024-02,sighting,a visit,\n", encoding="utf-8")
    facts = known_facts(load_scenario(path))
    assert [(f.app, f.kind, f.month) for f in facts] == [("JDIH", "alive", parse_month("2022-01")),
                                                         ("e-PBB", "stopped", parse_month("2024-01"))]


def test_strategies_start_at_the_projection_month(tmp_path):
    path = region(tmp_path, {}, strategies=True)
    plain = load_scenario(path)
    assert min(s.start for s in plain.strategies) < parse_month("2026-12")
    projected = plain.with_overrides({"projection.from": "2026-12"})
    assert all(s.start == parse_month("2026-12") for s in projected.strategies)
    result = run_scenario(projected, seed=1, replicates=1, record_apps=False)
    cost = result.series.set_index("month").strategy_cost_rp
    assert (cost[cost.index < parse_month("2026-12")] == 0).all() and cost[parse_month("2027-01")] > 0


def test_run_from_a_month_labels_the_projection(tmp_path, capsys):
    import json

    path = region(tmp_path, {"JDIH": "aktif;2024-01;web"}, strategies=True)
    out = tmp_path / "out"
    assert main(["run", str(path), "--from", "2026-12", "--replicates", "2", "--out", str(out),
                 "--no-figures", "--lang", "en"]) == 0
    summary = json.loads((out / "contoh_resources" / "summary.json").read_text())
    assert summary["timing"] == {"kind": "projection", "from": "2026-12"}
    assert summary["conditioning"]["facts"] == 1 and "ess_min" in summary["conditioning"]
    printed = capsys.readouterr().out
    assert "projection from 2026-12" in printed and "effective sample size" in printed
    from binjai_sim.analysis.report import write_report

    write_report(out / "contoh_resources", "en")
    html = (out / "contoh_resources" / "report_en.html").read_text(encoding="utf-8")
    assert "projection from 2026-12" in html and "effective sample size at least" in html
    assert main(["run", str(path), "--from", "2040-01", "--out", str(out), "--force"]) == 2
    assert main(["run", str(path), "--from", "soon", "--out", str(out), "--force"]) == 2


def test_the_counterfactual_stays_labelled_as_such(tmp_path):
    import json

    path = region(tmp_path, {}, strategies=True)
    out = tmp_path / "out"
    assert main(["run", str(path), "--replicates", "1", "--out", str(out), "--no-figures", "--quiet"]) == 0
    summary = json.loads((out / "contoh_resources" / "summary.json").read_text())
    assert summary["timing"]["kind"] == "counterfactual" and "conditioning" not in summary


def test_a_new_region_projects_from_the_month_of_the_run(tmp_path):
    from datetime import UTC, datetime

    today = datetime.now(UTC)
    scenario = load_scenario(region(tmp_path, {}, strategies=True, now=True))
    assert scenario.spec.projection.from_month == today.year * 12 + today.month - 1
    assert {s.start for s in scenario.strategies} == {scenario.spec.projection.from_month}


def test_the_excel_template_takes_known_statuses(tmp_path):
    from binjai_sim.interfaces.newcity.templates import inventory_xlsx
    from binjai_sim.scenario.known import facts_from_rows
    from binjai_sim.scenario.spreadsheet import read_table

    row = ["e-PBB", "pajak", "warga", "BPKPD", "07/2018", "", "10%", "tidak ada", "", "berhenti", "Maret 2023",
           "BPKPD"]
    path = inventory_xlsx(tmp_path / "apps.xlsx", "id", apps=[row])
    facts, problems = facts_from_rows(path, read_table(path).rows)
    assert problems == [] and [(f.app, f.kind, f.month, f.source) for f in facts] == [
        ("e-PBB", "stopped", parse_month("2023-03"), "BPKPD")]


def test_a_conditioned_comparison_stays_paired_up_to_the_projection_month(tmp_path):
    from binjai_sim.analysis.compare import compare

    package = region(tmp_path, {"JDIH": "aktif;2024-01;web", "e-Budgeting": "berhenti;2025-01;BPKPD"},
                     "known: {candidates: 2}\n", strategies=True)
    arms = [load_scenario(p).with_overrides({"projection.from": "2026-12"})
            for p in (package.parent.parent / "scenario.yaml", package)]
    result = compare(arms, seed=3, replicates=3)
    before = {name: frame[frame.month < parse_month("2026-12")].drop(columns=["strategy_cost_rp"])
              .reset_index(drop=True) for name, frame in result.series.items()}
    reference, other = before.values()
    assert reference.equals(other)


def test_a_tiny_probability_takes_the_decimal_mark_of_the_language():
    from binjai_sim.base.i18n import use
    from binjai_sim.runs.conditioning import _small

    with use("id"):
        assert _small(1.7e-08) == "1,7e-08" and _small(0.25) == "0,25"
    with use("en"):
        assert _small(1.7e-08) == "1.7e-08"
