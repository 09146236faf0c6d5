"""What a Bahasa Indonesia reader finds in the report, the brief and a new city's folder: cited cost
ranges in Bahasa with Indonesian number formatting, every number of the brief with its interval,
every verdict word defined in its legend, pointers to pages that exist, a period with both ends."""

import re

import numpy as np
import pytest

from binjai_sim.analysis.compare_tables import VERDICTS, verdict_name
from binjai_sim.analysis.report import brief
from binjai_sim.analysis.report.costs import cost_lines
from binjai_sim.analysis.report.money import rupiah_range
from binjai_sim.analysis.report.package_verdicts import Verdict
from binjai_sim.analysis.report.planning import _renstra
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t, use
from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.strategy_priors import load_strategy_priors

from .conftest import ROOT

ENGLISH_WORDS = (" a month", "person-hour", " up to ", " row ", " per person", "lecturer", " staff ")


def _rupiah(text: str, group: str) -> list[int]:
    return [int(x.replace(group, "")) for x in re.findall(rf"Rp(\d{{1,3}}(?:\{group}\d{{3}})*)(?!\d)", text)]


def test_every_cited_range_has_its_source_and_derivation_in_both_languages():
    cited = [(name, key, r) for name, ranges in load_strategy_priors().items() for key, r in ranges.items()
             if r.cited]
    assert len(cited) >= 10
    for name, key, r in cited:
        assert r.source_id and r.derivation_id, (name, key)
        for en, id_ in ((r.source, r.source_id), (r.derivation, r.derivation_id)):
            # the same amounts, grouped as each language groups them
            assert _rupiah(id_, ".") == _rupiah(en, ","), (name, key, id_)
            assert not re.search(r"Rp\d{1,3},\d{3}", id_), (name, key, id_)
            assert not any(w in id_ for w in ENGLISH_WORDS), (name, key, id_)


DERIVED = """long_term_plan:
  monthly_cost_rp: {low: 1.8e6, high: 6.0e6, scale: log, source: "PMK 49/2023", derivation: "2 h",
                    source_id: "PMK 49/2023"}
"""


def test_a_bahasa_text_without_its_pair_is_refused_naming_the_file_and_key(tmp_path):
    path = tmp_path / "priors.yaml"
    path.write_text(DERIVED)
    with pytest.raises(InputError) as caught:
        load_strategy_priors(path)
    assert caught.value.key == "long_term_plan.monthly_cost_rp.derivation_id"
    path.write_text(DERIVED.replace('source_id: "PMK 49/2023"', 'derivation_id: "2 jam"'))
    with pytest.raises(InputError) as caught:
        load_strategy_priors(path)
    assert caught.value.key == "long_term_plan.monthly_cost_rp.source_id"
    path.write_text(DERIVED.replace('source_id: "PMK 49/2023"', 'source_id: "PMK 49/2023", derivation_id: "2 jam"'))
    r = load_strategy_priors(path)["long_term_plan"]["monthly_cost_rp"]
    assert (r.basis("id"), r.basis("en")) == ("PMK 49/2023", "PMK 49/2023")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_cost_table_quotes_each_basis_in_the_readers_language(lang):
    priors = load_strategy_priors()
    names = ("long_term_plan", "operator_retention", "national_integration", "handover_protocol")
    lines = cost_lines([{"name": n, "start": "2025-01"} for n in names], parse_month("2025-01"),
                       parse_month("2029-12"), priors, np.random.default_rng(1))
    with use(lang):
        table = _renstra("p", lines, {})
    basis = {row[1].text: row[-1].text for row in table.rows if "." in row[0].text}
    with use(lang):
        expected = {t(f"strategy.name.{n}"): priors[n]["monthly_cost_rp"].basis(lang) for n in names}
        expected[t("strategy.name.handover_protocol")] = t("costs.assumed")
    assert basis == expected
    shown = " ".join(basis.values())
    if lang == "id":
        assert "Rp2.887.667 per bulan" in shown and "Rp2,887,667" not in shown
        assert not any(w in shown for w in ENGLISH_WORDS)
    else:
        assert "Rp2,887,667 a month" in shown


def _verdict(package: str, verdict: str, gain: float) -> Verdict:
    return Verdict(package, package.upper(), gain, gain - 0.4, gain + 0.5, 0.8, 0.7, 0.88, 40, "replicate", verdict,
                   906e6, 700e6, 1.2e9, [], 4e9)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_closest_package_carries_the_interval_of_its_gain_and_cost(lang):
    with use(lang):
        lines = brief._headline(None, [_verdict("a", "undecided", 0.6), _verdict("b", "not robust", 0.2)])
        cost_range = rupiah_range(700e6, 1.2e9)
    closest = lines[-1]
    assert "A" in closest
    for number in ("+0.6", "+0.2", "+1.1") if lang == "en" else ("+0,6", "+0,2", "+1,1"):
        assert number in closest, closest
    assert closest.count("90%") == 2
    assert cost_range in closest


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_verdict_the_brief_table_can_show_is_defined_in_its_legend(lang):
    with use(lang):
        table = brief._verdict_table([_verdict(v, v, 0.5) for v in VERDICTS], None)
        shown = {row[1].text for row in table.rows}
        assert shown == {verdict_name(v) for v in VERDICTS}
        for word in shown:
            # defined: the word opens a clause of the legend, followed by its meaning
            assert re.search(rf"(^|; ){re.escape(word)}: ", table.note), (word, table.note)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("key", ["report.fitted_note", "report.causes_intro"])
def test_the_report_points_to_pages_that_exist(lang, key):
    with use(lang):
        text = t(key)
    assert "README" not in text
    pages = re.findall(r"docs/[\w./-]+\.md", text)
    assert pages and all((ROOT / p).is_file() for p in pages), text


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_new_citys_readme_shows_the_period_by_both_ends(tmp_path, lang):
    profile = tmp_path / "p.yaml"
    profile.write_text(f"wilayah: Kota Pematangsiantar\nbahasa: {lang}\nmulai: 2018-03\nakhir: 2031-06\n")
    assert main(["new-city", str(tmp_path / "c"), "--profile", str(profile), "--no-input"]) == 0
    readme = (tmp_path / "c" / "README.md").read_text(encoding="utf-8")
    with use(lang):
        row = next(x for x in readme.splitlines() if x.startswith(f"| {t('newcity.field.start')} |"))
    assert ("2018-03 to 2031-06" if lang == "en" else "2018-03 s.d. 2031-06") in row
