"""The workshop page: Mesa SolaraViz over a WorkshopCity. Portrayal and layout only."""

from __future__ import annotations

from html import escape

import numpy as np
import solara
from matplotlib.figure import Figure
from mesa.visualization import SolaraViz

from sim.calendar import format_month
from sim.vocabulary import CAUSES, FACTORS, is_live
from sim.vocabulary import STATUSES as STATUS_NAMES
from sim.workshop import LEVERS, WorkshopCity, baseline_defaults, scenario_choices

STATUS_COLOURS = {"not_launched": "#bdbdbd", "active": "#2e7d32", "degraded": "#f9a825", "dead": "#c62828"}
FACTOR_COLOURS = dict(zip(FACTORS, ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"), strict=True))


def _figure(width=7.5, height=4.2) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def _years(model) -> np.ndarray:
    rec = model.recorder
    return np.arange(rec.t0, rec.t0 + rec.rows) / 12.0


def CityStatus(model):
    """Month, mayor and term, app counts and the month's money, in large type."""
    rec, mayor = model.recorder, model.mayor
    status = model.apps.status
    counts = {name: int(np.sum(status == code)) for code, name in enumerate(STATUS_NAMES)}
    term = (f"term {mayor.terms_served} from {format_month(mayor.inaugurated)}" if mayor.inaugurated is not None
            else f"term {mayor.terms_served} (in office at the start)")
    money = model.maintenance_available / 1e6
    settings = model.settings
    rows = [
        f"<b>Mayor</b> #{mayor.mayor_id + 1}, {term}, smart-city priority <b>{mayor.priority:.2f}</b>",
        f"<b>Apps</b>: {counts['active']} active, {counts['degraded']} degraded, {counts['dead']} closed, "
        f"{counts['not_launched']} not yet launched",
        f"<b>Maintenance money</b> this month: Rp {money:,.1f} million",
        f"<b>Citizens using apps</b>: {rec.citizens_using[rec.rows - 1]:,.0f}",
        f"<i>Settings</i>: {escape(settings['scenario_file'])}, seed {settings['seed']}, continuity "
        f"{model.spec.politics.continuity:.2f}, maintenance share {model.spec.budget.maintenance_share:.2f}, "
        f"coefficients {model.spec.coefficients.use}",
    ]
    if getattr(model, "notice", None):
        rows.insert(0, f"<b style='color:#c62828'>{escape(model.notice)}</b>")
    with solara.Card(f"Binjai, {format_month(model.month)}") as card:
        # HTML, not Markdown: solara's Markdown loads KaTeX from a CDN, and the view must work offline
        solara.HTML(tag="div", unsafe_innerHTML="<br>".join(rows), style={"font-size": "17px", "line-height": "1.6"})
    return card


def _time_plot(model, title: str, ylabel: str, draw, legend: dict, **axes):
    """A figure of monthly values from the start of the horizon to its end (the x axis stays
    fixed as the months fill in)."""
    fig = _figure()
    ax = fig.subplots()
    draw(ax, model.recorder, _years(model))
    ax.set(title=title, xlabel="year", ylabel=ylabel, xlim=(model.start / 12, model.end / 12 + 0.1), **axes)
    ax.legend(**legend)
    ax.grid(alpha=0.3)
    return solara.FigureMatplotlib(fig)


def AppsByStatus(model):
    def draw(ax, rec, years):
        for code, name in enumerate(STATUS_NAMES):
            if name != "not_launched":
                ax.plot(years, (rec.status[: rec.rows] == code).sum(axis=1), color=STATUS_COLOURS[name],
                        linewidth=2.5, label=name)

    return _time_plot(model, "Apps by status", "apps", draw, {"loc": "upper left"})


def FactorLevels(model):
    def draw(ax, rec, years):
        status = rec.status[: rec.rows]
        live = is_live(status)
        for k, name in enumerate(FACTORS):
            values = np.where(live, rec.factors[: rec.rows, :, k], np.nan)
            with np.errstate(invalid="ignore"):
                mean = np.nanmean(np.where(live.any(axis=1)[:, None], values, 0.0), axis=1)
            ax.plot(years, mean, color=FACTOR_COLOURS[name], linewidth=2, label=name)

    return _time_plot(model, "Mean factor level of live apps", "level (0-1)", draw,
                      {"loc": "upper right", "ncol": 2, "fontsize": 10}, ylim=(0, 1))


def CitizensUsing(model):
    def draw(ax, rec, years):
        thousands = rec.citizens_using[: rec.rows] / 1000.0
        ax.fill_between(years, thousands, color="#1565c0", alpha=0.35)
        ax.plot(years, thousands, color="#1565c0", linewidth=2, label="residents using at least one app")

    return _time_plot(model, "Citizens using apps", "residents (thousands)", draw, {"loc": "upper left"})


def Portfolio(model):
    """Every app as a dot: column = owner agency, colour = status, size = users."""
    apps = model.apps
    fig = _figure(11, 5.2)
    ax = fig.subplots()
    rows = np.zeros(len(model.agencies), dtype=int)
    size_scale = 900.0 / max(float(np.sqrt(apps.users.max())), 1.0)
    for i in range(apps.n):
        column = int(apps.owner[i])
        row = rows[column]
        rows[column] += 1
        name = STATUS_NAMES[int(apps.status[i])]
        ax.scatter(column, row, s=60 + size_scale * np.sqrt(apps.users[i]), color=STATUS_COLOURS[name],
                   edgecolors="black", linewidths=0.6, zorder=3)
        ax.annotate(apps.names[i], (column, row), textcoords="offset points", xytext=(0, -16), ha="center",
                    fontsize=8)
    ax.set_xticks(range(len(model.agencies)), [a.name for a in model.agencies], rotation=35, ha="right", fontsize=9)
    ax.set_yticks([])
    ax.set(title="App portfolio by agency (colour: status, size: users)", xlim=(-0.7, len(model.agencies) - 0.3),
           ylim=(-0.8, max(rows.max(), 1) - 0.3))
    for name, colour in STATUS_COLOURS.items():
        ax.scatter([], [], color=colour, edgecolors="black", label=name.replace("_", " "))
    ax.legend(loc="upper right", fontsize=9, ncol=4)
    return solara.FigureMatplotlib(fig)


def DeathLog(model):
    """Closures so far, newest first, with their cause."""
    deaths = [e for e in model.events if e[1] == "death"][::-1]
    lines = [f"<li><b>{format_month(m)}</b> {escape(model.apps.names[a])}: <i>{CAUSES[c].replace('_', ' ')}</i> "
             f"({escape(detail)})</li>" for m, _, a, c, detail in deaths[:40]]
    with solara.Card(f"Closures, newest first ({len(deaths)})") as card:
        solara.HTML(tag="div", unsafe_innerHTML=f"<ul>{''.join(lines)}</ul>" if lines else "No app has closed yet.",
                    style={"font-size": "15px"})
    return card


def _slider(label, value):
    return {"type": "SliderFloat", "value": value, "label": label, "min": 0.0, "max": 1.0, "step": 0.05}


def model_params() -> dict:
    defaults = baseline_defaults()
    params = {
        "scenario_file": {"type": "Select", "value": "binjai_baseline.yaml", "values": scenario_choices(),
                          "label": "Scenario"},
        "seed": {"type": "SliderInt", "value": 1, "label": "Random seed", "min": 0, "max": 99, "step": 1},
        "maintenance_share": _slider("Maintenance share", defaults["maintenance_share"]),
        "continuity": _slider("Election continuity", defaults["continuity"]),
        "coefficients": {"type": "Select", "value": defaults["coefficients"], "values": ["significant_only", "all"],
                         "label": "Survey coefficients used"},
    }
    for name in LEVERS:
        params[name] = _slider(name.replace("_", " "), 0.0)
    return params


COMPONENTS = [CityStatus, AppsByStatus, Portfolio, FactorLevels, CitizensUsing, DeathLog]


@solara.component
def Page():
    # one model per browser session: sessions never share (or step) each other's model
    model = solara.use_memo(lambda: WorkshopCity(), [])
    return SolaraViz(model, components=COMPONENTS, model_params=model_params(),
                     name="Binjai smart-city apps: who keeps them alive?", play_interval=150)
