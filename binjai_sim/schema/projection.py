"""The ``known:`` and ``projection:`` blocks: what the planner knows about the apps today, and the
month from which the strategies act."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, PlainSerializer

from binjai_sim.base.calendar import format_month, parse_month

from .base import Count, Share, Strict


class Known(Strict):
    """What the planner knows about the apps: every run is made to agree with it (binjai_sim.runs.conditioning)."""

    facts: str | None = Field(None, description="a CSV or XLSX of known statuses (app, known_status, known_at, "
                                                "known_source) or an observations file; the inventory's own "
                                                "known_status columns count too")
    redesigns: bool = Field(True, description="a redesign month in the inventory is known: the app ran then")
    # design settings of the conditioning, not model parameters: kept out of the ODD's table
    candidates: Count = Field(4, ge=1, le=1000, description="candidate runs per replicate; a run that breaks a "
                                                            "fact is replaced by a copy of one that keeps them")
    warn_ess: Share = Field(0.1, description="warn when the effective sample size falls below this share of "
                                             "the candidate runs")


def _month_or_now(value: Any) -> int:
    """``now`` (or ``sekarang``) is the month the scenario is read in: a new region's plan starts today."""
    if isinstance(value, str) and value.strip().lower() in ("now", "sekarang"):
        from datetime import UTC, datetime

        today = datetime.now(UTC)
        return today.year * 12 + today.month - 1
    return parse_month(value)


class Projection(Strict):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    from_month: Annotated[int, BeforeValidator(_month_or_now), PlainSerializer(format_month, return_type=str)] = Field(
        alias="from", description="the month from which the strategies act (now: the month of the run)")
