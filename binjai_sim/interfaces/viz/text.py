"""The page's words and numbers in the language the room chose (messages: binjai_sim/locales/*/viz.yaml)."""

from __future__ import annotations

import math
import re

from binjai_sim.base import i18n
from binjai_sim.base.calendar import format_month


class Text:
    """``text("key", value=...)`` is the message ``viz.key``; numbers and months are written as
    a reader of that language writes them (Indonesian: 12.300 and 3,5; English: 12,300 and 3.5)."""

    def __init__(self, lang: str):
        self.lang = i18n.check_lang(lang)

    def __call__(self, key: str, **values) -> str:
        return i18n.t(f"viz.{key}", self.lang, **values)

    def name(self, kind: str, key: str) -> str:
        """A status, cause or factor (binjai_sim/locales/*/vocabulary.yaml)."""
        return i18n.name(kind, key, self.lang)

    def number(self, value: float, decimals: int = 0) -> str:
        return i18n.number(value, decimals, self.lang)

    def signed(self, value: float, decimals: int = 0) -> str:
        shown = self.number(abs(value), decimals)
        if shown.strip("0.,") == "":
            return shown
        return ("+" if value > 0 else "−") + shown

    def percent(self, share: float) -> str:
        return f"{self.number(100 * share)}%"

    def millions(self, rupiah: float) -> str:
        """Rupiah in millions (juta) with one decimal when small: "Rp 3,5 juta"."""
        amount = rupiah / 1e6
        return self("unit.million", amount=self.number(amount, 1 if 0 < abs(amount) < 100 else 0))

    def per_month(self, rupiah: float) -> str:
        return self("unit.million_per_month", amount=self.number(rupiah / 1e6, 1 if 0 < rupiah < 1e8 else 0))

    def money(self, rupiah: float) -> str:
        """A total: millions (juta) below a billion (miliar), billions above."""
        if abs(rupiah) >= 1e9:
            return self("unit.billion", amount=self.number(rupiah / 1e9, 2))
        return self.millions(rupiah)

    def month(self, month: int) -> str:
        """"Maret 2019" / "March 2019": the one way the page writes a month to a reader (the
        ``data-month`` attributes the tests read stay YYYY-MM)."""
        names = self("months").split()
        return f"{names[month % 12]} {month // 12}"

    def month_width(self) -> int:
        """Characters of the longest month this language writes, so the month on the bar keeps one
        width whatever the month (a button after it would otherwise move under the mouse)."""
        return max(len(name) for name in self("months").split()) + len(" 2030")

    def event(self, name: str) -> str:
        """A national event's name (a platform, an order) in this language: the catalogue's
        translation while the scenario's name is still the national layer's own English one; a
        city's own system or a renamed event is a proper name and stays as written."""
        key = f"national_event.{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}.name"
        if i18n.catalogue("en").get(key) == name:
            return i18n.t(key, self.lang)
        return name

    def iso(self, month: int) -> str:
        return format_month(month)

    def share_or_dash(self, value: float) -> str:
        return "–" if not math.isfinite(value) else self.percent(value)
