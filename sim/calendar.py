"""Months as integers: the model's clock.

A month is stored as ``year * 12 + (month - 1)`` so that differences are month counts and
comparisons are integer comparisons, cheap inside the monthly step.
"""

from __future__ import annotations

import datetime as _dt
import re

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def month_index(year: int, month: int) -> int:
    return year * 12 + (month - 1)


def parse_month(value: object) -> int:
    """Parse ``"YYYY-MM"`` (or a YAML date, or a bare year meaning its January) to a month index."""
    if isinstance(value, _dt.date):
        return month_index(value.year, value.month)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return month_index(value, 1)
    if isinstance(value, str):
        text = value.strip()
        match = _MONTH_RE.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12:
                return month_index(year, month)
        else:
            try:
                day = _dt.date.fromisoformat(text)
            except ValueError:
                pass
            else:
                return month_index(day.year, day.month)
    raise ValueError(f"{value!r} is not a month; use YYYY-MM, e.g. 2020-12")


def format_month(index: int) -> str:
    year, month0 = divmod(int(index), 12)
    return f"{year:04d}-{month0 + 1:02d}"
