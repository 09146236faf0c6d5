import numpy as np

from binjai_sim import CityModel, run_scenario
from binjai_sim.base.calendar import parse_month
from binjai_sim.base.vocabulary import CAUSES, AppStatus


def _deaths(result):
    return result.events[result.events.kind == "death"]


def test_every_death_has_one_known_cause(baseline):
    result = run_scenario(baseline, seed=11, replicates=4, record_apps=False)
    deaths = _deaths(result)
    assert len(deaths) > 0
    assert deaths["cause"].isin(CAUSES).all()
    assert not deaths.duplicated(["replicate", "app"]).any()  # an app dies once


def test_national_replacement_hits_only_its_counterparts_after_rollout(baseline):
    result = run_scenario(baseline, seed=5, replicates=8, record_apps=False)
    inventory = {a.name: a for a in baseline.inventory}
    replaced = _deaths(result)[lambda d: d.cause == "replaced_national"]
    assert len(replaced) > 0
    rules = {p.name: p for p in baseline.spec.national.platforms}
    for _, row in replaced.iterrows():
        rule = rules[row.detail]
        app = inventory[row.app]
        assert app.counterpart == rule.name and app.audience in rule.audiences
        assert row.month >= rule.date


def test_certain_replacement_closes_exactly_the_sector_at_the_date(baseline):
    scenario = baseline.with_overrides({"national.platforms": [
        {"name": "X", "sectors": ["tax"], "date": "2019-05", "monthly_prob": 1.0}]})
    model = CityModel(scenario, seed=1)
    date = parse_month("2019-05")
    tax = np.array([s == "tax" for s in model.apps.sectors])
    while model.month < date - 1:
        model.step()
    assert not np.any(model.apps.cause[tax] == CAUSES.index("replaced_national"))
    live_tax_before = tax & model.apps.live()
    model.step()
    replaced = model.apps.cause == CAUSES.index("replaced_national")
    assert np.array_equal(replaced, live_tax_before)
    assert np.all(model.apps.death_month[replaced] == date)


def test_consolidation_shock_and_defunding_record_their_causes(baseline):
    scenario = baseline.with_overrides({
        "national.policy_shocks": [{"name": "S", "apps": ["ePBB"], "date": "2018-01", "kill_prob": 1.0}],
        "national.defundings": [{"app": "JDIH", "date": "2018-02"}],
        "national.consolidations": [{"name": "M", "apps": ["eWarung", "Pakjai"], "date": "2021-01"}],
        "hazard.intercept": -20.0,  # no hazard deaths, so these apps survive until their event
        "apps.failure_below": 0.0,
        "apps.abandon_after_months": 120,
        "politics.transition_defund_prob": 0.0,
    })
    model = CityModel(scenario, seed=2)
    model.run()
    cause = {n: model.apps_agent(n).cause for n in ("ePBB", "JDIH", "eWarung", "Pakjai")}
    assert cause == {"ePBB": "policy_shock", "JDIH": "defunded", "eWarung": "replaced_local",
                     "Pakjai": "replaced_local"}
    assert model.apps_agent("ePBB").status == AppStatus.DEAD


def test_no_upkeep_means_degradation_then_technical_failure(baseline):
    scenario = baseline.with_overrides({
        "budget.it_share": 0.0, "hazard.intercept": -20.0, "apps.quality_decay": 0.05,
        "politics.transition_defund_prob": 0.0, "apps.abandon_after_months": 120,
        "national.platforms": [], "national.consolidations": [], "national.policy_shocks": []})
    result = run_scenario(scenario, seed=3, replicates=2)
    deaths = _deaths(result)
    assert set(deaths.cause) == {"technical_failure"}
    degraded_first = result.apps[(result.apps.app == deaths.iloc[0].app)
                                 & (result.apps.replicate == deaths.iloc[0].replicate)]
    assert (degraded_first.status == "degraded").any()


def test_nobody_trying_an_app_means_abandonment(baseline):
    scenario = baseline.with_overrides({
        "citizens.trial_rate": 0.0, "hazard.intercept": -20.0, "apps.failure_below": 0.0,
        "politics.transition_defund_prob": 0.0,
        "national.platforms": [], "national.consolidations": [], "national.policy_shocks": []})
    deaths = _deaths(run_scenario(scenario, seed=3, replicates=1))
    assert len(deaths) == 32 and set(deaths.cause) == {"abandoned"}


def test_agents_are_mesa_agents(baseline):
    from binjai_sim.model.agents import Agency, App, Citizen, CivilServant, Mayor

    model = CityModel(baseline, seed=0)
    counts = {cls: len(model.agents_by_type[cls]) for cls in (Mayor, Agency, App, CivilServant, Citizen)}
    assert counts[Mayor] == 1 and counts[App] == 32
    assert counts[CivilServant] == baseline.spec.civil_service.staff
    assert counts[Citizen] == -(-baseline.spec.city.population // 100)
    weights = sum(c.weight for c in model.agents_by_type[Citizen])
    assert abs(weights - baseline.spec.city.population) < 1e-6


def test_scale_one_gives_one_agent_per_resident(baseline):
    small = baseline.with_overrides({"city.population": 5000})
    model = CityModel(small, seed=0, residents_per_agent=1)
    assert model.population.n == 5000 and np.all(model.population.weight == 1.0)
