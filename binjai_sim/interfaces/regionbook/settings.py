"""The scenario settings a region workbook's profile sheet may hold beyond a new city's profile:
the month its packages are projected from, and the candidate runs of its conditioning."""

from __future__ import annotations

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError, short
from binjai_sim.base.i18n import plain, t
from binjai_sim.interfaces.newcity.profile import _word
from binjai_sim.scenario.spreadsheet import parse_amount

# rows a workbook's profile may hold beyond a new city's profile: its scenario's own settings
RUN_KEYS = ("projection_from", "known_candidates")
RUN_ALIASES = {"proyeksi_dari": "projection_from", "projection": "projection_from", "proyeksi": "projection_from",
               "kandidat_diketahui": "known_candidates", "known.candidates": "known_candidates",
               "candidates": "known_candidates", "kandidat": "known_candidates"}
NO_PROJECTION = ("none", "counterfactual", "tidak", "tidak_ada", "kontrafaktual")


def run_setting(key: str, raw: str, settings: dict, where: str, problems: list) -> None:
    """A scenario setting the profile sheet holds: the projection month, or the candidate runs."""
    if key == "projection_from":
        word = _word(raw)
        if word in NO_PROJECTION:
            settings[key] = None  # the counterfactual of having started at the strategies' own start
        elif word in ("now", "sekarang"):
            settings[key] = "now"
        else:
            try:
                settings[key] = format_month(parse_month(raw))
            except ValueError as exc:
                problems.append(InputError(where, None, str(exc), t("workbook.projection_allowed")))
        return
    try:
        number = parse_amount(raw)
    except ValueError:
        number = 0
    if number != int(number) or not 1 <= number <= 1000:
        problems.append(InputError(where, None, t("workbook.candidates_bad", value=plain(short(raw))),
                                   t("workbook.candidates_allowed")))
    else:
        settings[key] = int(number)


def run_blocks(settings: dict) -> dict:
    """A region plans from today, as a new city's folder does (``projection: {from: now}``),
    unless its profile names another month or the counterfactual; and ``known.candidates``."""
    blocks = {}
    projection = settings.get("projection_from", "now")
    if projection is not None:
        blocks["projection"] = {"from": projection}
    if "known_candidates" in settings:
        blocks["known"] = {"candidates": settings["known_candidates"]}
    return blocks
