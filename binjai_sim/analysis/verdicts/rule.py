"""The verdict rule: P(better) is a share of a finite number of draws (or runs), so it carries a
binomial Monte-Carlo error, and a verdict reads the whole error band, not the share alone.

The band is the Wilson score interval at 90% (the project's interval): unlike the normal
approximation it stays inside [0, 1] and does not collapse to a point when every draw agrees
(10 of 10 better gives 0.79-1.00, not 1.00-1.00). A verdict is

- "robust: better" (or "robust: worse") when the band of P(better) (or P(worse)) lies wholly at
  or above the threshold;
- "not robust" when the bands of both lie wholly below it: more draws would not make it robust;
- "undecided" when a band straddles the threshold: more draws could go either way;
- "no difference" when every unit ties.

Looking again after each batch of draws makes the nominal 90% optimistic; the cap bounds the
number of looks, and the seed-stability test measures what it costs.
"""

from __future__ import annotations

import math

ROBUST = 0.9  # the share of draws (or runs) that must agree before a verdict says "robust"
DEFAULT_CAP = 200  # draws at most, by default: 2-3 minutes a scenario at 1 run a draw with the prior, 2 workers
Z90 = 1.6448536269514722  # two-sided 90%: the standard normal's 95th percentile


def wilson(k: int, n: int, z: float = Z90) -> tuple[float, float]:
    """The Wilson score interval of a share ``k / n``; (0, 1) when there are no units."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def classify(better: tuple[float, float], worse: tuple[float, float], threshold: float = ROBUST) -> str:
    """The verdict of the bands (low, high) of P(better) and P(worse)."""
    if better[0] >= threshold:
        return "robust: better"
    if worse[0] >= threshold:
        return "robust: worse"
    if better[1] < threshold and worse[1] < threshold:
        return "not robust"
    return "undecided"


def verdict(better: int, worse: int, units: int, threshold: float = ROBUST) -> str:
    """The verdict of ``better`` and ``worse`` units out of ``units`` (the rest tie)."""
    if units > 0 and better == 0 and worse == 0:
        return "no difference"
    return classify(wilson(better, units), wilson(worse, units), threshold)


def decided(word: str) -> bool:
    return word != "undecided"
