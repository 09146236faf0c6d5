"""Politics: the vote, the new mayor's oath and portfolio review, and the mayor's feedback.

How a new mayor changes app survival, in four channels:
1. here, at the oath: the new mayor's smart-city priority keeps ``continuity`` of the
   predecessor's and draws the rest fresh; the review then cuts legacy apps (``handover_cut``),
   the more likely the lower the new priority and the weaker the app's institutions;
2. ``survival.py``: priority is the political factor of the mayor's own apps, discounted by
   ``legacy_support`` for apps launched under a predecessor;
3. ``funding.py``: priority scales the IT budget, and the mayor's own apps get more of it;
4. ``civil_service.py``: the oath freezes rotation for ``no_rotation_months`` (``inaugurated``),
   and the hand-over schedules a rotation wave ``wave_delay`` months later (``wave_month``), which
   moves operators and with them their know-how of the apps.

A successor (a new mayor from the outgoing one's own camp) differs in all four: the priority
keeps ``successor_continuity`` of the predecessor's, each legacy app is adopted as the
successor's own with that chance (so it escapes the review and is supported and funded as
own), and the rotation wave moves only ``1 - successor_continuity`` of the usual share
(``wave_scale``): a camp that keeps office has less reason to replace its agency heads.
"""

from __future__ import annotations

from numba import njit

from binjai_sim.base.vocabulary import Cause, EventKind, Factor
from binjai_sim.model.strategies.levers import CONTINUITY_FLOOR, DEFUND_MULT

from .closures import open_now, request
from .declare import Field, From, Series, Submodel, derived, param
from .events import is_live, log
from .rng import HANDOVER, SUCCESSION, VOTE, uniform

ELECTION, INAUGURATION = int(EventKind.ELECTION), int(EventKind.INAUGURATION)
HANDOVER_CUT = int(Cause.HANDOVER_CUT)
INSTITUTIONS, IMPACT = int(Factor.INSTITUTIONS), int(Factor.IMPACT)
INCUMBENT, CHALLENGER, SUCCESSOR = 0, 1, 2  # binjai_sim.base.vocabulary.ELECTION_OUTCOMES

DECLARED = Submodel(
    "politics", "7.1", blocks=("mayor", "politics"),
    state=(
        Field("mayor_id", "i8", (1,), 0),  # 0 the mayor at the start, +1 at each change of person
        Field("mayor_priority", "f8", (1,), From("mayor.initial_priority")),
        Field("mayor_terms", "i8", (1,), From("mayor.initial_terms_served")),
        Field("inaugurated", "i8", (1,), -1),  # the month of the last oath; -1 before the horizon
        Field("pending_winner", "i8", (1,), -1),  # between vote and oath: an ELECTION_OUTCOMES index
        Field("wave_month", "i8", (1,), -1),  # the next rotation wave (civil_service.py); -1 none
        Field("wave_scale", "f8", (1,), 1.0),  # its share of the usual wave: a successor's is milder
    ),
    params=(
        param("politics.transition_defund_prob"), param("politics.impact_feedback"), param("politics.continuity"),
        derived("newcomer_a", ("politics.newcomer_priority_mean", "politics.newcomer_priority_concentration"),
                lambda c: max(c.get("politics.newcomer_priority_mean")
                              * c.get("politics.newcomer_priority_concentration"), 1e-6)),
        derived("newcomer_b", ("politics.newcomer_priority_mean", "politics.newcomer_priority_concentration"),
                lambda c: max((1.0 - c.get("politics.newcomer_priority_mean"))
                              * c.get("politics.newcomer_priority_concentration"), 1e-6)),
        param("politics.incumbent_win_prob"), param("mayor.term_limit"), param("politics.successor_continuity"),
        param("politics.successor_win_prob", none=0.0),  # none: the camp never keeps office
        param("civil_service.rotation_wave.months_after_inauguration", "wave_delay"),
    ),
    levers=(CONTINUITY_FLOOR, DEFUND_MULT),
    series=(Series("mayor_id", "i8", unit="mayor"), Series("priority", "f8", unit="0-1")),
)


@njit(cache=True)
def politics(s, p, plan, t):
    """On a vote month the vote is decided; on an oath month the winner takes office."""
    e = plan.vote_at[t]
    if e >= 0:
        if plan.known_outcome[e] >= 0:  # history is replayed, not drawn
            s.pending_winner[0] = plan.known_outcome[e]
        elif s.mayor_terms[0] < p.term_limit:
            wins = uniform(s.election_key[e], VOTE, t) < p.incumbent_win_prob
            s.pending_winner[0] = INCUMBENT if wins else CHALLENGER
        else:  # a term-limited incumbent cannot run; their camp may still keep office
            kept = uniform(s.election_key[e], VOTE, t) < p.successor_win_prob
            s.pending_winner[0] = SUCCESSOR if kept else CHALLENGER
        log(s, ELECTION, -1, -1, s.pending_winner[0], 0.0)
    e = plan.oath_at[t]
    if e >= 0 and s.pending_winner[0] >= 0:
        winner = s.pending_winner[0]
        s.pending_winner[0] = -1
        s.inaugurated[0] = s.clock[0]
        if winner == INCUMBENT:
            s.mayor_terms[0] += 1
            log(s, INAUGURATION, -1, -1, 2 * s.mayor_id[0], s.mayor_priority[0])
            return
        own = p.successor_continuity if winner == SUCCESSOR else p.continuity
        continuity = max(own, plan.continuity_floor[t])
        s.mayor_priority[0] = continuity * s.mayor_priority[0] + (1.0 - continuity) * plan.fresh_priority[e]
        s.mayor_id[0] += 1
        s.mayor_terms[0] = 1
        log(s, INAUGURATION, -1, -1, 2 * s.mayor_id[0] + 1, s.mayor_priority[0])
        hand_over(s, p, plan, t, p.successor_continuity if winner == SUCCESSOR else 0.0)


@njit(cache=True)
def hand_over(s, p, plan, t, adopt=0.0):
    """The new mayor reviews the portfolio: a weakly institutionalised legacy app is the easiest cut.
    A successor first adopts each app as its own with chance ``adopt``; those are not reviewed."""
    for i in range(p.n_apps):
        if not open_now(s, i):
            continue
        if adopt > 0.0 and uniform(s.app_key[i], SUCCESSION, t) < adopt:
            s.launched_by[i] = s.mayor_id[0]
            continue
        prob = (p.transition_defund_prob * plan.defund_mult[t] * (1.0 - s.mayor_priority[0])
                * (1.0 - s.factors[i, INSTITUTIONS]))
        if uniform(s.app_key[i], HANDOVER, t) < prob:
            request(s, i, HANDOVER_CUT, 0)
    s.wave_month[0] = s.clock[0] + p.wave_delay
    s.wave_scale[0] = 1.0 - adopt


@njit(cache=True)
def mayor_feedback(s, p):
    """Visible impact of the portfolio pulls the mayor's priority toward it (and neglect away)."""
    total, count = 0.0, 0
    for i in range(p.n_apps):
        if is_live(s.status[i]):
            total += s.factors[i, IMPACT]
            count += 1
    visible = total / count if count else 0.0
    value = s.mayor_priority[0] + p.impact_feedback * (visible - s.mayor_priority[0])
    s.mayor_priority[0] = min(max(value, 0.0), 1.0)
