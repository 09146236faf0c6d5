"""A name with terminal control characters or text-direction overrides: refused where a planner
types it (new-city's flags and profile, an inventory's app names), and shown escaped wherever a
name written by hand into a scenario is drawn or printed (figures, the brief, comparison.md, the
workshop's heading). new-city's problems with values name the flag or profile key given."""

import json
import re
from html import escape

import matplotlib.figure
import pytest
from matplotlib.text import Text
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from binjai_sim.base.i18n import has_hidden, plain
from binjai_sim.interfaces.cli import main

HIDDEN = "\x1b[2J\x1b]0;owned\x07\u202eatad\u2066\u2069\x9b"
APPS = ("name,sector,audience,owner_agency,launch,target_share\n"
        "e-Musrenbang,planning,citizen,Bappeda,2017-03,1%\n"
        "SIMPEG,hr,internal,BKPSDM,2018-07,80%\n")


def new_city(*args) -> int:
    return main(["new-city", *map(str, args), "--no-input"])


# --- refused where typed -----------------------------------------------------------------------

@pytest.mark.parametrize("char", ["\x1b", "\u202e", "\u2067", "\x9b", "\x07"])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_inventory_refuses_app_names_with_control_or_direction_characters(tmp_path, capsys, char, lang):
    csv = tmp_path / "apps.csv"
    csv.write_text(APPS.replace("SIMPEG", f"SIM{char}PEG"), encoding="utf-8")
    inventories = [csv]
    if not ILLEGAL_CHARACTERS_RE.search(char):  # a workbook cannot hold ESC or BEL; it holds the others
        book = Workbook()
        for row in APPS.replace("SIMPEG", f"SIM{char}PEG").splitlines():
            book.active.append(row.split(","))
        inventories.append(tmp_path / "apps.xlsx")
        book.save(inventories[-1])
    for inventory in inventories:
        assert new_city(tmp_path / "kota", "--region", "12.72", "--inventory", inventory, "--lang", lang) == 2
        err = capsys.readouterr().err
        row, key, says = (("line", "key", "control or text-direction") if lang == "en"
                          else ("baris", "isian", "karakter kendali"))
        assert f"{inventory.name} {row} 3: {key} 'name'" in err and says in err, err
        assert char not in err and not (tmp_path / "kota").exists()


@pytest.mark.parametrize("flag", ["--name", "--description", "--province"])
def test_new_city_refuses_control_characters_in_a_name_flag(tmp_path, capsys, flag):
    assert new_city(tmp_path / "kota", "--region", "12.72", flag, f"Kota{HIDDEN}") == 2
    err = capsys.readouterr().err
    assert f"key '{flag}'" in err and "control or text-direction" in err, err
    assert not has_hidden(err.replace("\n", "")) and not (tmp_path / "kota").exists()


def test_new_city_refuses_control_characters_in_a_source_and_in_profile_values(tmp_path, capsys):
    assert new_city(tmp_path / "kota", "--region", "12.72", "--source", f"apbd=Perda{HIDDEN}") == 2
    err = capsys.readouterr().err
    assert "key '--source'" in err and "control or text-direction" in err and not has_hidden(err.replace("\n", "")), err
    profile = tmp_path / "p.yaml"
    profile.write_text(f"nama: {json.dumps('Kota' + HIDDEN)}\nsumber: {{penduduk: {json.dumps('BPS' + HIDDEN)}}}\n",
                       encoding="utf-8")
    assert new_city(tmp_path / "kota", "--region", "12.72", "--profile", profile) == 2
    err = capsys.readouterr().err
    assert "p.yaml: key 'nama'" in err and "p.yaml: key 'sumber.penduduk'" in err, err
    assert not has_hidden(err.replace("\n", ""))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_a_source_with_an_unknown_key_says_the_key_is_unknown_and_lists_the_keys(tmp_path, capsys):
    assert new_city(tmp_path / "kota", "--region", "12.72", "--source", "foo=bar") == 2
    err = capsys.readouterr().err
    assert "unknown profile key 'foo'" in err and "is not KEY=TEXT" not in err, err
    assert "population" in err.split("allowed:")[1] and "annual_budget_rp" in err.split("allowed:")[1]
    assert new_city(tmp_path / "kota", "--region", "12.72", "--source", "apbd") == 2
    assert "is not KEY=TEXT" in capsys.readouterr().err  # no '=': the form, not the key, is wrong


# --- value problems under the flag or key given ------------------------------------------------

@pytest.mark.parametrize("args, shown", [
    (["--population", "1e9"], "key '--population': out of range"),
    (["--checkpoints", "2050-01"], "key '--checkpoints': 2050-01 is outside the horizon"),
])
def test_new_city_names_the_flag_given_not_its_temporary_folder(tmp_path, capsys, args, shown):
    assert new_city(tmp_path / "kota", "--region", "12.72", *args) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines == [f"error: {shown}" + lines[0].split(shown, 1)[1]], err  # one problem: no follow-on budget/staff
    assert ".tmp" not in err and "scenario.yaml" not in err and sorted(p.name for p in tmp_path.iterdir()) == []


def test_new_city_names_the_profile_key_given(tmp_path, capsys):
    profile = tmp_path / "p.yaml"
    profile.write_text("population: 1e9\n", encoding="utf-8")
    assert new_city(tmp_path / "kota", "--region", "12.72", "--profile", profile) == 2
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.strip()] == [
        line for line in err.splitlines() if line.startswith(f"error: {profile}: key 'population': out of range")], err


# --- shown escaped wherever drawn or printed ---------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A city folder whose scenario was given a hostile name by hand (new-city refuses one), run,
    compared with one of its packages and reported with the brief; the text of every figure drawn."""
    root = tmp_path_factory.mktemp("names")
    drawn: list[str] = []
    original = matplotlib.figure.Figure.savefig

    def savefig(fig, *args, **kwargs):
        drawn.extend(t.get_text() for t in fig.findobj(Text))
        return original(fig, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matplotlib.figure.Figure, "savefig", savefig)
        (root / "apps.csv").write_text(APPS, encoding="utf-8")
        assert new_city(root / "kota", "--region", "12.72", "--inventory", root / "apps.csv") == 0
        scenario = root / "kota" / "scenario.yaml"
        text = scenario.read_text(encoding="utf-8")
        name = json.dumps(f"Kota{HIDDEN}")
        text = re.sub(r"^label: .*$", lambda m: f"label: {name}", text, count=1, flags=re.M)
        text = re.sub(r"^(city:\n  name: ).*$", lambda m: m.group(1) + name, text, count=1, flags=re.M)
        scenario.write_text(text, encoding="utf-8")
        package = sorted((root / "kota" / "strategies").glob("*.yaml"))[0]
        out = root / "out"
        assert main(["run", str(scenario), "--replicates", "2", "--out", str(out)]) == 0
        assert main(["compare", str(scenario), str(package), "--replicates", "2", "--out", str(out),
                     "--name", "cmp"]) == 0
        assert main(["report", str(out / "kota"), "--comparison", str(out / "cmp"), "--brief", "--lang", "en"]) == 0
    return out, drawn


def test_figures_draw_hand_written_names_escaped(hostile):
    out, drawn = hostile
    titles = [t for t in drawn if "Kota" in t]
    assert len(titles) >= 8  # the run's four figures, the comparison's and the report's
    assert not [t for t in drawn if has_hidden(t.replace("\n", ""))]
    assert any(plain(f"Kota{HIDDEN}") in t.replace("\n", "") for t in titles)


def test_the_brief_and_comparison_md_show_names_escaped(hostile):
    out, _ = hostile
    brief = (out / "kota" / "brief_en.html").read_text(encoding="utf-8")
    markdown = (out / "cmp" / "comparison.md").read_text(encoding="utf-8")
    for text in (brief, markdown):
        assert not has_hidden(text.replace("\n", "")), repr(text[:300])
    assert re.search(r"<title>[^<]*Kota\\x1b\[2J", brief) and re.search(r"<h1>[^<]*Kota\\x1b", brief)
    assert plain(f"Kota{HIDDEN}") in markdown


@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
def test_the_workshop_heading_shows_the_city_name_escaped(hostile, monkeypatch):
    import solara
    import solara.server.app  # noqa: F401 - solara's server-side widget machinery
    from solara.server import kernel_context

    from binjai_sim.interfaces.viz.app import Page
    from binjai_sim.interfaces.workshop import folder

    out, _ = hostile
    monkeypatch.setenv(folder.FOLDER_ENV, str(out.parent / "kota"))
    monkeypatch.setattr(folder, "PREFERRED", "scenario.yaml")  # the city, not its profile.yaml
    context = kernel_context.create_dummy_context()
    with context:
        _, rc = solara.render(Page(), handle_error=False)
        html = "\n".join(w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets)
    context.close()
    assert f'class="city-name">{escape(plain("Kota" + HIDDEN))}</span> <span class="page-month"' in html, html[:2000]
    assert not has_hidden(html.replace("\n", ""))


def test_sensitivity_figures_draw_outcome_and_parameter_names_escaped():
    import pandas as pd

    from binjai_sim.analysis.sweep.plots import convergence_figure, sobol_figure

    indices = pd.DataFrame({"parameter": [f"p{HIDDEN}", "q"], "S1": [0.2, 0.1], "S1_conf": [0.05, 0.05],
                            "ST": [0.3, 0.2], "ST_conf": [0.05, 0.05]})
    conv = pd.DataFrame({"parameter": [f"p{HIDDEN}"] * 2, "units": [10, 20], "ST": [0.3, 0.31]})
    for fig in (sobol_figure(indices, f"apps{HIDDEN}"), convergence_figure(conv, f"apps{HIDDEN}", "sobol")):
        texts = [t.get_text() for t in fig.findobj(Text)]
        assert any(plain(f"apps{HIDDEN}") in t for t in texts)
        assert not [t for t in texts if has_hidden(t.replace("\n", ""))]
