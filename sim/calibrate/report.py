"""The calibration report: prior vs posterior, posterior predictive, eDokter use, fit quality."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..calendar import format_month  # noqa: E402
from .targets import STATUS_GROUPS  # noqa: E402

GROUP_COLOURS = dict(zip(STATUS_GROUPS, ("#2e7d32", "#f9a825", "#1565c0", "#6a1b9a", "#c62828"), strict=True))


def marginals_figure(posterior, priors):
    n = len(priors)
    cols = 3
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.2 * rows))
    for ax, prior in zip(axes.ravel(), priors, strict=False):
        ax.hist(posterior[prior.key], bins=20, range=(prior.low, prior.high), weights=posterior["weight"],
                density=True, color="#1565c0", alpha=0.7, label="posterior")
        ax.hlines(1.0 / (prior.high - prior.low), prior.low, prior.high, color="#424242", linestyle="--",
                  label="prior (uniform)")
        ax.set(title=prior.key, xlabel="value", ylabel="density")
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=8)
    fig.suptitle("Prior and posterior of the free parameters")
    fig.tight_layout()
    return fig


def predictive_figure(pred, targets):
    fig, ax = plt.subplots(figsize=(10, 5.5))
    years = pred.months / 12.0
    for k, group in enumerate(STATUS_GROUPS):
        values = pred.groups[:, :, k]
        colour = GROUP_COLOURS[group]
        ax.fill_between(years, np.percentile(values, 5, axis=0), np.percentile(values, 95, axis=0),
                        color=colour, alpha=0.18, linewidth=0)
        ax.plot(years, np.median(values, axis=0), color=colour, linewidth=2, label=group.replace("_", " "))
        ax.plot(targets.observation_date / 12.0, getattr(targets.status_counts, group), marker="D",
                markersize=9, color=colour, markeredgecolor="black", linestyle="none")
    ax.axvline(targets.observation_date / 12.0, color="#9e9e9e", linestyle=":", linewidth=1)
    ax.set(title=f"Posterior predictive: apps by fate (median, 5-95%); diamonds: observed at "
                 f"{format_month(targets.observation_date)}", xlabel="year", ylabel="apps")
    ax.legend(loc="upper left", ncol=2, fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def use_figure(pred, targets, inventory):
    uses = targets.app_use
    fig, axes = plt.subplots(1, max(len(uses), 1), figsize=(8 * max(len(uses), 1), 4.8), squeeze=False)
    launch = {a.name: a.launch for a in inventory}
    for ax, use in zip(axes.ravel(), uses, strict=False):
        start = launch[use.app] - pred.months[0]
        series = pred.use[use.app][:, start:start + 48]
        yearly = np.stack([series[:, 12 * y:12 * (y + 1)].mean(axis=1) for y in range(4)], axis=1)
        mean = yearly.mean(axis=0)
        ref = mean[1] if mean[1] > 0 else 1.0
        x = np.arange(1, 5)
        lo, hi = np.percentile(yearly, 25, axis=0) / ref, np.percentile(yearly, 75, axis=0) / ref
        ax.fill_between(x, lo, hi, color="#1565c0", alpha=0.2, linewidth=0, label="model, 25-75%")
        ax.plot(x, mean / ref, marker="o", color="#1565c0", linewidth=2, label="model mean")
        obs = np.array(use.monthly_users_by_year + [use.monthly_users_by_year[-1]])
        ax.plot(x, obs / obs[1], marker="D", color="black", linestyle="--", label="observed (year 3+ held)")
        ax.set(title=f"{use.app}: monthly use by year since launch, relative to year 2",
               xlabel="year since launch", ylabel="monthly users / year-2 level", xticks=x)
        ax.legend(fontsize=9)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def _check_rows(checks) -> list[str]:
    def fmt(v):
        return "-" if v is None else (f"{v:g}" if isinstance(v, (int, float)) else str(v))

    rows = ["| check | observed | simulated median | 5% | 95% | pass |", "|---|---|---|---|---|---|"]
    rows += [f"| {c['check']} | {fmt(c['observed'])} | {fmt(c['median'])} | {fmt(c['p05'])} | {fmt(c['p95'])} | "
             f"{'yes' if c['pass'] else 'NO'} |" for c in checks]
    return rows


def markdown(result, checks, targets, priors, seed, workers, predictive_replicates, point_checks) -> str:
    lines = ["# Calibration report", "",
             f"ABC-SMC (pyabc) with {result.generations} generations, {result.simulations} simulations, "
             f"master seed {seed}, {workers} worker(s) "
             f"({'reproducible: single-core sampler' if workers <= 1 else 'parallel sampler: not byte-reproducible'}).",
             f"Observation date: {format_month(targets.observation_date)}. Epsilon by generation: "
             + ", ".join(f"{e:.2f}" for e in result.epsilons) + ".", "",
             "## Free parameters", "",
             f"Calibrated point: {result.point_rule}.", "",
             "| parameter | prior | calibrated point | posterior 5% | posterior 95% |", "|---|---|---|---|---|"]
    post = result.posterior
    for prior in priors:
        values, w = post[prior.key].to_numpy(), post["weight"].to_numpy()
        order = np.argsort(values)
        cum = np.cumsum(w[order])
        q = [values[order][np.searchsorted(cum, p * cum[-1])] for p in (0.05, 0.95)]
        lines.append(f"| `{prior.key}` | U({prior.low:g}, {prior.high:g}) | {result.point[prior.key]:.4g} | "
                     f"{q[0]:.4g} | {q[1]:.4g} |")
    lines += ["", f"## Fit quality ({predictive_replicates} posterior-predictive replicates)", "",
              "Each replicate draws its parameters from the weighted posterior.", "", *_check_rows(checks), "",
              f"## At the calibrated point ({predictive_replicates} replicates)", "",
              "What the baseline scenario gives: the calibrated point, replicate seeds varying.", "",
              *_check_rows(point_checks)]
    lines += ["", "![prior vs posterior](marginals.png)", "", "![posterior predictive](predictive.png)", "",
              "![use fit](app_use.png)", "",
              "What remains an assumption: the survey coefficient magnitudes (calibration/survey_coefficients.yaml), "
              "every parameter not listed above (docs/ODD.md, section 7.12), the observation date, and the "
              "dates of the national events marked as assumptions in the baseline scenario.", ""]
    return "\n".join(lines)


def write_report(out: Path, result, checks, pred, targets, priors, inventory, seed, workers, replicates,
                 point_checks) -> None:
    for name, fig in (("marginals.png", marginals_figure(result.posterior, priors)),
                      ("predictive.png", predictive_figure(pred, targets)),
                      ("app_use.png", use_figure(pred, targets, inventory))):
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
    (out / "report.md").write_text(markdown(result, checks, targets, priors, seed, workers, replicates, point_checks),
                                   encoding="utf-8")
