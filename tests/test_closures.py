"""Closures are requests settled in one place (binjai_sim/model/engine/closures.py) by one precedence
(binjai_sim.base.vocabulary.CLOSURE_PRECEDENCE), and docs/ODD.md shows that precedence as the code has it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from binjai_sim.base.vocabulary import CLOSURE_PRECEDENCE, Cause, EventKind
from binjai_sim.model.engine.closures import request
from binjai_sim.model.engine.national import national_events
from binjai_sim.model.engine.survival import closures

from .mechanism_state import DEAD, Small

ROOT = Path(__file__).resolve().parents[1]
DEATH = int(EventKind.DEATH)


def _winner(*causes: Cause) -> Cause:
    return min(causes, key=CLOSURE_PRECEDENCE.index)


def _deaths(city: Small) -> list[tuple[int, int]]:
    return [(app, cause) for _, kind, app, cause, _ in city.events() if kind == DEATH]


def test_the_precedence_names_every_cause_once():
    assert sorted(CLOSURE_PRECEDENCE) == sorted(Cause)


def test_a_later_request_with_precedence_replaces_the_cause_in_state_and_in_the_log(baseline):
    for first, second in ((Cause.DISCONTINUED, Cause.RETIRED), (Cause.RETIRED, Cause.DISCONTINUED)):
        city = Small(baseline)
        city.at(5)
        city.state_only(request, 0, int(first), 0)
        city.state_only(request, 0, int(second), 0)
        assert city.s.status[0] == DEAD
        assert city.s.cause[0] == int(_winner(first, second)) == int(Cause.RETIRED)
        assert _deaths(city) == [(0, int(Cause.RETIRED))]  # one closure, one record


def test_a_request_for_an_app_closed_in_an_earlier_month_changes_nothing(baseline):
    city = Small(baseline)
    city.at(5)
    city.state_only(request, 0, int(Cause.DISCONTINUED), 0)
    city.at(6)
    city.state_only(request, 0, int(Cause.RETIRED), 0)
    assert city.s.cause[0] == int(Cause.DISCONTINUED) and city.s.death_month[0] == city.p.start + 5


def test_a_consolidation_and_a_defunding_of_one_app_in_one_month_record_the_documented_winner(baseline):
    city = Small(baseline)
    t = city.at(7)
    month = city.p.start + t
    city.lever("cons_month", [month])
    city.lever("cons_members", np.array([[0, -1]]))
    city.lever("def_month", [month])
    city.lever("def_app", [0])
    city.lever("shock_month", np.zeros(0, dtype=np.int64))
    city.lever("plat_date", np.zeros(0, dtype=np.int64))
    city.lever("prune_from", np.zeros(0, dtype=np.int64))
    city.call(national_events, t)
    expected = _winner(Cause.REPLACED_LOCAL, Cause.DEFUNDED)
    assert city.s.cause[0] == int(expected) == int(Cause.REPLACED_LOCAL)
    assert _deaths(city) == [(0, int(expected))]


def test_a_broken_idle_app_in_one_month_records_the_documented_winner(baseline):
    city = Small(baseline)
    t = city.at(30)
    city.s.quality[0] = 0.0  # below failure_below
    city.s.users[0] = 0.0
    city.s.idle[0] = city.p.abandon_after + 5  # long idle
    city.s.hazard[0] = 1.0  # and the hazard's draw closes it too
    city.call(closures, t, plan=False)
    expected = _winner(Cause.TECHNICAL_FAILURE, Cause.ABANDONED, Cause.DISCONTINUED)
    assert city.s.cause[0] == int(expected) == int(Cause.TECHNICAL_FAILURE)
    assert [d for d in _deaths(city) if d[0] == 0] == [(0, int(expected))]


def test_the_odd_shows_the_precedence_of_the_code():
    code = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_closure_table.py"), "--check"]).returncode
    assert code == 0, "run scripts/make_closure_table.py and commit docs/ODD.md"
