"""The snapshot's refresh script says which numbers moved, and by how much, before it writes."""

import importlib.util

from .conftest import ROOT

spec = importlib.util.spec_from_file_location("refresh_baseline", ROOT / "scripts" / "refresh_baseline.py")
refresh = importlib.util.module_from_spec(spec)
spec.loader.exec_module(refresh)


def test_only_moved_values_are_listed_with_their_difference():
    old = {"apps_active": {"2030-12": {"median": 10, "mean": 10.5}}, "seed": 1, "causes": [1, 2], "name": "a"}
    new = {"apps_active": {"2030-12": {"median": 10, "mean": 9.45}}, "seed": 1, "causes": [1, 3], "name": "b",
           "extra": 0.5}
    lines = refresh.moved(old, new)
    assert lines == ["apps_active.2030-12.mean: 10.5 -> 9.45 (-1.05, -10.0%)", "causes.1: 2 -> 3 (+1, +50.0%)",
                     "extra: new, 0.5", "name: 'a' -> 'b'"]
    assert refresh.moved(new, new) == []
    assert refresh.moved({"x": 0.0, "y": 2}, {"x": 1.0}) == ["x: 0 -> 1 (+1, from 0)", "y: gone, was 2"]
