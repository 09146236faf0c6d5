"""A city's profile: the few facts a planner knows, each with where it comes from.

A profile is read from flags, from a profile file (English or Indonesian keys) or from answers
to questions, then completed: what the regions table knows (name, province, 2020 census
population) is taken from it with a credit to BPS, and what nobody gave becomes a default
labelled as an assumption with its reason. Nothing is filled in silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, combine, did_you_mean, one_of, short
from binjai_sim.base.i18n import has_hidden, number, plain, t
from binjai_sim.base.vocabulary import FISCAL_CLASSES
from binjai_sim.scenario.regions import Region
from binjai_sim.scenario.spreadsheet import parse_amount, parse_share

BINJAI_POPULATION = 291_842  # 2020 census: the city every default below is scaled from
BINJAI_BUDGET_RP = 1.0e12  # Rp a year (EVIDENCE medium)
BINJAI_STAFF = 320  # civil servants in smart-city work: itself an assumption (schema)
DEFAULT_IT_SHARE = 0.001  # Binjai's communications agency, ~0.1% of the budget (EVIDENCE low)
DEFAULT_FISCAL = "low"  # the study speaks to low and very low fiscal capacity
PRIORITIES = {"high": 0.9, "medium": 0.6, "low": 0.3}  # the first regional head's smart-city priority
DEFAULT_PRIORITY = "medium"
HORIZON = ("2016-12", "2030-12")  # as Binjai's: the national smart-city movement began in 2017
# Indonesia's internet users (EVIDENCE high: 54.7% 2017, 79.5% 2024); 2030 an assumption
NATIONAL_INTERNET = {2017: 0.547, 2024: 0.795, 2030: 0.85}
# the month of each wave of simultaneous regional elections (UU 8/2015, UU 10/2016)
ELECTION_WAVES = {2015: "2015-12", 2017: "2017-02", 2018: "2018-06", 2020: "2020-12", 2024: "2024-11",
                  2029: "2029-11"}
INAUGURATIONS = {"2024-11": "2025-02", "2029-11": "2030-02"}  # 20 Feb 2025 for every region (EVIDENCE high)
DEFAULT_ELECTIONS = ("2020-12", "2024-11", "2029-11")  # the 2015/2020 wave, as Binjai and Pematangsiantar

FISCAL_WORDS = {"sangat_rendah": "very_low", "rendah": "low", "sedang": "medium", "tinggi": "high",
                "sangat_tinggi": "very_high"}
PRIORITY_WORDS = {"tinggi": "high", "sedang": "medium", "rendah": "low", "unggulan": "high"}
OUTCOME_WORDS = {"incumbent": "incumbent", "petahana": "incumbent", "challenger": "challenger",
                 "penantang": "challenger", "baru": "challenger", "successor": "successor", "penerus": "successor",
                 "?": None, "": None, "unknown": None,
                 "tidak_tahu": None, "belum": None}
NONE_WORDS = ("none", "no", "tidak", "tidak ada", "belum", "belum ada", "-")

KEYS = ("name", "description", "region", "province", "population", "annual_budget_rp", "fiscal_capacity",
        "it_share", "staff", "city_regulation", "mayor_priority", "terms_served", "elections", "start", "end",
        "checkpoints", "lang", "inventory", "sources")
ALIASES = {  # profile-file keys as an Indonesian planner writes them
    "nama": "name", "nama_kota": "name", "keterangan": "description", "deskripsi": "description",
    "wilayah": "region", "kode": "region", "kode_wilayah": "region",
    "provinsi": "province", "penduduk": "population", "jumlah_penduduk": "population",
    "apbd": "annual_budget_rp", "anggaran": "annual_budget_rp", "budget": "annual_budget_rp",
    "kapasitas_fiskal": "fiscal_capacity", "porsi_ti": "it_share", "porsi_anggaran_ti": "it_share",
    "asn": "staff", "pegawai": "staff", "perwal": "city_regulation", "perbup": "city_regulation",
    "regulasi": "city_regulation", "prioritas": "mayor_priority", "prioritas_kepala_daerah": "mayor_priority",
    "periode": "terms_served", "periode_menjabat": "terms_served", "pilkada": "elections",
    "pemilihan": "elections", "mulai": "start", "akhir": "end", "selesai": "end", "titik_pantau": "checkpoints",
    "bahasa": "lang", "daftar_aplikasi": "inventory", "aplikasi": "inventory", "sumber": "sources",
}


@dataclass
class Value:
    value: Any
    source: str  # where it comes from, in the profile's language
    assumption: bool = False


@dataclass
class Profile:
    values: dict[str, Value] = field(default_factory=dict)
    region: Region | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value

    def get(self, key: str, default: Any = None) -> Any:
        return self.values[key].value if key in self.values else default


# --- reading one value -------------------------------------------------------------------------

def _word(text: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


def parse_count(text: object, low: int = 1) -> int:
    try:
        value = parse_amount(str(text)) if not isinstance(text, (int, float)) else float(text)
    except ValueError:
        raise ValueError(t("newcity.bad_count", value=short(text), low=number(low))) from None
    if not math.isfinite(value) or value != int(value) or value < low:
        raise ValueError(t("newcity.bad_count", value=short(text), low=number(low)))
    return int(value)


def parse_money(text: object) -> float:
    try:
        value = parse_amount(str(text)) if not isinstance(text, (int, float)) else float(text)
    except ValueError:
        raise ValueError(t("newcity.bad_money", value=short(text))) from None
    if not 0 < value <= 1e15:
        raise ValueError(t("newcity.bad_money", value=short(text)))
    return value


def parse_fiscal(text: object) -> str:
    word = _word(text)
    value = FISCAL_WORDS.get(word, word)
    if value not in FISCAL_CLASSES:
        raise ValueError(t("newcity.bad_fiscal", value=short(text)) + did_you_mean(word, [*FISCAL_CLASSES,
                                                                                       *FISCAL_WORDS]))
    return value


def parse_it_share(text: object) -> float:
    try:
        value = parse_share(str(text)) if not isinstance(text, (int, float)) else float(text)
    except ValueError:
        raise ValueError(t("newcity.bad_it_share", value=short(text))) from None
    if not 0 < value <= 0.2:
        raise ValueError(t("newcity.bad_it_share", value=short(text)))
    return value


def parse_regulation(text: object) -> int | None:
    if str(text).strip().lower() in NONE_WORDS:
        return None
    return parse_month(text)


def parse_priority(text: object) -> float:
    word = PRIORITY_WORDS.get(_word(text), _word(text))
    if word in PRIORITIES:
        return PRIORITIES[word]
    try:
        value = float(str(text).replace(",", "."))
    except ValueError:
        raise ValueError(t("newcity.bad_priority", value=short(text))) from None
    if not 0 <= value <= 1:
        raise ValueError(t("newcity.bad_priority", value=short(text)))
    return value


def parse_terms(text: object) -> int:
    if str(text).strip() not in ("1", "2"):
        raise ValueError(t("newcity.bad_terms", value=short(text)))
    return int(str(text).strip())


def parse_elections(text: object) -> list[dict]:
    """``2020-12:challenger, 2024-11:incumbent, 2029`` (or a list of such items or of mappings
    with date, outcome and source); a bare year is that year's wave of simultaneous elections."""
    items = text if isinstance(text, list) else [p for p in re.split(r"[,;/]", str(text)) if p.strip()]
    found = []
    for item in items:
        if isinstance(item, dict):
            date, outcome, source = item.get("date"), item.get("outcome"), str(item.get("source") or "")
        else:
            date, _, outcome = str(item).strip().partition(":")
            source = ""
        found.append(_election(date, outcome, source))
    return sorted(found, key=lambda e: e["date"])


def _election(date: object, outcome: object, source: str) -> dict:
    text = str(date).strip()
    if re.fullmatch(r"\d{4}", text):
        if int(text) not in ELECTION_WAVES:
            raise ValueError(t("newcity.bad_election_year", value=text,
                               years=", ".join(map(str, ELECTION_WAVES))))
        text = ELECTION_WAVES[int(text)]
    month = parse_month(text)
    word = _word(outcome or "")
    if word not in OUTCOME_WORDS:
        raise ValueError(t("newcity.bad_outcome", value=short(outcome)))
    return {"date": month, "outcome": OUTCOME_WORDS[word], "source": source}


def parse_months(text: object) -> list[int]:
    items = text if isinstance(text, list) else [p for p in re.split(r"[,;]", str(text)) if p.strip()]
    return sorted({parse_month(str(i).strip()) for i in items})


def parse_lang(text: object) -> str:
    if str(text) not in ("en", "id"):
        raise ValueError(t("newcity.bad_lang", value=short(text)))
    return str(text)


def _text(value: object) -> str:
    """A profile's text value: a string (or a number written without quotes), never a list or mapping."""
    if isinstance(value, dict | list | tuple | set | bool):
        raise ValueError(t("newcity.not_text"))
    return str(value)


PARSERS = {
    "name": lambda x: visible(_text(x).strip()) or _empty(),
    "description": lambda x: visible(" ".join(_text(x).split())),
    "region": lambda x: _text(x).strip(),
    "province": lambda x: visible(_text(x).strip()), "population": lambda x: parse_count(x, 100),
    "annual_budget_rp": parse_money, "fiscal_capacity": parse_fiscal, "it_share": parse_it_share,
    "staff": parse_count, "city_regulation": parse_regulation, "mayor_priority": parse_priority,
    "terms_served": parse_terms, "elections": parse_elections, "start": parse_month, "end": parse_month,
    "checkpoints": parse_months, "lang": parse_lang, "inventory": lambda x: Path(_text(x).strip()),
}


def visible(text: str) -> str:
    """``text`` unless it holds a control or text-direction character: written into the city's
    files it would drive a terminal or reorder the line it is shown on, and a planner never needs one."""
    if has_hidden(text):
        raise ValueError(t("newcity.hidden_characters", value=plain(short(text))))
    return text


def _empty():
    raise ValueError(t("newcity.empty"))


# --- reading a whole profile -------------------------------------------------------------------

def read_profile(given: dict[str, object], where: object, option_names: dict[str, str] | None = None,
                 sources: dict[str, str] | None = None, found: list[InputError] | None = None,
                 failed: set[str] | None = None) -> dict[str, Value]:
    """Parse every given value; every problem at once. ``where`` is the file (or None for flags);
    ``option_names`` names a key as the planner wrote it (``--budget``). With ``found``, problems
    are added to it (and the keys they concern to ``failed``) and the good values returned, so
    that a caller can go on to find the problems of its other inputs."""
    option_names = option_names or {}
    values, problems, seen = {}, [], {}
    for raw_key, raw in given.items():
        key = ALIASES.get(_word(raw_key), _word(raw_key))
        shown = option_names.get(key, str(raw_key))
        if key not in KEYS:
            problems.append(InputError(where, shown, t("newcity.unknown_key", key=short(raw_key))
                                       + did_you_mean(_word(raw_key), [*KEYS, *ALIASES]), one_of(KEYS)))
            continue
        if key == "sources" or raw is None or raw == [] or (isinstance(raw, str) and not raw.strip()):
            continue  # blank, as an empty list: not given (so the profile written back says the same)
        if key in seen:  # `name` and `nama` at once: which one the planner meant is not ours to pick
            problems.append(InputError(where, shown, t("newcity.key_twice", first=short(seen[key]),
                                                       second=short(raw_key), key=key)))
            continue
        seen[key] = raw_key
        try:
            value = PARSERS[key](raw)
        except ValueError as exc:
            problems.append(InputError(where, shown, str(exc)))
            if failed is not None:
                failed.add(key)
            continue
        given_source = (sources or {}).get(key) or t("newcity.source_given")
        values[key] = Value(value, given_source)
    if problems and found is None:
        raise combine(problems)
    (found if found is not None else []).extend(problems)
    return values


def load_profile_file(path: Path, found: list[InputError] | None = None,
                      failed: set[str] | None = None) -> dict[str, Value]:
    from binjai_sim.scenario.yamlfile import read_yaml

    data = read_yaml(path, t("newcity.profile_what"))
    if not isinstance(data, dict):
        raise InputError(path, None, t("newcity.profile_not_mapping"), one_of(KEYS))
    sources = {}
    for raw_key, raw in data.items():
        if ALIASES.get(_word(raw_key), _word(raw_key)) == "sources":
            if not isinstance(raw, dict):
                raise InputError(path, str(raw_key), t("newcity.sources_mapping"))
            sources = {ALIASES.get(_word(k), _word(k)): str(v) for k, v in raw.items()}
            hidden = [InputError(path, f"{raw_key}.{k}", t("newcity.hidden_characters", value=plain(short(str(v)))))
                      for k, v in raw.items() if has_hidden(v)]
            if hidden and found is None:
                raise combine(hidden)
            (found if found is not None else []).extend(hidden)
    values = read_profile(data, path, sources=sources, found=found, failed=failed)
    if "inventory" in values and not values["inventory"].value.is_absolute():
        values["inventory"].value = (path.parent / values["inventory"].value).resolve()
    return values


# --- completing a profile ----------------------------------------------------------------------

def complete(values: dict[str, Value], region: Region | None) -> Profile:
    """Every value the scenario needs: given, from the regions table, or a labelled assumption."""
    v = dict(values)
    if region is not None:
        table = t("newcity.source_table", code=region.code)
        v.setdefault("name", Value(region.name, table))
        v.setdefault("province", Value(region.province, table))
        v.setdefault("population", Value(region.population_2020, t("regions.census_source")))
    missing = [k for k in ("name", "population") if k not in v]
    if missing:
        raise InputError(None, ", ".join(f"--{k}" for k in missing), t("newcity.missing", keys=", ".join(missing)),
                         t("newcity.missing_allowed"))
    population = v["population"].value
    scale = population / BINJAI_POPULATION
    assumed = {
        "province": ("", t("newcity.assume_province")),
        "annual_budget_rp": (round(BINJAI_BUDGET_RP * scale, -9),
                             t("newcity.assume_budget", per_resident=number(BINJAI_BUDGET_RP / BINJAI_POPULATION))),
        "fiscal_capacity": (DEFAULT_FISCAL, t("newcity.assume_fiscal")),
        "it_share": (DEFAULT_IT_SHARE, t("newcity.assume_it_share")),
        "staff": (max(10, round(BINJAI_STAFF * scale)), t("newcity.assume_staff")),
        "city_regulation": (None, t("newcity.assume_regulation")),
        "mayor_priority": (PRIORITIES[DEFAULT_PRIORITY], t("newcity.assume_priority")),
        "terms_served": (1, t("newcity.assume_terms")),
        "start": (parse_month(HORIZON[0]), t("newcity.assume_horizon")),
        "end": (parse_month(HORIZON[1]), t("newcity.assume_horizon")),
        "checkpoints": ([], t("newcity.assume_checkpoints")),
        "lang": ("en", ""),
    }
    for key, (value, why) in assumed.items():
        v.setdefault(key, Value(value, why, assumption=bool(why)))
    if "elections" not in v:
        wave = [parse_month(d) for d in DEFAULT_ELECTIONS]
        v["elections"] = Value([{"date": d, "outcome": None, "source": ""} for d in wave],
                               t("newcity.assume_elections"), assumption=True)
    _describe_elections(v["elections"])
    _check(v)
    return Profile(v, region)


def _describe_elections(value: Value) -> None:
    """Each election's source text and inauguration month."""
    for election in value.value:
        label = format_month(election["date"])
        election["inauguration"] = parse_month(INAUGURATIONS[label]) if label in INAUGURATIONS else None
        if election["source"]:
            continue
        known = f"newcity.election.{label}"
        parts = [t(known) if t(known) != known else t("newcity.election.other")]
        if value.assumption:
            parts.append(t("newcity.election.assumed_wave"))
        parts.append(t("newcity.election.drawn") if election["outcome"] is None
                     else t("newcity.election.given", outcome=election["outcome"]))
        election["source"] = "; ".join(parts)


def _check(v: dict[str, Value]) -> None:
    start, end = v["start"].value, v["end"].value
    problems = []
    if end <= start:
        problems.append(InputError(None, "--end", t("newcity.end_before_start", start=format_month(start),
                                                     end=format_month(end))))
    span = t("errors.range", low=format_month(start), high=format_month(end))
    for election in v["elections"].value:
        if not start <= election["date"] <= end:
            problems.append(InputError(None, "--elections", t("scenario.outside_horizon",
                                                              month=format_month(election["date"])), span))
    if problems:
        raise combine(problems)

