"""Rankings that say where the data cannot tell two inputs apart.

Inputs are sorted by their index; an input joins the tier of the one above it when its interval
reaches the tier leader's, so every input in a tier overlaps the leader and none is ranked above
another of its tier.
"""

from __future__ import annotations

import pandas as pd

from binjai_sim.base.i18n import t


def tiers(frame: pd.DataFrame, value: str, low: str, high: str) -> list[pd.DataFrame]:
    """``frame`` sorted by ``value`` (largest first) and cut into tiers of overlapping intervals."""
    ordered = frame.sort_values(value, ascending=False, kind="stable")
    out: list[list[int]] = []
    leader_low = None
    for i, (_, row) in enumerate(ordered.iterrows()):
        if leader_low is not None and row[high] >= leader_low:
            out[-1].append(i)
        else:
            out.append([i])
            leader_low = row[low]
    return [ordered.iloc[rows] for rows in out]


def with_interval(frame: pd.DataFrame, value: str, half_width: str) -> pd.DataFrame:
    """``low`` and ``high`` columns from a symmetric half-width."""
    return frame.assign(low=frame[value] - frame[half_width], high=frame[value] + frame[half_width])


def describe(frame: pd.DataFrame, value: str, low: str = "low", high: str = "high", top: int = 5,
             label: str = "parameter") -> str:
    """The leading inputs as ``a 8.6 [6.7, 10.5] = b 7.5 [...] > c ...``: ``=`` joins a tie."""
    parts, shown = [], 0
    for tier in tiers(frame, value, low, high):
        if shown >= top:
            break
        names = [f"{r[label]} {r[value]:.3g} [{r[low]:.3g}, {r[high]:.3g}]" for _, r in tier.iterrows()]
        room = top - shown
        more = len(names) - room
        text = " = ".join(names[:room]) + (t("archdocs.sensitivity.more_tied", more=more) if more > 0 else "")
        parts.append(f"({text})" if len(names) > 1 else text)
        shown += len(names)
    return " > ".join(parts)
