"""Figures of a run, readable on a projector: titles, labelled axes with units, legends."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .summary import app_lifetimes  # noqa: E402
from .vocabulary import CAUSES, FACTORS  # noqa: E402

STATUS_COLOURS = {"active": "#2e7d32", "degraded": "#f9a825", "dead": "#c62828", "not_launched": "#9e9e9e"}
FACTOR_COLOURS = dict(zip(FACTORS, ("#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f"), strict=True))


def _dates(series: pd.DataFrame) -> np.ndarray:
    months = np.sort(series["month"].unique())
    return months / 12.0


def _band(ax, x, table: pd.DataFrame, column: str, colour: str, label: str) -> None:
    wide = table.pivot(index="month", columns="replicate", values=column).sort_index()
    ax.fill_between(x, wide.quantile(0.05, axis=1), wide.quantile(0.95, axis=1), color=colour, alpha=0.2,
                    linewidth=0)
    ax.plot(x, wide.median(axis=1), color=colour, linewidth=2, label=label)


def status_figure(series: pd.DataFrame, title: str):
    fig, ax = plt.subplots(figsize=(9, 5))
    x = _dates(series)
    for status in ("active", "degraded", "dead"):
        _band(ax, x, series, status, STATUS_COLOURS[status], status)
    ax.set(title=f"{title}: apps by status (median, 5-95% band)", xlabel="year", ylabel="apps")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def factor_figure(series: pd.DataFrame, title: str):
    fig, ax = plt.subplots(figsize=(9, 5))
    x = _dates(series)
    for name in FACTORS:
        _band(ax, x, series, f"mean_{name}", FACTOR_COLOURS[name], name)
    ax.set(title=f"{title}: mean factor level of live apps", xlabel="year", ylabel="level (0-1)", ylim=(0, 1))
    ax.legend(loc="upper right", ncol=2)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def kaplan_meier(months: np.ndarray, died: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """The Kaplan-Meier survival of one run's apps at each time of ``grid`` (same unit as
    ``months``): the product over death times up to t of (1 - deaths / apps at risk)."""
    times = np.unique(months[died])
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
    ax.step(years, median, where="post", color=colour, linewidth=2, label=label)
    ax.fill_between(years, low, high, step="post", color=colour, alpha=0.2, linewidth=0)


def log_rank_rows(comparison) -> list[str]:
    """Log-rank tests (statsmodels ``survdiff``) of each scenario against the reference, one per
    paired run: in how many of the city's possible histories a difference in app survival this
    large would stand out from chance in one city's 32 apps."""
    from statsmodels.duration.survfunc import survdiff

    names = [s.name for s in comparison.scenarios]
    if len(names) < 2:
        return []
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
            rows.append(f"- {scenario.name}: apps survive longer than under {names[0]} in {longer / p.size:.0%} "
                        f"of {p.size} paired runs; the log-rank test finds the difference (p < 0.05) in "
                        f"{np.mean(p < 0.05):.0%} of them (median p {np.median(p):.2g}).")
    return rows


def survival_figure(events: pd.DataFrame, horizon_end: int, title: str):
    fig, ax = plt.subplots(figsize=(9, 5))
    survival_axes(ax, app_lifetimes(events, horizon_end), "all apps", "#1565c0")
    ax.set(title=f"{title}: app survival since launch (Kaplan-Meier, median and 5-95% of runs)",
           xlabel="years since launch", ylabel="share of apps still running", ylim=(0, 1.02))
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def causes_figure(events: pd.DataFrame, replicates: list[int], title: str):
    deaths = events[events.kind == "death"]
    counts = deaths.groupby(["replicate", "cause"]).size().unstack(fill_value=0)
    counts = counts.reindex(index=replicates, columns=list(CAUSES), fill_value=0)
    mean = counts.mean()
    low, high = counts.quantile(0.05), counts.quantile(0.95)
    fig, ax = plt.subplots(figsize=(9, 5))
    ax.bar(range(len(CAUSES)), mean, color="#c62828", alpha=0.8,
           yerr=[mean - low, high - mean], capsize=4, label="mean, 5-95% range")
    ax.set_xticks(range(len(CAUSES)), [c.replace("_", "\n") for c in CAUSES])
    ax.set(title=f"{title}: app closures by cause over the horizon", xlabel="cause", ylabel="apps closed")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    return fig


def run_figures(result, out: Path) -> None:
    name = result.scenario.name
    end = result.scenario.spec.horizon.end
    replicates = sorted(result.series["replicate"].unique().tolist())
    for filename, fig in (
        ("apps_by_status.png", status_figure(result.series, name)),
        ("survival.png", survival_figure(result.events, end, name)),
        ("factors.png", factor_figure(result.series, name)),
        ("deaths_by_cause.png", causes_figure(result.events, replicates, name)),
    ):
        fig.savefig(out / filename, dpi=110)
        plt.close(fig)


PALETTE = ("#424242", "#1565c0", "#2e7d32", "#6a1b9a", "#ef6c00", "#00838f", "#c62828", "#f9a825")


def comparison_survival_figure(comparison):
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for k, scenario in enumerate(comparison.scenarios):
        life = app_lifetimes(comparison.events[scenario.name], scenario.spec.horizon.end)
        survival_axes(ax, life, scenario.name, PALETTE[k % len(PALETTE)])
    ax.set(title="App survival since launch by scenario (Kaplan-Meier, median and 5-95% of runs)",
           xlabel="years since launch", ylabel="share of apps still running", ylim=(0, 1.02))
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def cost_effectiveness_figure(comparison):
    table = comparison.table
    metrics = comparison.metrics
    reference = metrics[metrics.scenario == table.scenario.iloc[0]].set_index("replicate")
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for k, name in enumerate(table.scenario):
        m = metrics[metrics.scenario == name].set_index("replicate")
        dx = m["app_years"] - reference["app_years"]
        dy = (m["strategy_cost_rp"] - reference["strategy_cost_rp"]) / 1e9
        colour = PALETTE[k % len(PALETTE)]
        ax.errorbar(dx.mean(), dy.mean(), xerr=[[dx.mean() - dx.quantile(0.05)], [dx.quantile(0.95) - dx.mean()]],
                    fmt="o", color=colour, capsize=4, markersize=8, label=name)
        ax.annotate(name, (dx.mean(), dy.mean()), textcoords="offset points", xytext=(6, 6), fontsize=9)
    ax.axvline(0, color="#9e9e9e", linewidth=1)
    ax.set(title=f"Cost-effectiveness against {table.scenario.iloc[0]} (mean, 5-95% of extra app-years)",
           xlabel="extra app-years of service over the horizon", ylabel="extra strategy cost (Rp billion)")
    ax.legend(loc="upper left", fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def comparison_status_figure(comparison):
    fig, ax = plt.subplots(figsize=(9, 5.5))
    for k, (name, series) in enumerate(comparison.series.items()):
        _band(ax, _dates(series), series, "active", PALETTE[k % len(PALETTE)], name)
    ax.set(title="Active apps by scenario (median, 5-95% band)", xlabel="year", ylabel="active apps")
    ax.legend(loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def comparison_figures(comparison, out: Path) -> None:
    for filename, fig in (("survival_by_scenario.png", comparison_survival_figure(comparison)),
                          ("cost_effectiveness.png", cost_effectiveness_figure(comparison)),
                          ("active_by_scenario.png", comparison_status_figure(comparison))):
        fig.savefig(out / filename, dpi=110)
        plt.close(fig)
