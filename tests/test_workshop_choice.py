"""The workshop's scenario chooser: only the server's own list of files is ever read."""

from __future__ import annotations

import logging

import pytest

import sim.yamlfile
from sim import workshop
from sim.errors import InputError
from sim.workshop import SCENARIO_DIR, WorkshopCity, scenario_choices, workshop_scenario

from .conftest import BASELINE


@pytest.fixture
def reads(monkeypatch):
    """Every YAML file read while the test runs."""
    seen = []
    real = sim.yamlfile.read_yaml

    def spy(path, what="file"):
        seen.append(path.resolve())
        return real(path, what)

    for module in ("sim.yamlfile", "sim.scenario", "sim.coefficients"):
        monkeypatch.setattr(f"{module}.read_yaml", spy)
    return seen


def _forged(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"extends: {BASELINE}\nname: evil\n")
    relative = "../" * (len(SCENARIO_DIR.parts)) + str(evil).lstrip("/")
    return evil, [str(evil), relative, "../../x.yaml", "/etc/passwd", "strategies/../../scenarios/../x.yaml",
                  "", None, 42, "binjai_baseline.yaml\0"]


def test_forged_choices_are_refused_without_reading_them(tmp_path, reads):
    evil, forged = _forged(tmp_path)
    for value in forged:
        with pytest.raises(InputError):
            workshop_scenario(value, None, None, None, {})
    assert evil.resolve() not in reads and not any(str(p).startswith("/etc") for p in reads)


def test_a_forged_choice_shows_the_default_with_one_plain_sentence(tmp_path, reads, caplog):
    evil, forged = _forged(tmp_path)
    for value in forged:
        with caplog.at_level(logging.WARNING, logger="sim.workshop"):
            model = WorkshopCity(scenario_file=value, seed=3)
        assert model.spec.name == "binjai_baseline"
        assert model.settings["scenario_file"] == "binjai_baseline.yaml"
        assert model.notice and "\n" not in model.notice and "Traceback" not in model.notice
    assert evil.resolve() not in reads and not any(str(p).startswith("/etc") for p in reads)
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records), "the server log keeps the cause"


def test_every_offered_choice_loads_and_stays_inside_scenarios():
    choices = scenario_choices()
    assert "binjai_baseline.yaml" in choices and "strategies/political.yaml" in choices
    for choice in choices:
        path = workshop.resolve_choice(choice)
        assert SCENARIO_DIR in path.resolve().parents
    model = WorkshopCity(scenario_file="strategies/political.yaml", seed=1)
    assert model.notice is None and model.spec.name == "political_package"
