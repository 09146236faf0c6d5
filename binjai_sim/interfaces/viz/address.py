"""A group's page as a web address: the month, the choices in force, the view and the language.

The page writes them into its address after every change (``keys.vue``), so a reload (F5), a
crashed browser or a bookmark brings the group back to the same month with the same choices:
the cities are built again from the same file and seed and stepped to that month, and the model
draws the same luck. The address is written by the browser's user, so reading it never fails:
a part that cannot be read is left out, and what it names is checked again when the cities are
built (a forged file or strategy gets the page's usual one-sentence notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.interfaces.workshop import Config, folder

MODES = ("twin", "single")
MAX_FIELD = 2000  # characters of one value read from the address; the page writes far fewer


@dataclass(frozen=True)
class View:
    """What the address asks for; None: the page's own default."""

    config: Config | None = None
    month: int | None = None
    lang: str | None = None
    mode: str | None = None
    panel: bool | None = None
    presenter: bool | None = None


def _pairs(items) -> str:
    return ",".join(f"{key}:{value}" for key, value in items)


def encode(config: Config, month: int, lang: str, mode: str, panel: bool, presenter: bool) -> str:
    """The query string (without "?") for the page as it is."""
    fields = {"lang": lang, "view": mode, "settings": int(panel), "presenter": int(presenter),
              "month": format_month(month), "city": config.city, "seed": config.seed}
    if config.package:
        fields["package"] = config.package
    if config.strategies:
        fields["strategies"] = _pairs(config.strategies)
    if config.settings:
        fields["changed"] = _pairs(config.settings)
    return urlencode(fields)


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def _split(value: str) -> tuple[tuple[str, float | str], ...]:
    found = []
    for item in value.split(","):
        key, sep, number = item.partition(":")
        if sep and key:
            found.append((key, _number_or_text(number)))
    return tuple(found)


def _flag(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value) if value is not None else None


def decode(search: str | None) -> View:
    """The view an address asks for; anything unreadable is left to the page's default."""
    try:
        query = parse_qs((search or "").lstrip("?"), max_num_fields=20)
    except ValueError:  # more fields than the page ever writes
        return View()
    one = {key: values[-1][:MAX_FIELD] for key, values in query.items()}
    month = None
    if "month" in one:
        try:
            month = parse_month(one["month"])
        except Exception:  # noqa: BLE001 - any text can arrive here
            month = None
    config = None
    if "city" in one or "strategies" in one or "package" in one or "changed" in one or "seed" in one:
        seed: object = one.get("seed", "1")
        seed = int(seed) if str(seed).isdigit() else seed  # anything else: the cities' builder refuses it aloud
        config = Config(city=one.get("city") or folder.default_city(), seed=seed,
                        settings=_split(one.get("changed", "")), package=one.get("package") or None,
                        strategies=_split(one.get("strategies", "")))
    lang = one.get("lang")
    mode = one.get("view")
    return View(config=config, month=month, lang=lang if lang in ("id", "en") else None,
                mode=mode if mode in MODES else None, panel=_flag(one.get("settings")),
                presenter=_flag(one.get("presenter")))
