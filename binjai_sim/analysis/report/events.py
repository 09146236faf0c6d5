"""National events and the counterparts that name them, under the names a reader of the language
in force knows ("SIPD modul keuangan", not the scenario's "SIPD finance"). A name the catalogue
does not know (a local system, an event a scenario adds) is shown as the scenario writes it."""

from __future__ import annotations

import re

from binjai_sim.base.i18n import catalogue, current


def event_name(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")
    return catalogue(current()).get(f"national_event.{slug}.name", str(name))
