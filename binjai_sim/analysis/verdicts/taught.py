"""What the data taught: each verdict under the prior beside the one under the posterior.

The prior's comparison runs the same scenarios over draws from the fit's priors with the same
seeds and the same pairing (binjai_sim.analysis.posterior.prior_draws), so where the two verdicts agree the
calibration did not change the advice: the verdict restates the model's assumptions.
"""

from __future__ import annotations

import pandas as pd

PRIOR_COLUMNS = {"p_better": "prior_p_better", "band_low": "prior_band_low", "band_high": "prior_band_high",
                 "units": "prior_units", "verdict": "prior_verdict"}


def beside(paired: pd.DataFrame, prior: pd.DataFrame) -> pd.DataFrame:
    """The posterior's paired table with the prior's P(better), band, draws and verdict."""
    if paired.empty:
        return paired
    keep = prior[["scenario", "outcome", *PRIOR_COLUMNS]].rename(columns=PRIOR_COLUMNS)
    return paired.merge(keep, on=["scenario", "outcome"], how="left", validate="one_to_one")


def moved(paired: pd.DataFrame) -> pd.DataFrame:
    """The rows whose verdict under the posterior differs from the one under the prior."""
    if "prior_verdict" not in paired:
        return paired.iloc[0:0]
    return paired[paired["verdict"] != paired["prior_verdict"]]


def lesson(paired: pd.DataFrame, labels: dict[str, str] | None = None) -> str:
    """One plain sentence, in the language in force: which verdicts the data moved, or that
    none moved; empty without the prior's verdicts."""
    from binjai_sim.analysis.compare_tables import outcome_name, verdict_name
    from binjai_sim.base.i18n import t

    if paired.empty or "prior_verdict" not in paired:
        return ""
    labels = labels or {}
    rows = moved(paired)
    if rows.empty:
        return t("compare.taught_none", total=len(paired))
    changes = "; ".join(t("compare.taught_change", scenario=labels.get(r.scenario, r.scenario),
                          outcome=outcome_name(r.outcome), prior=verdict_name(r.prior_verdict),
                          posterior=verdict_name(r.verdict)) for r in rows.itertuples())
    return t("compare.taught_moved", moved=len(rows), total=len(paired), changes=changes)
