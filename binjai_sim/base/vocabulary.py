"""The model's vocabulary: factors, app statuses, causes of closure and the live/active tests.

Everything that names these imports them from here (schema, model, outputs, analysis, views),
so a reader can jump from any use to the one definition and its meaning.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Factor(IntEnum):
    """The study's five factors of innovation sustainability (column order of factor arrays)."""

    POLITICAL = 0  # political support: the mayor's priority, ownership of the app, plan embedding
    RESOURCES = 1  # resources: maintenance money against need, skilled operators who know the app
    PARTICIPATION = 2  # community participation: users against the target group
    IMPACT = 3  # effects and impacts: quality times use
    INSTITUTIONS = 4  # institutions: regulation, procedures, a dedicated unit, national integration

    @property
    def key(self) -> str:
        return self.name.lower()


class AppStatus(IntEnum):
    NOT_LAUNCHED = 0
    ACTIVE = 1  # in use and working
    DEGRADED = 2  # still running, but quality below the degraded threshold or partly replaced
    DEAD = 3  # closed for good; see Cause

    @property
    def key(self) -> str:
        return self.name.lower()


class Cause(IntEnum):
    """Why an app closed. Each names the mechanism, so a reader can tell which lever would have
    helped (docs/ODD.md, section 7, says how each is decided)."""

    DISCONTINUED = 0  # the monthly hazard: support, money and use ran thin (weakest factor recorded)
    HANDOVER_CUT = 1  # cut in a new mayor's review of the predecessor's portfolio
    DEFUNDED = 2  # a scheduled defunding named in the scenario
    ABANDONED = 3  # no users for abandon_after_months months in a row
    TECHNICAL_FAILURE = 4  # quality fell below the failure threshold without upkeep
    REPLACED_NATIONAL = 5  # a national platform took over its function
    REPLACED_LOCAL = 6  # merged into another local system (a consolidation in the scenario)
    RETIRED = 7  # retired on purpose in a portfolio rationalisation
    POLICY_SHOCK = 8  # an outside policy change broke it
    PRUNED = 9  # closed under a national order to prune regional apps

    @property
    def key(self) -> str:
        return self.name.lower()


# Which cause is recorded when several request the same app's closure in the same month: the
# first listed wins (binjai_sim/model/engine/closures.py settles every request by it; docs/ODD.md, 7.9, shows
# it). The order follows the month's steps, so a cause decided earlier in the month is kept.
CLOSURE_PRECEDENCE: tuple[Cause, ...] = (
    Cause.RETIRED, Cause.HANDOVER_CUT, Cause.REPLACED_LOCAL, Cause.DEFUNDED, Cause.POLICY_SHOCK,
    Cause.REPLACED_NATIONAL, Cause.PRUNED, Cause.TECHNICAL_FAILURE, Cause.ABANDONED, Cause.DISCONTINUED,
)


class Action(IntEnum):
    """What a strategy does to state each active month (beside its levers): binjai_sim/model/engine/strategies.py."""

    SOPS = 0  # document procedures in every agency
    INTEGRATION = 1  # integrate the apps a national platform covers
    TRAINING = 2  # train civil servants
    RATIONALISE = 3  # retire the weakest apps once a year


class EventKind(IntEnum):
    """What the event log records (``events.parquet``)."""

    LAUNCH = 0
    REDESIGN = 1
    ELECTION = 2
    INAUGURATION = 3
    ROTATION_WAVE = 4
    PLATFORM_ROLLOUT = 5
    PARTIAL_REPLACEMENT = 6
    POLICY_SHOCK = 7
    DEATH = 8

    @property
    def key(self) -> str:
        return self.name.lower()


FACTORS: tuple[str, ...] = tuple(f.key for f in Factor)
STATUSES: tuple[str, ...] = tuple(s.key for s in AppStatus)
CAUSES: tuple[str, ...] = tuple(c.key for c in Cause)

COUNTERPARTS_NONE = "none"  # an app no national platform or local system can take over

SECTORS: tuple[str, ...] = (
    "planning", "finance", "licensing", "health", "complaints", "education", "hr", "economy",
    "tax", "information", "legal", "administration", "environment", "social", "transport",
    "tourism", "elections", "village",
)
AUDIENCES: tuple[str, ...] = ("citizen", "internal")
# an election's result, indexed by its code in the engine and the event log: the incumbent
# re-elected; a new head from outside the incumbent's camp; a new head from the incumbent's own
# camp (a deputy or coalition partner succeeding a term-limited head)
ELECTION_OUTCOMES: tuple[str, ...] = ("incumbent", "challenger", "successor")
FISCAL_CLASSES: tuple[str, ...] = ("very_low", "low", "medium", "high", "very_high")

_LIVE = np.array([False, True, True, False])  # indexed by AppStatus
_ACTIVE = np.array([False, True, False, False])


def is_live(status):
    """Active or degraded: the app still runs. Works on a status code or an array of codes."""
    return _LIVE[status]


def is_active(status):
    """Active: running and in working order."""
    return _ACTIVE[status]
