"""Rupiah as a planner writes them: juta (10^6) and miliar (10^9), one rule for every table and
sentence in both languages, so a cost never reads in juta in one place and miliar in another."""

from __future__ import annotations

from binjai_sim.base.i18n import number, t

JUTA, MILIAR = 1.0e6, 1.0e9


def unit_for(value: float) -> str:
    """The unit a sum reads best in: miliar from Rp1 miliar up, juta below."""
    return "miliar" if abs(value) >= MILIAR else "juta"


def in_unit(value: float, unit: str) -> float:
    return value / (MILIAR if unit == "miliar" else JUTA)


def digits_for(value: float, unit: str) -> int:
    """Two decimals for miliar (Rp1,25 miliar), one for small juta (Rp2,5 juta), none above."""
    if unit == "miliar":
        return 2
    return 1 if abs(in_unit(value, unit)) < 10 else 0


def rupiah(value: float, unit: str | None = None, lang: str | None = None) -> str:
    """``Rp1,25 miliar`` / ``Rp250 juta`` in Bahasa Indonesia, ``Rp1.25 miliar`` in English; a
    table passes one ``unit`` for all its cells so that its column reads in one scale."""
    unit = unit or unit_for(value)
    return t(f"plan.money.{unit}", lang, value=number(in_unit(value, unit), digits_for(value, unit), lang))


def rupiah_range(low: float, high: float, lang: str | None = None) -> str:
    """A 90% range in the unit of its upper end: ``Rp18-72 juta``."""
    unit = unit_for(high)
    show = lambda v: number(in_unit(v, unit), digits_for(high, unit), lang)  # noqa: E731
    return t(f"plan.money.range_{unit}", lang, low=show(low), high=show(high))
