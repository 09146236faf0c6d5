"""Manifests name the code, libraries and platform; a run's resolved scenario re-runs to the same bytes."""

import json
import os
from pathlib import Path

from binjai_sim.interfaces.cli import main
from binjai_sim.outputs.write import DEPENDENCIES
from binjai_sim.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "scenarios" / "cities" / "contoh" / "scenario.yaml"


def test_the_resolved_scenario_is_a_scenario_that_reruns_to_the_same_bytes(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["run", str(CITY), "--replicates", "2", "--no-figures", "--out", str(first), "--quiet"]) == 0
    folder = first / "contoh"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {"numpy", "numba", "llvmlite", "pandas", "pyarrow", "scipy", "salib", "scikit-learn", "ema_workbench",
            "mesa"} <= set(manifest["versions"])
    assert set(DEPENDENCIES) <= set(manifest["versions"])
    assert manifest["platform"]["system"] and manifest["platform"]["machine"]
    if (ROOT / ".git").exists():
        assert len(manifest["git"]["commit"]) == 40
    text = (folder / "scenario_resolved.yaml").read_text(encoding="utf-8")
    assert str(ROOT) not in text and "/tmp" not in text  # relative paths only
    moved = tmp_path / "moved"
    os.rename(folder, moved)  # the folder stands on its own
    resolved = load_scenario(moved / "scenario_resolved.yaml")
    monkeypatch.chdir(moved)
    assert main(["run", "scenario_resolved.yaml", "--replicates", "2", "--no-figures", "--out", str(second),
                 "--quiet"]) == 0
    again = second / "contoh"
    for name in ("series.parquet", "apps.parquet", "events.parquet", "app_outlook.csv"):
        assert (moved / name).read_bytes() == (again / name).read_bytes(), name
    summaries = [json.loads((folder / "summary.json").read_text(encoding="utf-8")) for folder in (moved, again)]
    for summary in summaries:  # the one difference: the calibrated file it read is now the copy in inputs/
        summary["calibration"].pop("file")
    assert summaries[0] == summaries[1]
    rerun = json.loads((again / "manifest.json").read_text(encoding="utf-8"))
    for key in ("fitted_to", "fitted_to_this_city", "note", "parameters", "not_applied"):
        assert rerun["calibration"][key] == manifest["calibration"][key], key
    assert rerun["calibration"]["fitted_to"] and resolved.calibration()["fitted_to"] == "Binjai"


def test_a_manifest_outside_a_checkout_has_no_commit_and_does_not_fail(monkeypatch, tmp_path):
    from binjai_sim.base import resources
    from binjai_sim.outputs import write as outputs

    monkeypatch.setattr(resources, "PACKAGE", tmp_path / "binjai_sim")
    assert outputs.git_state() is None
