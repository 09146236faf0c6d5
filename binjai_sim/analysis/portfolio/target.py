"""What a planner asks for, read from the command line: a budget per year in rupiah, a target
(apps running at a month, or citizen-months over the horizon) and the intensities to try."""

from __future__ import annotations

import re
from dataclasses import dataclass

from binjai_sim.base.calendar import format_month, month_index, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import count, number, t

UNITS = {"": 1.0, "rp": 1.0, "rb": 1e3, "ribu": 1e3, "jt": 1e6, "juta": 1e6, "miliar": 1e9,
         "milyar": 1e9}
_MONEY = re.compile(r"^\s*(?:rp\.?\s*)?(\d+(?:[.,]\d+)?)\s*([a-z]*)\s*$", re.IGNORECASE)
KINDS = ("apps-running", "citizen-months")


@dataclass(frozen=True)
class Target:
    kind: str  # one of KINDS
    threshold: float
    month: int | None = None  # apps-running: the month the apps must be running

    def describe(self) -> str:
        """The target as a sentence fragment, in the language in force."""
        if self.kind == "apps-running":
            return t("portfolio.target.apps", apps=count(self.threshold), date=format_month(self.month))
        return t("portfolio.target.citizen_months", months=number(self.threshold))

    def spec(self) -> str:
        """The target as the command line writes it (for the manifest)."""
        if self.kind == "apps-running":
            return f"apps-running:{format_month(self.month)}:{self.threshold:g}"
        return f"citizen-months:{self.threshold:g}"


def parse_budget(text: str, option: str = "--budget-per-year") -> float:
    """``500jt``, ``500 juta``, ``1,5 miliar``, ``Rp 250000000``: rupiah per year."""
    match = _MONEY.match(str(text))
    unit = match.group(2).lower() if match else None
    if not match or unit not in UNITS:
        raise InputError(None, option, t("portfolio.bad_budget", value=str(text)[:40]), t("portfolio.budget_allowed"))
    value = float(match.group(1).replace(",", ".")) * UNITS[unit]
    if value <= 0:
        raise InputError(None, option, t("portfolio.bad_budget", value=str(text)[:40]), t("portfolio.budget_allowed"))
    return value


def parse_target(text: str, horizon: tuple[int, int], option: str = "--target") -> Target:
    """``apps-running:2030:12`` (a year means its December; ``2030-06`` a month) or
    ``citizen-months:2000000``; the month must lie inside the scenario's horizon."""
    parts = str(text).strip().split(":")
    allowed = t("portfolio.target_allowed")
    bad = InputError(None, option, t("portfolio.bad_target", value=str(text)[:60]), allowed)
    try:
        if parts[0] == "apps-running" and len(parts) == 3:
            when = parts[1].strip()
            month = month_index(int(when), 12) if when.isdigit() and len(when) == 4 else parse_month(when)
            threshold = float(parts[2])
            if not horizon[0] < month <= horizon[1]:
                raise InputError(None, option, t("portfolio.target_outside", date=format_month(month),
                                                 start=format_month(horizon[0]), end=format_month(horizon[1])))
            target = Target("apps-running", threshold, month)
        elif parts[0] == "citizen-months" and len(parts) == 2:
            target = Target("citizen-months", float(parts[1]))
        else:
            raise bad
    except (ValueError, TypeError):
        raise bad from None
    if not target.threshold > 0 or target.threshold != target.threshold or target.threshold == float("inf"):
        raise bad
    return target


def parse_levels(text: str, option: str = "--intensities") -> tuple[float, ...]:
    """``0.5,1``: the intensities each strategy may take (besides being left out)."""
    try:
        levels = sorted({float(x) for x in str(text).split(",") if x.strip()})
    except ValueError:
        levels = []
    if not levels or not all(0 < x <= 1 for x in levels) or len(levels) > 4:
        raise InputError(None, option, t("portfolio.bad_levels", value=str(text)[:40]), t("portfolio.levels_allowed"))
    return tuple(levels)


def parse_confidence(text: str, option: str = "--confidence") -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.5 <= value < 1:
        raise InputError(None, option, t("portfolio.bad_confidence", value=str(text)[:40]), "0.5 - 0.99")
    return value
