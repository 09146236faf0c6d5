"""The workshop: the same city twice, without and with a strategy, built from the controls of a
browser page (``binjai_sim.interfaces.viz``). Model side only; the page holds no model logic.

    folder.py    the scenario folder served and the only files its choosers offer
    settings.py  the city settings a facilitator may move, and where each value comes from
    choice.py    the strategies the "with" city adds, one by one or from a package
    city.py      Config (what the page chose), WorkshopCity, Twin (the two cities) and Difference
    readings.py  what the page shows of a city: counts, series, mayors, closures, portfolio
"""

from .city import Config, Difference, Notice, Twin, WorkshopCity

__all__ = ["Config", "Difference", "Notice", "Twin", "WorkshopCity"]
