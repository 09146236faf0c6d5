"""The report's section on the city and its assumptions: the values, their sources, the fitted
parameters, the elections, national events, strategies and the app inventory."""

from __future__ import annotations

from binjai_sim.base.i18n import name, number, percent, t

from .events import event_name
from .folders import RunFolder
from .param_names import human_name
from .parts import Section, Table, c

# --- the city and its assumptions --------------------------------------------------------------

VALUES = ("city.population", "city.annual_budget_rp", "city.fiscal_capacity", "budget.it_share",
          "budget.maintenance_share", "civil_service.staff", "civil_service.city_regulation_from",
          "mayor.initial_priority", "mayor.initial_terms_served", "horizon.start", "horizon.end",
          "citizens.internet", "city.residents_per_agent")


def _get(spec: dict, key: str):
    node = spec
    for part in key.split("."):
        node = node[part]
    return node


def _shown(key: str, value) -> str:
    if value is None:
        return "-"
    if key == "city.annual_budget_rp":
        return f"Rp{number(value)}"
    if key in ("budget.it_share", "budget.maintenance_share"):
        return f"{number(100 * value, 2)}%"
    if key == "city.fiscal_capacity":
        return name("fiscal", value)
    if key == "citizens.internet":
        return ", ".join(f"{y}: {number(100 * v, 1)}%" for y, v in value.items())
    if isinstance(value, float):
        return number(value, 2 if value < 10 else 0)
    if isinstance(value, int):
        return number(value)
    return str(value)


def assumptions_section(run: RunFolder, calibration: dict, kind: str) -> Section:
    spec = run.scenario
    sources = spec.get("sources") or {}
    fitted = calibration.get("parameters") or {}
    flag = {"prior": t("report.flag_prior", fitted=calibration.get("fitted_to", "")),
            "own": t("report.flag_own", fitted=calibration.get("fitted_to", ""))}.get(kind, "")
    rows = []
    for key in VALUES:
        value = _get(spec, key)
        if key in fitted:
            source, style = flag, "assumption" if kind == "prior" else ""
        elif key in sources:
            source = sources[key]
            style = "assumption" if source.upper().startswith(("ASSUMPTION", "ASUMSI")) else ""
        else:
            source, style = t("report.default_assumption"), "assumption"
        rows.append([c(t(f"report.key.{key}")), c(_shown(key, value), value if isinstance(value, (int, float))
                                                  else None), c(source, style=style)])
    values = Table("values", t("report.table_values"), [t("report.col_value"), t("report.col_setting"),
                                                         t("report.col_source")], rows,
                   t("report.values_note"))
    tables = [values]
    if fitted:
        tables.append(Table("fitted", t("report.table_fitted"), [t("report.col_parameter"),
                                                                 t("report.col_setting"), t("report.col_source")],
                            [[c(parameter_name(k)), c(number(v, 3) if isinstance(v, float) else v,
                                                      v if isinstance(v, (int, float))
                                      else None), c(flag, style="assumption" if kind == "prior" else "")]
                             for k, v in fitted.items()], t("report.fitted_note")))
    tables.append(_elections(spec))
    tables.append(_events(spec))
    if spec.get("strategies"):
        tables.append(_strategies(spec))
    tables.append(_inventory(run))
    return Section("assumptions", t("report.section_assumptions"), t("report.assumptions_intro"), tables)


def parameter_name(key: str) -> str:
    """A fitted parameter as a reader knows it, never its scenario path."""
    return human_name(key)


def _elections(spec: dict) -> Table:
    rows = []
    for e in spec["elections"]:
        outcome = t(f"newcity.outcome.{e['outcome']}") if e.get("outcome") else t("report.drawn")
        rows.append([c(e["date"]), c(e.get("inauguration") or "-"), c(outcome), c(e.get("source") or "")])
    return Table("elections", t("report.table_elections"), [t("report.col_vote"), t("report.col_oath"),
                                                            t("report.col_outcome"), t("report.col_source")], rows)


def event_text(event: dict, field: str) -> str:
    """An event's name or source in the language in force: the catalogue's translation while its
    English text is still the event's own, else the text as the scenario writes it."""
    import re

    from binjai_sim.base.i18n import catalogue

    original = event.get(field) or ""
    key = f"national_event.{re.sub(r'[^a-z0-9]+', '_', str(event.get('name', '')).lower()).strip('_')}.{field}"
    return t(key) if catalogue("en").get(key) == original else original


def _events(spec: dict) -> Table:
    nat = spec["national"]
    off = set(nat.get("disable") or [])
    rows = []
    for kind, items in (("platforms", nat["platforms"]), ("policy_shocks", nat["policy_shocks"]),
                        ("consolidations", nat["consolidations"]), ("defundings", nat["defundings"]),
                        ("launch_bans", nat["launch_bans"]), ("prunings", nat["prunings"])):
        for e in items:
            when = e["date"] + (f" - {e['until']}" if e.get("until") else "")
            if e.get("date_range"):
                when += " " + t("report.date_range", low=e["date_range"][0], high=e["date_range"][1])
            row = [c(event_text(e, "name") or e.get("app")), c(t(f"report.event.{kind}")), c(when),
                   c(_acts_on(kind, e)), c(event_text(e, "source") or t("report.default_assumption"),
                                           style="" if e.get("source") else "assumption")]
            if off:
                row.append(c(t("report.switched_off") if e.get("group") in off else ""))
            rows.append(row)
    header = [t("report.col_event"), t("report.col_kind"), t("report.col_month"), t("report.col_acts_on"),
              t("report.col_source"), *([t("report.col_state")] if off else [])]
    return Table("events", t("report.table_events"), header, rows, t("report.events_note"))


def _acts_on(kind: str, e: dict) -> str:
    if kind in ("launch_bans",):
        return t("report.acts_new_apps")
    if kind == "prunings":
        return t("report.acts_all_apps", share=percent(e["monthly_prob"]))
    if kind == "defundings":
        return e["app"]
    named = [*e.get("apps", []), *[t("report.acts_counterpart", name=event_name(x)) for x in e.get("counterparts", [])],
             *[name("sector", x) for x in e.get("sectors", [])]]
    if kind in ("platforms", "consolidations"):
        named.append(t("report.acts_counterpart", name=event_name(e["name"])))
    return ", ".join(named)


def _strategies(spec: dict) -> Table:
    rows = []
    for s in spec["strategies"]:
        window = f"{s.get('start', '')} - {s.get('end') or t('scenario.the_end')}"
        cost = s.get("monthly_cost_rp")
        rows.append([c(t(f"strategy.name.{s['name']}")), c(window), c(number(s.get("intensity", 1.0), 2)),
                     c(f"Rp{number(cost)}" if cost is not None else "-", cost)])
    return Table("strategies", t("report.table_strategies"), [t("report.col_strategy"), t("report.col_window"),
                                                              t("report.col_intensity"), t("report.col_cost")], rows,
                 t("report.strategies_note"))


def _inventory(run: RunFolder) -> Table:
    rows = [[c(a["name"]), c(name("sector", a["sector"])), c(name("audience", a["audience"])), c(a["owner_agency"]),
             c(a["launch"]), c(percent(a["target_share"]) if a["target_share"] >= 0.01
                               else f"{number(100 * a['target_share'], 1)}%", a["target_share"], fmt="0.0%"),
             c(event_name(a["counterpart"]) if a["counterpart"] != "none" else "-")] for a in run.inventory]
    return Table("inventory", t("report.table_inventory"),
                 [t("report.col_app"), t("report.col_sector"), t("report.col_audience"), t("report.col_owner"),
                  t("report.col_launch"), t("report.col_share"), t("report.col_counterpart")], rows)
