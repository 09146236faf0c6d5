"""The message catalogue: complete in both languages, same placeholders, vocabulary covered."""

import pytest

from binjai_sim.base import i18n
from binjai_sim.base.vocabulary import CAUSES, FACTORS, STATUSES


def test_every_key_is_in_both_languages():
    en, id_ = i18n.catalogue("en"), i18n.catalogue("id")
    assert sorted(set(en) - set(id_)) == [], "missing in Bahasa Indonesia"
    assert sorted(set(id_) - set(en)) == [], "missing in English"


def test_translations_name_the_same_placeholders():
    en, id_ = i18n.catalogue("en"), i18n.catalogue("id")
    differ = [k for k in en if i18n.placeholders(en[k]) != i18n.placeholders(id_.get(k, ""))]
    assert differ == []


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_vocabulary_entry_has_a_name(lang):
    for kind, keys in (("factor", FACTORS), ("status", STATUSES), ("cause", CAUSES)):
        for key in keys:
            assert i18n.name(kind, key, lang) != f"{kind}.{key}"


def test_language_is_chosen_per_block_and_falls_back_to_the_key():
    assert i18n.t("cause.pruned", "en").startswith("closed")
    with i18n.use("id"):
        assert i18n.t("status.dead") == "berhenti"
    assert i18n.current() == "en"
    assert i18n.t("no.such.key") == "no.such.key"
    with pytest.raises(ValueError, match="allowed: en, id"):
        i18n.t("status.dead", "fr")


def test_numbers_are_written_as_each_language_writes_them():
    assert i18n.number(1234567.891, 1, "en") == "1,234,567.9"
    assert i18n.number(1234567.891, 1, "id") == "1.234.567,9"
    assert i18n.count(8.5, "id") == "8,5" and i18n.count(8.0, "id") == "8"
    assert i18n.percent(0.857, "id") == "86%"
    assert i18n.number(-0.04, 1, "en") == "0.0" and i18n.number(-0.06, 1, "id") == "-0,1"  # no "-0.0"
    assert i18n.signed(-0.04, 1, "en") == "+0.0" and i18n.signed(-2.25, 1, "id") == "-2,2"


def test_every_message_the_code_asks_for_is_in_the_catalogue():
    """A literal key in ``t("...")`` or ``help_text("...")`` that the catalogue lacks would show
    the key itself to a reader; keys built at run time are checked by family."""
    import re
    from pathlib import Path

    from binjai_sim.analysis.compare import VERDICTS

    en = i18n.catalogue("en")
    literal = re.compile(r'\b(?:t|help_text)\(\s*"([a-z_]+(?:\.[a-z0-9_]+)+)"')
    used = {(path.name, key) for path in Path(i18n.__file__).parents[1].rglob("*.py")
            for key in literal.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 300
    assert sorted(k for k in used if k[1] not in en) == []
    built = [f"compare.verdict.{v}" for v in VERDICTS.values()]
    built += [f"compare.{kind}.{unit}" for kind in ("unit", "unit_plural") for unit in ("replicate", "draw")]
    built += [f"report.paired_note.{unit}" for unit in ("replicate", "draw")]
    assert [k for k in built if k not in en] == []


@pytest.mark.parametrize("command", ["run", "compare", "validate", "report", "new-city"])
def test_argparse_own_words_read_in_bahasa_under_lang_id(command, capsys):
    from binjai_sim.interfaces.cli import main

    with pytest.raises(SystemExit):
        main([command, "--help", "--lang", "id"])
    text = capsys.readouterr().out
    assert text.startswith("penggunaan:") and "pilihan:" in text and "tampilkan bantuan ini" in text
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in text, english
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert capsys.readouterr().out.startswith("usage:")  # English stays English


def test_a_missing_argument_is_refused_in_bahasa(capsys):
    from binjai_sim.interfaces.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["run", "--lang", "id"])
    assert exit_.value.code == 2
    assert "kesalahan: argumen berikut wajib diisi: scenario" in capsys.readouterr().err
