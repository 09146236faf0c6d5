"""Property-based fuzzing of new-city profiles (Hypothesis), shared by tests/test_fuzz_newcity.py
(a quick run) and scripts/fuzz_inputs.py (a long one).

A profile file (any keys, English or Indonesian, with hostile text: line breaks, YAML
indicators, quotes, terminal controls, bidi overrides) and hostile --name / --source flags go
through the real command line. The property: exit 0 or 2, never 1, no traceback; a refusal
writes nothing; a folder that is written holds a scenario whose settings are exactly the
generated ones (no text became a setting), whose names read back as given, and whose
profile.yaml makes the same scenario again.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from .fuzzing import quick, run_cli

FRAGMENTS = ["\n", "\r\n", "\r", "# ", ": ", "{", "}", "[", "]", ",", "'", '"', "&a ", "*a",
             "!!python/object:os.system ", "- ", "? ", "|", ">", "%YAML 1.1", "---", "...", "@", "`", "\\", "\t",
             "\x1b[31m", "\x07", "\x00", "\x7f", "\u202e", "\u2066", "\u2028", "\x85", "\ufeff", "$(touch pwned)",
             "<script>", "national: {}", "null", "~", "yes", "0x10", "Kota Binjai", "Pematangsiantar"]
# Infinite counts (1e400, .inf) are left to the number parsers' own tests: this fuzz is about text.
hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=6).map(
    "".join)
KEYS = ["name", "nama", "description", "keterangan", "province", "provinsi", "population", "penduduk", "apbd",
        "kapasitas_fiskal", "porsi_ti", "asn", "regulasi", "prioritas", "periode", "pilkada", "mulai", "akhir",
        "titik_pantau", "bahasa", "wilayah", "sources", "sumber"]
plausible = st.sampled_from(["12.72", "Kota Binjai", "268254", "Rp 1,1 T", "rendah", "0,1%", "320", "2018-06",
                             "tinggi", "1", "2020:penantang, 2024", "2016-12", "2030-12", "2029-12", "id", "en",
                             "none"])
value = st.one_of(hostile_text, plausible, st.integers(-5, 10**7), st.floats(allow_infinity=False),
                  st.none(), st.lists(plausible, max_size=3), st.dictionaries(st.sampled_from(KEYS), hostile_text,
                                                                               max_size=2))


@st.composite
def profiles(draw) -> tuple[dict, list[str]]:
    """A profile document (always with a region or a name and population, so that about half
    are complete) and hostile flags."""
    doc = {"wilayah": draw(st.sampled_from(["12.72", "Kota Binjai", "12.75"]))}
    if draw(st.booleans()):
        doc["nama"] = draw(hostile_text)
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=4, unique=True)):
        doc[key] = draw(value)
    flags = []  # `--flag=value`: a value that starts with a dash is still the flag's value, not a flag
    if draw(st.booleans()):
        flags += [f"--name={draw(hostile_text)}"]
    if draw(st.booleans()):
        flags += [f"--description={draw(hostile_text)}"]
    if draw(st.booleans()):
        flags += ["--source", "apbd=" + draw(hostile_text)]
    return doc, flags


def _files(root: Path) -> set[Path]:
    return set(root.rglob("*"))


def check_new_city(doc: dict, flags: list[str]) -> int:
    from binjai_sim.scenario.load import load_scenario

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        profile = root / "profile.yaml"
        profile.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        doc = yaml.safe_load(profile.read_text(encoding="utf-8"))  # what the file holds (PyYAML folds \x85)
        before = _files(root)
        city = root / "kota"
        args = ["new-city", str(city), "--profile", str(profile), "--no-input", *flags]
        code, err = run_cli(args, root)
        assert code in (0, 2), f"exit {code} for {doc!r} {flags!r}\n{err[-3000:]}"
        assert "Traceback" not in err, err[-3000:]
        if code == 2:
            assert err.startswith(("error: ", "kesalahan: ")) and _files(root) == before, err[:2000]
            return code
        text = (city / "scenario.yaml").read_text(encoding="utf-8")
        assert set(yaml.safe_load(text)) == SCENARIO_KEYS, text[:3000]
        spec = load_scenario(city / "scenario.yaml", inventory=False).spec
        # a number is a name too (written as text); two non-blank name keys at once are refused
        names = [doc[k] if isinstance(doc[k], str) else str(doc[k]) for k in ("name", "nama")
                 if doc.get(k) is not None and not isinstance(doc[k], (dict, list))]
        flagged = [f.removeprefix("--name=") for f in flags if f.startswith("--name=")]
        given_name = flagged[0] if flagged else names[0] if len(names) == 1 else None
        if given_name is not None and given_name.strip():  # read back exactly as given (blank: not given)
            assert spec.city.name == given_name.strip() and spec.label == given_name.strip()
        again = root / "again"
        code, err = run_cli(["new-city", str(again), "--profile", str(city / "profile.yaml"), "--no-input"], root)
        assert code == 0, err[-3000:]
        remade = (again / "scenario.yaml").read_text(encoding="utf-8")
        assert remade.replace("name: again\n", "name: kota\n", 1) == text
        return 0


SCENARIO_KEYS = {"extends", "name", "label", "description", "lang", "horizon", "report", "projection", "calibrated",
                 "city", "mayor", "elections", "budget", "civil_service", "citizens", "apps", "coefficients",
                 "national", "sources", "run"}


def fuzz_new_city(examples: int) -> list[int]:
    """Exit codes of the examples (0: a folder was written), after checking each."""

    @quick(examples)
    @given(profiles())
    def inner(case):
        codes.append(check_new_city(*case))

    codes: list[int] = []
    inner()
    return codes
