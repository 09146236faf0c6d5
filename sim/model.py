"""CityModel: the city, its apps and the people around them, stepped monthly."""

from __future__ import annotations

import zlib

import mesa
import numpy as np

from . import factors as fx
from .agents.agency import Agency
from .agents.app import App, AppTable
from .agents.citizen import AWARE, UNAWARE, USER, Citizen, Population, diffuse
from .agents.civil_servant import CivilServant, CivilService
from .agents.mayor import Mayor
from .budget import CityBudget
from .coefficients import betas
from .environment import NationalEnvironment, PoliticalCalendar, internet_share
from .recorder import Recorder
from .scenario import LoadedScenario
from .strategies.base import Levers
from .survival import monthly_hazard, sustainability, weakest_factor
from .vocabulary import FACTORS, AppStatus, Cause

PROCESSES = ("politics", "staff", "citizens", "apps", "national", "setup")


def process_streams(seed: int) -> dict[str, np.random.Generator]:
    """One generator per process, each derived from the model seed and the process name, so a
    change in one process's draws does not reshuffle the others (as in Starsim)."""
    return {
        name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(name.encode()),)))
        for name in PROCESSES
    }


class CityModel(mesa.Model):
    """The smart-city app portfolio of one city.

    Args:
        scenario: a validated scenario (``sim.load_scenario``).
        seed: integer seed; every random draw derives from it.
        residents_per_agent: overrides the scenario's citizen scale (1 = one agent per resident).
        strategies: overrides the scenario's strategy objects.
    """

    def __init__(self, scenario: LoadedScenario, seed: int = 0, residents_per_agent: int | None = None,
                 strategies: list | None = None):
        super().__init__(rng=int(seed))
        spec = scenario.spec
        self.inputs = scenario  # not `scenario`: mesa.Model reserves that name for its own Scenario
        self.spec = spec
        self.seed = int(seed)
        self.streams = process_streams(self.seed)
        self.start, self.end = spec.horizon.start, spec.horizon.end
        self.month = self.start
        self.betas = betas(scenario.coefficients, spec.coefficients.use, spec.coefficients.estimates)
        self.levers = Levers()
        self.strategies = list(scenario.strategies if strategies is None else strategies)

        setup = self.streams["setup"]
        self.apps = AppTable(scenario.inventory, spec.apps.initial_quality)
        agency_names = list(dict.fromkeys(a.owner_agency for a in scenario.inventory))
        self.agencies = [Agency(self, n, i, spec.civil_service.initial_sop) for i, n in enumerate(agency_names)]
        self.apps.owner[:] = [agency_names.index(a.owner_agency) for a in scenario.inventory]
        self.staff = CivilService(setup, spec.civil_service.staff, len(self.agencies),
                                  spec.civil_service.initial_skill_mean, spec.structure.skill_concentration)
        scale = residents_per_agent or spec.city.residents_per_agent
        self.population = Population(setup, spec.city.population, scale, self.apps.target_share, self.apps.citizen,
                                     spec.structure.propensity_shape)
        # internal apps diffuse among the staff of their owner agency: one row per (civil
        # servant, internal app) pair in the app's target group, wherever the servant works now
        in_target = (setup.random((self.staff.n, self.apps.n)) < self.apps.target_share) & ~self.apps.citizen
        self.staff_pair_row, self.staff_pair_app = np.nonzero(in_target)
        self.staff_state = np.zeros(self.staff_pair_row.size, dtype=np.int8)

        self.mayor = Mayor(self, spec.mayor.initial_priority, spec.mayor.initial_terms_served)
        self.app_agents = [App(self, i) for i in range(self.apps.n)]
        CivilServant.create_agents(self, self.staff.n, list(range(self.staff.n)))
        Citizen.create_agents(self, self.population.n, list(range(self.population.n)))

        self.budget = CityBudget(spec.city, spec.budget, spec.structure)
        self.national = NationalEnvironment(spec.national, self.apps.names, self.apps.sectors, self.apps.citizen)
        self.calendar = PoliticalCalendar(spec)
        self.wave_month: int | None = None
        self.rotations = 0  # civil servants moved so far
        self.internet_share = internet_share(spec.citizens.internet, self.month)
        self.events: list[tuple[int, str, int, int, str]] = []  # month, kind, app, cause, detail
        self.recorder = Recorder(self)
        self._launch_apps()
        self._assess_apps(hazard_on=False)
        self.recorder.record(self)

    # ------------------------------------------------------------------ the monthly step
    def step(self) -> None:
        self.month += 1
        self.levers.reset()
        self.budget.open_month()
        for strategy in self.strategies:
            strategy.step(self)
        self._politics()
        self._launch_apps()
        self._national_events()
        self._fund_apps()
        self._civil_service()
        self._maintain_apps()
        self._use_apps()
        self._assess_apps(hazard_on=True)
        self._mayor_feedback()
        self.recorder.record(self)

    def run(self, until: int | None = None) -> None:
        """Step to the horizon's end, or only to month ``until`` (a month index) when that is all a
        caller reads: months are drawn in order, so the months run are the same either way."""
        stop = self.end if until is None else min(int(until), self.end)
        while self.month < stop:
            self.step()

    @property
    def finished(self) -> bool:
        return self.month >= self.end

    # ------------------------------------------------------------------ submodels
    def _politics(self) -> None:
        rng, pol = self.streams["politics"], self.spec.politics
        if self.month in self.calendar.votes:
            winner = self.mayor.hold_election(rng, self.spec.mayor.term_limit, pol.incumbent_win_prob)
            self._event("election", detail=winner)
        if self.month in self.calendar.oaths and self.mayor.pending_winner is not None:
            continuity = max(pol.continuity, self.levers.continuity_floor)
            new_person = self.mayor.inaugurate(rng, self.month, continuity,
                                               pol.newcomer_priority_mean, pol.newcomer_priority_concentration)
            self._event("inauguration", detail=f"mayor {self.mayor.mayor_id} priority {self.mayor.priority:.3f}"
                        + (" (new)" if new_person else " (re-elected)"))
            if new_person:
                self._hand_over()

    def _hand_over(self) -> None:
        """A new mayor reviews the portfolio: legacy apps with weak institutions may be cut."""
        rng, apps = self.streams["politics"], self.apps
        live = apps.live()
        inst = apps.factors[:, 4]
        prob = (self.spec.politics.transition_defund_prob * self.levers.defund_multiplier
                * (1.0 - self.mayor.priority) * (1.0 - inst))
        cut = live & (rng.random(apps.n) < prob)
        for i in np.flatnonzero(cut):
            self.close_app(int(i), Cause.HANDOVER_CUT, "cut in the new mayor's portfolio review")
        self.wave_month = self.month + self.spec.civil_service.rotation_wave.months_after_inauguration

    def _launch_apps(self) -> None:
        apps = self.apps
        new = (apps.status == AppStatus.NOT_LAUNCHED) & (apps.launch <= self.month)
        for i in np.flatnonzero(new):
            apps.status[i] = AppStatus.ACTIVE
            apps.quality[i] = self.spec.apps.initial_quality
            apps.launched_by[i] = self.mayor.mayor_id
            self._assign_operator(int(i), self.spec.structure.initial_know_how)
            self._announce(int(i))
            self._event("launch", int(i))
        redo = apps.live() & (apps.redesign == self.month)
        for i in np.flatnonzero(redo):
            apps.quality[i] = self.spec.apps.initial_quality
            apps.launched_by[i] = self.mayor.mayor_id
            self._event("redesign", int(i))

    def _announce(self, app: int) -> None:
        """Launch publicity: part of the target group hears of the app at once."""
        rng, cz = self.streams["citizens"], self.spec.citizens
        if self.apps.citizen[app]:
            pop = self.population
            pairs = np.flatnonzero(pop.app_of == app)
            told = (pop.state[pairs] == UNAWARE) & (rng.random(pairs.size) < cz.launch_awareness)
            pop.state[pairs[told]] = AWARE
        else:
            pairs = np.flatnonzero(self.staff_pair_app == app)
            told = (self.staff_state[pairs] == UNAWARE) & (rng.random(pairs.size) < cz.staff_launch_awareness)
            self.staff_state[pairs[told]] = AWARE

    def _national_events(self) -> None:
        rng, apps = self.streams["national"], self.apps
        for merge, members in self.national.consolidations.get(self.month, []):
            for i in members:
                if apps.live()[i]:
                    self.close_app(i, Cause.REPLACED_LOCAL, merge.name)
        for _cut, i in self.national.defundings.get(self.month, []):
            if apps.live()[i]:
                self.close_app(i, Cause.DEFUNDED, "scheduled defunding")
        for shock, hits in self.national.shocks.get(self.month, []):
            kill = rng.random(apps.n)
            for i in np.flatnonzero(hits & apps.live()):
                apps.quality[i] *= 1.0 - shock.quality_loss
                self._event("policy_shock", int(i), detail=shock.name)
                if kill[i] < shock.kill_prob:
                    self.close_app(int(i), Cause.POLICY_SHOCK, shock.name)
        for rule in self.national.platforms_in_force(self.month):
            draws = rng.random(apps.n)
            if rule.date == self.month:
                self._event("platform_rollout", detail=rule.name)
            affected = rule.hits & apps.live()
            if rule.effect == "degrade":
                for i in np.flatnonzero(affected & ~apps.partial_replaced):
                    apps.partial_replaced[i] = True
                    self._event("partial_replacement", int(i), detail=rule.name)
                continue
            prob = rule.monthly_prob * (1.0 - apps.integrated) * self.levers.replacement_multiplier
            for i in np.flatnonzero(affected & (draws < prob)):
                self.close_app(int(i), Cause.REPLACED_NATIONAL, rule.name)

    def _fund_apps(self) -> None:
        apps = self.apps
        self.budget.set_pool(self.mayor.priority)
        for strategy in self.strategies:
            if strategy.active(self.month):
                strategy.fund(self)
        own = apps.launched_by == self.mayor.mayor_id
        apps.budget[:] = self.budget.allocate(apps.live(), own)

    def _civil_service(self) -> None:
        rng, cs, staff = self.streams["staff"], self.spec.civil_service, self.staff
        since_oath = None if self.mayor.inaugurated is None else self.month - self.mayor.inaugurated
        frozen = since_oath is not None and since_oath < self.spec.structure.no_rotation_months
        rate = 0.0 if frozen else cs.rotation_rate * self.levers.rotation_multiplier
        head_rate = 0.0 if frozen else cs.head_rotation_rate * self.levers.rotation_multiplier
        if self.month == self.wave_month:
            rate = min(1.0, rate + cs.rotation_wave.share * self.levers.rotation_multiplier)
            head_rate = min(1.0, head_rate + cs.rotation_wave.share)
            self._event("rotation_wave", detail=f"share {cs.rotation_wave.share:.2f}")
        self.rotations += staff.rotate(rng, rate, len(self.agencies)).size
        heads = rng.random(len(self.agencies))
        for agency in self.agencies:
            if heads[agency.index] < head_rate:
                agency.rotate_head(cs.sop_retention)
        apps = self.apps
        live = apps.live()
        op = apps.operator
        lost = live & (op >= 0) & staff.moved[np.maximum(op, 0)]
        if lost.any():
            sop = np.array([a.sop for a in self.agencies])
            staff.operating[op[lost]] = -1
            op[lost] = -1
            apps.know_how[lost] *= sop[apps.owner[lost]]  # only what was documented survives
        for i in np.flatnonzero(live & (op < 0)):
            self._assign_operator(int(i), apps.know_how[i])
        owned = apps.live() & (apps.operator >= 0)
        apps.know_how[owned] += cs.learning_rate * (1.0 - apps.know_how[owned])

    def _maintain_apps(self) -> None:
        a, p = self.apps, self.spec.apps
        live = a.live()
        share = self.spec.structure.upkeep_operator_share
        upkeep = self._coverage() * ((1.0 - share) + share * self._operator_capacity())
        decay = p.quality_decay * self.levers.decay_multiplier
        dq = -decay * (1.0 - upkeep) + p.repair_rate * upkeep * (1.0 - a.quality)
        a.quality[live] = np.clip(a.quality[live] + dq[live], 0.0, 1.0)

    def _use_apps(self) -> None:
        apps, cz, pop, staff = self.apps, self.spec.citizens, self.population, self.staff
        rng = self.streams["citizens"]
        self.internet_share = internet_share(cz.internet, self.month)
        live = apps.live()
        reachable = (pop.online_rank[pop.row] < self.internet_share) & live[pop.app_of]
        users, market = diffuse(rng, pop.state, pop.app_of, reachable, pop.pair_weight, apps.n, apps.quality,
                                pop.pair_propensity, cz.bass_p, cz.bass_q, cz.trial_rate, cz.quit_base,
                                cz.quit_quality)
        rows, pair_app = self.staff_pair_row, self.staff_pair_app
        reach_staff = (staff.agency[rows] == apps.owner[pair_app]) & live[pair_app]
        s_users, s_market = diffuse(rng, self.staff_state, pair_app, reach_staff, 1.0, apps.n, apps.quality,
                                    staff.skill[rows], cz.bass_p, cz.bass_q, cz.trial_rate, cz.quit_base,
                                    cz.quit_quality)
        apps.users[:] = np.where(apps.citizen, users, s_users)
        apps.market[:] = np.where(apps.citizen, market, s_market)

    def _assess_apps(self, hazard_on: bool) -> None:
        apps, pa = self.apps, self.spec.apps
        live = apps.live()
        use_ratio = np.divide(apps.users, apps.market, out=np.zeros(apps.n), where=apps.market > 0)
        own = apps.launched_by == self.mayor.mayor_id
        agency_sop = np.array([a.sop for a in self.agencies])[apps.owner]
        agency_unit = np.array([a.unit for a in self.agencies])[apps.owner]
        agency_reg = np.array([a.regulation for a in self.agencies])[apps.owner]
        reg_from = self.spec.civil_service.city_regulation_from
        city_reg = 1.0 if (reg_from is not None and self.month >= reg_from) else 0.0
        f, st = apps.factors, self.spec.structure
        f[:, 0] = fx.political(self.mayor.priority, own, self.spec.politics.legacy_support,
                               self.levers.political_floor, apps.champion, st.champion_bonus)
        f[:, 1] = fx.resources(self._coverage(), self._operator_capacity(), st.resources_budget_weight)
        f[:, 2] = fx.participation(use_ratio, self.spec.citizens.participation_target)
        f[:, 3] = fx.impact(apps.quality, f[:, 2])
        f[:, 4] = fx.institutions(city_reg, agency_reg, agency_sop, agency_unit, apps.integrated,
                                  st.institution_weights, st.framework_share)
        f[~live] = 0.0
        apps.score[:] = np.where(live, sustainability(f, self.betas), 0.0)
        apps.hazard[:] = np.where(live, monthly_hazard(apps.score, self.spec.hazard.intercept,
                                                       self.spec.hazard.scale), 0.0)
        if not hazard_on:
            self._update_status()
            return
        age = self.month - apps.launch
        apps.idle_months[:] = np.where(live & (apps.users <= 0) & (age > pa.launch_grace_months),
                                       apps.idle_months + 1, 0)
        draws = self.streams["apps"].random(apps.n)
        broken = live & (apps.quality < pa.failure_below)
        idle = live & ~broken & (apps.idle_months >= pa.abandon_after_months)
        hazard = live & ~broken & ~idle & (draws < apps.hazard)
        for i in np.flatnonzero(broken):
            self.close_app(int(i), Cause.TECHNICAL_FAILURE, "quality below failure threshold")
        for i in np.flatnonzero(idle):
            self.close_app(int(i), Cause.ABANDONED, "no users")
        weakest = weakest_factor(f, self.betas)
        for i in np.flatnonzero(hazard):
            self.close_app(int(i), Cause.DISCONTINUED, f"weakest factor: {FACTORS[weakest[i]]}")
        self._update_status()

    def _update_status(self) -> None:
        apps = self.apps
        live = apps.live()
        weak = (apps.quality < self.spec.apps.degraded_below) | apps.partial_replaced
        apps.status[live & weak] = AppStatus.DEGRADED
        apps.status[live & ~weak] = AppStatus.ACTIVE

    def _mayor_feedback(self) -> None:
        live = self.apps.live()
        visible = float(np.cumsum(self.apps.factors[live, 3])[-1] / live.sum()) if live.any() else 0.0
        self.mayor.respond_to_impact(visible, self.spec.politics.impact_feedback)

    # ------------------------------------------------------------------ helpers
    def _coverage(self) -> np.ndarray:
        need = self.spec.budget.maintenance_need_rp * self.levers.need_multiplier
        return np.clip(self.apps.budget / need, 0.0, 1.0)

    def _operator_capacity(self) -> np.ndarray:
        apps = self.apps
        op = apps.operator
        skill = np.where(op >= 0, self.staff.skill[np.maximum(op, 0)], 0.0)
        return skill * apps.know_how

    def _assign_operator(self, app: int, know_how: float) -> None:
        op = self.staff.pick_operator(self.streams["staff"], int(self.apps.owner[app]))
        self.apps.operator[app] = op
        self.apps.know_how[app] = know_how
        if op >= 0:
            self.staff.operating[op] = app

    def close_app(self, app: int, cause: Cause, detail: str) -> None:
        """Close a live app for good, recording its cause."""
        apps = self.apps
        apps.status[app] = AppStatus.DEAD
        apps.cause[app] = int(cause)
        apps.death_month[app] = self.month
        op = apps.operator[app]
        if op >= 0:
            self.staff.operating[op] = -1
        apps.operator[app] = -1
        apps.users[app] = 0.0
        apps.budget[app] = 0.0
        pop = self.population
        pop.state[(pop.app_of == app) & (pop.state == USER)] = AWARE
        self.staff_state[(self.staff_pair_app == app) & (self.staff_state == USER)] = AWARE
        self._event("death", app, int(cause), detail)

    def _event(self, kind: str, app: int = -1, cause: int = -1, detail: str = "") -> None:
        self.events.append((self.month, kind, app, cause, detail))

    def apps_agent(self, name: str) -> App:
        return self.app_agents[self.apps.names.index(name)]
