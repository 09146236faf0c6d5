"""The Pareto front of a package search: cost per year against P(target), each package's mean
benefit as its colour, in the language in force (numbers with decimal commas in Bahasa)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from binjai_sim.analysis.report.money import in_unit, unit_for  # noqa: E402
from binjai_sim.base.i18n import number, percent, t  # noqa: E402
from binjai_sim.outputs.plots import DPI, SIZE, STYLE, WRAP, save  # noqa: E402


def front_figure(plan, frame, title: str, path: Path) -> None:
    """Every package evaluated as a point (cost, P) with its Monte-Carlo band; the front joined,
    the chosen package starred, the confidence asked for and the budget drawn as lines."""
    unit = unit_for(max(float(frame["cost_per_year_rp"].max()) if len(frame) else 0.0, plan.budget))
    x = [in_unit(v, unit) for v in frame["cost_per_year_rp"]]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(SIZE[0], 4.8), layout="constrained", dpi=DPI)
        if len(frame):
            ax.errorbar(x, frame["p_target"], yerr=[frame["p_target"] - frame["band_low"],
                                                    frame["band_high"] - frame["p_target"]],
                        fmt="none", ecolor="#bdbdbd", elinewidth=0.8, zorder=1)
            points = ax.scatter(x, frame["p_target"], c=frame["benefit_mean"], cmap="viridis", s=18, zorder=2)
            bar = fig.colorbar(points, ax=ax)
            bar.set_label(t(f"portfolio.col.benefit_{plan.target.kind}"))
            bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 1)))
            front = frame[frame["pareto"]].sort_values("cost_per_year_rp")
            ax.plot([in_unit(v, unit) for v in front["cost_per_year_rp"]], front["p_target"], color="#c62828",
                    linewidth=1.2, marker="o", markersize=5, markerfacecolor="none", label=t("portfolio.fig.front"),
                    zorder=3)
            chosen = frame[frame["chosen"]]
            if len(chosen):
                ax.scatter([in_unit(v, unit) for v in chosen["cost_per_year_rp"]], chosen["p_target"], marker="*",
                           s=220, color="#ef6c00", edgecolor="black", label=t("portfolio.chosen"), zorder=4)
        ax.axhline(plan.confidence, color="#424242", linestyle="--", linewidth=1,
                   label=t("portfolio.fig.confidence", confidence=percent(plan.confidence)))
        ax.axvline(in_unit(plan.budget, unit), color="#1565c0", linestyle=":", linewidth=1.2,
                   label=t("portfolio.fig.budget"))
        ax.set(xlabel=t(f"portfolio.fig.cost_{unit}"), ylabel=t("portfolio.fig.p"), ylim=(-0.02, 1.02))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 0)))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, 1)))
        fig.suptitle("\n".join(textwrap.wrap(f"{title}: {t('portfolio.fig.title', target=plan.target.describe())}",
                                             WRAP)), x=0.01, ha="left", fontsize=STYLE["axes.titlesize"])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
        ax.grid(alpha=0.3)
    save(fig, path)
