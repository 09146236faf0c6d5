"""Figures of a run and of a comparison, fit to paste into a planning document.

Every figure speaks the language in force (``binjai_sim.base.i18n``), names the city or scenario as a reader
knows it, puts calendar dates on time axes, keeps its legend outside the data (below the axes)
and is sized for the text width of an A4 page (16 cm) at 150 dpi.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["text.parse_math"] = False  # a "$" or "^" in a name is text, never math that fails to parse
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import StrMethodFormatter  # noqa: E402

from binjai_sim.base.i18n import current, name, plain, t  # noqa: E402
from binjai_sim.runs.summary import app_lifetimes  # noqa: E402
from binjai_sim.base.vocabulary import CAUSES, FACTORS  # noqa: E402

STATUS_COLOURS = {"active": "#2e7d32", "degraded": "#f9a825", "dead": "#c62828", "not_launched": "#9e9e9e"}
FACTOR_COLOURS = dict(zip(FACTORS, ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"), strict=True))
PALETTE = ("#424242", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#c62828", "#f9a825")
SIZE = (7.0, 4.3)  # inches: an A4 text width (6.3 in) shows it at 90%, so 10-point text stays readable
DPI = 150
STYLE = {"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10, "xtick.labelsize": 9,
         "ytick.labelsize": 9, "legend.fontsize": 9, "figure.titlesize": 12}
WRAP = 72  # characters of a title line


def _figure(height: float = SIZE[1]):
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(SIZE[0], height), layout="constrained")
    return fig, ax


def _title(ax, label: str, what: str) -> None:
    """The figure's title at its left edge (not the axes', which long tick labels push right),
    wrapped to the figure's width."""
    ax.figure.suptitle("\n".join(textwrap.wrap(f"{plain(label)}: {plain(what)}", WRAP)), x=0.01, ha="left",
                       fontsize=STYLE["axes.titlesize"])


def _legend_below(ax, ncol: int) -> None:
    """A legend under the axes: it never covers a line or a point."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=ncol, frameon=False,
              fontsize=STYLE["legend.fontsize"])


def month_dates(months) -> np.ndarray:
    """Month indices (year * 12 + month - 1) as the first day of each calendar month."""
    months = np.asarray(months, dtype=np.int64)
    return (months // 12 - 1970) * 12 + months % 12  # months since 1970-01, numpy's epoch


def _x(series: pd.DataFrame) -> np.ndarray:
    return month_dates(np.sort(series["month"].unique())).astype("datetime64[M]")


def _date_axis(ax) -> None:
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_minor_locator(mdates.YearLocator(1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel(t("figures.year"))


def _band(ax, x, table: pd.DataFrame, column: str, colour: str, label: str, **line) -> None:
    wide = table.pivot(index="month", columns="replicate", values=column).sort_index()
    ax.fill_between(x, wide.quantile(0.05, axis=1), wide.quantile(0.95, axis=1), color=colour, alpha=0.2,
                    linewidth=0)
    ax.plot(x, wide.median(axis=1), color=colour, label=plain(label), **{"linewidth": 2, **line})


def _replicates(table: pd.DataFrame) -> int:
    return int(table["replicate"].nunique())


def status_figure(series: pd.DataFrame, label: str):
    fig, ax = _figure()
    x = _x(series)
    for status in ("active", "degraded", "dead"):
        _band(ax, x, series, status, STATUS_COLOURS[status], name("status", status))
    _title(ax, label, t("figures.apps_by_status", n=_replicates(series)))
    ax.set_ylabel(t("figures.apps"))
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    _legend_below(ax, 3)
    ax.grid(alpha=0.3)
    return fig


def factor_figure(series: pd.DataFrame, label: str):
    fig, ax = _figure(4.6)
    x = _x(series)
    for factor in FACTORS:
        _band(ax, x, series, f"mean_{factor}", FACTOR_COLOURS[factor], name("factor", factor))
    _title(ax, label, t("figures.factors", n=_replicates(series)))
    ax.set_ylabel(t("figures.level"))
    ax.set_ylim(0, 1)
    _date_axis(ax)
    _legend_below(ax, 3)
    ax.grid(alpha=0.3)
    return fig


def kaplan_meier(months: np.ndarray, died: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """The Kaplan-Meier survival of one run's apps at each time of ``grid`` (same unit as
    ``months``): the product over death times up to t of (1 - deaths / apps at risk)."""
    times = np.unique(months[died])
    if times.size == 0:  # no app of this run closed
        return np.ones(len(grid))
    at_risk = (months[None, :] >= times[:, None]).sum(axis=1)
    deaths = (died[None, :] & (months[None, :] == times[:, None])).sum(axis=1)
    steps = np.cumprod(1.0 - deaths / np.maximum(at_risk, 1))
    index = np.searchsorted(times, grid, side="right") - 1
    return np.where(index >= 0, steps[np.maximum(index, 0)], 1.0)


def survival_envelope(life: pd.DataFrame, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median and 5-95% envelope of the per-run Kaplan-Meier curves: the spread between the
    histories the city could have had, which does not shrink as runs are added (a band from
    pooling every run's apps would)."""
    curves = np.array([kaplan_meier(part["months"].to_numpy(), part["died"].to_numpy(bool), grid)
                       for _, part in life.groupby("replicate")])
    return np.median(curves, axis=0), np.quantile(curves, 0.05, axis=0), np.quantile(curves, 0.95, axis=0)


def survival_axes(ax, life: pd.DataFrame, label: str, colour: str) -> None:
    grid = np.arange(0, int(life["months"].max()) + 1)
    median, low, high = survival_envelope(life, grid.astype(float))
    years = grid / 12.0
    ax.step(years, median, where="post", color=colour, linewidth=2, label=plain(label))
    ax.fill_between(years, low, high, step="post", color=colour, alpha=0.2, linewidth=0)


def _survival_labels(ax) -> None:
    ax.set(xlabel=t("figures.years_since_launch"), ylabel=t("figures.share_running"), ylim=(0, 1.02))
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3)


def log_rank_rows(comparison) -> list[str]:
    """Log-rank tests (statsmodels ``survdiff``) of each scenario against the reference, one per
    paired run: in how many of the city's possible histories a difference in app survival this
    large would stand out from chance in one city's apps. In the language in force."""
    from statsmodels.duration.survfunc import survdiff

    from binjai_sim.base.i18n import number, percent

    names = [s.name for s in comparison.scenarios]
    if len(names) < 2:
        return []
    labels = comparison.labels
    end = comparison.scenarios[0].spec.horizon.end
    ref = app_lifetimes(comparison.events[names[0]], end)
    rows = []
    for scenario in comparison.scenarios[1:]:
        other = app_lifetimes(comparison.events[scenario.name], scenario.spec.horizon.end)
        pvalues, longer = [], 0
        for run, a in ref.groupby("replicate"):
            b = other[other.replicate == run]
            both = pd.concat([a.assign(group=0), b.assign(group=1)])
            if not both["died"].any() or b.empty:
                continue
            _, p = survdiff(both["months"].to_numpy(), both["died"].to_numpy(int), both["group"].to_numpy())
            pvalues.append(p)
            longer += b["months"].mean() > a["months"].mean()
        if pvalues:
            p = np.array(pvalues)
            median = np.median(p)
            rows.append("- " + t("compare.log_rank", scenario=plain(labels[scenario.name]),
                                 reference=plain(labels[names[0]]),
                                 longer=percent(longer / p.size), runs=p.size,
                                 significant=percent(float(np.mean(p < 0.05))),
                                 median=number(median, 2) if median >= 0.01 else f"{median:.1e}"))
    return rows


def survival_figure(events: pd.DataFrame, horizon_end: int, label: str):
    fig, ax = _figure()
    survival_axes(ax, app_lifetimes(events, horizon_end), t("figures.all_apps"), "#1565c0")
    _title(ax, label, t("figures.survival"))
    _survival_labels(ax)
    return fig


def causes_figure(events: pd.DataFrame, replicates: list[int], label: str, period: str = ""):
    deaths = events[events.kind == "death"]
    counts = deaths.groupby(["replicate", "cause"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=replicates, columns=list(CAUSES), fill_value=0)
    mean = counts.mean()
    low, high = counts.quantile(0.05), counts.quantile(0.95)
    fig, ax = _figure(4.8)
    y = np.arange(len(CAUSES))
    ax.barh(y, mean, color="#c62828", alpha=0.8, xerr=[mean - low, high - mean], capsize=3)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(name("cause", c), 34)) for c in CAUSES])
    ax.invert_yaxis()
    _title(ax, label, t("figures.causes", period=period, n=len(replicates)))
    ax.set_xlabel(t("figures.apps_closed"))
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3, axis="x")
    return fig


def run_figures(series: pd.DataFrame, events: pd.DataFrame, label: str, horizon: tuple[int, int],
                out: Path) -> list[str]:
    """The four figures of a run, written into ``out`` in the language in force; their file names."""
    from binjai_sim.base.calendar import format_month

    replicates = sorted(series["replicate"].unique().tolist())
    period = t("errors.range", low=format_month(horizon[0]), high=format_month(horizon[1]))
    written = []
    for filename, fig in (
        ("apps_by_status.png", status_figure(series, label)),
        ("survival.png", survival_figure(events, horizon[1], label)),
        ("factors.png", factor_figure(series, label)),
        ("deaths_by_cause.png", causes_figure(events, replicates, label, period)),
    ):
        save(fig, out / filename)
        written.append(filename)
    return written


def comparison_survival_figure(comparison):
    fig, ax = _figure(4.8)
    for k, scenario in enumerate(comparison.scenarios):
        life = app_lifetimes(comparison.events[scenario.name], scenario.spec.horizon.end)
        survival_axes(ax, life, comparison.labels[scenario.name], PALETTE[k % len(PALETTE)])
    _title(ax, comparison.scenarios[0].spec.city.name, t("figures.survival_by_scenario"))
    _survival_labels(ax)
    _legend_below(ax, 2)
    return fig


def cost_effectiveness_figure(metrics: pd.DataFrame, names: list[str], labels: dict[str, str], city: str):
    """Each scenario's extra app-years and extra cost against the first (the reference, a square
    at the origin), with the 90% range of the extra app-years over replicates."""
    reference = metrics[metrics.scenario == names[0]].set_index("replicate").sort_index()
    fig, ax = _figure(4.8)
    for k, scenario in enumerate(names):
        m = metrics[metrics.scenario == scenario].set_index("replicate").sort_index()
        dx = m["app_years"] - reference["app_years"]
        dy = (m["strategy_cost_rp"] - reference["strategy_cost_rp"]) / 1e6  # juta, as the comparison's tables
        label = plain(labels.get(scenario, scenario)) + (f" ({t('figures.reference')})" if k == 0 else "")
        ax.errorbar(dx.mean(), dy.mean(), xerr=[[dx.mean() - dx.quantile(0.05)], [dx.quantile(0.95) - dx.mean()]],
                    fmt="s" if k == 0 else "o", color=PALETTE[k % len(PALETTE)], capsize=4, markersize=8,
                    label=label, zorder=3)
    ax.axvline(0, color="#9e9e9e", linewidth=1, zorder=1)
    ax.axhline(0, color="#9e9e9e", linewidth=1, zorder=1)
    _title(ax, city, t("figures.cost_effectiveness", reference=labels.get(names[0], names[0])))
    ax.set(xlabel=t("figures.extra_app_years"), ylabel=t("figures.extra_cost"))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # thousands grouped, as in the tables
    ax.margins(x=0.15, y=0.15)
    _legend_below(ax, 2)
    ax.grid(alpha=0.3)
    return fig


def comparison_status_figure(series: dict[str, pd.DataFrame], labels: dict[str, str], city: str):
    fig, ax = _figure(4.8)
    for k, (scenario, table) in enumerate(series.items()):
        # the reference is what every package is read against: drawn dashed and above the packages'
        # lines, which would otherwise hide it wherever a package changes nothing
        reference = {"linestyle": "--", "linewidth": 2.5, "zorder": 5} if k == 0 else {}
        _band(ax, _x(table), table, "active", PALETTE[k % len(PALETTE)], labels.get(scenario, scenario), **reference)
    _title(ax, city, t("figures.active_by_scenario"))
    ax.set_ylabel(t("figures.active_apps"))
    ax.set_ylim(bottom=0)
    _date_axis(ax)
    _legend_below(ax, 2)
    ax.grid(alpha=0.3)
    return fig


def comparison_figures(comparison, out: Path) -> None:
    names = [s.name for s in comparison.scenarios]
    city = comparison.scenarios[0].spec.city.name
    for filename, fig in (
        ("survival_by_scenario.png", comparison_survival_figure(comparison)),
        ("cost_effectiveness.png", cost_effectiveness_figure(comparison.metrics, names, comparison.labels, city)),
        ("active_by_scenario.png", comparison_status_figure(comparison.series, comparison.labels, city)),
    ):
        save(fig, out / filename)


NUMERIC = re.compile(r"[\u2212+-]?[\d.,]*\d[\d.,]*%?")


def _swap_marks(text: str) -> str:
    if not NUMERIC.fullmatch(text):  # a name or a date stays as it is
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _decimal_comma(formatter):
    """``formatter`` writing numbers as a Bahasa Indonesia reader does (1.234,5): the labels it
    makes, with points and commas swapped where a label is a number."""
    from matplotlib.ticker import Formatter

    class DecimalComma(Formatter):
        localised = True

        def set_axis(self, axis):
            super().set_axis(axis)
            formatter.set_axis(axis)

        def format_ticks(self, values):
            return [_swap_marks(x) for x in formatter.format_ticks(values)]

        def __call__(self, x, pos=None):
            return _swap_marks(formatter(x, pos))

        def get_offset(self):
            return _swap_marks(formatter.get_offset())

    return DecimalComma()


def localise_ticks(fig) -> None:
    """Decimal commas on every axis of ``fig`` when the language in force writes them."""
    if current() != "id":
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in ((axis.get_major_formatter, axis.set_major_formatter),
                             (axis.get_minor_formatter, axis.set_minor_formatter)):
                old = get()
                if not getattr(old, "localised", False):
                    put(_decimal_comma(old))


def plain_figure(fig):
    """Every text of ``fig`` (titles, legends, tick and axis labels) with control and
    text-direction characters shown as escapes, line by line: the last guard before a name is
    drawn, for figures whose labels come from a sweep, a calibration or a report. Its tick
    labels follow the language's decimal mark."""
    from matplotlib.text import Text

    localise_ticks(fig)
    for text in fig.findobj(Text):
        shown = text.get_text()
        if shown:
            text.set_text("\n".join(plain(line) for line in shown.split("\n")))
    return fig


def save(fig, path: Path) -> None:
    """PNG without the software version in its metadata, so the same figure is the same bytes."""
    plain_figure(fig)
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
