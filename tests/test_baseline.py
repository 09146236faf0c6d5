"""End-to-end baseline run and the frozen baseline summary."""

import json

import pandas as pd
import pytest

from binjai_sim import run_scenario
from binjai_sim.base.vocabulary import CAUSES, FACTORS
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE, write_scenario
from .frozen import FROZEN_FILE, frozen_summary


def test_frozen_baseline_summary_is_unchanged():
    """Any change to model behaviour shows here; refresh on purpose: scripts/refresh_baseline.py."""
    expected = json.loads(FROZEN_FILE.read_text())
    actual = json.loads(json.dumps(frozen_summary()))
    assert actual == expected


@pytest.mark.slow
def test_end_to_end_run_writes_every_output(tmp_path, capsys):
    assert main(["run", str(BASELINE), "--replicates", "3", "--out", str(tmp_path)]) == 0
    out = tmp_path / "binjai_baseline"
    expected = {"series.parquet", "apps.parquet", "events.parquet", "summary.json", "manifest.json",
                "apps_by_status.png", "survival.png", "factors.png", "deaths_by_cause.png"}
    assert expected <= {p.name for p in out.iterdir()}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"
    summary = json.loads((out / "summary.json").read_text())
    # listed checkpoints, every election and the horizon's end
    assert set(summary["apps_active"]) == {"2022-12", "2026-12", "2020-12", "2024-11", "2029-11", "2030-12"}
    assert summary["checkpoints"]["2024-11"] == "election" and summary["checkpoints"]["2030-12"] == "end"
    for band in summary["apps_active"].values():
        assert 0 <= band["p05"] <= band["median"] <= band["p95"] <= 32
    assert set(summary["deaths_by_cause"]) == set(CAUSES)
    assert summary["mean_app_lifetime_years"]["mean"] > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 20161202 and len(manifest["replicate_seeds"]) == 3
    assert len(manifest["scenario_sha256"]) == 64 and manifest["versions"]["mesa"] == "3.5.1"
    apps = pd.read_parquet(out / "apps.parquet")
    assert set(FACTORS) <= set(apps.columns) and {"score", "status", "users"} <= set(apps.columns)
    assert len(apps) == 3 * 169 * 32
    assert "2022-12" in capsys.readouterr().out


@pytest.mark.slow
def test_force_replaces_an_existing_run(tmp_path):
    args = ["run", str(BASELINE), "--replicates", "1", "--out", str(tmp_path), "--no-figures"]
    assert main(args) == 0
    assert main([*args, "--seed", "3", "--force"]) == 0
    assert json.loads((tmp_path / "binjai_baseline" / "summary.json").read_text())["seed"] == 3


def test_library_api_returns_tidy_frames(baseline):
    result = run_scenario(baseline, seed=1, replicates=2)
    assert list(result.series.replicate.unique()) == [0, 1]
    assert len(result.series) == 2 * 169
    assert result.series.groupby("replicate").month.is_monotonic_increasing.all()
    counts = result.series[["not_launched", "active", "degraded", "dead"]].sum(axis=1)
    assert (counts == 32).all()
    assert {"replicate", "month", "kind", "app", "cause"} <= set(result.events.columns)


def test_observed_history_is_in_the_baseline(baseline):
    """The baseline holds the study's 32 apps, two elections before 2026 and the national roll-outs."""
    assert len(baseline.inventory) == 32
    observed = pd.read_csv(BASELINE.parents[1] / "calibration" / "observed" / "binjai_apps.csv")
    short = [n.split(" (")[0] for n in observed.name]
    assert [a.name for a in baseline.inventory] == short
    votes = [e.date for e in baseline.spec.elections]
    assert {"2020-12", "2024-11"} <= {f"{v // 12}-{v % 12 + 1:02d}" for v in votes}
    assert {"SIPD", "OSS", "SP4N-LAPOR"} <= {p.name for p in baseline.spec.national.platforms}
    assert any("BPJS" in s.name for s in baseline.spec.national.policy_shocks)


def test_extends_merges_mappings_and_replaces_lists(tmp_path):
    from binjai_sim import load_scenario

    child = load_scenario(write_scenario(tmp_path, "name: child\npolitics: {continuity: 0.9}\nelections: []\n"))
    assert child.name == "child"
    assert child.spec.politics.continuity == 0.9
    assert child.spec.politics.incumbent_win_prob == 0.632  # merged from the parent
    assert child.spec.elections == []
    assert len(child.inventory) == 32  # parent's relative inventory path still resolves


def test_significant_only_drops_non_significant_factors(baseline):
    from binjai_sim.model.engine.state import betas

    only = betas(baseline.coefficients, "significant_only")
    every = betas(baseline.coefficients, "all")
    assert only[2] == 0 and only[3] == 0 and every[2] < 0 and every[3] < 0
    assert all(only[i] == every[i] > 0 for i in (0, 1, 4))


def test_validate_command(capsys):
    assert main(["validate", str(BASELINE)]) == 0
    assert "OK" in capsys.readouterr().out
