"""Wording, number formats and charts a Bahasa Indonesia reader sees: a regency's run, comparison,
report, brief and validate read back for English event names, code paths, city-only words and
English decimal marks; every axis of every report figure inspected for decimal points; a Bahasa
profile's values; the village-government sector; a long inventory's outlook."""

from __future__ import annotations

import html
import re

import matplotlib
import pandas as pd
import pytest

from binjai_sim.analysis.report import prospects, tables
from binjai_sim.analysis.report.folders import RunFolder, read_comparison, read_run
from binjai_sim.base.i18n import name, use
from binjai_sim.interfaces.cli import main
from binjai_sim.interfaces.newcity.profile import parse_fiscal
from binjai_sim.scenario.inventory import sector_of

matplotlib.use("Agg")

ENGLISH = ("SIPD finance", "pruning of regional apps", "national.", "coefficients.", "hazard.", "citizens.")
APPS = """name,sector,audience,owner_agency,launch,redesign,target_share,counterpart,notes
e-Musrenbang,perencanaan,warga,Bappeda,2018-03,,1%,tidak ada,
SIKeu,keuangan,ASN,BPKAD,2018-01,,50%,SIPD finance,
Lapor Bupati,pengaduan,warga,Diskominfo,2018-07,,5%,SP4N-LAPOR,
Sistem Desa,pemerintahan desa,ASN,DPMD,2019-02,,40%,tidak ada,
Satu Data,informasi,warga,Diskominfo,2027-01,,1%,tidak ada,
"""


def _text(path) -> str:
    page = re.sub(r"<style.*?</style>", "", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def bangli(tmp_path_factory):
    """Kabupaten Bangli in Bahasa Indonesia: five apps (one a village-government app, one not
    launched before 2027), run, compared with the institutional package, reported with the brief."""
    root = tmp_path_factory.mktemp("bangli")
    apps = root / "apps.csv"
    apps.write_text(APPS, encoding="utf-8")
    city = root / "bangli"
    assert main(["new-city", "--lang", "id", "--region", "Kabupaten Bangli", "--no-input", "--inventory", str(apps),
                 str(city)]) == 0
    out = root / "out"
    assert main(["run", str(city / "scenario.yaml"), "--replicates", "3", "--out", str(out), "--quiet"]) == 0
    assert main(["compare", str(city / "scenario.yaml"), str(city / "strategies" / "institutional.yaml"),
                 "--replicates", "3", "--out", str(out), "--name", "cmp", "--quiet"]) == 0
    assert main(["report", str(out / "bangli"), "--comparison", str(out / "cmp"), "--brief", "--lang", "id"]) == 0
    return city, out / "bangli", out / "cmp"


@pytest.mark.slow
def test_bahasa_report_brief_and_validate_name_no_english_event_or_code_path(bangli, capsys):
    city, run, _ = bangli
    for page in ("report_id.html", "brief_id.html"):
        text = _text(run / page)
        for phrase in ENGLISH:
            assert phrase not in text, (page, phrase)
    report = _text(run / "report_id.html")
    assert "SIPD modul keuangan" in report and "pemangkasan aplikasi daerah" in report
    capsys.readouterr()
    assert main(["validate", "--lang", "id", str(city / "scenario.yaml")]) == 0
    said = capsys.readouterr().out
    assert "kota Anda" not in said and "daerah Anda" in said  # a kabupaten is not a kota
    assert not re.search(r"\d,\d{3}\b", said), said  # thousands grouped with a point in Bahasa
    assert re.search(r"\d\.\d{3} agen warga", said), said
    for phrase in ENGLISH:
        assert phrase not in said


@pytest.mark.slow
def test_every_axis_of_every_report_figure_has_decimal_commas_in_bahasa(bangli):
    from binjai_sim.outputs import plots

    _, run_path, cmp_path = bangli

    def ticks(lang: str) -> list[str]:
        with use(lang):
            run, cmp = read_run(run_path), read_comparison(cmp_path)
            end = int(run.series["month"].max())
            figures = [plots.status_figure(run.series, "x"), plots.factor_figure(run.series, "x"),
                       plots.survival_figure(run.events, end, "x"),
                       plots.causes_figure(run.events, sorted(run.series["replicate"].unique()), "x"),
                       plots.cost_effectiveness_figure(cmp.metrics, cmp.names, cmp.labels, "x"),
                       plots.comparison_status_figure(cmp.series, cmp.labels, "x")]
            found = []
            for fig in figures:
                plots.plain_figure(fig)
                fig.canvas.draw()
                for ax in fig.axes:
                    for axis in (ax.xaxis, ax.yaxis):
                        found += [x.get_text() for x in axis.get_ticklabels(which="both") if x.get_text()]
                        found.append(axis.get_offset_text().get_text())
                plots.plt.close(fig)
            return found

    bahasa = ticks("id")
    assert [x for x in bahasa if re.search(r"\d\.\d{1,2}$|\d\.\d{1,2}\D", x)] == []
    assert any(re.fullmatch(r"0,\d+", x) for x in bahasa)  # shares on the factor and survival axes
    assert any(re.search(r"\d\.\d", x) for x in ticks("en"))  # the same figures in English keep their points


@pytest.mark.slow
def test_report_shows_not_launched_apps_in_grey_lists_packages_and_their_start(bangli):
    _, run, _ = bangli
    page = (run / "report_id.html").read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr>.*?</tr>", page, flags=re.S) if "Satu Data" in r and "not_launched" in r)
    assert row.count('class="not_launched">belum diluncurkan') == 2  # the 2020 and 2024 elections, before 2027
    assert 'low">0%' in row  # from its launch month on, its chances are coloured like any app's
    text = _text(run / "report_id.html")
    contents = text[text.index("Strategi setiap paket"):]
    assert "paket kelembagaan" in contents and "unit smart city yang permanen" in contents
    assert re.search(r"20\d\d-\d\d - akhir simulasi", contents)
    assert "Sistem Desa pemerintahan desa" in re.sub(r"\s+", " ", text)


@pytest.mark.slow
def test_a_kabupaten_gets_a_regency_example_and_bahasa_profile_values(bangli, tmp_path):
    city, _, _ = bangli
    profile = (city / "profile.yaml").read_text(encoding="utf-8")
    assert '# kapasitas_fiskal: "rendah"' in profile and '"low"' not in profile
    assert '# regulasi: "tidak ada"' in profile and '"none"' not in profile
    kota = tmp_path / "binjai"
    assert main(["new-city", "--lang", "id", "--region", "Kota Binjai", "--no-input", str(kota)]) == 0
    assert "Lapor Wali Kota" in (kota / "apps.csv").read_text(encoding="utf-8")
    regency = tmp_path / "bangli"
    assert main(["new-city", "--lang", "id", "--region", "Kabupaten Bangli", "--no-input", str(regency)]) == 0
    template = (regency / "apps.csv").read_text(encoding="utf-8")
    assert "Lapor Bupati" in template and "Lapor Wali Kota" not in template
    # a Bahasa value the planner writes is read back, and so is the English one
    edited = regency / "profil.yaml"
    edited.write_text((regency / "profile.yaml").read_text(encoding="utf-8").replace(
        '# kapasitas_fiskal: "rendah"', 'kapasitas_fiskal: "sedang"  #'), encoding="utf-8")
    again = tmp_path / "again"
    assert main(["new-city", "--lang", "id", "--profile", str(edited), "--no-input", str(again)]) == 0
    assert "fiscal_capacity: medium" in (again / "scenario.yaml").read_text(encoding="utf-8")
    assert 'kapasitas_fiskal: "sedang"' in (again / "profile.yaml").read_text(encoding="utf-8")


def test_fiscal_capacity_reads_bahasa_and_english_values():
    assert [parse_fiscal(x) for x in ("rendah", "sedang", "tinggi", "sangat rendah", "low", "High")] == [
        "low", "medium", "high", "very_low", "low", "high"]
    with pytest.raises(ValueError):
        parse_fiscal("kaya")


def test_village_government_is_a_sector_in_both_languages():
    assert sector_of("pemerintahan desa") == sector_of("village") == sector_of("Desa") == "village"
    assert name("sector", "village", "id") == "pemerintahan desa"
    assert name("sector", "village", "en") == "village government"


def _long_run(apps: int) -> RunFolder:
    inventory = [{"name": f"app{k}", "owner_agency": f"OPD {k % 3}", "launch": "2018-01" if k % 10 else "2026-01"}
                 for k in range(apps)]
    rows = [{"app": a["name"], "date": d, "why": "election", "p_live": 0.5, "p_active": 0.5, "p_closed": 0.5,
             "most_likely_cause": "", "p_most_likely_cause": 0.0} for a in inventory for d in ("2020-12", "2030-12")]
    summary = {"apps_active": {"2020-12": {}, "2030-12": {}}, "replicates": 10, "horizon": {"end": "2030-12"}}
    return RunFolder(None, summary, {}, {}, inventory, pd.DataFrame(rows), pd.DataFrame(), pd.DataFrame())


def test_a_long_inventory_gets_its_outlook_by_agency_and_a_short_one_app_by_app():
    with use("id"):
        long = tables._outlook(_long_run(prospects.ROWS + 10))
        short = tables._outlook(_long_run(12))
    table = long.tables[0]
    assert len(table.rows) == 3  # one row per agency, not 50 rows
    first = {row[0].text: row for row in table.rows}["OPD 0"]  # 17 apps, 2 launching in 2026
    assert first[1].value == 17
    assert first[2].text == "7,5 (+2 belum diluncurkan)" and first[3].text == "8,5"
    assert "report_id.xlsx" in table.note
    assert len(short.tables[0].rows) == 12
    late = short.tables[0].rows[0]  # app0 launches in 2026
    assert late[2].text == "belum diluncurkan" and late[2].style == "not_launched" and late[3].text == "50%"


def test_the_reference_line_is_drawn_above_the_packages_and_costs_are_in_juta():
    from binjai_sim.outputs import plots

    def series(level: float) -> pd.DataFrame:
        return pd.DataFrame([{"month": m, "replicate": r, "active": level} for m in range(24204, 24216)
                             for r in range(3)])

    with use("id"):
        fig = plots.comparison_status_figure({"base": series(3), "pkg": series(3)}, {"base": "a", "pkg": "b"}, "x")
    reference, package = fig.axes[0].get_lines()
    assert reference.get_zorder() > package.get_zorder() and reference.get_linestyle() == "--"
    plots.plt.close(fig)
    metrics = pd.DataFrame([{"scenario": s, "replicate": r, "app_years": 1.0 + (s == "pkg"),
                             "strategy_cost_rp": 2.5e9 * (s == "pkg")} for s in ("base", "pkg") for r in range(3)])
    with use("id"):
        fig = plots.cost_effectiveness_figure(metrics, ["base", "pkg"], {}, "x")
    ax = fig.axes[0]
    assert "juta" in ax.get_ylabel()
    point = ax.containers[-1].lines[0]  # the package's errorbar marker
    assert point.get_ydata()[0] == pytest.approx(2500)  # Rp2,5 miliar plotted as 2.500 juta
    plots.plt.close(fig)
