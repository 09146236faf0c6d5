"""binjai-sim new-city: from a profile to a folder that runs, and from there to a report; every
value given, taken from the regions table or labelled an assumption; Binjai's own facts never
inherited; bad input refused with every problem and nothing written."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from binjai_sim.interfaces.cli import main
from binjai_sim.scenario.load import load_scenario

from .conftest import ROOT

INVENTORY = """nama;sektor;sasaran;opd;peluncuran;desain_ulang;porsi_sasaran;padanan;catatan
e-Musrenbang;perencanaan;warga;Bappeda;Maret 2017;;1%;tidak ada;contoh
e-Budgeting;keuangan;ASN;BPKPD;2018-01;;60%;SIPD;contoh
e-Kinerja;kepegawaian;ASN;BKPSDM;07/2018;;80%;SIASN;contoh
Perizinan Online;perizinan;warga;DPMPTSP;30/03/2018;;2%;OSS;contoh
Lapor Wali Kota;pengaduan;warga;Diskominfo;2017-09;2021-06;5%;SP4N-LAPOR;contoh
Antrean RSUD;kesehatan;warga;RSUD;2019-02;;0,5%;Mobile JKN;contoh
e-PBB;pajak;warga;BPKPD;2018;;10%;tidak ada;contoh
"""
PROFILE = """# the planner's profile, Indonesian keys
wilayah: Kota Pematangsiantar
apbd: Rp 1,1 T
kapasitas_fiskal: rendah
porsi_ti: 0,12%
pilkada: "2020:penantang, 2024:petahana, 2029"
regulasi: Juni 2018
bahasa: id
daftar_aplikasi: aplikasi.csv
sumber:
  apbd: APBD 2024 (Perda APBD)
"""


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """A city made from a profile file and an inventory, then run with a report (in Indonesian)."""
    root = tmp_path_factory.mktemp("city")
    (root / "aplikasi.csv").write_text(INVENTORY, encoding="utf-8")
    (root / "profil.yaml").write_text(PROFILE, encoding="utf-8")
    folder = root / "siantar"
    assert main(["new-city", str(folder), "--profile", str(root / "profil.yaml"), "--no-input"]) == 0
    out = root / "out"
    assert main(["run", str(folder / "scenario.yaml"), "--replicates", "4", "--out", str(out), "--report"]) == 0
    return folder, out / "siantar"  # the folder names the scenario


@pytest.mark.slow
def test_the_folder_holds_a_scenario_a_profile_the_inventory_packages_and_a_calibration_kit(city):
    folder, _ = city
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert {"scenario.yaml", "profile.yaml", "README.md", "apps.csv", "calibration/targets.yaml",
            "calibration/fates.csv", "calibration/priors.yaml", "strategies/political.yaml",
            "strategies/low_fiscal_capacity.yaml", "strategies/all_fifteen.yaml"} <= names
    assert "apps.xlsx" not in names  # the given inventory, not a template beside it
    for package in (folder / "strategies").glob("*.yaml"):
        assert load_scenario(package).spec.strategies, package.name


def test_values_come_from_the_profile_the_table_or_are_labelled_assumptions(city):
    folder, _ = city
    scenario = load_scenario(folder / "scenario.yaml")
    spec = scenario.spec
    assert spec.city.name == "Kota Pematangsiantar" and spec.lang == "id"
    assert spec.city.population == 268_254 and "BPS" in spec.sources["city.population"]
    assert spec.city.annual_budget_rp == pytest.approx(1.1e12)
    assert spec.sources["city.annual_budget_rp"] == "APBD 2024 (Perda APBD)"
    assert spec.city.fiscal_capacity == "low" and spec.budget.it_share == pytest.approx(0.0012)
    assert [(e.date, e.outcome) for e in spec.elections] == [(24251, "challenger"), (24298, "incumbent"),
                                                              (24358, None)]
    assert spec.elections[1].inauguration == 24301  # the simultaneous oath of Feb 2025
    assert spec.civil_service.city_regulation_from == 24221  # Juni 2018, as given
    for key in ("civil_service.staff", "mayor.initial_priority", "citizens.internet"):
        assert spec.sources[key].startswith("ASUMSI"), key
    assert spec.civil_service.staff != 320  # Binjai's number, scaled to this city
    assert len(scenario.inventory) == 7 and scenario.inventory[6].launch == 24222  # "2018": its July


def test_national_events_are_inherited_and_binjais_own_are_not(city):
    folder, _ = city
    national = load_scenario(folder / "scenario.yaml").spec.national
    assert [p.name for p in national.platforms] == ["SIPD", "SIPD finance", "OSS", "SP4N-LAPOR", "Mobile JKN",
                                                    "SIASN", "SRIKANDI"]
    assert [s.name for s in national.policy_shocks] == ["BPJS bridging change"]
    assert national.launch_bans and national.prunings
    assert national.consolidations == []  # Binjai's Simpeg merger stays Binjai's
    text = (folder / "scenario.yaml").read_text()
    assert "binjai_baseline" not in text and "Simpeg" not in text


def test_the_calibrated_on_binjai_flag_reaches_manifest_summary_and_report(city):
    folder, run = city
    assert "DIKALIBRASI PADA BINJAI, BUKAN PADA DAERAH ANDA" in (folder / "scenario.yaml").read_text()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["calibration"]["fitted_to"] == "Binjai"
    assert manifest["calibration"]["fitted_to_this_city"] is False
    assert "calibrated on Binjai; not on your city" in manifest["calibration"]["note"]
    assert manifest["lang"] == "id"
    summary = json.loads((run / "summary.json").read_text())
    assert summary["calibration"]["fitted_to_this_city"] is False
    html = (run / "report_id.html").read_text()
    assert "Dikalibrasi pada Binjai, bukan pada daerah Anda" in html
    assert main(["report", str(run), "--lang", "en"]) == 0
    assert "Calibrated on Binjai; not on your city" in (run / "report_en.html").read_text()
    book = load_workbook(run / "report_id.xlsx")
    assert "Dikalibrasi pada Binjai" in book["Ringkasan"]["A3"].value


@pytest.mark.browser
def test_a_new_citys_report_opens_in_a_browser_without_errors(city, tmp_path):
    from .browser import chromium

    _, run = city
    errors = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1000, "height": 1400})
        page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: errors.append(f"fetched {r.url}")
                if not r.url.startswith(("file:", "data:")) else None)
        page.goto((run / "report_id.html").as_uri())
        assert page.get_by_text("Dikalibrasi pada Binjai, bukan pada daerah Anda").first.is_visible()
        assert page.locator("section#outlook tr").count() == 8  # the header and the inventory's seven apps
        page.screenshot(path=tmp_path / "report_id.png", full_page=True)
        page.close()
    assert (tmp_path / "report_id.png").stat().st_size > 100_000
    assert not errors, errors


def test_the_printed_summary_speaks_the_scenarios_language(tmp_path, capsys):
    folder = tmp_path / "kota"
    (tmp_path / "apps.csv").write_text(INVENTORY, encoding="utf-8")
    assert main(["new-city", str(folder), "--region", "12.72", "--inventory", str(tmp_path / "apps.csv"),
                 "--lang", "id", "--no-input"]) == 0
    assert "folder dibuat" in capsys.readouterr().out
    assert main(["run", str(folder / "scenario.yaml"), "--replicates", "2", "--out", str(tmp_path / "o"),
                 "--no-figures"]) == 0
    out = capsys.readouterr().out
    assert "ulangan simulasi" in out and "(pilkada)" in out and "dikalibrasi pada Binjai" in out
    assert "active" not in out


def test_without_an_inventory_the_templates_are_written_and_a_filled_template_runs(tmp_path, capsys):
    folder = tmp_path / "kab"
    assert main(["new-city", str(folder), "--region", "Kabupaten Simalungun", "--no-input"]) == 0
    csv_text = (folder / "apps.csv").read_text()
    assert "nama / name:" in csv_text and "porsi_sasaran / target_share:" in csv_text
    book = load_workbook(folder / "apps.xlsx")
    assert book.sheetnames == ["apps", "notes"]
    assert "Bahasa Indonesia" in [c.value for c in book["notes"][4]]
    assert book["apps"]["A1"].comment is not None  # every column carries its notes
    # an empty template is not yet a city: it says so, names the file and exits 2
    assert main(["validate", str(folder / "scenario.yaml")]) == 2
    assert "the inventory has no apps" in capsys.readouterr().err
    with (folder / "apps.csv").open("a") as csv_file:  # rows typed into the CSV template instead
        csv_file.write("eKTP Online,administration,citizen,Disdukcapil,2019-03,,5%,none,\n")
    assert main(["validate", str(folder / "scenario.yaml")]) == 2
    assert "apps.csv beside it lists apps: to read that file, set apps.inventory: apps.csv" in capsys.readouterr().err
    sheet = book["apps"]
    sheet.append(["eKTP Online", "administration", "citizen", "Disdukcapil", "2019-03", None, "5%", "none"])
    sheet.append(["SIMDA", "finance", "internal", "BPKAD", "Mar-18", None, 0.6, "SIPD"])
    book.save(folder / "apps.xlsx")
    assert main(["validate", str(folder / "scenario.yaml")]) == 0
    out = capsys.readouterr().out
    assert "2 apps" in out and "calibrated on Binjai; not on your city" in out


def test_the_same_profile_gives_the_same_bytes(tmp_path):
    files = []
    for parent in ("a", "b"):
        folder = tmp_path / parent / "kota"
        assert main(["new-city", str(folder), "--region", "12.72", "--no-input", "--lang", "id"]) == 0
        files.append({p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()})
    a, b = files
    assert set(a) == set(b)
    differ = [str(k) for k in a if a[k] != b[k] and k.name not in ("README.md", ".new-city.json")]
    assert differ == []  # the README names its own folder (and the manifest holds the README's hash)
    manifests = [json.loads(f[Path(".new-city.json")]) for f in files]
    assert [m["files"].pop("README.md") != "" for m in manifests] == [True, True]
    assert manifests[0] == manifests[1]


def test_every_problem_of_a_profile_is_reported_at_once_and_nothing_is_written(tmp_path, capsys):
    profile = tmp_path / "p.yaml"
    profile.write_text("wilayah: 12.72\napbd: banyak\nkapasitas_fiskal: lumayan\nporsi_ti: 40%\n"
                       "pilkada: '2021, 2024:menang'\npenduduks: 5\n")
    folder = tmp_path / "kota"
    assert main(["new-city", str(folder), "--profile", str(profile), "--no-input", "--lang", "id"]) == 2
    err = capsys.readouterr().err
    for needle in ("isian 'apbd'", "isian 'kapasitas_fiskal'", "isian 'porsi_ti'", "isian 'pilkada'",
                   "isian 'penduduks'", "mungkin maksudnya 'penduduk'"):
        assert needle in err, needle
    assert len(err.strip().splitlines()) == 5
    assert not folder.exists() and [p.name for p in tmp_path.iterdir()] == ["p.yaml"]


def test_a_bad_inventory_is_refused_with_all_its_problems_before_anything_is_written(tmp_path, capsys):
    bad = tmp_path / "apps.csv"
    bad.write_text("nama;sektor;sasaran;opd;peluncuran;porsi_sasaran\nA;antariksa;warga;X;2019-03;5%\n"
                   "B;pajak;semua;X;2019-13;5%\nC;pajak;warga;X;2019-03;banyak\n", encoding="utf-8")
    assert main(["new-city", str(tmp_path / "kota"), "--region", "12.72", "--inventory", str(bad),
                 "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "apps.csv line 2: key 'sektor'" in err and "apps.csv line 3: key 'sasaran'" in err
    assert "apps.csv line 3: key 'peluncuran'" in err and "apps.csv line 4: key 'porsi_sasaran'" in err
    assert not (tmp_path / "kota").exists()


def test_an_ambiguous_region_and_an_existing_folder_are_refused(tmp_path, capsys):
    assert main(["new-city", str(tmp_path / "x"), "--region", "Bekasi", "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "Kota Bekasi (32.75" in err and "Kabupaten Bekasi (32.16" in err
    assert main(["new-city", str(tmp_path / "x"), "--region", "Kota Bekasi", "--no-input"]) == 0
    assert main(["new-city", str(tmp_path / "x"), "--region", "Kota Bekasi", "--no-input"]) == 2
    assert "use --force" in capsys.readouterr().err
    assert main(["new-city", str(tmp_path / "x"), "--region", "Kota Bekasi", "--no-input", "--force"]) == 0


def test_questions_are_asked_for_what_is_missing(tmp_path):
    answers = "\n".join(["Pematang Siantar", "Rp 1,1 T", "sangat rendah", "oops", "0,2%", "2020, 2024", "",
                         "tinggi", "tidak ada"]) + "\n"
    folder = tmp_path / "kota"
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "new-city", str(folder), "--interactive",
                           "--lang", "id"], input=answers, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "bukan porsi APBD" in done.stdout  # "oops" was asked again
    spec = load_scenario(folder / "scenario.yaml", inventory=False).spec
    assert spec.city.population == 268_254 and spec.city.fiscal_capacity == "very_low"
    assert spec.budget.it_share == pytest.approx(0.002) and spec.mayor.initial_priority == 0.9
    assert spec.sources["budget.it_share"] == "dijawab oleh perencana"
    assert spec.sources["mayor.initial_terms_served"].startswith("ASUMSI")  # left empty: the default
    assert [e.date for e in spec.elections] == [24251, 24298]


def test_a_city_that_fits_its_own_parameters_loses_the_flag(city, tmp_path):
    folder, _ = city
    from binjai_sim.analysis.calibrate.fit import prepare

    fates = folder / "calibration" / "fates.csv"
    names = [a.name for a in load_scenario(folder / "scenario.yaml").inventory]
    assert fates.read_text().splitlines()[1:] == [f"{n},,," for n in names]  # the kit lists the city's apps
    (tmp_path / "fates.csv").write_text("name,status_class,replacement_kind,note\n" + "".join(
        f"{n},{'active' if i % 2 else 'discontinued'},,\n" for i, n in enumerate(names)))
    targets = yaml.safe_load((folder / "calibration" / "targets.yaml").read_text())
    targets.update(scenario=str(folder / "scenario.yaml"), apps=str(tmp_path / "fates.csv"))
    (tmp_path / "targets.yaml").write_text(yaml.safe_dump(targets))
    setup = prepare(tmp_path / "targets.yaml", folder / "calibration" / "priors.yaml")
    assert setup.observed.names == names and len(setup.priors) > 5
    own = tmp_path / "calibrated.yaml"
    own.write_text(yaml.safe_dump({"fitted_to": "Kota Pematangsiantar", "parameters": {"hazard.scale": 5.0}}))
    mine = tmp_path / "own.yaml"
    mine.write_text(f"extends: {folder / 'scenario.yaml'}\ncalibrated: {own}\nname: own\n")
    calibration = load_scenario(mine).calibration()
    assert calibration["fitted_to_this_city"] is True and "not on your city" not in calibration["note"]
    assert calibration["parameters"] == {"hazard.scale": 5.0}


def test_the_shipped_example_city_is_what_new_city_makes_of_its_own_profile(tmp_path, capsys):
    """scenarios/cities/contoh/ was made by new-city alone: remade from its profile and inventory,
    every file is the same but for the paths that lead back to the project."""
    example = ROOT / "scenarios" / "cities" / "contoh"
    folder = tmp_path / "contoh"
    assert main(["new-city", str(folder), "--profile", str(example / "profile.yaml"), "--inventory",
                 str(example / "apps.csv")]) == 0
    capsys.readouterr()

    def plain(path):
        text = path.read_text(encoding="utf-8")
        text = text.replace(str(folder), "FOLDER").replace("scenarios/cities/contoh", "FOLDER")
        return [line for line in text.splitlines()
                if not line.lstrip().startswith(("extends: ../", "calibrated: ../", "file: ../"))]

    shipped = sorted(p.relative_to(example) for p in example.rglob("*") if p.is_file())
    assert shipped == sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    for rel in shipped:
        if rel.name == ".new-city.json":
            continue  # the hashes of files that name their folder: checked below for the others
        assert plain(example / rel) == plain(folder / rel), rel
    hashes = [json.loads((f / ".new-city.json").read_text())["files"] for f in (example, folder)]
    differ = {k for k in hashes[0] if hashes[0][k] != hashes[1].get(k)}
    assert set(hashes[0]) == set(hashes[1]) and differ == {"README.md", "scenario.yaml"}
    spec = load_scenario(example / "scenario.yaml").spec
    assert "ILUSTRATIF" in spec.description and "(contoh ilustratif)" in spec.city.name


def test_flags_carry_their_sources(tmp_path):
    folder = tmp_path / "kota"
    assert main(["new-city", str(folder), "--region", "12.72", "--budget", "850 miliar", "--source",
                 "apbd=Perda APBD 2024", "--source", "population=Dukcapil", "--population", "279.772",
                 "--no-input"]) == 0
    spec = load_scenario(folder / "scenario.yaml", inventory=False).spec
    assert spec.city.annual_budget_rp == pytest.approx(8.5e11) and spec.city.population == 279_772
    assert spec.sources["city.annual_budget_rp"] == "Perda APBD 2024"
    assert spec.sources["city.population"] == "Dukcapil"
    assert main(["new-city", str(tmp_path / "x"), "--region", "12.72", "--source", "apbd", "--no-input"]) == 2


def test_a_new_city_takes_binjais_fit_without_binjais_own_events(tmp_path):
    """Binjai's calibrated file dates Binjai's Simpeg merger; a city without that event loads the
    rest of the fit, records the value it set aside, and takes posterior draws without it."""
    from binjai_sim import load_scenario
    from binjai_sim.analysis.posterior import applicable

    city = load_scenario(ROOT / "scenarios" / "cities" / "contoh" / "scenario.yaml")
    binjai = load_scenario(ROOT / "scenarios" / "binjai_baseline.yaml")
    key = "national.consolidations[Simpeg].date"
    assert key in binjai.calibrated["parameters"] and not binjai.calibrated["not_applied"]
    assert key in city.calibrated["not_applied"] and key not in city.calibrated["parameters"]
    assert city.calibration()["not_applied"] == city.calibrated["not_applied"]
    assert "hazard.scale" in city.calibrated["parameters"]
    assert key not in applicable(city, {key: 300, "hazard.scale": 3.0})


def test_a_value_given_under_both_its_english_and_bahasa_keys_is_refused(tmp_path, capsys):
    profile = tmp_path / "p.yaml"
    profile.write_text("wilayah: 12.72\nname: Kota A\nnama: Kota B\n", encoding="utf-8")
    folder = tmp_path / "kota"
    assert main(["new-city", str(folder), "--profile", str(profile), "--no-input", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "p.yaml" in err and "'name' and 'nama' both give the name" in err
    assert not folder.exists()
    profile.write_text("wilayah: 12.72\nname: ''\nnama: Kota B\n", encoding="utf-8")  # a blank one is not given
    assert main(["new-city", str(folder), "--profile", str(profile), "--no-input", "--lang", "en"]) == 0
