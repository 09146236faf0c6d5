"""Each compared package's verdict on app-years, with its cost: what the brief recommends from and
the report's costs section explains (a package that costs money and still loses app-years)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from binjai_sim.base.i18n import plain, signed, t

from .folders import ComparisonFolder
from .money import rupiah

if TYPE_CHECKING:  # the plan reads the packages, which read these verdicts
    from .planning import Plan

Z90 = 1.645


@dataclass
class Verdict:
    package: str
    label: str
    gain: float  # app-years, paired mean
    gain_low: float
    gain_high: float
    p_better: float
    p_low: float
    p_high: float
    units: int
    unit: str
    verdict: str
    annual: float  # Rp a year
    annual_low: float
    annual_high: float
    strategies: list[str]
    total: float = 0.0  # Rp over the horizon: what the gain in app-years is bought with

    @property
    def robust(self) -> bool:
        return self.verdict == "robust: better"

    def per_rupiah(self, high: bool = False) -> float:
        """App-years gained per Rp1 miliar spent over the horizon: the brief's value for money;
        ``high``: with every cost at the top of its 90% range."""
        cost = self.total * (self.annual_high / self.annual if high and self.annual > 0 else 1.0)
        return math.inf if cost <= 0 else self.gain / (cost / 1e9)


def wilson(p: float, n: int) -> tuple[float, float]:
    """A 90% interval for a share seen in ``n`` independent units (Wilson), honest at 0 and 1."""
    if n <= 0:
        return 0.0, 1.0
    centre = (p + Z90 ** 2 / (2 * n)) / (1 + Z90 ** 2 / n)
    half = Z90 * math.sqrt(p * (1 - p) / n + Z90 ** 2 / (4 * n * n)) / (1 + Z90 ** 2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def verdicts(comparison: ComparisonFolder, plan: Plan) -> list[Verdict]:
    paired = comparison.paired[comparison.paired.outcome == "app_years"]
    strategies = {s["name"]: [x["name"] for x in s.get("strategies", [])] for s in comparison.manifest["scenarios"]}
    out = []
    for r in paired.itertuples():
        low, high = wilson(r.p_better, int(r.units))
        a_low, a_high = plan.annual_range(r.scenario)
        label = plain(comparison.labels.get(r.scenario, r.scenario))
        out.append(Verdict(r.scenario, label, r.mean, r.mean_low, r.mean_high,
                           r.p_better, low, high, int(r.units), r.unit, r.verdict, plan.annual(r.scenario),
                           a_low, a_high, strategies.get(r.scenario, []),
                           sum(x.total for x in plan.costs.get(r.scenario, []))))
    return out


def recommend(found: list[Verdict]) -> Verdict | None:
    """The robust package with the most app-years per rupiah (ties: the larger gain, then name)."""
    robust = [v for v in found if v.robust and v.gain > 0]
    return min(robust, key=lambda v: (-v.per_rupiah(), -v.gain, v.package)) if robust else None


def surprise(v: Verdict, plan: Plan) -> str | None:
    """One sentence for a verdict a reader would not expect: a package that costs money and
    still loses app-years."""
    if v.gain >= 0 or v.annual <= 0:
        return None
    if "portfolio_rationalisation" in v.strategies:
        return t("plan.brief.why_retires", package=v.label, gain=signed(v.gain))
    from_it = [x for x in plan.costs.get(v.package, []) if x.funding == "it_budget"]
    if from_it:
        return t("plan.brief.why_it_budget", package=v.label, gain=signed(v.gain),
                 cost=rupiah(sum(x.annual for x in from_it)))
    return t("plan.brief.why_other", package=v.label, gain=signed(v.gain))
