"""What a scenario's schema cannot check alone: the cross-references between its parts (app names,
dates inside the horizon, event groups, ``sources:`` keys) and a package's budget."""

from __future__ import annotations

from binjai_sim.base.calendar import format_month
from binjai_sim.base.errors import InputError, did_you_mean, one_of
from binjai_sim.base.i18n import t
from binjai_sim.schema.scenario import Scenario

from . import overrides
from .inventory import AppSpec


def _events(spec: Scenario) -> list:
    n = spec.national
    return [*n.platforms, *n.policy_shocks, *n.consolidations, *n.defundings, *n.prunings, *n.launch_bans]


def _check_known_outcomes(spec: Scenario, label: str) -> list[InputError]:
    """A replayed 'incumbent' result must be one the incumbent could win (not term-limited)."""
    found, terms = [], spec.mayor.initial_terms_served
    for i, election in sorted(enumerate(spec.elections), key=lambda x: x[1].date):
        if election.outcome is None:
            break  # after a drawn result the terms served are not known in advance
        if election.outcome == "incumbent":
            if terms >= spec.mayor.term_limit:
                found.append(InputError(label, f"elections.{i}.outcome", t("scenario.term_limited", terms=terms),
                                        t("successor.term_limited_allowed")))
                break
            terms += 1
        else:
            terms = 1
    return found


def check_strategy_budget(spec: Scenario, strategies: list, label: str) -> None:
    """A package with a stated budget must fit it in its most expensive month."""
    if spec.strategy_budget_rp is None or not strategies:
        return
    months = sorted({s.start for s in strategies} | {s.end for s in strategies if s.end is not None})
    worst = max(sum(s.monthly_charge() for s in strategies if s.active(m)) for m in months)
    if worst > spec.strategy_budget_rp + 1e-6:
        raise InputError(label, "strategy_budget_rp",
                         t("scenario.over_budget", worst=f"{worst:,.0f}", budget=f"{spec.strategy_budget_rp:,.0f}"),
                         t("scenario.over_budget_allowed"))


def check_references(spec: Scenario, inventory: list[AppSpec], strategies: list, label: str) -> list[InputError]:
    """Every cross-reference a schema cannot check alone: app names, dates inside the horizon."""
    found: list[InputError] = []
    names = {a.name for a in inventory}
    start, end = spec.horizon.start, spec.horizon.end
    span = t("errors.range", low=format_month(start), high=format_month(end))

    def unknown_app(key: str, app: str) -> None:
        hint = t("scenario.inherited_hint", list=key.split(".")[1]) if key.startswith("national.") else ""
        found.append(InputError(label, key, t("scenario.unknown_app", app=repr(app)) + did_you_mean(app, names)
                                + hint, one_of(names)))

    for key, items in (("national.platforms", spec.national.platforms),
                       ("national.policy_shocks", spec.national.policy_shocks),
                       ("national.consolidations", spec.national.consolidations)):
        for i, item in enumerate(items):
            for app in item.apps:
                if app not in names:
                    unknown_app(f"{key}.{i}.apps", app)
    for i, item in enumerate(spec.national.defundings):
        if item.app not in names:
            unknown_app(f"national.defundings.{i}.app", item.app)
    for i, election in enumerate(spec.elections):
        if not start <= election.date <= end:
            found.append(InputError(label, f"elections.{i}.date",
                                    t("scenario.outside_horizon", month=format_month(election.date)), span))
    if spec.projection is not None and not start <= spec.projection.from_month <= end:
        found.append(InputError(label, "projection.from",
                                t("scenario.outside_horizon", month=format_month(spec.projection.from_month)), span))
    found += _check_known_outcomes(spec, label)
    groups = {e.group for e in _events(spec) if e.group}
    for i, name in enumerate(spec.national.disable):
        if name not in groups:
            found.append(InputError(label, f"national.disable.{i}", t("scenario.no_group", group=repr(name))
                                    + did_you_mean(name, groups), one_of(groups) if groups else "-"))
    counterparts = {a.counterpart for a in inventory}
    for i, merge in enumerate(spec.national.consolidations):
        if not merge.apps and merge.name not in counterparts:
            found.append(InputError(label, f"national.consolidations.{i}", t("scenario.takes_no_app", name=merge.name)))
    for app in inventory:
        if app.launch > end:
            found.append(InputError(label, "apps.inventory", t("scenario.launch_after", app=repr(app.name),
                                                                month=format_month(app.launch)),
                                    t("scenario.launch_allowed", end=format_month(end))))
    for i, strategy in enumerate(strategies):
        if strategy.start > end or (strategy.end is not None and strategy.end < start):
            window = t("errors.range", low=format_month(strategy.start),
                       high=format_month(strategy.end) if strategy.end is not None else t("scenario.the_end"))
            found.append(InputError(label, f"strategies.{i}", t("scenario.strategy_outside", name=strategy.name,
                                                                  window=window),
                                    t("scenario.strategy_allowed", span=span)))
    found += _check_sources(spec, label)
    for i, month in enumerate(spec.report.checkpoints):
        if not start <= month <= end:
            found.append(InputError(label, f"report.checkpoints.{i}",
                                    t("scenario.outside_horizon", month=format_month(month)), span))
    return found


def _check_sources(spec: Scenario, label: str) -> list[InputError]:
    """Every ``sources:`` key names a value of the scenario."""
    values = spec.model_dump(mode="json")
    leaves = list(_leaves(values))
    found = []
    for key in spec.sources:
        try:
            overrides.get(values, key)
        except InputError:
            found.append(InputError(label, f"sources.{key}", t("scenario.unknown_source", key=key)
                                    + did_you_mean(key, leaves)))
    return found


def _leaves(node: dict, prefix: str = ""):
    for key, value in node.items():
        if isinstance(value, dict) and value:
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"
