"""The page's charts, drawn from one or two cities (HTML with inline SVG, see charts.py).

In the twin view every chart shows both cities on one axis, "without" dashed grey and "with"
solid blue, so the room compares lines rather than panels. Mayors' terms are shaded and
elections marked on every time axis.
"""

from __future__ import annotations

from html import escape

from binjai_sim.base.vocabulary import FACTORS
from binjai_sim.interfaces.workshop import readings

from . import charts
from .charts import Line, TimeAxis
from .text import Text

WITHOUT, WITH = "#616161", "#1565c0"
STATUS_COLOURS = {"not_launched": "#9e9e9e", "active": "#2e7d32", "degraded": "#ef6c00", "dead": "#c62828"}
FACTOR_COLOURS = dict(zip(FACTORS, ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"), strict=True))
FACTOR_DASHES = dict(zip(FACTORS, (None, "10 4", None, "3 3", "12 4 3 4"), strict=True))


def time_axis(model, text: Text) -> TimeAxis:
    terms = [(t.start, t.end, text("chart.mayor", number=t.mayor + 1)) for t in readings.mayor_terms(model)]
    marks = [(vote, text("chart.election", year=vote // 12)) for vote, _ in readings.elections(model)
             if model.start <= vote <= model.end]
    return TimeAxis(model.start, model.end, marks, terms)


def _figure(title: str, keys: list[tuple[str, str, str | None]], svg: str, note: str = "") -> str:
    caption = f'<div class="chart-title">{escape(title)}</div>'
    note_html = f'<div class="chart-note">{escape(note)}</div>' if note else ""
    return f'<figure class="figure">{caption}{charts.legend(keys)}{svg}{note_html}</figure>'


def _integer(text: Text):
    return lambda v: text.number(v)


def live_apps(cities, labels: list[str], text: Text) -> str:
    """Apps still running (active or degraded), one line per city."""
    colours, dashes = _styles(len(cities))
    series = [readings.live_by_month(c) for c in cities]
    lines = [Line(label, s, colour, dash=dash, tooltip=f"{label}: {text.number(s[-1])}")
             for label, s, colour, dash in zip(labels, series, colours, dashes, strict=True)]
    axis = time_axis(cities[0], text)
    y = charts.y_range(series, cities[0].apps.n, integer=True)
    svg = charts.time_chart(lines, axis, y, _integer(text), integer=True)
    return _figure(text("chart.live_apps"), [(ln.label, ln.colour, ln.dash) for ln in lines], svg)


def apps_by_status(city, text: Text) -> str:
    """Active, degraded and closed apps (one city)."""
    counts = readings.status_by_month(city)
    lines = [Line(text.name("status", name), counts[name], STATUS_COLOURS[name],
                  tooltip=f"{text.name('status', name)}: {text.number(counts[name][-1])}")
             for name in ("active", "degraded", "dead")]
    y = charts.y_range(list(counts.values()), city.apps.n, integer=True)
    svg = charts.time_chart(lines, time_axis(city, text), y, _integer(text), integer=True)
    return _figure(text("chart.apps_by_status"), [(ln.label, ln.colour, ln.dash) for ln in lines], svg)


def citizens(cities, labels: list[str], text: Text) -> str:
    """Residents using at least one app."""
    colours, dashes = _styles(len(cities))
    series = [readings.citizens_by_month(c) for c in cities]
    lines = [Line(label, s, colour, dash=dash, tooltip=f"{label}: {text.number(s[-1])}")
             for label, s, colour, dash in zip(labels, series, colours, dashes, strict=True)]
    floor = 0.05 * cities[0].spec.city.population  # a scale before anyone uses an app
    y = charts.y_range(series, floor, integer=True)
    svg = charts.time_chart(lines, time_axis(cities[0], text), y, _integer(text), integer=True)
    return _figure(text("chart.citizens"), [(ln.label, ln.colour, ln.dash) for ln in lines], svg,
                   text("chart.citizens_note"))


def factor_lines(city, text: Text) -> str:
    """The five factors' mean level over live apps, month by month (one city)."""
    means = readings.factor_means(city)
    lines = []
    for k, name in enumerate(FACTORS):
        label = text.name("factor", name)
        last = means[-1, k]
        lines.append(Line(label, means[:, k], FACTOR_COLOURS[name], width=3, dash=FACTOR_DASHES[name],
                          tooltip=f"{label}: {text.share_or_dash(last)}"))
    svg = charts.time_chart(lines, time_axis(city, text), (0.0, 1.0), text.percent)
    return _figure(text("chart.factors"), [(ln.label, ln.colour, ln.dash) for ln in lines], svg)


def factor_bars(cities, labels: list[str], text: Text) -> str:
    """This month's factor levels of the two cities side by side."""
    colours, _ = _styles(len(cities))
    rows = [text.name("factor", name) for name in FACTORS]
    series = [(label, colour, readings.factor_means(c)[-1]) for label, colour, c in zip(labels, colours, cities,
                                                                                       strict=True)]
    svg = charts.bar_rows(rows, series, text.share_or_dash)
    return _figure(text("chart.factors_now"), [(label, colour, None) for label, colour, _ in series], svg)


def difference(twin, text: Text) -> str:
    """Extra running apps of the "with" city, month by month."""
    gap = readings.live_by_month(twin.with_) - readings.live_by_month(twin.without)
    label = text("chart.extra_apps")
    line = Line(label, gap, WITH, tooltip=f"{label}: {text.signed(gap[-1])}")
    y = charts.y_range([gap.astype(float)], 0.0, symmetric_floor=2.0, integer=True)
    # the whole width of the main column: drawn at about that width so its text stays >= 16 px
    svg = charts.time_chart([line], time_axis(twin.without, text), y, lambda v: text.signed(v),
                            width=700, height=230, integer=True)
    return _figure(text("chart.difference"), [(label, WITH, None)], svg)


def _styles(n: int) -> tuple[list[str], list[str | None]]:
    return ([WITHOUT, WITH], ["9 6", None]) if n == 2 else ([WITH], [None])


def status_colour(status: str) -> str:
    return STATUS_COLOURS[status]

