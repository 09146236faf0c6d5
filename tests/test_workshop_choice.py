"""The workshop's choosers: only the server's own list of files is ever read, and anything else
the browser sends is refused with one plain sentence for the page."""

from __future__ import annotations

import logging

import pytest

import binjai_sim.scenario.yamlfile
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.workshop import Config, Twin, folder

from .conftest import BASELINE


@pytest.fixture
def reads(monkeypatch):
    """Every YAML file read while the test runs."""
    seen = []
    real = binjai_sim.scenario.yamlfile.read_yaml

    def spy(path, *args, **kwargs):
        seen.append(path.resolve())
        return real(path, *args, **kwargs)

    for module in ("binjai_sim.scenario.yamlfile", "binjai_sim.scenario.load", "binjai_sim.scenario.coefficients"):
        monkeypatch.setattr(f"{module}.read_yaml", spy)
    return seen


def _forged(tmp_path):
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"extends: {BASELINE}\nname: evil\n")
    relative = "../" * (len(folder.REPOSITORY_SCENARIOS.parts)) + str(evil).lstrip("/")
    return evil, [str(evil), relative, "../../x.yaml", "/etc/passwd", "strategies/../../scenarios/../x.yaml",
                  "", None, 42, "binjai_baseline.yaml\0"]


def test_forged_choices_are_refused_without_reading_them(tmp_path, reads):
    evil, forged = _forged(tmp_path)
    for value in forged:
        with pytest.raises(InputError):
            folder.resolve(value, folder.cities())
    with pytest.raises(InputError):
        folder.resolve("binjai_baseline.yaml", folder.packages())  # a city is not a package
    with pytest.raises(InputError):
        folder.resolve("strategies/political.yaml", folder.cities())  # nor a package a city
    assert evil.resolve() not in reads and not any(str(p).startswith("/etc") for p in reads)


def test_a_forged_choice_shows_the_default_with_one_plain_sentence(tmp_path, reads, caplog):
    evil, forged = _forged(tmp_path)
    for value in forged:
        with caplog.at_level(logging.WARNING, logger="binjai_sim.interfaces.workshop"):
            twin = Twin(Config(city=value, seed=3, package=value))
        assert twin.without.spec.name == twin.with_.spec.name == "binjai_baseline"
        assert twin.config.city == "binjai_baseline.yaml" and twin.config.package is None
        keys = [n.key for n in twin.notices]
        assert keys == ["viz.notice.city_fallback"] + (["viz.notice.package_ignored"] if value is not None else [])
    assert evil.resolve() not in reads and not any(str(p).startswith("/etc") for p in reads)
    assert "Traceback" in caplog.text or any(r.exc_info for r in caplog.records), "the server log keeps the cause"


@pytest.mark.parametrize("config, notice", [
    (Config("binjai_baseline.yaml", settings=(("continuity", "high"),)), "viz.notice.settings_ignored"),
    (Config("binjai_baseline.yaml", settings=(("continuity", 7.0),)), "viz.notice.settings_ignored"),
    (Config("binjai_baseline.yaml", settings=(("continuity", float("nan")),)), "viz.notice.settings_ignored"),
    (Config("binjai_baseline.yaml", settings=(("hazard.scale", 0.1),)), "viz.notice.settings_ignored"),
    (Config("binjai_baseline.yaml", strategies=(("no_such_strategy", 1.0),)), "viz.notice.strategies_ignored"),
    (Config("binjai_baseline.yaml", strategies=(("long_term_plan", 2.0),)), "viz.notice.strategies_ignored"),
    (Config("binjai_baseline.yaml", strategies=(("long_term_plan", None),)), "viz.notice.strategies_ignored"),
    (Config("binjai_baseline.yaml", seed=-4), "viz.notice.seed_ignored"),
    (Config("binjai_baseline.yaml", seed="7"), "viz.notice.seed_ignored"),
])
def test_values_the_page_cannot_use_are_dropped_and_named_once(config, notice):
    twin = Twin(config)
    assert [n.key for n in twin.notices] == [notice]
    assert twin.without.spec == twin.with_.spec  # what was refused is in neither city
    assert twin.config.strategies == () and twin.config.settings == ()


def test_every_offered_file_loads_and_stays_inside_the_folder():
    cities, packages = folder.cities(), folder.packages()
    assert "binjai_baseline.yaml" in cities and "strategies/political.yaml" in packages
    assert not set(cities) & set(packages)
    for offered in (cities, packages):
        for choice, path in offered.items():
            assert folder.resolve(choice, offered) == path
            assert folder.REPOSITORY_SCENARIOS in path.resolve().parents
    twin = Twin(Config("binjai_baseline.yaml", package="strategies/political.yaml",
                       strategies=(("long_term_plan", 1.0),)))
    assert twin.notices == [] and [e.name for e in twin.entries] == ["long_term_plan"]


def test_another_folder_is_served_through_the_environment(tmp_path, monkeypatch):
    (tmp_path / "strategies").mkdir()
    (tmp_path / "kota.yaml").write_text(f"extends: {BASELINE}\nname: kota\ncity: {{name: Kota Contoh}}\n")
    (tmp_path / "strategies" / "murah.yaml").write_text(
        f"extends: {BASELINE}\nname: murah\nstrategies: [{{name: sops_documentation, start: 2018-01}}]\n")
    (tmp_path / "notes.txt").write_text("not a scenario")
    (tmp_path / "linked.yaml").symlink_to(BASELINE)
    monkeypatch.setenv(folder.FOLDER_ENV, str(tmp_path))
    assert list(folder.cities()) == ["kota.yaml"] and list(folder.packages()) == ["strategies/murah.yaml"]
    assert folder.default_city() == "kota.yaml"
    with pytest.raises(InputError):
        folder.resolve("binjai_baseline.yaml", folder.cities())  # the repository's files are not offered now
    twin = Twin(Config("kota.yaml", package="strategies/murah.yaml", strategies=(("sops_documentation", 1.0),)))
    assert twin.base.spec.city.name == "Kota Contoh"
    assert twin.entries[0].strategy.start == 2018 * 12  # the package's own start month
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no scenario files"):
        folder.default_city(empty)


def test_nothing_reached_through_a_link_that_leaves_the_folder_is_offered(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    (outside / "strategies").mkdir(parents=True)
    (outside / "strategies" / "secret.yaml").write_text(f"extends: {BASELINE}\nname: secret\n")
    (outside / "elsewhere.yaml").write_text(f"extends: {BASELINE}\nname: elsewhere\n")
    served = tmp_path / "served"
    served.mkdir()
    (served / "kota.yaml").write_text(f"extends: {BASELINE}\nname: kota\n")
    (served / "strategies").symlink_to(outside / "strategies", target_is_directory=True)
    (served / "linked.yaml").symlink_to(outside / "elsewhere.yaml")
    monkeypatch.setenv(folder.FOLDER_ENV, str(served))
    assert list(folder.cities()) == ["kota.yaml"]
    assert folder.packages() == {}
    with pytest.raises(InputError):
        folder.resolve("strategies/secret.yaml", folder.packages())
    (served / "strategies").unlink()
    (served / "strategies").mkdir()
    (served / "strategies" / "own.yaml").write_text(f"extends: {BASELINE}\nname: own\n")
    assert list(folder.packages()) == ["strategies/own.yaml"]
