"""The docs' strategy tables are written from the registry and the strategies' texts
(scripts/strategy_tables.py), so a new strategy needs no hand-written row."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from pydantic import Field

from binjai_sim.base.i18n import LANGS, catalogue
from binjai_sim.model.strategies import REGISTRY, Strategy

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("strategy_tables", ROOT / "scripts" / "strategy_tables.py")
tables = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tables)


def test_the_docs_strategy_tables_are_the_ones_the_registry_and_its_texts_give():
    done = subprocess.run([sys.executable, "scripts/strategy_tables.py", "--check"], cwd=ROOT, capture_output=True)
    assert done.returncode == 0, "docs' strategy tables differ: run scripts/strategy_tables.py"


class _Extra(Strategy):
    name: ClassVar[str] = "test_extra"
    group: ClassVar[str] = "resources"
    funding: str = "city_budget"
    amount_rp: float = Field(7.5e6, ge=0)
    share: float = Field(0.25, ge=0, le=1)

    def monthly_charge(self) -> float:
        return self.amount_rp * self.intensity


TEXTS = {"acts_on": "extra money ({amount_rp} m)", "moves": "`x *= 1 - {share} a`", "factors": "resources | impact"}


@pytest.fixture
def sixteenth():
    """A 16th strategy with its texts in English, registered and removed again."""
    REGISTRY[_Extra.name] = _Extra
    en = catalogue("en")
    keys = {f"strategy.{part}.test_extra": text for part, text in TEXTS.items()}
    en.update(keys)
    try:
        yield _Extra
    finally:
        del REGISTRY[_Extra.name]
        for key in keys:
            del en[key]


def test_a_sixteenth_strategy_gets_its_row_in_both_tables_after_its_group_with_its_defaults_filled_in(sixteenth):
    lines = tables.strategies_table().splitlines()
    row = "| resources | `test_extra` | extra money (7.5 m) | 7.5 m (city budget) |"
    assert row in lines and lines[lines.index(row) - 1].startswith("| resources | ")  # last of its group
    assert lines[lines.index(row) + 1].startswith("| institutional | ")
    odd = tables.odd_table().splitlines()
    assert "| `test_extra` | `x *= 1 - 0.25 a` | resources \\| impact | 7.5 m, city |" in odd  # a | stays in its cell
    assert tables.main(["--check"]) == 1  # the committed pages lack its rows


def _docs_copy(tmp_path: Path, monkeypatch) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for page in ("strategies.md", "ODD.md"):
        shutil.copy(ROOT / "docs" / page, docs / page)
    monkeypatch.setattr(tables, "ROOT", tmp_path)
    monkeypatch.setattr(tables, "DOCS", docs)
    return docs


def test_check_names_the_stale_page_and_writes_nothing_and_a_run_restores_the_table(tmp_path, monkeypatch, capsys):
    docs = _docs_copy(tmp_path, monkeypatch)
    good = (docs / "ODD.md").read_text(encoding="utf-8")
    stale = good.replace("| political | 3 m, IT |", "| political | 4 m, IT |")
    assert stale != good
    (docs / "ODD.md").write_text(stale, encoding="utf-8")
    assert tables.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "docs/ODD.md" in err and "strategies.md" not in err
    assert (docs / "ODD.md").read_text(encoding="utf-8") == stale
    assert tables.main([]) == 0
    assert (docs / "ODD.md").read_text(encoding="utf-8") == good
    assert not list(docs.glob("*.part"))


def test_a_page_without_the_markers_is_refused_by_name_with_exit_2_and_no_page_is_written(tmp_path, monkeypatch,
                                                                                          capsys):
    docs = _docs_copy(tmp_path, monkeypatch)
    odd = (docs / "ODD.md").read_text(encoding="utf-8").replace("| political | 3 m, IT |", "| political | 9 m, IT |")
    (docs / "ODD.md").write_text(odd, encoding="utf-8")
    page = (docs / "strategies.md").read_text(encoding="utf-8").replace(tables.END, "")
    (docs / "strategies.md").write_text(page, encoding="utf-8")
    assert tables.main([]) == 2
    err = capsys.readouterr().err
    assert "docs/strategies.md" in err and tables.START in err and tables.END in err
    assert (docs / "ODD.md").read_text(encoding="utf-8") == odd  # the other page, though stale, untouched


def test_a_bahasa_page_gets_the_bahasa_table_once_it_holds_the_markers(tmp_path, monkeypatch):
    docs = _docs_copy(tmp_path, monkeypatch)
    plain = "# Memilih strategi\n\nBelum ada tabel.\n"
    (docs / "ODD.id.md").write_text(plain, encoding="utf-8")
    (docs / "strategies.id.md").write_text(f"# Memilih strategi\n\n{tables.START}\n{tables.END}\n\nLanjut.\n",
                                           encoding="utf-8")
    assert tables.main(["--check"]) == 1
    assert tables.main([]) == 0
    text = (docs / "strategies.id.md").read_text(encoding="utf-8")
    assert "| kelompok | strategi (`name` dalam YAML) | bekerja pada | biaya, Rp/bulan |" in text
    assert "| sumber daya | `university_partnership` | pemeliharaan dalam bentuk natura (Rp10 jt) | 2 jt |" in text
    assert "| politik | `handover_protocol` | kesinambungan pengganti" in text and "0,5 jt |" in text
    assert text.endswith(f"{tables.END}\n\nLanjut.\n")
    assert (docs / "ODD.id.md").read_text(encoding="utf-8") == plain  # no markers: not a table page
    assert tables.main(["--check"]) == 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_strategy_has_its_table_texts_and_an_optional_tag_in_both_languages_or_neither(lang):
    texts = catalogue(lang)
    for name in REGISTRY:
        assert all(f"strategy.{part}.{name}" in texts for part in ("acts_on", "moves", "factors")), name
        assert (f"strategy.tag.{name}" in catalogue("en")) == (f"strategy.tag.{name}" in texts), name
