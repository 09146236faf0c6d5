"""Edge cases of the inputs and of the output guard: list items overridden with a partial
mapping, the shortest horizons, every number and month form the parsers accept, and symbolic
links in and around ``--out``."""

import datetime as dt
import os

import pytest

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.interfaces.cli import main
from binjai_sim.outputs.write import check_target, guard_inside, remove_stale, replace_folder
from binjai_sim.scenario.overrides import apply, assign, merge
from binjai_sim.scenario.spreadsheet import parse_amount, parse_share

from .conftest import write_scenario

# ------------------------------------------------------------------ overrides

DATA = {"national": {"platforms": [{"name": "SIPD", "date": "2019-01", "monthly_prob": 0.1, "sectors": ["finance"]},
                                   {"name": "OSS", "date": "2018-07", "monthly_prob": 0.2}]},
        "elections": [{"date": "2020-12", "outcome": "challenger"}, {"date": "2024-11"}]}


@pytest.mark.parametrize("path", ["national.platforms[SIPD]", "national.platforms.SIPD", "national.platforms[0]",
                                  "national.platforms.0"])
def test_a_list_item_given_a_partial_mapping_keeps_its_other_keys(path):
    out = apply(DATA, {path: {"monthly_prob": 0.5}})
    assert out["national"]["platforms"][0] == {"name": "SIPD", "date": "2019-01", "monthly_prob": 0.5,
                                               "sectors": ["finance"]}
    assert out["national"]["platforms"][1] == DATA["national"]["platforms"][1]
    assert DATA["national"]["platforms"][0]["monthly_prob"] == 0.1, "the original is not changed"


def test_a_partial_mapping_merges_deeply_but_a_list_inside_it_replaces():
    out = apply(DATA, {"national.platforms[SIPD]": {"sectors": ["health"], "extra": {"a": 1}}})
    assert out["national"]["platforms"][0]["sectors"] == ["health"]
    again = apply(out, {"national.platforms[SIPD]": {"extra": {"b": 2}}})
    assert again["national"]["platforms"][0]["extra"] == {"a": 1, "b": 2}
    assert merge({"x": {"y": 1, "z": [1, 2]}}, {"x": {"z": [3]}}) == {"x": {"y": 1, "z": [3]}}


def test_an_item_given_a_non_mapping_is_replaced_and_positions_are_checked():
    out = apply(DATA, {"elections[1]": "gone"})
    assert out["elections"] == [DATA["elections"][0], "gone"]
    data = {"elections": [{"date": "2020-12"}]}
    assign(data, "elections[0]", {"outcome": "incumbent"})
    assert data["elections"][0] == {"date": "2020-12", "outcome": "incumbent"}
    with pytest.raises(InputError, match="no item 2"):
        apply(DATA, {"elections[2]": {"date": "2030-01"}})


def test_naming_a_missing_strategy_adds_it_after_the_others():
    data = {"strategies": [{"name": "smart_city_unit", "intensity": 0.5}]}
    out = apply(data, {"strategies[long_term_plan].intensity": 0.3}, {"strategies": {"start": "2018-01"}})
    assert out["strategies"] == [{"name": "smart_city_unit", "intensity": 0.5},
                                 {"name": "long_term_plan", "start": "2018-01", "intensity": 0.3}]
    assert data["strategies"] == [{"name": "smart_city_unit", "intensity": 0.5}]
    with pytest.raises(InputError, match="no item named"):
        apply({"elections": [{"date": "2020-12"}]}, {"elections[x].date": "2021-01"})


def test_a_scenario_item_overridden_with_a_partial_mapping_is_still_complete(baseline):
    sipd = next(p for p in baseline.spec.national.platforms if p.name == "SIPD")
    changed = baseline.with_overrides({"national.platforms[SIPD]": {"monthly_prob": 0.5}})
    new = next(p for p in changed.spec.national.platforms if p.name == "SIPD")
    assert new.monthly_prob == 0.5 and new.date == sipd.date and new.sectors == sipd.sectors
    second = baseline.with_overrides({"elections[1]": {"outcome": "incumbent"}})
    assert second.spec.elections[1].outcome == "incumbent"
    assert second.spec.elections[1].date == baseline.spec.elections[1].date


# ------------------------------------------------------------------ horizons

def test_a_horizon_that_starts_where_it_ends_is_refused_clearly(tmp_path, capsys):
    text = "horizon: {start: 2020-10, end: 2020-10}\nelections: []\nreport: {checkpoints: []}\n"
    path = write_scenario(tmp_path, text)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--replicates", "1"]) == 2
    err = capsys.readouterr().err
    assert "horizon" in err and "must be after start" in err and "Traceback" not in err
    assert not out.exists()


def test_the_shortest_horizon_runs_one_month(baseline):
    from binjai_sim import run_scenario

    short = baseline.with_overrides({"horizon.start": "2020-10", "horizon.end": "2020-11", "elections": [],
                                     "report.checkpoints": []})
    result = run_scenario(short, seed=2, replicates=1)
    assert list(result.series.month) == [parse_month("2020-10"), parse_month("2020-11")]
    m = result.metrics.iloc[0]
    end = result.series.iloc[-1]
    assert m["app_years"] == pytest.approx((end.active + end.degraded) / 12)
    assert m["citizen_months"] == pytest.approx(end.citizens_using)


# ------------------------------------------------------------------ numbers and months

@pytest.mark.parametrize(("text", "value"), [
    ("Rp 1.100.000.000.000,00", 1.1e12), ("Rp 1.100.000.000.000", 1.1e12), ("1,100,000,000,000.00", 1.1e12),
    ("1.100.000,50", 1_100_000.5), ("1,100,000.50", 1_100_000.5), ("268.254", 268_254), ("268,254", 268_254),
    ("Rp 291.842", 291_842), ("291842", 291_842), ("1,1", 1.1), ("1.1", 1.1), ("1100000,5", 1_100_000.5),
    ("Rp 1,1 T", 1.1e12), ("Rp1.1 triliun", 1.1e12), ("850 juta", 8.5e8), ("850 jt", 8.5e8), ("7,5 jt", 7.5e6),
    ("2,5 M", 2.5e9), ("1,5 miliar", 1.5e9), ("2 milyar", 2e9), ("12 ribu", 12e3), ("5 rb", 5e3),
    ("1e9", 1e9), ("RP 3.000", 3000), ("  42 ", 42),
])
def test_every_amount_form_reads_its_value(text, value):
    assert parse_amount(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "Rp", "1.100.000 juta", "1..2", "12abc", "juta", "1,2,3"])
def test_what_is_not_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_trailing_empty_cells_a_spreadsheet_adds_are_not_fields(tmp_path):
    from binjai_sim.scenario.spreadsheet import read_table

    path = tmp_path / "apps.csv"
    path.write_text("name;sector;launch\neKTP;administration;2018-03;;\nePajak;tax;2019;;x\n")
    table = read_table(path)
    assert table.rows == [(2, {"name": "eKTP", "sector": "administration", "launch": "2018-03"})]
    assert len(table.problems) == 1 and "3" in str(table.problems[0]), "a filled extra cell is a problem"


@pytest.mark.parametrize(("text", "value"), [("5%", 0.05), ("5 %", 0.05), ("12,5%", 0.125), ("0,05", 0.05),
                                             ("0.3", 0.3), (".5", 0.5), ("100%", 1.0)])
def test_every_share_form_reads_its_value(text, value):
    assert parse_share(text) == pytest.approx(value)


@pytest.mark.parametrize(("value", "month"), [
    ("2017-03", "2017-03"), ("2017-3", "2017-03"), ("03/2017", "2017-03"), ("3.2017", "2017-03"),
    ("30/03/2017", "2017-03"), ("30-03-2017", "2017-03"), ("01/12/2017", "2017-12"), ("Maret 2017", "2017-03"),
    ("30 Maret 2017", "2017-03"), ("Mar 2017", "2017-03"), ("Mar-17", "2017-03"), ("Agt 2018", "2018-08"),
    ("Nopember 2019", "2019-11"), ("Des. 2020", "2020-12"), ("2017", "2017-01"), (2017, "2017-01"),
    (dt.date(2017, 3, 30), "2017-03"), (dt.datetime(2017, 12, 1, 8), "2017-12"), ("2017-03-15", "2017-03"),
    ("2017-03-15T10:00:00", "2017-03"), ("1900-01", "1900-01"), ("2200-12", "2200-12"),
])
def test_every_month_form_reads_its_month(value, month):
    assert format_month(parse_month(value)) == month


ENGLISH = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
INDONESIAN = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
              "november", "desember")


@pytest.mark.parametrize("number", range(1, 13))
def test_every_month_name_in_both_languages_full_and_short(number):
    want = f"2017-{number:02d}"
    for name in (ENGLISH[number - 1], INDONESIAN[number - 1], ENGLISH[number - 1][:3]):
        assert format_month(parse_month(f"{name.title()} 2017")) == want, name
        assert format_month(parse_month(f"{name[:3].upper()}-17")) == want, name


@pytest.mark.parametrize("value", ["2017-13", "2017-00", "13/2017", "1899-12", "2201-01", "Maretz 2017", "soon",
                                   True, 1899, 3.5, None])
def test_what_is_not_a_month_is_refused(value):
    with pytest.raises(ValueError):
        parse_month(value)


def test_an_inventory_year_alone_means_its_middle():
    from binjai_sim.scenario.inventory import UNKNOWN_MONTH, _month

    assert _month("2018") == parse_month("2018-01") + UNKNOWN_MONTH - 1
    assert _month("Maret 2018") == parse_month("2018-03")


# ------------------------------------------------------------------ the output guard

@pytest.fixture()
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "keep").mkdir()
    (folder / "keep" / "precious.txt").write_text("mine")
    return folder


def test_a_plain_child_passes_and_anything_else_is_refused(out, tmp_path):
    assert guard_inside(out, out / "run") == out / "run"
    for bad in (out, out / "a" / "b", out / ".." / "x", out / ".", tmp_path / "elsewhere"):
        with pytest.raises(InputError):
            guard_inside(out, bad)


def test_a_symlink_to_a_sibling_inside_out_is_refused(out):
    (out / "run").symlink_to(out / "keep", target_is_directory=True)
    with pytest.raises(InputError):
        guard_inside(out, out / "run")
    with pytest.raises(InputError):
        check_target(out, "run", force=True)
    with pytest.raises(InputError):
        replace_folder(out, None, out / "run", force=True)
    assert (out / "keep" / "precious.txt").read_text() == "mine" and (out / "run").is_symlink()


def test_symlinks_pointing_outside_or_nowhere_are_refused(out, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "away").symlink_to(outside, target_is_directory=True)
    (out / "dangling").symlink_to(tmp_path / "missing")
    (out / "file").symlink_to(out / "keep" / "precious.txt")
    for name in ("away", "dangling", "file"):
        with pytest.raises(InputError):
            guard_inside(out, out / name)
    assert outside.is_dir()


def test_an_out_folder_that_is_itself_a_symlink_is_followed(out, tmp_path):
    link = tmp_path / "link_to_out"
    link.symlink_to(out, target_is_directory=True)
    assert guard_inside(link, link / "run") == link / "run"
    with pytest.raises(InputError):
        guard_inside(link, out / ".." / "x")


def test_a_child_reached_through_a_symlinked_folder_inside_out_is_refused(out):
    (out / "via").symlink_to(out / "keep", target_is_directory=True)
    with pytest.raises(InputError):
        guard_inside(out, out / "via" / "precious.txt")


def test_stale_leftovers_that_are_symlinks_are_never_followed(out):
    dead_pid = 2 ** 22 + 12345
    leftover = out / f".run.{dead_pid}.abcdefgh.tmp"
    leftover.symlink_to(out / "keep", target_is_directory=True)
    real = out / f".run.{dead_pid}.ijklmnop.old"
    real.mkdir()
    removed = remove_stale(out, "run")
    assert removed == [real] and not real.exists()
    assert leftover.is_symlink() and (out / "keep" / "precious.txt").read_text() == "mine"


def test_run_refuses_a_target_that_is_a_symlink_and_touches_nothing(out, tmp_path, capsys):
    path = write_scenario(tmp_path, "name: run\n")
    (out / "run").symlink_to(out / "keep", target_is_directory=True)
    assert main(["run", str(path), "--out", str(out), "--replicates", "1", "--force", "--no-figures"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert sorted(os.listdir(out)) == ["keep", "run"] and os.listdir(out / "keep") == ["precious.txt"]


def test_a_single_output_file_that_is_a_dangling_symlink_needs_force(tmp_path):
    from binjai_sim.outputs.write import check_output_file

    target = tmp_path / "coefficients.yaml"
    target.symlink_to(tmp_path / "missing.yaml")
    with pytest.raises(InputError):
        check_output_file(target, force=False)
    assert check_output_file(target, force=True) == target


def test_writing_a_single_file_never_follows_a_planted_temporary_symlink(tmp_path):
    from binjai_sim.analysis.calibrate.commands import write_text_atomic

    victim = tmp_path / "victim.txt"
    victim.write_text("mine")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".coefficients.yaml.tmp").symlink_to(victim)
    write_text_atomic(out / "coefficients.yaml", "new")
    assert victim.read_text() == "mine" and (out / "coefficients.yaml").read_text() == "new"
    assert not (out / "coefficients.yaml").is_symlink()
