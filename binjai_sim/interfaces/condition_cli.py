"""The command line's ``--from`` (project from a month) and its lines on known facts."""

from __future__ import annotations

import sys

from binjai_sim.base.calendar import format_month, parse_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t


def add_from(parser) -> None:
    parser.add_argument("--from", dest="from_month", metavar="YYYY-MM", help=t("condition.from_help"))


def projected(scenario, value: str | None):
    """The scenario projected from ``--from`` (``now``: this month), or as it is."""
    if value is None:
        return scenario
    if value.strip().lower() in ("now", "sekarang"):
        return scenario.with_overrides({"projection.from": "now"})
    try:
        month = parse_month(value)
    except (ValueError, InputError):
        raise InputError(None, "--from", t("condition.from_bad", value=value[:40]),
                         t("condition.from_allowed")) from None
    return scenario.with_overrides({"projection.from": format_month(month)})


def report(folder, printed: bool = True) -> None:
    """After a run: its lines on known facts and timing (when the summary is printed), and the
    improbable-facts warning on stderr whatever the output mode."""
    import json
    from pathlib import Path

    from binjai_sim.base.i18n import use
    from binjai_sim.runs.conditioning import summary_lines

    summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    with use(summary.get("lang")):
        if printed:
            for line in summary_lines(summary):
                print(line)
        warn(summary.get("conditioning"))


def warn(record: dict | None) -> None:
    from binjai_sim.runs.conditioning import warning

    text = warning(record or {})
    if text:
        print(t("condition.warning_prefix") + text, file=sys.stderr)
