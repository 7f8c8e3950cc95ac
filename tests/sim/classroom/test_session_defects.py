"""Defects an instructor met in a class (issue 19), each pinned: the month shown is the month
being decided, an answer while the clock stands is refused and not stored, a spoil released by
the facilitator counts as talks spoiled."""

from __future__ import annotations

import pytest

from sim.classroom.session import Session
from sim.classroom.view import public_report
from sim.errors import InputError
from tests.conftest import SCENARIOS
from tests.sim.classroom.students import student_answer

TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"


def _until(session: Session, done) -> None:
    while not done():
        if session.pending is None:
            session.next_turn()
        else:
            session.answer(session.pending.decision.actor, *student_answer(session))


def test_the_month_shown_is_the_month_being_decided(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
    # the exercise starts in 2021-01 with turns of two months: step 2 is 2021-02, turn 1
    _until(session, lambda: session.pending is not None and session.pending.decision.step == 2)
    assert public_report(session)[0] == "Month 2021-02 (turn 1 of 11)"  # was 2021-01
    _until(session, lambda: session.pending is None)
    assert public_report(session)[0] == "Month 2021-02 done (turn 1 of 11)"
    session.next_turn()  # turn 2 opens on step 3, 2021-03
    assert public_report(session)[0] == "Month 2021-03 (turn 2 of 11)"
    session.close()


def test_an_answer_while_the_clock_stands_is_refused_and_not_stored(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
    actor = session.pending.decision.actor
    value, reason = student_answer(session)
    session.pause()
    with pytest.raises(InputError, match="paused: nothing was recorded"):
        session.answer(actor, value, reason)
    assert (
        session.answers() == []
        and [k for _, k, _, _ in session.store.entries()].count("answer") == 0
    )
    session.resume_play()
    assert session.answer(actor, value, reason).reason == reason
    session.close()


def test_a_released_spoil_counts_as_talks_spoiled(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
    item = session.release("drone_near_venue")  # one spoil effect on the talks
    _until(session, lambda: session.model.steps >= item.step)
    spoiled = session.model.world.counts.total["spoils"]
    by_factions = sum(
        1 for r in session.model.world.log.records if r["type"] == "spoil" and "actor" in r
    )
    assert spoiled == by_factions + 1
    assert f"{spoiled} talks spoiled" in "\n".join(public_report(session))
    session.close()


def test_an_agreement_says_it_is_a_step_reached_month_by_month(tmp_path):
    session = Session.create(TALKS, tmp_path / "s.sqlite", turns="sequential")
    track = session.model.world.tracks["iran_saudi_talks"]
    # the talks' scenario: step_limit 10 and max_change_per_step 5 on the relations index, so
    # an offer of 55 accepted at 10 is agreed at 20, reached at most 5 a month
    track.agreements.append({"date": "2021-04", "deal": {"iran_saudi_ties": 20.0}})
    line = next(x for x in public_report(session) if x.startswith("    agreed"))
    assert line == (
        "    agreed 2021-04: 20 index (a round agrees at most 10 index of change; "
        "it comes at most 5 index a month)"
    )
    session.close()
