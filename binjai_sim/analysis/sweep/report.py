"""A finished sweep's analysis: indices with their noise, feature scores, discovery, figures and
the tables written beside the runs. One function for the command and the Python API."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from binjai_sim.base.i18n import t

from .analysis import analyse, convergence
from .discovery import cart_boxes, degenerate, prim_boxes, why_no_box
from .noise import morris_floor, noise_share, replicate_matrix
from .sampling import problem, rows_per_unit, sample, units
from .scoring import feature_scores


def samples_frame(spec) -> pd.DataFrame:
    prob = problem(spec)
    frame = pd.DataFrame(sample(spec), columns=prob["names"])
    frame.insert(0, "sample", np.arange(len(frame)))
    return frame


def analysis_steps(spec) -> int:
    """How many times ``analyse_sweep`` calls its ``phase``: one per outcome, the tables, discovery."""
    return len(dict.fromkeys(spec.outcomes)) + 2


# long: each method's analysis is a call; what remains is writing their tables in one order
def analyse_sweep(sweep, runs: pd.DataFrame, target: Path, phase=None) -> dict:
    """Every table, figure and discovery of a sweep, written into ``target`` and returned;
    ``phase(name)`` is called as each step starts (analysis_steps in all)."""
    import matplotlib.pyplot as plt

    phase = phase or (lambda name: None)
    from .plots import convergence_figure, morris_figure, sobol_figure

    spec = sweep.spec
    prob = problem(spec)
    samples = samples_frame(spec)
    x = samples[prob["names"]].to_numpy(float)
    outcomes = list(dict.fromkeys(spec.outcomes))
    every = list(dict.fromkeys([*outcomes, spec.discovery.outcome]))
    aggregated = runs.groupby("sample")[every].agg(spec.aggregate).reindex(range(len(x)))
    kinds = {p.label: p.group for p in spec.parameters}
    kinds.update({p.analysis_group: p.group for p in reversed(spec.parameters) if p.analysis_group})
    indices, conv, noise, scores = [], [], [], []
    for outcome in outcomes:
        phase(outcome)
        y = aggregated[outcome].to_numpy(float)
        replicates = replicate_matrix(runs, outcome, len(x), spec.replicates)
        row = {"outcome": outcome, **noise_share(replicates, spec.aggregate, spec.common_random_numbers)}
        ind = analyse(spec.method, prob, x, y, spec.seed)
        if ind is not None:
            ind.insert(0, "outcome", outcome)
            ind.insert(2, "group", ind["parameter"].map(kinds))
            if spec.method.name == "morris":
                ind["mu_star_noise"] = morris_floor(prob, x, replicates, spec.method.levels)
                row.update(floor_median=float(ind["mu_star_noise"].median()),
                           floor_max=float(ind["mu_star_noise"].max()))
            indices.append(ind)
            cv = convergence(spec.method, prob, x, y, rows_per_unit(spec), spec.seed)
            cv.insert(0, "outcome", outcome)
            conv.append(cv)
            fig = (sobol_figure(ind, outcome) if spec.method.name == "sobol" else morris_figure(ind, outcome, kinds))
            fig.savefig(target / f"indices_{_safe(outcome)}.png", dpi=110)
            plt.close(fig)
            fig = convergence_figure(cv, outcome, spec.method.name)
            fig.savefig(target / f"convergence_{_safe(outcome)}.png", dpi=110)
            plt.close(fig)
        if spec.method.name != "morris":
            fs = feature_scores(samples[prob["names"]], y, spec.seed)
            fs.insert(0, "outcome", outcome)
            scores.append(fs)
        noise.append(row)
    phase("tables")
    frames = {
        "indices": pd.concat(indices, ignore_index=True) if indices else pd.DataFrame(),
        "convergence": pd.concat(conv, ignore_index=True) if conv else pd.DataFrame(),
        "noise": pd.DataFrame(noise),
        "feature_scores": pd.concat(scores, ignore_index=True) if scores else pd.DataFrame(),
    }
    for name, frame in frames.items():
        if len(frame):
            frame.to_csv(target / f"{name}.csv", index=False, float_format="%.6g")
    aggregated = samples.join(aggregated, on="sample")
    runs = runs.merge(samples, on="sample", how="left")[["sample", "replicate", *prob["names"], *every]]
    aggregated.to_parquet(target / "aggregated.parquet", index=False)
    runs.to_parquet(target / "results.parquet", index=False)
    phase("discovery")
    found = discover(sweep, samples[prob["names"]], aggregated[spec.discovery.outcome].to_numpy(float), target)
    return {"samples": samples, "runs": runs, "aggregated": aggregated, **frames, "discovery": found,
            "units": units(prob)}


def discover(sweep, x: pd.DataFrame, values: np.ndarray, target: Path) -> dict:
    """PRIM and CART boxes (and feature scores) of ``outcome >= threshold``; discovery.md says
    what was found, or why nothing could be."""
    import matplotlib.pyplot as plt

    from .plots import prim_figure

    spec = sweep.spec
    outcome = spec.discovery.outcome
    threshold = spec.discovery.at_least
    if threshold is None:
        threshold = len(sweep.base.inventory) / 2.0
    success = values >= threshold
    found = {"threshold": threshold, "outcome": outcome, "base_rate": float(success.mean()), "reason": None,
             "why": None, "prim": None, "cart": None, "scores": None}
    lines = [f"# Scenario discovery: {outcome} >= {threshold:g}", ""]
    if spec.method.name == "morris":
        found["why"] = ("archdocs.discovery.morris", {})
        found["reason"] = t("archdocs.discovery.morris", "en")
    else:
        found["why"] = why_no_box(success, values, outcome, threshold)
        found["reason"] = degenerate(success, values, outcome, threshold)
    if found["reason"]:
        lines.append(f"No box: {found['reason']}.")
        (target / "discovery.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return found
    prim, cart = prim_boxes(x, success), cart_boxes(x, success, spec.seed)
    scores = feature_scores(x, success.astype(int), spec.seed, classify=True)
    found.update(prim=prim, cart=cart, scores=scores)
    prim["limits"].to_csv(target / "discovery_box.csv", index=False, float_format="%.6g")
    cart["limits"].to_csv(target / "discovery_cart.csv", index=False, float_format="%.6g")
    fig = prim_figure(prim, outcome, threshold)
    fig.savefig(target / "discovery.png", dpi=110)
    plt.close(fig)
    lines += [f"{int(success.sum())} of {len(success)} sample points meet the condition (base rate "
              f"{found['base_rate']:.2f}).", ""]
    for title, box in (("PRIM box (widest with density >= 0.75)", prim),
                       ("CART leaf (widest with density >= 0.75)", cart)):
        lines += [f"{title}: coverage {box['coverage']:.2f}, density {box['density']:.2f}.", "",
                  "| parameter | box low | box high | sweep low | sweep high |", "|---|---|---|---|---|"]
        lines += [f"| {r.parameter} | {r.low:.4g} | {r.high:.4g} | {r.sweep_low:.4g} | {r.sweep_high:.4g} |"
                  for r in box["limits"].itertuples()] + [""]
    top = scores.sort_values("score", ascending=False).head(10)
    lines += ["Feature scores for meeting the condition (extra trees, 95% bootstrap interval):", "",
              "| parameter | score | 95% interval |", "|---|---|---|"]
    lines += [f"| {r.parameter} | {r.score:.3f} | {r.low:.3f}-{r.high:.3f} |" for r in top.itertuples()]
    (target / "discovery.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return found


def _safe(name: str) -> str:
    return name.replace("-", "_")
