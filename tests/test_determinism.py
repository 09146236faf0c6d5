import pandas as pd
import pytest

from binjai_sim import run_scenario
from binjai_sim.interfaces.cli import main
from binjai_sim.runs.runner import replicate_seed


def _bytes(folder):
    return {name: (folder / name).read_bytes()
            for name in ("series.parquet", "apps.parquet", "events.parquet", "summary.json")}


def test_same_command_twice_gives_identical_bytes(tmp_path, baseline):
    args = ["run", str(baseline.path), "--replicates", "3", "--seed", "7", "--no-figures"]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    assert _bytes(tmp_path / "a" / "binjai_baseline") == _bytes(tmp_path / "b" / "binjai_baseline")


@pytest.mark.slow
def test_parallel_workers_give_the_same_bytes_as_serial(tmp_path, baseline):
    args = ["run", str(baseline.path), "--replicates", "4", "--seed", "9", "--no-figures"]
    assert main([*args, "--out", str(tmp_path / "serial")]) == 0
    assert main([*args, "--out", str(tmp_path / "pool"), "--workers", "2"]) == 0
    assert _bytes(tmp_path / "serial" / "binjai_baseline") == _bytes(tmp_path / "pool" / "binjai_baseline")


def test_different_seeds_differ(baseline):
    a = run_scenario(baseline, seed=1, replicates=1, record_apps=False).events
    b = run_scenario(baseline, seed=2, replicates=1, record_apps=False).events
    assert not a.equals(b)


def test_replicate_seeds_are_a_pure_function():
    assert replicate_seed(5, 3) == replicate_seed(5, 3)
    assert len({replicate_seed(5, r, s) for r in range(20) for s in range(20)}) == 400


def test_replicate_does_not_depend_on_how_many_others_run(baseline):
    one = run_scenario(baseline, seed=4, replicates=3, record_apps=False).series
    two = run_scenario(baseline, seed=4, replicates=5, record_apps=False).series
    pd.testing.assert_frame_equal(one, two[two.replicate < 3].reset_index(drop=True))
