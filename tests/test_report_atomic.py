"""The report appears whole or not at all: a full disk or a kill while it is written leaves no
partial file (and the next report removes what a killed one left); a report is never put into
the folder of a run that replaced the one it was made from. App names a spreadsheet would run
as formulas reach app_outlook.csv inert and the report as written."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time

import pytest

from binjai_sim.analysis.report import write_report
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main

from .conftest import ROOT, write_scenario


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("atomic")
    text = (ROOT / "scenarios" / "data" / "binjai_inventory.csv").read_text(encoding="utf-8")
    inventory = base / "apps.csv"
    inventory.write_text(text.replace("\neMusrenbang,", "\n=eMusrenbang,"), encoding="utf-8")
    scenario = write_scenario(base, f"name: atomic\napps:\n  inventory: {inventory}\n")
    assert main(["run", str(scenario), "--replicates", "1", "--no-figures", "--out", str(base / "out")]) == 0
    return base / "out" / "atomic"


def _clean(folder):
    for path in folder.glob("report_*"):
        path.unlink()


def _hidden(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.slow
def test_formula_names_are_inert_in_the_csv_and_as_written_in_the_report(run_folder):
    _clean(run_folder)
    outlook = (run_folder / "app_outlook.csv").read_text(encoding="utf-8")
    assert "\n'=eMusrenbang," in outlook and "\n=eMusrenbang" not in outlook
    html, _ = write_report(run_folder, "en")
    assert "=eMusrenbang" in html.read_text(encoding="utf-8") and "&#x27;=eMusrenbang" not in html.read_text(
        encoding="utf-8")


@pytest.mark.slow
def test_a_full_disk_while_writing_the_workbook_leaves_the_old_report_whole(run_folder, monkeypatch):
    _clean(run_folder)
    write_report(run_folder, "en")
    before = {p.name: p.read_bytes() for p in run_folder.glob("report_*")}
    assert sorted(before) == ["report_en.html", "report_en.xlsx"]

    def full(report, path):
        path.write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("binjai_sim.analysis.report.xlsx.write_xlsx", full)
    with pytest.raises(OSError):
        write_report(run_folder, "en")
    assert {p.name: p.read_bytes() for p in run_folder.glob("report_*")} == before
    assert _hidden(run_folder) == []
    _clean(run_folder)
    with pytest.raises(OSError):
        write_report(run_folder, "id")
    assert list(run_folder.glob("report_*")) == [] and _hidden(run_folder) == []


KILLED = """
import sys, time
from pathlib import Path
import binjai_sim.analysis.report.xlsx as xlsx
real = xlsx.write_xlsx
def slow(report, path):
    real(report, path)
    Path(sys.argv[2]).write_text("ready")
    time.sleep(120)
xlsx.write_xlsx = slow
from binjai_sim.analysis.report import write_report
write_report(Path(sys.argv[1]), "en")
"""


@pytest.mark.slow
def test_a_killed_report_leaves_nothing_the_next_report_keeps(run_folder, tmp_path):
    _clean(run_folder)
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(run_folder), str(ready)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        for _ in range(1200):  # a hang guard: the child signals when both files are written
            if ready.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert ready.exists()
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert list(run_folder.glob("report_*")) == []  # neither file reached the folder
    assert len(_hidden(run_folder)) == 1  # the killed process's temporary folder
    write_report(run_folder, "en")
    assert sorted(p.name for p in run_folder.glob("report_*")) == ["report_en.html", "report_en.xlsx"]
    assert _hidden(run_folder) == []


def test_a_report_never_lands_in_the_folder_of_a_run_that_replaced_its_own(run_folder, monkeypatch):
    _clean(run_folder)
    import binjai_sim.analysis.report.tables as tables

    real = tables.build
    manifest = run_folder / "manifest.json"
    original = manifest.read_bytes()

    def replaced_meanwhile(run, comparison):
        out = real(run, comparison)
        manifest.write_bytes(original.replace(b'"created_utc": "', b'"created_utc": "1'))  # another run's
        return out

    monkeypatch.setattr(tables, "build", replaced_meanwhile)
    try:
        with pytest.raises(InputError, match="replaced"):
            write_report(run_folder, "en")
    finally:
        manifest.write_bytes(original)
    assert list(run_folder.glob("report_*")) == [] and _hidden(run_folder) == []
