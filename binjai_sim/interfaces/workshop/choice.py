"""The strategies the "with" city adds to its scenario, chosen one by one or from a package.

A choice is a mapping of strategy name to intensity (0 leaves a strategy out). A strategy that
a chosen package names keeps the package's start, cost and parameters; any other starts
``START_AFTER`` months into the horizon (for Binjai 2017-03, the grand launch, as the shipped
packages do) with the catalogue's defaults.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError
from binjai_sim.base.i18n import t
from binjai_sim.model.strategies import REGISTRY
from binjai_sim.model.strategies.base import Strategy
from binjai_sim.scenario.load import load_scenario

START_AFTER = 3
GROUPS = ("political", "resources", "institutional")


def catalogue() -> list[tuple[str, list[str]]]:
    """The fifteen strategies by group, in the catalogue's order."""
    return [(group, [n for n, cls in REGISTRY.items() if cls.group == group]) for group in GROUPS]


@dataclass(frozen=True)
class Entry:
    """One strategy as the "with" city would run it."""

    strategy: Strategy
    from_package: bool

    @property
    def name(self) -> str:
        return self.strategy.name

    @property
    def monthly_cost(self) -> float:
        """Rupiah a month while it acts, at its intensity."""
        return self.strategy.monthly_charge()

    @property
    def full_cost(self) -> float:
        """Rupiah a month at full intensity."""
        return self.strategy.model_copy(update={"intensity": 1.0}).monthly_charge()


@lru_cache(maxsize=32)
def _package(path: Path, mtime_ns: int) -> tuple[str, tuple[tuple[str, dict], ...]]:
    scenario = load_scenario(path)
    return scenario.name, tuple((s.name, s.to_dict()) for s in scenario.strategies)


def package_strategies(path: Path) -> dict[str, dict]:
    """A package's strategies as scenario entries (read again only when the file changes)."""
    return dict(_package(path, path.stat().st_mtime_ns)[1])


def package_name(path: Path) -> str:
    """The ``name:`` a package file gives itself."""
    return _package(path, path.stat().st_mtime_ns)[0]


def intensities(package: dict[str, dict]) -> dict[str, float]:
    """What choosing a package sets each strategy's intensity to."""
    return {name: float(fields.get("intensity", 1.0)) for name, fields in package.items()}


def checked(chosen: dict[object, object]) -> dict[str, float]:
    """Intensities the browser sent, kept only if they name a strategy and are in 0-1."""
    out = {}
    for name, value in chosen.items():
        if name not in REGISTRY:
            raise InputError(None, "strategies", t("strategy.unknown", name=repr(str(name)[:40])))
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
                or not 0.0 <= value <= 1.0:
            raise InputError(None, f"strategies[{name}].intensity", t("msg.workshop.intensity"), "0 - 1")
        if value > 0:
            out[name] = float(value)
    return out


def entries(chosen: dict[str, float], package: dict[str, dict], horizon_start: int) -> list[Entry]:
    """The chosen strategies, each as it would run: the package's in its order (so a package
    chosen as it is runs exactly as its file does), then the others in catalogue order."""
    order = list(package) + [n for _, names in catalogue() for n in names if n not in package]
    found = []
    for name in order:
        if chosen.get(name, 0.0) <= 0:
            continue
        fields = dict(package.get(name) or {"start": format_month(horizon_start + START_AFTER)})
        fields["intensity"] = chosen[name]
        found.append(Entry(REGISTRY[name].from_dict(fields), name in package))
    return found


def scenario_entries(found: list[Entry]) -> dict[str, dict]:
    """Overrides that add the entries to a scenario (``LoadedScenario.with_overrides``)."""
    return {f"strategies[{e.name}]": e.strategy.to_dict() for e in found}
