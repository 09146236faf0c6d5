"""The shipped table of every regency and city, and finding one by code or name."""

import tomllib

import pytest

from binjai_sim.base import i18n
from binjai_sim.base.errors import InputError
from binjai_sim.scenario.regions import DATA, find, regions

from .conftest import ROOT


def test_the_table_holds_every_regency_and_city_with_its_notices():
    found = regions()
    assert len(found) == 514
    assert sum(r.kind == "Kota" for r in found) == 98 and sum(r.kind == "Kabupaten" for r in found) == 416
    assert len({r.code for r in found}) == 514
    binjai = find("12.75")
    assert binjai.population_2020 == 291_842 and binjai.province == "Sumatera Utara"
    assert sum(r.smart_city_2017 for r in found) == 25
    for notice in ("LICENSE.cahyadsn-wilayah.txt", "LICENSE.samplingin.txt", "README.md"):
        assert (DATA / notice).is_file(), notice
    assert "Badan Pusat Statistik (BPS)" in (DATA / "README.md").read_text()
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "data/regions/*" in package_data["binjai_sim"]


@pytest.mark.parametrize("query", ["Kota Pematangsiantar", "12.72", "1272", "Pematang Siantar", "pematangsiantr",
                                   "KOTA PEMATANGSIANTAR", "Siantar", "kota pematang-siantar"])
def test_a_region_is_found_however_its_name_is_written(query):
    region = find(query)
    assert (region.code, region.name, region.population_2020) == ("12.72", "Kota Pematangsiantar", 268_254)


def test_the_kind_written_before_the_name_chooses_between_a_city_and_a_regency():
    assert find("Kab. Bogor").code == "32.01" and find("Kota Bogor").code == "32.71"
    assert find("Kabupaten Simalungn").name == "Kabupaten Simalungun"


@pytest.mark.parametrize("query, listed", [
    ("Bogor", ["Kabupaten Bogor (32.01", "Kota Bogor (32.71"]),
    ("Tanjung", ["Kota Tanjungbalai", "Kota Tanjung Pinang", "Kabupaten Tanjung Jabung Barat"]),
])
def test_an_ambiguous_name_lists_the_close_matches(query, listed):
    with pytest.raises(InputError) as info:
        find(query)
    assert info.value.key == "--region" and "more than one region" in info.value.problem
    for name in listed:
        assert name in info.value.allowed


def test_unknown_names_and_codes_say_what_is_allowed_in_the_chosen_language():
    with pytest.raises(InputError, match="no regency or city has the Kemendagri code 99.99"):
        find("99.99")
    with i18n.use("id"), pytest.raises(InputError) as info:
        find("Kota Antah Berantah")
    assert "tidak ada kabupaten atau kota bernama" in str(info.value)
    assert "kode Kemendagri" in str(info.value)
