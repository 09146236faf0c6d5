"""Parameters under the names a reader knows, for the brief's appendix and the report's assumptions."""

from __future__ import annotations

import re

from binjai_sim.base.i18n import catalogue, current, name, t


def human_name(key: str) -> str:
    """A parameter as a reader knows it: the report's name, or one built from the event it
    belongs to; never the scenario path."""
    known = catalogue(current()).get(f"report.param.{key}") or catalogue("en").get(f"report.param.{key}")
    if known:
        return t(f"report.param.{key}")
    if key.startswith("coefficients.estimates."):
        return t("plan.param.coefficient", factor=name("factor", key.rsplit(".", 1)[1]))
    match = re.fullmatch(r"national\.(\w+)\[(.+)\]\.(\w+)", key)
    if match:
        kind, event, field = match.groups()
        slug = re.sub(r"[^a-z0-9]+", "_", event.lower()).strip("_")
        shown = catalogue(current()).get(f"national_event.{slug}.name", event)
        return t(f"plan.param.event_{field}", event=shown) if f"plan.param.event_{field}" in catalogue("en") \
            else t("plan.param.event_other", event=shown)
    return t("plan.param.other")
