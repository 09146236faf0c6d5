"""The calibration report: what the fates say about each parameter, how well each app is
predicted in and out of sample, and the fit checks."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["text.parse_math"] = False  # a "$" or "^" in a name is text, never math that fails to parse
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from binjai_sim.base.calendar import format_month  # noqa: E402
from binjai_sim.outputs.plots import plain_figure  # noqa: E402

from .fit import weighted_quantile  # noqa: E402
from .observation import OBSERVED  # noqa: E402
from .targets import STATUS_GROUPS  # noqa: E402

GROUP_COLOURS = dict(zip(STATUS_GROUPS, ("#2e7d32", "#f9a825", "#1565c0", "#6a1b9a", "#c62828"), strict=True))
CLASS_COLOURS = dict(zip(OBSERVED, ("#2e7d32", "#f9a825", "#1565c0", "#6a1b9a", "#c62828", "#8d6e63"), strict=True))
UNINFORMED = 0.8  # a 90% interval this share of the prior's or wider: the data say little about it
NARROWED = 0.6  # a 90% interval at most this share of the prior's: the data taught something about it


def parameter_table(posterior: pd.DataFrame, priors, point: dict) -> pd.DataFrame:
    """Prior, point, posterior 90% interval and how much the data narrowed each parameter (a
    prior added after the posterior was fitted has no posterior yet and no row)."""
    w = posterior["weight"].to_numpy()
    rows = []
    for p in priors:
        if p.key not in posterior:
            continue
        x = posterior[p.key].to_numpy()
        lo, med, hi = (weighted_quantile(x, w, q) for q in (0.05, 0.5, 0.95))
        if p.kind == "normal":
            prior_width, prior_text = 2 * 1.645 * p.high, f"N({p.low:g}, {p.high:g})"
            prior_lo = p.low - 1.645 * p.high
        elif p.kind == "beta":
            from scipy.special import betaincinv

            prior_lo, prior_hi = (p.low + (p.high - p.low) * float(betaincinv(p.a, p.b, q)) for q in (0.05, 0.95))
            prior_width, prior_text = prior_hi - prior_lo, f"Beta({p.a:g}, {p.b:g})"
        else:
            prior_width, prior_lo = 0.9 * (p.high - p.low), p.low + 0.05 * (p.high - p.low)
            prior_text = (f"{format_month(int(p.low))} to {format_month(int(p.high))}" if p.kind == "month"
                          else f"U({p.low:g}, {p.high:g})")
        ratio = (hi - lo) / prior_width if prior_width > 0 else float("nan")
        rows.append({"parameter": p.key, "prior": prior_text, "point": point.get(p.key, np.nan), "p05": lo,
                     "median": med, "p95": hi, "width_ratio": ratio, "kind": p.kind,
                     "informed": bool(ratio < UNINFORMED), "prior_p05": prior_lo,
                     "prior_p95": prior_lo + prior_width, "narrowed": bool(ratio <= NARROWED)})
    return pd.DataFrame(rows)


def correlations(posterior: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    w = posterior["weight"].to_numpy()
    x = posterior[keys].to_numpy()
    cov = np.cov(x.T, aweights=w)
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    return pd.DataFrame(corr, index=keys, columns=keys)


def strongest_pairs(corr: pd.DataFrame, n: int = 6) -> list[tuple[str, str, float]]:
    keys = list(corr.index)
    pairs = [(keys[i], keys[j], float(corr.iloc[i, j])) for i in range(len(keys)) for j in range(i + 1, len(keys))]
    return sorted([p for p in pairs if np.isfinite(p[2])], key=lambda p: -abs(p[2]))[:n]


def _fmt(value, kind: str) -> str:
    if isinstance(value, float) and np.isnan(value):
        return "-"
    return format_month(int(round(value))) if kind == "month" else f"{value:.3g}"


def marginals_figure(posterior, priors):
    n = len(priors)
    cols = 4
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(14, 2.6 * rows), squeeze=False)
    for ax, prior in zip(axes.ravel(), priors, strict=False):
        if prior.kind == "normal":
            lo, hi = prior.low - 3 * prior.high, prior.low + 3 * prior.high
        else:
            lo, hi = prior.low, prior.high
        ax.hist(posterior[prior.key], bins=20, range=(lo, hi), weights=posterior["weight"], density=True,
                color="#1565c0", alpha=0.7, label="posterior")
        xs = np.linspace(lo, hi, 100)
        if prior.kind == "beta":
            from scipy.stats import beta

            ys = beta.pdf(xs, prior.a, prior.b, loc=lo, scale=hi - lo)
        else:
            ys = (np.exp(-0.5 * ((xs - prior.low) / prior.high) ** 2) / (prior.high * np.sqrt(2 * np.pi))
                  if prior.kind == "normal" else np.full(100, 1.0 / (hi - lo)))
        ax.plot(xs, ys, color="#424242", linestyle="--", label="prior")
        ax.set_title(prior.key.replace("national.", "").replace("coefficients.estimates.", "weight "), fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in axes.ravel()[n:]:
        ax.axis("off")
    axes.ravel()[0].legend(fontsize=7)
    fig.suptitle("Prior and posterior of the fitted parameters")
    fig.tight_layout()
    return fig


def correlation_figure(corr: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(10, 8.5))
    im = ax.imshow(corr.to_numpy(), vmin=-1, vmax=1, cmap="RdBu_r")
    labels = [k.replace("national.", "").replace("coefficients.estimates.", "w_") for k in corr.index]
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    fig.colorbar(im, ax=ax, label="posterior correlation")
    ax.set_title("Pairwise correlations of the fitted parameters (weighted posterior)")
    fig.tight_layout()
    return fig


def predictive_figure(pred, targets, observed_counts):
    fig, ax = plt.subplots(figsize=(10, 5.5))
    years = pred.months / 12.0
    for k, group in enumerate(STATUS_GROUPS):
        values = pred.groups[:, :, k]
        colour = GROUP_COLOURS[group]
        ax.fill_between(years, np.percentile(values, 5, axis=0), np.percentile(values, 95, axis=0),
                        color=colour, alpha=0.18, linewidth=0)
        ax.plot(years, np.median(values, axis=0), color=colour, linewidth=2, label=group.replace("_", " "))
        mid = (targets.study_date.low + targets.study_date.high) / 24.0
        ax.plot(mid, observed_counts[group], marker="D", markersize=9, color=colour, markeredgecolor="black",
                linestyle="none")
    ax.axvspan(targets.study_date.low / 12.0, targets.study_date.high / 12.0, color="#9e9e9e", alpha=0.15,
               label="study date (prior range)")
    ax.set(title="Posterior predictive: apps by group (median, 5-95%); diamonds: the study's counts",
           xlabel="year", ylabel="apps")
    ax.legend(loc="upper right", ncol=2, fontsize=9)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def apps_figure(app_table: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(12, 5.5))
    x = np.arange(len(app_table))
    colours = [CLASS_COLOURS[c] for c in app_table["observed"]]
    ax.bar(x, app_table["p_observed"], color=colours, alpha=0.85)
    if "p_observed_held_out" in app_table:
        ax.scatter(x, app_table["p_observed_held_out"], color="black", marker="_", s=200, zorder=3,
                   label="held out (cross-validation)")
        ax.legend(loc="upper right")
    ax.set_xticks(x, app_table["app"], rotation=70, ha="right", fontsize=8)
    ax.set(title="Each app: the posterior predictive probability of the class the study reported (bar colour)",
           ylabel="probability", ylim=(0, 1))
    for cls, colour in CLASS_COLOURS.items():
        ax.bar([], [], color=colour, label=cls.replace("_", " "))
    ax.legend(loc="upper left", ncol=3, fontsize=8)
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    return fig


def use_figure(pred, targets, inventory):
    uses = targets.app_use
    fig, axes = plt.subplots(1, max(len(uses), 1), figsize=(8 * max(len(uses), 1), 4.8), squeeze=False)
    launch = {a.name: a.launch for a in inventory}
    for ax, use in zip(axes.ravel(), uses, strict=False):
        start = launch[use.app] - pred.months[0]
        series = pred.use[use.app][:, start:start + 36]
        yearly = np.stack([series[:, 12 * y:12 * (y + 1)].mean(axis=1) for y in range(3)], axis=1)
        mean = yearly.mean(axis=0)
        ref = mean[1] if mean[1] > 0 else 1.0
        x = np.arange(1, 4)
        lo, hi = np.percentile(yearly, 25, axis=0) / ref, np.percentile(yearly, 75, axis=0) / ref
        ax.fill_between(x, lo, hi, color="#1565c0", alpha=0.2, linewidth=0, label="model, 25-75%")
        ax.plot(x, mean / ref, marker="o", color="#1565c0", linewidth=2, label="model mean")
        obs = np.array(use.monthly_users_by_year)
        ax.plot(x, obs / obs[1], marker="D", color="black", linestyle="--", label="observed")
        ax.set(title=f"{use.app}: monthly use by year since launch, relative to year 2",
               xlabel="year since launch", ylabel="monthly users / year-2 level", xticks=x)
        ax.legend(fontsize=9)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def check_rows(checks) -> list[str]:
    def fmt(v):
        return "-" if v is None else (f"{v:g}" if isinstance(v, (int, float)) else str(v))

    rows = ["| check | observed | simulated median | 5% | 95% | pass | IN SAMPLE: why |",
            "|---|---|---|---|---|---|---|"]
    rows += [f"| {c['check']} | {fmt(c['observed'])} | {fmt(c['median'])} | {fmt(c['p05'])} | {fmt(c['p95'])} | "
             f"{'yes' if c['pass'] else 'NO'} | {c.get('in_sample', '-')} |" for c in checks]
    return rows


def score_rows(frame: pd.DataFrame) -> list[str]:
    rows = ["| model | apps | log score (higher is better) | Brier (lower is better) | AUC live vs dead |",
            "|---|---|---|---|---|"]
    rows += [f"| {r.model} | {r.apps} | {r.log_score:.3f} | {r.brier:.3f} | {r.auc:.3f} |"
             for r in frame.itertuples()]
    return rows


def write_report(out: Path, context: dict) -> None:
    """Figures, tables and report.md from the fit's ``context`` (see commands.cmd_fit)."""
    for name, fig in (("marginals.png", marginals_figure(context["posterior"], context["priors"])),
                      ("correlations.png", correlation_figure(context["correlations"])),
                      ("predictive.png", predictive_figure(context["pred"], context["targets"],
                                                           context["observed_counts"])),
                      ("apps.png", apps_figure(context["app_table"])),
                      ("app_use.png", use_figure(context["pred"], context["targets"], context["inventory"]))):
        plain_figure(fig).savefig(out / name, dpi=110)  # app names and targets come from the user's files
        plt.close(fig)
    from binjai_sim.scenario.spreadsheet import neutral_frame

    neutral_frame(context["app_table"]).to_csv(out / "app_fit.csv", index=False, float_format="%.6g")
    neutral_frame(context["parameters"]).to_csv(out / "parameters.csv", index=False, float_format="%.6g")
    if context.get("cv") is not None:
        context["cv"].to_csv(out / "cross_validation.csv", index=False, float_format="%.6g")
    (out / "report.md").write_text(markdown(context), encoding="utf-8")


def markdown(c: dict) -> str:
    result, params = c["result"], c["parameters"]
    lines = ["# Calibration report", "",
             f"ABC-SMC with MCMC moves (binjai_sim/analysis/calibrate/smc.py) on each app's fate: {result.generations} "
             f"generations, {result.simulations} simulations, master seed {c['seed']} (the same posterior on any "
             "number of workers). Tolerance by generation: " + ", ".join(f"{e:.2f}" for e in result.epsilons)
             + "; MCMC acceptance: " + ", ".join(f"{a:.2f}" for a in result.acceptance) + ".", "",
             f"The distance is the per-app log loss of the study's classes under the observation model "
             f"(binjai_sim/analysis/calibrate/observation.py), plus the counts, eDokter's use shape and the mayor's "
             f"priority after "
             f"the 2021 oath. The study date is uncertain: a prior over {c['dates']}.", "",
             "## Parameters", "",
             f"Calibrated point: {result.point_rule}.", "",
             "| parameter | prior | calibrated point | posterior 5% | median | 95% | 90% width / prior's | informed |",
             "|---|---|---|---|---|---|---|---|"]
    for r in params.itertuples():
        lines.append(f"| `{r.parameter}` | {r.prior} | {_fmt(r.point, r.kind)} | {_fmt(r.p05, r.kind)} | "
                     f"{_fmt(r.median, r.kind)} | {_fmt(r.p95, r.kind)} | {r.width_ratio:.2f} | "
                     f"{'yes' if r.informed else 'no'} |")
    uninformed = params[~params["informed"]]["parameter"].tolist()
    lines += ["", f"Parameters the data do not inform (posterior 90% interval at least {UNINFORMED:.0%} of the "
                  f"prior's): {', '.join(f'`{k}`' for k in uninformed) or 'none'}. Their values are the prior's, "
                  "not a calibration.", "",
              "Strongest posterior correlations: "
              + "; ".join(f"`{a}` and `{b}` {r:+.2f}" for a, b, r in c["pairs"]) + ".", "",
              "## What the fates say about the score's weights", "",
              "The survey gives signs and significance, not magnitudes; they are the prior. The fates weigh "
              "them against each other (relative weights: each weight over the sum of their absolute values).", "",
              "| factor | survey | prior | posterior relative weight, median [90%] |", "|---|---|---|---|"]
    lines += c["weight_rows"]
    lines += ["", "## Each app", "",
              f"Posterior predictive probability of the class the study reported ({c['replicates']} replicates, "
              "parameters drawn from the posterior); `app_fit.csv` has every class.", "",
              "| app | observed | P(observed) | P(running at the study date) | held out: P(observed) |",
              "|---|---|---|---|---|"]
    for r in c["app_table"].itertuples():
        held = getattr(r, "p_observed_held_out", float("nan"))
        lines.append(f"| {r.app} | {r.observed} | {r.p_observed:.2f} | {r.p_live:.2f} | "
                     f"{'-' if np.isnan(held) else f'{held:.2f}'} |")
    lines += ["", f"In {c['national_exact']:.0%} of the replicates the apps replaced nationally by the study date "
                  "are exactly the study's three (ePerencanaan, eSSH, eMasyarakat).", "",
              "## Scores", "", "In sample (the fitted posterior predicting the apps it was fitted on):", "",
              *score_rows(c["in_sample"])]
    if c.get("held_out") is not None:
        lines += ["", f"Held out ({c['folds']}-fold cross-validation: each app scored by a fit that did not see it; "
                      "the constant-hazard model is the same model with the five factors switched off; the "
                      "launch-year model knows only each app's launch year):", "", *score_rows(c["held_out"]),
                  "", c["verdict"]]
    lines += ["", "## Fit checks", "", "Every check below is IN SAMPLE: the fit saw its target, so a pass shows the "
              "fit reached it, not that the model predicts it; the held-out scores above are the test on unseen "
              "apps. Where an event is dated or exists only because of one target, the last column names it.", "",
              f"Posterior predictive ({c['replicates']} replicates):", "",
              *check_rows(c["checks"]), "",
              f"At the calibrated point, the posterior medoid ({c['replicates']} replicates):", "",
              *check_rows(c["point_checks"]), "",
              "![prior and posterior](marginals.png)", "", "![correlations](correlations.png)", "",
              "![each app](apps.png)", "", "![posterior predictive](predictive.png)", "", "![use](app_use.png)", "",
              "What remains an assumption: the observation model's form, the study date's range, the survey "
              "magnitudes' role as relative weights, and every parameter not listed above (docs/ODD.md, 7.12).", ""]
    return "\n".join(lines)
