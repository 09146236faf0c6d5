"""Charts as inline SVG, drawn on the server in a few milliseconds.

A month's step redraws every chart; PNG figures (matplotlib) took most of a second each, SVG
text takes a millisecond, renders sharply on a projector, needs no script or network, and
carries its own tooltips (``<title>``). Legends are HTML above the plot, so they never cover a
line. Text passed in is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import numpy as np

# Charts are drawn at about the width they get on a 1366-pixel projector with the settings shown
# (a column of some 440 px), so text of 19 units is 16 px or more on screen there; wider screens
# only enlarge it.
WIDTH = 460
FONT = 19
SMALL = 19
MARGIN = {"left": 78, "right": 16, "top": 36, "bottom": 46}


@dataclass(frozen=True)
class Line:
    label: str
    values: np.ndarray  # one value per month from the axis start (NaN: no value)
    colour: str
    width: float = 3.5
    dash: str | None = None
    tooltip: str = ""  # shown when pointing at the line (default: the label)


@dataclass(frozen=True)
class TimeAxis:
    start: int  # first month (index)
    end: int  # last month
    marks: list[tuple[int, str]] = field(default_factory=list)  # dashed vertical lines, labelled above the plot
    bands: list[tuple[int, int, str]] = field(default_factory=list)  # shaded spans (mayors' terms), labelled inside


def nice_step(span: float, ticks: int = 5, integer: bool = False) -> float:
    """A round step between ticks. Counts (``integer``) never get a step of 2.5 or less than 1:
    a tick at 7.5 apps would be labelled with a number it is not."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    return max(step, 1.0) if integer else step


def y_range(values: list[np.ndarray], at_least: float, symmetric_floor: float | None = None,
            integer: bool = False) -> tuple[float, float]:
    """An axis from 0 (or below, for differences) to a round number at or above ``at_least``
    and the data, so the first month of a run already has a sensible scale."""
    data = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.zeros(0)
    top = max(at_least, float(data.max()) if data.size else 0.0)
    bottom = 0.0
    if symmetric_floor is not None:
        bottom = min(-symmetric_floor, float(data.min()) if data.size else 0.0)
        top = max(top, symmetric_floor)
    step = nice_step(top - bottom, integer=integer)
    return math.floor(bottom / step) * step, math.ceil(top / step) * step


def _text_width(text: str, size: float) -> float:
    return 0.56 * size * len(text)


def legend(items: list[tuple[str, str, str | None]]) -> str:
    """HTML legend: (label, colour, dash) swatches in a row that wraps, never over a plot."""
    spans = []
    for label, colour, dash in items:
        style = "dashed" if dash else "solid"
        spans.append(f'<span class="key"><span class="swatch" style="border-top:5px {style} {colour}"></span>'
                     f"{escape(label)}</span>")
    return f'<div class="legend">{"".join(spans)}</div>'


# long: one ECharts option literal; its parts only make sense together
def time_chart(lines: list[Line], axis: TimeAxis, y: tuple[float, float], tick: Callable[[float], str],
               width: int = WIDTH, height: int = 300, integer: bool = False) -> str:
    """A line chart over the horizon: the x axis stays fixed while the months fill in."""
    left, right, top, bottom = MARGIN["left"], width - MARGIN["right"], MARGIN["top"], height - MARGIN["bottom"]
    span = max(axis.end - axis.start, 1)
    y0, y1 = y

    def x_of(month: float) -> float:
        return left + (right - left) * (month - axis.start) / span

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - y0) / (y1 - y0)

    parts = [f'<svg viewBox="0 0 {width} {height}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg">']
    for k, (m0, m1, label) in enumerate(axis.bands):
        xa, xb = x_of(m0), x_of(min(m1 + 1, axis.end))
        fill = "#eceff1" if k % 2 == 0 else "#ffffff"
        parts.append(f'<rect x="{xa:.1f}" y="{top}" width="{max(xb - xa, 0):.1f}" height="{bottom - top}" '
                     f'fill="{fill}"><title>{escape(label)}</title></rect>')
        if xb - xa > _text_width(label, SMALL) + 8:
            parts.append(f'<text x="{xa + 5:.1f}" y="{top + SMALL + 2}" font-size="{SMALL}" fill="#546e7a">'
                         f"{escape(label)}</text>")
    step = nice_step(y1 - y0, integer=integer)
    value = y0
    while value <= y1 + step / 1000:
        yy = y_of(value)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="#cfd8dc" '
                     f'stroke-width="{2 if abs(value) < step / 1000 else 1}"/>')
        parts.append(f'<text x="{left - 8}" y="{yy + FONT / 3:.1f}" font-size="{FONT}" text-anchor="end">'
                     f"{escape(tick(value))}</text>")
        value += step
    first_year = (axis.start + 11) // 12
    years = range(first_year, axis.end // 12 + 1)
    every = max(1, math.ceil((_text_width("2020", FONT) + 10) / ((right - left) * 12 / span)))
    for year in years:
        xx = x_of(year * 12)
        parts.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{bottom}" y2="{bottom + 6}" stroke="#455a64"/>')
        if (year - first_year) % every == 0:
            # low enough that the lowest value's label, just above, never touches a year
            parts.append(f'<text x="{xx:.1f}" y="{bottom + FONT + 14}" font-size="{FONT}" text-anchor="middle">'
                         f"{year}</text>")
    last_label_end = -1e9
    for month, label in sorted(axis.marks):
        xx = x_of(month)
        parts.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{bottom}" stroke="#6a1b9a" '
                     f'stroke-width="2" stroke-dasharray="6 4"><title>{escape(label)}</title></line>')
        half = _text_width(label, SMALL) / 2
        if xx - half > last_label_end + 6:
            anchor_x = min(max(xx, left + half), width - half)
            parts.append(f'<text x="{anchor_x:.1f}" y="{top - 10}" font-size="{SMALL}" text-anchor="middle" '
                         f'fill="#6a1b9a">{escape(label)}</text>')
            last_label_end = anchor_x + half
    parts.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{bottom}" stroke="#455a64"/>')
    for line in lines:
        values = np.asarray(line.values, dtype=float)
        months = axis.start + np.arange(len(values))
        ok = np.isfinite(values)
        if not ok.any():
            continue
        xs, ys = x_of(months[ok]), y_of(values[ok])
        points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(xs, ys, strict=True))
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        tip = escape(line.tooltip or line.label)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{line.colour}" stroke-width="{line.width}" '
                     f'stroke-linejoin="round"{dash}><title>{tip}</title></polyline>')
        parts.append(f'<circle cx="{xs[-1]:.1f}" cy="{ys[-1]:.1f}" r="{line.width + 2}" fill="{line.colour}">'
                     f"<title>{tip}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)


def bar_rows(rows: list[str], series: list[tuple[str, str, np.ndarray]], tick: Callable[[float], str],
             width: int = WIDTH) -> str:
    """Horizontal bars, one group per row under the row's name (so a long name never squeezes
    the bars), values 0-1."""
    bar, gap, label = 22, 12, FONT + 8
    group = label + bar * len(series) + gap
    height = 6 + group * len(rows)
    left, right = 4, width - 64
    parts = [f'<svg viewBox="0 0 {width} {height}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg">']
    for r, row in enumerate(rows):
        top = 4 + r * group
        parts.append(f'<text x="{left}" y="{top + FONT:.1f}" font-size="{FONT}">{escape(row)}</text>')
        y = top + label
        for k, (label_, colour, values) in enumerate(series):
            value = float(values[r])
            shown = tick(value) if math.isfinite(value) else "–"
            length = (right - left) * (value if math.isfinite(value) else 0.0)
            yy = y + k * bar
            parts.append(f'<rect x="{left}" y="{yy}" width="{max(length, 0):.1f}" height="{bar - 3}" '
                         f'fill="{colour}"><title>{escape(label_)}: {escape(shown)}</title></rect>')
            parts.append(f'<text x="{left + length + 6:.1f}" y="{yy + bar - 5}" font-size="{FONT}">'
                         f"{escape(shown)}</text>")
    parts.append("</svg>")
    return "".join(parts)
