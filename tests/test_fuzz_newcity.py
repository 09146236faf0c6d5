"""Fuzzed new-city profiles and flags (hostile names, sources and values) never crash the
command, never write on a refusal, and never turn text into a setting (tests/fuzz_newcity.py;
a longer run: scripts/fuzz_inputs.py --new-city N)."""

import pytest

from .fuzz_newcity import check_new_city, fuzz_new_city


@pytest.mark.slow
def test_fuzzed_profiles_make_a_faithful_folder_or_are_refused():
    codes = fuzz_new_city(20)
    assert len(codes) == 20


def test_a_hostile_profile_that_is_complete_is_written_and_reads_back():
    """Random profiles are often refused, so one hostile profile that is complete is made for certain."""
    doc = {"wilayah": "12.72", "nama": "Kota strategies: [] # x", "provinsi": "utara: &a *a",
           "apbd": "1 T", "sumber": {"nama": "'\" ---", "apbd": "Perda structure: {} x"}}
    flags = ["--description", "- a\n- b", "--source", "staff=x weights: {}", "--staff", "300"]
    assert check_new_city(doc, flags) == 0
    # with a line break, ESC or a direction override in a name or source: refused, nothing written
    hidden = {**doc, "nama": "Kota\nstrategies: [] # x", "provinsi": "\u202eutara\x1b[31m: &a *a",
              "sumber": {"nama": "'\"\r\n---", "apbd": "Perda\nstructure: {}\x85x"}}
    assert check_new_city(hidden, [*flags[:3], "staff=x\nweights: {}", *flags[4:]]) == 2
