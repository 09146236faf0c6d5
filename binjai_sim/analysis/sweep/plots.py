"""Figures of a sensitivity analysis."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["text.parse_math"] = False  # a "$" or "^" in a name is text, never math that fails to parse
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from binjai_sim.outputs.plots import plain_figure  # noqa: E402

LABELLED = 10  # parameters named on the Morris plot


def sobol_figure(indices, outcome: str):
    fig, ax = plt.subplots(figsize=(10, max(4, 0.45 * len(indices) + 1.5)))
    y = np.arange(len(indices))
    ax.barh(y - 0.2, indices["S1"], 0.4, xerr=indices["S1_conf"], color="#1565c0", capsize=3, label="first order S1")
    ax.barh(y + 0.2, indices["ST"], 0.4, xerr=indices["ST_conf"], color="#ef6c00", capsize=3, label="total ST")
    ax.set_yticks(y, indices["parameter"])
    ax.invert_yaxis()
    ax.set(title=f"Sobol indices of {outcome} (95% confidence)", xlabel="share of output variance")
    ax.legend(loc="lower right")
    ax.grid(alpha=0.3, axis="x")
    fig.tight_layout()
    return plain_figure(fig)  # outcome and parameter names come from the user's sweep file


def morris_figure(indices, outcome: str, groups: dict[str, str]):
    fig, ax = plt.subplots(figsize=(9, 6))
    colours = {"coefficient": "#1565c0", "lever": "#2e7d32", "environment": "#c62828", "assumption": "#6a1b9a"}
    floor = indices["mu_star_noise"].max() if "mu_star_noise" in indices else float("nan")
    if floor == floor:  # not NaN: there were replicates to measure it with
        ax.axvline(floor, color="#616161", linestyle="--", linewidth=1, label="noise floor (largest)")
    for group, colour in colours.items():
        sel = indices[indices["parameter"].map(groups) == group]
        if len(sel):
            ax.errorbar(sel["mu_star"], sel["sigma"], xerr=sel["mu_star_conf"], fmt="o", color=colour, capsize=3,
                        label=group)
    for _, row in indices.nlargest(LABELLED, "mu_star").iterrows():  # the rest crowd: see indices.csv
        ax.annotate(row["parameter"], (row["mu_star"], row["sigma"]), textcoords="offset points", xytext=(5, 4),
                    fontsize=8)
    top = max(float(indices["mu_star"].max()), float(indices["sigma"].max()), 1e-9)
    ax.plot([0, top], [0, top], color="#9e9e9e", linestyle=":", linewidth=1, label="sigma = mu*")
    ax.set(title=f"Morris screening of {outcome}", xlabel="mu* (mean absolute elementary effect)",
           ylabel="sigma (interaction / non-linearity)")
    ax.legend(loc="upper left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return plain_figure(fig)


def convergence_figure(conv, outcome: str, method: str):
    index = "ST" if method == "sobol" else "mu_star"
    fig, ax = plt.subplots(figsize=(9, 5))
    for name, part in conv.groupby("parameter", sort=False):
        ax.plot(part["units"], part[index], marker="o", label=name)
    ax.set_xscale("log", base=2)
    unit = "base samples N" if method == "sobol" else "trajectories"
    ax.set(title=f"Convergence of {index} for {outcome}", xlabel=unit, ylabel=index)
    ax.legend(fontsize=7, ncol=2, loc="best")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return plain_figure(fig)


def prim_figure(result, outcome: str, threshold: float):
    fig, ax = plt.subplots(figsize=(8, 5))
    traj = result["trajectory"]
    sc = ax.scatter(traj["coverage"], traj["density"], c=traj["res_dim"], cmap="viridis", s=25)
    fig.colorbar(sc, ax=ax, label="restricted dimensions")
    ax.scatter([result["coverage"]], [result["density"]], s=140, facecolors="none", edgecolors="#c62828",
               linewidths=2, label="reported box")
    ax.set(title=f"PRIM: {outcome} >= {threshold:g} (base rate {result['base_rate']:.2f})",
           xlabel="coverage (share of successes inside the box)", ylabel="density (share of the box that succeeds)",
           xlim=(0, 1.02), ylim=(0, 1.02))
    ax.legend(loc="lower left")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return plain_figure(fig)
