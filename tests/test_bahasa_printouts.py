"""What ``sensitivity`` (its summary and ``--pilot`` lines) and ``calibrate structures`` print
reads in Bahasa Indonesia under ``--lang id``, and in English exactly as before otherwise."""

import pandas as pd
import pytest

from binjai_sim.analysis.calibrate.structures_report import printout
from binjai_sim.analysis.sweep.discovery import degenerate, why_no_box
from binjai_sim.base.i18n import t, use
from binjai_sim.interfaces.cli import main

from .conftest import BASELINE

SWEEP = f"""
name: tiny
base: {BASELINE}
method: {{name: morris, trajectories: 2, levels: 4}}
replicates: 2
outcomes: [app_years]
parameters:
  - {{path: politics.continuity, bounds: [0, 1], group: environment}}
  - {{path: strategies.long_term_plan.intensity, name: plan, bounds: [0, 1], group: lever}}
"""

ENGLISH = ("runs (", "most influential", "replicate noise is", "discovery", "outputs:", "pilot of",
           "run-to-run SD", "recommended:", "structure", "fates", "posterior probability")


@pytest.fixture(scope="module")
def sweep_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny") / "tiny.yaml"
    path.write_text(SWEEP)
    return path


def _english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


@pytest.mark.slow
def test_the_sensitivity_summary_and_pilot_read_in_bahasa(sweep_file, tmp_path, capsys):
    assert main(["sensitivity", "--lang", "id", str(sweep_file), "--out", str(tmp_path)]) == 0
    summary = capsys.readouterr().out
    assert "paling berpengaruh" in summary and "app_years menurut mu_star:" in summary
    assert "derau antarulangan sebesar" in summary and "keluaran:" in summary
    assert "penemuan: kisi Morris" in summary  # a Morris grid finds no box, and says so in Bahasa
    # the folder's files stay English, whatever the language printed
    assert "a Morris grid is a poor design" in (tmp_path / "tiny" / "discovery.md").read_text()
    assert main(["sensitivity", "--lang", "id", str(sweep_file), "--pilot", "4", "--pilot-replicates", "2"]) == 0
    pilot = capsys.readouterr().out
    assert "uji awal 4 titik x 2 ulangan" in pilot and "anjuran: replicates:" in pilot
    assert "  app_years: SD antar-run" in pilot
    assert not _english_in(summary + pilot), _english_in(summary + pilot)


TABLE = pd.DataFrame({"structure": ["additive", "threshold"], "parameters": [7, 8],
                      "log_evidence": [-40.1234, -41.5], "probability": [0.7, 0.3],
                      "probability_min": [0.55, 0.2], "probability_max": [0.8, 0.45]})


def test_the_structures_table_and_verdict_read_in_bahasa():
    english = printout(TABLE)
    assert english.splitlines()[0].split() == ["structure", "parameters", "log_evidence", "probability",
                                               "probability_min", "probability_max"]
    assert english.endswith("The apps' fates cannot tell the survival structures apart: no structure reaches "
                            "90% posterior probability in every repeat (additive 0.70 (0.55-0.80), "
                            "threshold 0.30 (0.20-0.45)).")
    with use("id"):
        bahasa = printout(TABLE)
        decided = printout(TABLE.assign(probability_min=[0.95, 0.01], probability=[0.97, 0.03]))
    assert bahasa.splitlines()[0].split()[:2] == ["struktur", "parameter"]
    assert "tidak dapat membedakan struktur" in bahasa and "-40.123" in bahasa
    assert "mendukung struktur additive" in decided
    assert not _english_in(bahasa + decided), _english_in(bahasa + decided)


def test_why_no_box_is_english_in_files_and_bahasa_when_printed():
    values = pd.Series([1.0, 2.0, 3.0, 4.0]).to_numpy()
    key, facts = why_no_box(values >= 9, values, "app_years", 9)
    assert degenerate(values >= 9, values, "app_years", 9) == (
        "the condition app_years >= 9 is never met in this sweep (app_years ranges 1 to 4, median 2.5); "
        "try discovery: {at_least: 3.25}, which 25% of the points meet")
    with use("id"):
        assert degenerate(values >= 9, values, "app_years", 9).startswith("the condition")  # files: English
        assert t(key, **facts).startswith("syarat app_years >= 9 tidak pernah terpenuhi")
