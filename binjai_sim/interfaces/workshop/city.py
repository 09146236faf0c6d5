"""The same city twice: without and with the strategies a workshop chose, with the same luck.

Both cities are built from one scenario file, the same moved settings and the same seed; the
"with" city differs only by its strategies. The engine draws every random number from streams
keyed by app, purpose and month, so the two share their luck and any difference between them
comes from the strategies (with none chosen, the two are the same scenario and stay identical).

Kept beside the model, not in the browser view, so the view holds no model logic and the same
construction can be used (and tested) without a browser.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from binjai_sim.base.errors import InputError, short
from binjai_sim.base.vocabulary import is_live
from binjai_sim.model.city import CityModel
from binjai_sim.scenario.load import LoadedScenario, load_scenario

from . import choice, folder, settings

log = logging.getLogger(__name__)
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class Config:
    """What the page chose; a Twin is built from it on Reset. The browser sends every value, so
    each is checked again when the Twin is built."""

    city: str
    seed: int = 1
    settings: tuple[tuple[str, object], ...] = ()  # only the settings the facilitator moved
    package: str | None = None  # strategies/<file>, or None
    strategies: tuple[tuple[str, float], ...] = ()  # (name, intensity) of the strategies the "with" city adds

    def replace(self, **changes) -> Config:
        return dataclasses.replace(self, **changes)

    def moved(self) -> dict[str, object]:
        return dict(self.settings)

    def chosen(self) -> dict[str, float]:
        return dict(self.strategies)


@dataclass(frozen=True)
class Notice:
    """Something the page must tell the room, as a message key and its values."""

    key: str
    values: dict = field(default_factory=dict)


@lru_cache(maxsize=16)
def _load(path: Path, mtime_ns: int) -> LoadedScenario:
    return load_scenario(path)


def city_scenario(chosen: object) -> LoadedScenario:
    """The scenario behind a city chooser value (read again only when its file changes). A
    loaded scenario is never changed in place, so cities built from it may share it."""
    path = folder.resolve(chosen, folder.cities())
    return _load(path, path.stat().st_mtime_ns)


class WorkshopCity(CityModel):
    """CityModel that stops quietly at the horizon's end (a page may ask for one month more)."""

    def __init__(self, scenario: LoadedScenario, seed: int = 1):
        super().__init__(scenario, seed=int(seed))
        self.running = True

    def step(self) -> None:
        if self.finished:
            self.running = False
            return
        super().step()
        self.running = not self.finished


@dataclass(frozen=True)
class Difference:
    """The "with" city minus the "without" city, now."""

    live_apps: int  # apps still running (active or degraded)
    citizens: float  # residents using at least one app this month
    citizen_months: float  # residents using at least one app, summed over the months so far
    spent: float  # Rp the added strategies have cost so far


class Twin:
    """Two WorkshopCity models from one Config: ``without`` (the scenario as it is, with the moved
    settings) and ``with_`` (the same plus the chosen strategies)."""

    def __init__(self, config: Config):
        self.notices: list[Notice] = []
        city, base = self._city(config.city)
        without = self._settings(base, config.moved())
        package = self._package(config.package)
        self.entries, with_ = self._with(config.chosen(), package, without)
        seed = self._seed(config.seed)
        # what is in force: a refused part is dropped, so the page shows what actually runs
        self.config = config.replace(
            city=city, seed=seed, settings=config.settings if without is not base or not config.settings else (),
            package=config.package if package or config.package is None else None,
            strategies=tuple(sorted((e.name, e.strategy.intensity) for e in self.entries)))
        self.base = base
        self.without = WorkshopCity(without, seed)
        self.with_ = WorkshopCity(with_, seed)

    # ------------------------------------------------------------------ building
    def _city(self, chosen: object) -> tuple[str, LoadedScenario]:
        try:
            return chosen, city_scenario(chosen)
        except Exception:  # noqa: BLE001 - the page shows one sentence; the server log keeps the traceback
            fallback = folder.default_city()
            log.warning("workshop: cannot use the chosen scenario %s; showing %s", short(chosen), fallback,
                        exc_info=True)
            self.notices.append(Notice("viz.notice.city_fallback", {"file": fallback}))
            return fallback, city_scenario(fallback)

    def _settings(self, base: LoadedScenario, moved: dict) -> LoadedScenario:
        try:
            changes = settings.moved(moved)
            return base.with_overrides(changes) if changes else base
        except Exception:  # noqa: BLE001
            log.warning("workshop: settings %s refused", short(moved), exc_info=True)
            self.notices.append(Notice("viz.notice.settings_ignored"))
            return base

    def _package(self, chosen: object) -> dict[str, dict]:
        if chosen is None:
            return {}
        try:
            return choice.package_strategies(folder.resolve(chosen, folder.packages()))
        except Exception:  # noqa: BLE001
            log.warning("workshop: cannot use the package %s", short(chosen), exc_info=True)
            self.notices.append(Notice("viz.notice.package_ignored"))
            return {}

    def _with(self, chosen: dict, package: dict, without: LoadedScenario):
        """The chosen strategies and the "with" scenario; with none, the very same scenario."""
        try:
            found = choice.entries(choice.checked(chosen), package, without.spec.horizon.start)
            return found, (without.with_overrides(choice.scenario_entries(found)) if found else without)
        except Exception:  # noqa: BLE001
            log.warning("workshop: strategies %s refused", short(chosen), exc_info=True)
            self.notices.append(Notice("viz.notice.strategies_ignored"))
            return [], without

    def _seed(self, seed: object) -> int:
        if isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed <= MAX_SEED:
            return seed
        log.warning("workshop: seed %s refused", short(seed))
        self.notices.append(Notice("viz.notice.seed_ignored", {"seed": 1}))
        return 1

    # ------------------------------------------------------------------ running
    @property
    def cities(self) -> tuple[WorkshopCity, WorkshopCity]:
        return self.without, self.with_

    @property
    def month(self) -> int:
        return self.with_.month

    @property
    def finished(self) -> bool:
        return self.with_.finished

    def step(self, months: int = 1) -> int:
        """Advance both cities by up to ``months``; the number of months actually advanced."""
        done = 0
        while done < months and not self.finished:
            for city in self.cities:
                city.step()
            done += 1
        return done

    def difference(self) -> Difference:
        a, b = self.without.recorder, self.with_.recorder
        rows = b.rows
        live = int(is_live(b.status[rows - 1]).sum()) - int(is_live(a.status[rows - 1]).sum())
        using_a, using_b = a.citizens_using[:rows], b.citizens_using[:rows]
        spent = float(np.sum(b.strategy_cost[:rows]) - np.sum(a.strategy_cost[:rows]))
        return Difference(live, float(using_b[-1] - using_a[-1]), float(np.sum(using_b - using_a)), spent)


def build_error(exc: Exception) -> Notice:
    """An error while building or stepping, as one sentence for the page."""
    if isinstance(exc, InputError):
        return Notice("viz.notice.input_error")
    return Notice("viz.notice.internal_error")
