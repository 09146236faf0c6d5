"""Months as integers: the model's clock.

A month is stored as ``year * 12 + (month - 1)`` so that differences are month counts and
comparisons are integer comparisons, cheap inside the monthly step. People write months in
many ways; ``parse_month`` reads the ones planners use (ISO, ``MM/YYYY``, Indonesian and English
month names, spreadsheet dates, Indonesian ``DD/MM/YYYY`` dates) and ``format_month`` always
writes ``YYYY-MM``.
"""

from __future__ import annotations

import datetime as _dt
import re

from .i18n import t

FIRST_YEAR, LAST_YEAR = 1900, 2200

_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_NAMED = re.compile(r"^(?:\d{1,2}[\s-]+)?([A-Za-z]+)\.?[\s/-]+(\d{4}|\d{2})$")  # (30) Maret 2017, Mar-17
_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")  # 30/03/2017: day first, as Indonesian Excel writes
MONTH_NAMES = {  # Indonesian and English, full and short
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "aug": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def _checked(year: int, month: int, value: object) -> int:
    if not 1 <= month <= 12:
        raise ValueError(t("errors.month.bad_month", value=repr(value), month=month, hint=t("errors.month.hint")))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(t("errors.month.bad_year", value=repr(value), year=year, first=FIRST_YEAR, last=LAST_YEAR,
                           hint=t("errors.month.hint")))
    return month_index(year, month)


def parse_month(value: object) -> int:
    """A month index from ``"YYYY-MM"``, ``"YYYY-MM-DD"``, ``"MM/YYYY"``, ``"DD/MM/YYYY"``,
    ``"Maret 2017"``, ``"30 Maret 2017"``, ``"Mar 2017"``, ``"Mar-17"``, a date, or a bare year
    (meaning its January). A two-digit year is read as 20YY."""
    if isinstance(value, _dt.date):
        return _checked(value.year, value.month, value)
    if isinstance(value, int) and not isinstance(value, bool) and FIRST_YEAR <= value <= LAST_YEAR:
        return month_index(value, 1)
    if isinstance(value, str):
        text = value.strip()
        for pattern, order in ((_ISO, (1, 2)), (_SLASH, (2, 1))):
            match = pattern.match(text)
            if match:
                return _checked(int(match.group(order[0])), int(match.group(order[1])), value)
        match = _DAY.match(text)
        if match:
            return _checked(int(match.group(3)), int(match.group(2)), value)
        match = _NAMED.match(text)
        if match and match.group(1).lower() in MONTH_NAMES:
            year = int(match.group(2))
            return _checked(year + 2000 if year < 100 else year, MONTH_NAMES[match.group(1).lower()], value)
        if re.fullmatch(r"\d{4}", text):
            return _checked(int(text), 1, value)
        try:
            day = _dt.date.fromisoformat(text[:10])
        except ValueError:
            pass
        else:
            return _checked(day.year, day.month, value)
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:35] + " ...'"
    raise ValueError(t("errors.month.not_a_month", value=shown, hint=t("errors.month.hint")))


def format_month(index: int) -> str:
    year, month0 = divmod(int(index), 12)
    return f"{year:04d}-{month0 + 1:02d}"
