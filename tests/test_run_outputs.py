"""What a run's summary records about the run: its language and its calibration."""

import json

from binjai_sim import load_scenario
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE


def test_the_summary_records_the_language_asked_for_and_the_calibration_without_its_values(tmp_path):
    args = ["run", str(BASELINE), "--replicates", "1", "--no-figures", "--out", str(tmp_path)]
    assert main([*args, "--lang", "id"]) == 0
    summary = json.loads((tmp_path / "binjai_baseline" / "summary.json").read_text())
    assert summary["lang"] == "id"
    calibration = load_scenario(BASELINE).calibration()
    assert set(summary["calibration"]) == set(calibration) - {"parameters"}
