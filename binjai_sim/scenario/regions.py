"""Every Indonesian regency and city (kabupaten/kota), shipped with the package: what
``new-city --region`` pre-fills a city profile from (name, province, population, area).

A region is found by its Kemendagri code (``12.72`` or ``1272``) or by its name, written as
people write it: any case, with or without ``Kota``/``Kabupaten``/``Kab.``, with or without
spaces (``Pematang Siantar``), and with small typing slips. A name that fits more than one
region (``Bogor``: the city and the regency) is refused with the close matches listed.
Sources and notices: ``binjai_sim/data/regions/README.md``.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t

DATA = Path(__file__).parents[1] / "data" / "regions"
TABLE = DATA / "regencies_cities.csv"
COHORT = DATA / "smart_city_2017_cohort.csv"
KINDS = {"kota": "Kota", "city": "Kota", "kabupaten": "Kabupaten", "kab": "Kabupaten", "regency": "Kabupaten"}
FUZZY = 0.85  # similarity (0-1) a misspelt name needs to be read as a region
MARGIN = 0.05  # ... and by how much it must beat the next region to be read without asking
SHOWN = 6  # close matches listed when a name is ambiguous
MIN_PART = 4  # letters of a part of a name that may stand for the whole ("Siantar")


@dataclass(frozen=True)
class Region:
    code: str  # Kemendagri, e.g. "12.72"
    name: str  # "Kota Pematangsiantar"
    kind: str  # "Kota" or "Kabupaten"
    province: str
    population_2020: int  # 2020 census (BPS)
    population_2024: int  # civil registry (Dukcapil), December 2024
    area_km2: float
    smart_city_2017: bool  # in the first cohort of Gerakan Menuju 100 Smart City

    @property
    def head(self) -> str:
        """The title of its regional head: wali kota for a city, bupati for a regency."""
        return "wali kota" if self.kind == "Kota" else "bupati"

    def describe(self) -> str:
        return f"{self.name} ({self.code}, {self.province})"


@cache
def regions() -> tuple[Region, ...]:
    with COHORT.open(encoding="utf-8") as handle:
        cohort = {row["kode_kemendagri"] for row in csv.DictReader(handle)}
    with TABLE.open(encoding="utf-8") as handle:
        return tuple(Region(row["kode_kemendagri"], row["nama"], row["jenis"], row["provinsi"],
                            int(row["penduduk_sp2020_bps"]), int(row["penduduk_dukcapil_2024s2_total"]),
                            float(row["luas_km2_big_2024"]), row["kode_kemendagri"] in cohort)
                     for row in csv.DictReader(handle))


def _plain(text: str) -> tuple[str | None, str]:
    """(kind asked for, the name without it, lower case, letters and digits only)."""
    words = re.sub(r"[^0-9a-z ]+", " ", str(text).lower()).split()
    kind = KINDS.get(words[0]) if words else None
    if kind:
        words = words[1:]
    return kind, "".join(words)


def find(query: str, option: str = "--region") -> Region:
    """The one region ``query`` names (a code or a name); an InputError naming the close matches
    when it names none or several."""
    query = str(query).strip()
    code = re.fullmatch(r"(\d{2})\.?(\d{2})", query)
    if code:
        wanted = f"{code.group(1)}.{code.group(2)}"
        for region in regions():
            if region.code == wanted:
                return region
        raise InputError(None, option, t("regions.no_code", code=query), t("regions.code_allowed"))
    kind, plain = _plain(query)
    if not plain:
        raise InputError(None, option, t("regions.empty"), t("regions.code_allowed"))
    pool = [r for r in regions() if kind is None or r.kind == kind]
    exact = [r for r in pool if _plain(r.name)[1] == plain]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InputError(None, option, t("regions.ambiguous", query=query), _listed(exact))
    within = [r for r in pool if plain in _plain(r.name)[1]] if len(plain) >= MIN_PART else []
    if len(within) == 1:  # "Siantar" for Pematangsiantar
        return within[0]
    if len(within) > 1:
        raise InputError(None, option, t("regions.ambiguous", query=query), _listed(within))
    scored = sorted(((difflib.SequenceMatcher(None, plain, _plain(r.name)[1]).ratio(), r) for r in pool),
                    key=lambda x: (-x[0], x[1].code))
    best, region = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best >= FUZZY and best - runner_up >= MARGIN:
        return region
    close = [r for score, r in scored[:SHOWN] if score >= 0.6]
    if len(close) > 1 or (close and best >= FUZZY):
        raise InputError(None, option, t("regions.ambiguous", query=query), _listed(close))
    if close:
        raise InputError(None, option, t("regions.not_found", query=query), _listed(close))
    raise InputError(None, option, t("regions.not_found", query=query), t("regions.code_allowed"))


def _listed(found: list[Region]) -> str:
    shown = ", ".join(r.describe() for r in found[:SHOWN])
    return shown + (t("regions.more", n=len(found) - SHOWN) if len(found) > SHOWN else "")
