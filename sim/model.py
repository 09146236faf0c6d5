"""CityModel: the city, its apps and the people around them, stepped monthly, as a Mesa model.

Each month runs these submodels, in this order (docs/ODD.md, section 3; code in sim/engine/):

    1. strategies      sim/engine/strategies.py    levers and actions of the active strategies
    2. politics        sim/engine/politics.py      the vote; the oath and the new mayor's review
    3. launches        sim/engine/launches.py      apps go live with an operator and publicity
    4. national events sim/engine/national.py      consolidations, defundings, shocks, platforms
    5. funding         sim/engine/funding.py       the maintenance pool, split over live apps
    6. civil service   sim/engine/civil_service.py rotation, operators, know-how
    7. maintenance     sim/engine/maintenance.py   quality decays or recovers with upkeep
    8. use             sim/engine/use.py           citizens and staff hear of, try and drop apps
    9. assessment      sim/engine/survival.py      five factors, score, hazard, closures, status
   10. mayor feedback  sim/engine/politics.py      visible impact moves the mayor's priority
   11. record          sim/engine/record.py        the month's state

The state lives in arrays (``sim.engine.state``) that compiled submodels update; the Mesa
agents (mayor, agencies, civil servants, citizens, apps) are views on their rows, so
``model.agents_by_type`` lists every agent. ``sim.engine.Simulation`` is the same run without
agents, for sweeps and fits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from .agents.agency import Agency
from .agents.app import App
from .agents.citizen import Citizen
from .agents.civil_servant import CivilServant
from .agents.mayor import Mayor
from .engine import Simulation

if TYPE_CHECKING:
    from .scenario import LoadedScenario


class CityModel(mesa.Model):
    """The smart-city app portfolio of one city.

    Args:
        scenario: a validated scenario (``sim.load_scenario``).
        seed: integer seed; every random draw derives from it.
        residents_per_agent: overrides the scenario's citizen scale (1 = one agent per resident).
    """

    def __init__(self, scenario: LoadedScenario, seed: int = 0, residents_per_agent: int | None = None):
        super().__init__(rng=int(seed))
        self.sim = Simulation(scenario, seed, residents_per_agent)
        self.spec = scenario.spec
        self.seed = int(seed)
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

    def step(self) -> None:
        self.sim.step()

    @property
    def strategies(self) -> list:
        """The strategies in force in this scenario (``sim.strategies``)."""
        return self.sim.scenario.strategies

    def run(self, until: int | None = None) -> None:
        """Step to the horizon's end, or only to month ``until``."""
        self.sim.run(until)

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
