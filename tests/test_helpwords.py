"""The command line's help and the calibration fit's summary speak Bahasa Indonesia when asked:
no help string of any command reads as its English one, and every key they name exists in both
languages."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd
import pytest

from binjai_sim.base.i18n import LANGS, catalogue, use
from binjai_sim.interfaces.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]


def _texts(parser: argparse.ArgumentParser, path: tuple = ()) -> dict[tuple, str]:
    """Every help and description a parser and its subcommands show, by where they are shown."""
    out = {(*path, "<description>"): parser.description}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out.update({(*path, choice.dest, "<help>"): choice.help for choice in action._choices_actions})
            for name, child in action.choices.items():
                out.update(_texts(child, (*path, name)))
        else:
            out[(*path, action.option_strings[0] if action.option_strings else action.dest)] = action.help
    return {k: v for k, v in out.items() if v and v != argparse.SUPPRESS}


def _only_names(text: str) -> bool:
    """Whether a help string holds nothing to translate: option flags, paths, file kinds, numbers."""
    rest = re.sub(r"--?[a-z][a-z-]*|\S+/\S*|\b[A-Z]{2,}\b|[\d.,;:()%=-]+", " ", text)
    return not re.search(r"[a-z]{3,}", rest)


@pytest.fixture(scope="module")
def helps():
    from binjai_sim.interfaces.argparse_words import install

    install()  # as main() does: argparse's own words through the catalogue
    found = {}
    for lang in LANGS:
        with use(lang):
            found[lang] = _texts(build_parser(None, full=True))
    return found


def test_in_bahasa_no_help_of_any_command_reads_as_its_english_one(helps):
    en, id_ = helps["en"], helps["id"]
    assert en.keys() == id_.keys()
    commands = {k[0] for k in en if len(k) > 1}
    assert {"calibrate", "sensitivity", "new-city", "neighbours", "plan-package", "run", "compare"} <= commands
    assert {k[1] for k in en if k[0] == "calibrate" and len(k) > 2} >= {"fit", "structures", "taught", "survey"}
    assert len(en) > 150  # the walk reaches every subcommand's options
    same = sorted(" ".join(k) + f": {en[k]}" for k in en if id_[k] == en[k] and not _only_names(en[k]))
    assert not same, "\n".join(same)


def test_the_names_only_rule_lets_through_no_sentence():
    assert _only_names("--lang, scenarios/x.yaml (CSV, 0.5)")
    assert not _only_names("master seed")
    assert not _only_names("replicates per pilot point (default 10)")


def test_calibrate_fit_help_prints_in_bahasa(capsys):
    with pytest.raises(SystemExit) as done:
        main(["calibrate", "fit", "--help", "--lang", "id"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert "berkas YAML target" in text and "jumlah partikel (bawaan 400)" in text
    assert "targets YAML" not in text


def _keys_named_in_code() -> set[str]:
    keys = set()
    for path in (ROOT / "binjai_sim").rglob("*.py"):
        keys |= set(re.findall(r"""["'](helpwords\.[a-z_]+(?:\.[a-z_]+)*)["']""", path.read_text(encoding="utf-8")))
    built = {f"helpwords.verdict.{kind}" for kind in ("better", "worse", "apart")}  # built from the result
    built |= {f"helpwords.error.unique_{what}" for what in ("names", "paths")}  # from the repeated field
    return keys | built


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_the_help_and_the_fit_summary_name_exists(lang):
    keys = _keys_named_in_code()
    assert not sorted(k for k in keys if k not in catalogue(lang))
    assert {k for k in catalogue(lang) if k.startswith("helpwords.")} == keys  # and none is left unused


def test_every_bahasa_message_of_this_area_is_written_in_bahasa():
    en, id_ = catalogue("en"), catalogue("id")
    mine = [k for k in en if k.startswith("helpwords.")]
    assert not [k for k in mine if en[k] == id_[k] and not _only_names(en[k])]


def _cv(monkeypatch, mean, low, high):
    from binjai_sim.analysis.calibrate import validation

    monkeypatch.setattr(validation, "paired_difference", lambda cv, a, b: (mean, low, high))
    return pd.DataFrame({"model": ["five_factor", "constant"], "app": ["a", "a"], "p_observed": [0.5, 0.5]})


def test_the_fit_verdict_reads_as_before_in_english_and_in_bahasa_with_decimal_commas(monkeypatch):
    from binjai_sim.analysis.calibrate.commands import verdict

    cv = _cv(monkeypatch, 0.1234, -0.05, 0.2)
    english = verdict(cv, "five_factor")
    assert english == (
        "On apps it did not see, the five_factor and constant models cannot be told apart: +0.123 log score per "
        "app (90% interval -0.050 to +0.200). The fates alone do not show that the five factors matter: advice "
        "that rests on them rests on the survey and on assumptions, not on what happened to Binjai's apps.")
    bahasa = verdict(cv, "five_factor", "id")
    assert "tidak dapat dibedakan" in bahasa and "+0,123" in bahasa and "-0,050" in bahasa
    better = verdict(_cv(monkeypatch, 0.3, 0.1, 0.5), "five_factor")
    assert better.startswith("On apps it did not see, the five_factor model predicts better than the constant")
    assert "The fates alone" not in better


@pytest.mark.parametrize(("lang", "words"), [("en", "end 2016-01 must be after start 2016-12"),
                                             ("id", "end 2016-01 harus sesudah start 2016-12")])
def test_a_refused_value_in_a_scenario_is_explained_in_the_language_in_force(tmp_path, lang, words):
    from binjai_sim import load_scenario
    from binjai_sim.base.errors import InputError

    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {ROOT / 'scenarios' / 'binjai_baseline.yaml'}\n"
                   "horizon: {start: 2016-12, end: 2016-01}\n", encoding="utf-8")
    with use(lang), pytest.raises(InputError) as err:
        load_scenario(bad)
    assert err.value.key == "horizon" and words in err.value.problem


@pytest.mark.parametrize(("lang", "lines"), [
    ("en", ["1200 simulations in 3 generations; final epsilon 0.123", "  hazard.slope: 1.5 [1, 2] (not informed)",
            "per-app scores in sample:", "  five_factor: log score 0.457, Brier 0.200, AUC 0.750",
            "nationally replaced apps exactly the study's three in 86% of replicates",
            "  FAIL (in sample) live apps: observed 12, simulated 9",
            "wrote c.yaml and posterior.parquet; report in r"]),
    ("id", ["1200 simulasi dalam 3 generasi; epsilon akhir 0,123",
            "  hazard.slope: 1.5 [1, 2] (tidak terinformasi data)",
            "skor per aplikasi di dalam sampel:", "  five_factor: skor log 0,457, Brier 0,200, AUC 0,750",
            "aplikasi yang diganti secara nasional tepat ketiga aplikasi dalam studi pada 86% ulangan",
            "  GAGAL (di dalam sampel) live apps: teramati 12, tersimulasi 9",
            "menulis c.yaml dan posterior.parquet; laporan di r"]),
])
def test_the_fit_summary_prints_in_the_language_in_force(capsys, lang, lines):
    from types import SimpleNamespace

    from binjai_sim.analysis.calibrate.commands import _summary

    result = SimpleNamespace(simulations=1200, generations=3, epsilons=[0.5, 0.1234])
    params = pd.DataFrame({"parameter": ["hazard.slope"], "median": [1.5], "p05": [1.0], "p95": [2.0],
                           "kind": ["real"], "informed": [False]})
    in_sample = pd.DataFrame({"model": ["five_factor"], "log_score": [0.4567], "brier": [0.2], "auc": [0.75]})
    pred = SimpleNamespace(counts=pd.DataFrame({"live": [10.0, 12.0]}), national_exact=0.856)
    checks = [{"pass": False, "check": "live apps", "observed": 12, "median": 9, "in_sample": "the fit's distance"}]
    with use(lang):
        _summary(result, params, in_sample, None, pred, checks, Path("c.yaml"), Path("r"), "")
    shown = capsys.readouterr().out.splitlines()
    assert all(line in shown for line in lines), shown
