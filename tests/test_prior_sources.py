"""Where the strategies' cost and effect ranges come from: a cited range carries its derivation,
the shipped file loads with the catalogue's values inside, and the docs and the report show the
source of every range."""
import subprocess
import sys

import numpy as np
import pytest
import yaml

import binjai_sim.scenario.strategy_priors as strategy_priors
from binjai_sim.analysis.report.costs import cost_lines
from binjai_sim.analysis.report.planning import _renstra
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t, use
from binjai_sim.interfaces.cli import main
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.scenario.strategy_priors import load_strategy_priors, sources_table

from .conftest import ROOT

UNDERIVED = 'long_term_plan:\n  monthly_cost_rp: {low: 1.0e6, high: 6.0e6, scale: log, source: "PMK 49/2023"}\n'


def test_the_shipped_file_loads_and_every_cited_range_says_how_it_follows_from_its_source():
    priors = load_strategy_priors()
    ranges = [(name, key, r) for name in priors for key, r in priors[name].items()]
    cited = [(name, key, r) for name, key, r in ranges if r.cited]
    in_file = yaml.safe_load(strategy_priors.DEFAULT_FILE.read_text(encoding="utf-8"))
    written = [x for x in ranges if x[2].source != strategy_priors.BY_RULE]  # the rule's ranges are not the file's
    assert len(written) == sum(len(keys) for keys in in_file.values()) and len(cited) >= 10  # every range loads
    for name, key, r in ranges:
        assert r.low <= REGISTRY[name].model_fields[key].default <= r.high, (name, key)
    for name, key, r in cited:
        assert r.derivation and "ASSUMPTION" not in r.source.upper(), (name, key)
    # a citation names where to look: a regulation, a table or a journal, never a bare word
    assert all(len(r.source) > 40 for _, _, r in cited)


def test_a_cited_range_without_a_derivation_is_refused_naming_the_file_and_key(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text(UNDERIVED)
    with pytest.raises(InputError) as caught:
        load_strategy_priors(path)
    assert caught.value.key == "long_term_plan.monthly_cost_rp.derivation"
    assert "priors.yaml" in str(caught.value) and "ASSUMPTION" in str(caught.value)
    # an assumption needs none, and an empty derivation is no derivation
    path.write_text(UNDERIVED.replace('"PMK 49/2023"', "ASSUMPTION"))
    assert load_strategy_priors(path)["long_term_plan"]["monthly_cost_rp"].derivation is None
    path.write_text(UNDERIVED.replace("}", ', derivation: ""}'))
    with pytest.raises(InputError) as caught:
        load_strategy_priors(path)
    assert caught.value.key.startswith("long_term_plan.monthly_cost_rp.derivation")


def test_a_comparison_reading_an_underived_range_exits_2_and_names_it(tmp_path, monkeypatch, capsys):
    path = tmp_path / "priors.yaml"
    path.write_text(UNDERIVED)
    monkeypatch.setattr(strategy_priors, "DEFAULT_FILE", path)
    out = tmp_path / "out"
    code = main(["compare", str(ROOT / "scenarios" / "binjai_baseline.yaml"),
                 str(ROOT / "scenarios" / "strategies" / "political.yaml"), "--posterior", "1", "--out", str(out),
                 "--name", "cmp", "--workers", "1", "--lang", "id"])
    err = capsys.readouterr().err
    assert code == 2
    assert "priors.yaml" in err and "long_term_plan.monthly_cost_rp.derivation" in err
    assert "memerlukan derivation" in err  # the language asked for
    assert not (out / "cmp").exists()


def test_the_docs_table_is_the_file_s_own():
    done = subprocess.run([sys.executable, "scripts/priors_table.py", "--check"], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, "docs/strategies.md's priors table differs: run scripts/priors_table.py"
    page = (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8")
    table = sources_table(load_strategy_priors())
    assert table in page
    assert "| `operator_retention` | `rotation_reduction` | 0.12 - 1 | 0.7 | Clotfelter" in table
    ranges = [r for keys in load_strategy_priors().values() for r in keys.values()]
    assert f"{sum(r.cited for r in ranges)} of {len(ranges)} ranges cite a source" in table


def test_a_pipe_in_a_source_cannot_split_the_docs_table(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text(UNDERIVED.replace("}", ', derivation: "2 h | 3 h"}').replace("PMK 49/2023", "PMK | 49"))
    row = sources_table(load_strategy_priors(path)).splitlines()[2]
    assert row.count(" | ") == 5 and "PMK \\| 49" in row


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_renstra_table_shows_what_each_cost_range_rests_on(lang):
    priors = load_strategy_priors()
    strategies = [{"name": n, "start": "2017-03"} for n in ("digital_training", "agency_champions", "council_earmark")]
    lines = cost_lines(strategies, parse_month("2017-01"), parse_month("2030-12"), priors, np.random.default_rng(1))
    with use(lang):
        table = _renstra("pkg", lines, {})
        rows = {r[1].text: r for r in table.rows}
        assert table.header[-1] == t("costs.col_basis")
        training = rows[t("strategy.name.digital_training")]
        assert training[-1].text == priors["digital_training"]["monthly_cost_rp"].basis(lang)
        assert training[-1].style == training[4].style == ""  # a cited range is not labelled an assumption
        champions = rows[t("strategy.name.agency_champions")]
        assert champions[-1].text == t("costs.assumed") and champions[4].style == "assumption"
        assert rows[t("strategy.name.council_earmark")][-1].text == t("costs.chosen")  # the earmark is a choice
        # a programme's range is an assumption as soon as one of its activities' ranges is
        assert rows[t("plan.programme.resources")][4].style == ""
        assert rows[t("plan.programme.political")][4].style == "assumption"
    assert all(len(r) == len(table.header) for r in table.rows)
