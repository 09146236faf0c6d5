"""The package as published: licence, citation, type marker, and a built wheel that works outside a checkout."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_licence_citation_and_type_marker_are_there_and_agree_with_the_package():
    project = _project()
    assert project["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version"} <= citation.keys()  # CFF 1.2.0's required keys, and ours
    assert citation["version"] == project["version"]
    study = citation["references"][0]
    assert "Binjai" in study["title"] and study["authors"][0]["family-names"] == "Sukma"
    assert (ROOT / "binjai_sim" / "py.typed").is_file()


def test_optional_features_are_extras_that_all_and_test_install():
    project = _project()
    core = " ".join(project["dependencies"])
    for name in ("pyabc", "solara", "semopy", "ema_workbench", "dask", "scikit-learn"):
        assert name not in core
    extras = project["optional-dependencies"]
    assert {"workshop", "survey", "dask", "discovery", "all"} <= extras.keys()
    assert any("scikit-learn" in r for r in extras["discovery"])
    own = [r for r in extras["test"] if r.startswith("binjai-sim[")]  # scripts/setup.sh installs .[test]: everything
    assert own and "all" in own[0][len("binjai-sim["):-1].split(",")
    from binjai_sim.base.extras import EXTRAS

    assert set(EXTRAS) <= extras.keys()


@pytest.mark.slow
def test_the_built_wheel_sets_up_and_runs_a_city_outside_the_checkout(tmp_path):
    pytest.importorskip("setuptools", reason="building the wheel without isolation needs setuptools (pip install "
                                             "-e '.[test]')")
    wheels, site, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True,
                   cwd=tmp_path)
    (wheel,) = wheels.glob("binjai_sim-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, cwd=tmp_path)
    env = {**os.environ, "PYTHONPATH": str(site)}  # the checkout is not importable from `work`

    def sim(*argv):
        return subprocess.run([sys.executable, "-m", "binjai_sim.interfaces.cli", *argv], cwd=work, env=env,
                              capture_output=True, text=True, timeout=1800)

    where = subprocess.run([sys.executable, "-c", "import binjai_sim; print(binjai_sim.__file__)"], cwd=work, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(where).is_relative_to(site)
    inventory = site / "binjai_sim" / "_bundle" / "scenarios" / "cities" / "contoh" / "apps.csv"
    made = sim("new-city", "kota", "--region", "Kota Pematangsiantar", "--no-input", "--inventory", str(inventory))
    assert made.returncode == 0, made.stderr
    scenario = (work / "kota" / "scenario.yaml").read_text(encoding="utf-8")
    assert str(ROOT) not in scenario
    ran = sim("run", "kota/scenario.yaml", "--replicates", "1", "--no-figures", "--out", "out", "--quiet")
    assert ran.returncode == 0, ran.stderr
    assert (work / "out" / "kota" / "series.parquet").is_file()
