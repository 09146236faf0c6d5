"""CityModel: the city, its apps and the people around them, stepped monthly, as a Mesa model.

Each month runs these submodels, in this order (docs/ODD.md, section 3; code in binjai_sim/model/engine/):

    1. strategies      binjai_sim/model/engine/strategies.py    levers and actions of the active strategies
    2. politics        binjai_sim/model/engine/politics.py      the vote; the oath and the new mayor's review
    3. launches        binjai_sim/model/engine/launches.py      apps go live with an operator and publicity
    4. national events binjai_sim/model/engine/national.py      consolidations, defundings, shocks, platforms
    5. funding         binjai_sim/model/engine/funding.py       the maintenance pool, split over live apps
    6. civil service   binjai_sim/model/engine/civil_service.py rotation, operators, know-how
    7. maintenance     binjai_sim/model/engine/maintenance.py   quality decays or recovers with upkeep
    8. use             binjai_sim/model/engine/use.py           citizens and staff hear of, try and drop apps
    9. assessment      binjai_sim/model/engine/survival.py      five factors, score, hazard, closures, status
   10. mayor feedback  binjai_sim/model/engine/politics.py      visible impact moves the mayor's priority
   11. record          binjai_sim/model/engine/record.py        the month's state

The state lives in arrays (``binjai_sim.model.engine.state``) that compiled submodels update; the Mesa
agents (mayor, agencies, civil servants, citizens, apps) are views on their rows, so
``model.agents_by_type`` lists every agent. ``binjai_sim.model.engine.Simulation`` is the same run without
agents, for sweeps and fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from binjai_sim.base.vocabulary import is_live

from .agents.agency import Agency
from .agents.app import App
from .agents.citizen import Citizen
from .agents.civil_servant import CivilServant
from .agents.mayor import Mayor
from .engine import Simulation

if TYPE_CHECKING:
    from binjai_sim.scenario.load import LoadedScenario


class CityModel(mesa.Model):
    """The smart-city app portfolio of one city.

    Args:
        scenario: a validated scenario (``sim.load_scenario``).
        seed: integer seed; every random draw derives from it. ``None`` (what Mesa's
            ``batch_run`` passes for ``iterations``) takes a fresh seed from the operating system
            and records it as ``model.seed``, so any run can be repeated.
        residents_per_agent: overrides the scenario's citizen scale (1 = one agent per resident).
        overrides: ``path: value`` changes to the scenario (``LoadedScenario.with_overrides``), so
            ``batch_run`` can vary any parameter: ``parameters={"overrides": [{...}, {...}]}``.
        rng: Mesa's name for the seed: an integer, a sequence of integers, a
            ``numpy.random.SeedSequence`` or ``Generator`` (reduced to one integer seed).

    ``model.datacollector`` holds the monthly series (one row per month from the start, the
    columns of ``series.parquet`` that a month's state gives); ``running`` turns False at the
    horizon's end, so ``mesa.batch_run(CityModel, parameters={"scenario": scenario}, ...)``
    runs each model to its end.
    """

    def __init__(self, scenario: LoadedScenario, seed: int | None = 0, residents_per_agent: int | None = None,
                 overrides: dict | None = None, rng=None):
        if rng is not None and seed not in (None, 0):
            raise ValueError("give either seed or rng, not both")
        seed = _integer_seed(seed if rng is None else rng)
        super().__init__(rng=seed)
        if overrides:
            scenario = scenario.with_overrides(dict(overrides))
        self.sim = Simulation(scenario, seed, residents_per_agent)
        self.spec = scenario.spec
        self.seed = seed
        self.start, self.end = self.sim.start, self.sim.end
        self.apps = self.sim.apps
        self.recorder = self.sim.recorder
        self.staff = StaffView(self.sim)
        self.population = PopulationView(self.sim)
        self.mayor = Mayor(self)
        self.agencies = [Agency(self, name, i) for i, name in enumerate(self.sim.built.agency_names)]
        self.app_agents = [App(self, i) for i in range(self.apps.n)]
        CivilServant.create_agents(self, self.staff.n, list(range(self.staff.n)))
        Citizen.create_agents(self, self.population.n, list(range(self.population.n)))
        self.datacollector = mesa.DataCollector(model_reporters=monthly_reporters())
        self.running = not self.sim.finished
        self.datacollector.collect(self)

    def step(self) -> None:
        if self.sim.finished:  # a step past the horizon has no month to run
            self.running = False
            return
        self.sim.step()
        self.datacollector.collect(self)
        self.running = not self.sim.finished

    @property
    def strategies(self) -> list:
        """The strategies in force in this scenario (``binjai_sim.model.strategies``)."""
        return self.sim.scenario.strategies

    def run(self, until: int | None = None) -> None:
        """Step to the horizon's end, or only to month ``until``, month by month so that the data
        collector sees every month."""
        stop = self.end if until is None else min(int(until), self.end)
        while self.month < stop:
            self.step()

    @property
    def month(self) -> int:
        return self.sim.month

    @property
    def finished(self) -> bool:
        return self.sim.finished

    @property
    def events(self):
        return self.sim.events

    @property
    def costs(self) -> dict[str, float]:
        return self.sim.costs

    @property
    def rotations(self) -> int:
        return self.sim.rotations

    @property
    def internet_share(self) -> float:
        return self.sim.internet_share

    @property
    def maintenance_available(self) -> float:
        return self.sim.maintenance_available

    def apps_agent(self, name: str) -> App:
        return self.app_agents[self.apps.names.index(name)]


def _integer_seed(seed) -> int:
    """One integer seed from what Mesa may pass: None (fresh, from the operating system), an
    integer, a sequence of integers, a ``SeedSequence`` or a ``Generator``."""
    if isinstance(seed, int | np.integer) and not isinstance(seed, bool):
        return int(seed)
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(2**63 - 1))
    if seed is not None and not isinstance(seed, np.random.SeedSequence):
        seed = np.random.SeedSequence(list(seed))
    seq = seed if seed is not None else np.random.SeedSequence()
    return int(seq.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


def _month_row(model) -> int:
    return model.recorder.rows - 1


def _count(status: int):
    return lambda model: int(np.sum(model.recorder.status[_month_row(model)] == status))


def _value(field: str):
    return lambda model: float(getattr(model.recorder, field)[_month_row(model)])


def _mean_score(model) -> float:
    rec, row = model.recorder, _month_row(model)
    live = is_live(rec.status[row])
    return float(rec.score[row][live].mean()) if live.any() else float("nan")


def monthly_reporters() -> dict:
    """The data collector's model reporters: the seed (the one used, also when Mesa passed
    None), the month and the columns of ``series.parquet`` (``binjai_sim.runs.recorder.series_frame``) that
    one month's record gives."""
    return {
        "seed": lambda model: model.seed, "month": lambda model: model.month,
        "not_launched": _count(0), "active": _count(1), "degraded": _count(2), "dead": _count(3),
        "mayor_priority": _value("priority"), "maintenance_pool_rp": _value("pool"),
        "allocated_rp": _value("allocated"), "internet_share": _value("internet"),
        "citizens_using": _value("citizens_using"), "strategy_cost_rp": _value("strategy_cost"),
        "mean_score": _mean_score,
    }


class StaffView:
    """The civil servants' arrays: agency, skill, app operated (-1 none), moved this month."""

    def __init__(self, sim: Simulation):
        s = sim.state
        self.n = s.skill.shape[0]
        self.agency, self.skill, self.operating, self.moved = s.staff_agency, s.skill, s.operating, s.moved


class PopulationView:
    """The citizens' arrays and their (citizen, app) pairs."""

    def __init__(self, sim: Simulation):
        s = sim.state
        self.n = s.weight.shape[0]
        self.weight, self.online_rank = s.weight, s.online_rank
        self.row, self.app_of, self.state = s.pair_row, s.pair_app, s.pair_state
