"""Talk: channels and who reads them, text and proposals checked, the store keeps it all through
a resume and a branch, a damaged row is one line, an accepted proposal becomes a 'table'
inject."""

from __future__ import annotations

import sqlite3

import pytest

from sim.classroom import talking
from sim.classroom.session import Session
from sim.classroom.talk import (
    MAX_TEXT,
    Proposal,
    Talk,
    channels,
    clean_text,
    may_read,
    private,
    tracks_of,
    transcript,
)
from sim.errors import InputError
from tests.conftest import SCENARIOS

DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"


def test_private_channels_are_read_by_their_two_seats_and_the_facilitator_only():
    channel = private("washington", "baghdad")
    assert channel == "private:baghdad+washington" == private("baghdad", "washington")
    readers = [
        r for r in ("baghdad", "washington", "tehran", "facilitator") if may_read(r, channel)
    ]
    assert readers == ["baghdad", "washington", "facilitator"]
    assert may_read("tehran", "team:tehran") and not may_read("tehran", "team:baghdad")
    assert may_read("tehran", "public") and may_read("tehran", "announce")


def test_a_seat_lists_public_announcements_its_team_and_one_private_channel_per_other_seat():
    assert channels("b", ["a", "b", "c"]) == [
        "public",
        "announce",
        "team:b",
        "private:a+b",
        "private:b+c",
    ]


def test_text_is_kept_as_typed_without_control_characters_and_capped():
    assert clean_text("  <b>hi</b>\x07\nthere ") == "<b>hi</b>\nthere"
    with pytest.raises(InputError, match="the message is empty"):
        clean_text(" \x00 ")
    with pytest.raises(InputError, match=f"too long \\({MAX_TEXT + 1} characters"):
        clean_text("x" * (MAX_TEXT + 1))


def test_a_proposal_lapses_when_its_turn_is_over_unless_answered():
    proposal = Proposal(5, 2, "a", "b", "t", {"x": 1.0})
    assert [proposal.status(turn) for turn in (2, 3)] == ["open", "lapsed"]
    proposal.answer = "declined"
    assert proposal.status(3) == "declined"


@pytest.fixture
def session(tmp_path):
    made = Session.create(DIALOGUE, tmp_path / "class.sqlite", clock=lambda: 1000.0)
    yield made
    made.close()


def test_both_parties_of_the_dialogue_may_propose_to_each_other_only(session):
    assert tracks_of(session.base, "baghdad", "washington") == ["strategic_dialogue"]
    assert tracks_of(session.base, "baghdad", "tehran") == []
    with pytest.raises(InputError, match="no track where both are parties"):
        talking.propose(session, "baghdad", "tehran", "strategic_dialogue", {"us_troops": 100})
    with pytest.raises(InputError, match="give a number from 0 to"):
        talking.propose(session, "baghdad", "washington", "strategic_dialogue", {"us_troops": -5})


def test_what_is_said_survives_a_resume_and_a_seat_reads_only_its_own(session, tmp_path):
    talking.say(session, "baghdad", private("baghdad", "washington"), "a timetable?")
    talking.say(session, "tehran", "public", "out, all of them")
    talking.say(session, "facilitator", "announce", "five minutes left")
    with pytest.raises(InputError, match="you cannot write in 'private:baghdad\\+washington'"):
        talking.say(session, "tehran", private("baghdad", "washington"), "listening in")
    with pytest.raises(InputError, match="you cannot write in 'announce'"):
        talking.say(session, "tehran", "announce", "fake news")
    session.close()
    again = Session.resume(tmp_path / "class.sqlite", clock=lambda: 1000.0)
    assert [m.text for m in again.talk.readable("tehran")] == [
        "out, all of them",
        "five minutes left",
    ]
    assert len(again.talk.readable("washington")) == 3
    assert len(again.talk.readable("facilitator")) == 3
    again.close()


def test_an_accepted_proposal_is_released_as_a_table_inject_at_the_next_month(session):
    proposal = talking.propose(
        session, "washington", "baghdad", "strategic_dialogue", {"us_troops": 2500}
    )
    with pytest.raises(InputError, match="no such proposal to you"):
        talking.reply(session, "washington", proposal.seq, True)
    released = talking.reply(session, "baghdad", proposal.seq, True)
    assert released is not None and released.name == f"proposal_{proposal.seq}"
    effect = released.inject.effects[0]
    assert (effect.kind, effect.track, effect.deal, effect.parties) == (
        "table",
        "strategic_dialogue",
        {"us_troops": 2500.0},
        ["washington", "baghdad"],
    )
    assert session.talk.proposals[proposal.seq].status(session.turn) == "accepted"
    with pytest.raises(InputError, match="that proposal is accepted"):
        talking.reply(session, "baghdad", proposal.seq, False)


def test_a_branch_keeps_the_talk_of_the_turns_before_it(session, tmp_path):
    talking.say(session, "baghdad", "public", "turn one")
    session.turn = 2  # as if turn 2 were open (the talk rows carry their turn)
    talking.say(session, "baghdad", "public", "turn two")
    branch = session.branch(2, tmp_path / "branch.sqlite")
    assert [m.text for m in branch.talk.messages] == ["turn one"]
    branch.close()


def test_a_damaged_talk_row_is_named_in_one_line(session, tmp_path):
    talking.say(session, "baghdad", "public", "hello")
    session.close()
    with sqlite3.connect(tmp_path / "class.sqlite") as db:
        db.execute(
            "UPDATE log SET payload = json_set(payload, '$.channel', 'private:tehran+nobody')"
            " WHERE kind = 'message'"
        )
    with pytest.raises(InputError, match=r"log row \d+ \(message\)\.channel: unknown channel"):
        Session.resume(tmp_path / "class.sqlite")


def test_talk_counts_every_entry_so_pages_learn_of_it():
    talk = Talk()
    talk.add(1, "message", {"turn": 1, "channel": "public", "by": "a", "text": "x"})
    talk.add(2, "proposal", {"turn": 1, "by": "a", "to": "b", "track": "t", "deal": {"x": 1}})
    talk.add(3, "reply", {"turn": 1, "proposal": 2, "by": "b", "answer": "declined"})
    assert talk.count() == 3 and talk.proposals[2].answer == "declined"


def test_the_debrief_quotes_messages_and_proposals_at_their_turn_with_names(session):
    talking.say(session, "baghdad", private("baghdad", "washington"), "a timetable?")
    deal = {"us_troops": 2500}
    proposal = talking.propose(session, "washington", "baghdad", "strategic_dialogue", deal)
    talking.reply(session, "baghdad", proposal.seq, False)
    rows = transcript(session.talk, session.base, session.turn)
    names = {a: session.base.actors[a].name for a in ("baghdad", "washington")}
    troops = session.base.issues["us_troops"]
    label = session.base.tracks["strategic_dialogue"].label
    assert rows == [
        ["1", names["baghdad"], f"{names['baghdad']} and {names['washington']}", "a timetable?"],
        [
            "1",
            names["washington"],
            names["baghdad"],
            f"proposal ({label}): {troops.label} 2,500 {troops.units}; declined",
        ],
    ]
