"""Simultaneous turns: every seat's form open at once, the turn run when the last seat sends or
its own deadline passes, orders that stand, replay and branch exact, nothing of the other seats
shown on a seat's form."""

from __future__ import annotations

import filecmp
import re
import sqlite3

import pytest

from sim.classroom.session import Session
from sim.errors import InputError
from tests.conftest import SCENARIOS

DIALOGUE = SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml"
TALKS = SCENARIOS / "exercises" / "iran_saudi_talks.yaml"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _send_all(session: Session, but: tuple[str, ...] = (), who: str = "class") -> None:
    """Every waiting seat sends its form as it first shows (every slot left to the advisers),
    except ``but``."""
    for seat in session.waiting_for():
        if seat not in but:
            orders = {slot.key: "advisers" for slot in session.slots(seat)}
            session.send_orders(seat, orders, "as shown", who=who)


def test_every_seats_form_is_open_at_once_and_nothing_runs_before(tmp_path):
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=FakeClock())
    assert session.simultaneous and session.turn == 1
    people = [a for a, seat in session.exercise.seats.items() if seat.played_by == "person"]
    assert len(people) == 6 and session.waiting_for() == people  # six seats, all at once
    for seat in session.waiting_for():
        assert session.slots(seat), seat
    assert session.model.steps == 0 and session.answers() == []  # the forecast moved nothing
    kh = {slot.key: len(slot.expected) for slot in session.slots("kataib_hezbollah")}
    assert kh["attack"] == 3  # asked once a month, three months a turn: one order answers all
    session.close()


def test_the_turn_runs_when_the_last_seat_sends_and_an_order_answers_every_month(tmp_path):
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=FakeClock())
    session.send_orders("kataib_hezbollah", {"attack": 2, "pause": "no"}, "keep up", who="Ana")
    _send_all(session, but=("badr",))
    assert not session.turn_ran() and session.waiting_for() == ["badr"]
    assert session.model.steps == 0
    session.send_orders("badr", {}, who="Ben")
    assert session.turn_ran() and session.model.steps == 3
    attacks = [a for a in session.answers() if (a.actor, a.kind) == ("kataib_hezbollah", "attack")]
    assert [a.value for a in attacks] == [2, 2, 2]
    assert {a.by for a in attacks} == {"person: Ana"} and attacks[0].reason == "keep up"
    left = [a for a in session.answers() if a.actor == "tehran"]
    assert left and {a.by for a in left} == {"person: class, left to advisers"}
    with pytest.raises(InputError, match="already run"):
        session.send_orders("badr", {}, who="Ben")
    session.close()


def test_only_a_late_seat_goes_to_the_model_and_its_standing_orders_stand(tmp_path):
    clock = FakeClock()
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=clock)
    session.send_orders("kataib_hezbollah", {"attack": 0}, "hold", who="Ana")
    _send_all(session)
    session.next_turn()  # turn 2: Kataib Hezbollah never sends
    _send_all(session, but=("kataib_hezbollah",))
    session.extend("kataib_hezbollah", 2)
    clock.now += 60 * session.exercise.clock.deadline_minutes + 1
    assert not session.tick() and not session.turn_ran()  # its two extra minutes run on
    clock.now += 120
    assert session.tick() and session.turn_ran() and session.late == {"kataib_hezbollah"}
    turn2 = range(session.first_step(2), session.last_step(2) + 1)
    kh = [a for a in session.answers() if a.actor == "kataib_hezbollah" and a.step in turn2]
    attacks = [a for a in kh if a.kind == "attack"]
    assert [a.value for a in attacks] == [0, 0, 0] and {a.by for a in attacks} == {"person: Ana"}
    pauses = [a for a in kh if a.kind == "pause"]
    assert pauses and {a.by for a in pauses} == {"model: deadline missed"}  # never ordered
    others = [a for a in session.answers() if a.step in turn2 and a.actor != "kataib_hezbollah"]
    assert not any(a.by == "model: deadline missed" for a in others)  # nobody else pays for it
    session.close()


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    folder = tmp_path_factory.mktemp("simultaneous")
    session = Session.create(TALKS, folder / "class.sqlite", clock=FakeClock())
    turn = 0
    while not session.finished:
        turn += 1
        for seat in session.waiting_for():
            orders = {}
            for slot in session.slots(seat):
                if slot.kind == "offer":
                    orders[slot.key] = 30 + 2 * turn
                elif slot.kind in ("accept", "join", "host"):
                    orders[slot.key] = "yes" if turn % 2 else "advisers"
            session.send_orders(seat, orders, f"turn {turn}", who=seat)
        if not session.finished:
            session.next_turn()
    session.write_run(folder / "live")
    session.close()
    return folder


def test_resume_replays_a_simultaneous_session_byte_for_byte(played, tmp_path):
    session = Session.resume(played / "class.sqlite")
    assert session.finished and session.turn == session.turns
    replay = session.write_run(tmp_path / "replay")
    session.close()
    names = sorted(p.name for p in (played / "live").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(played / "live", replay, names, shallow=False)
    assert mismatch == [] and errors == [] and match == names


def test_a_branch_keeps_the_earlier_orders_and_opens_the_turn_again(played, tmp_path):
    original = Session.resume(played / "class.sqlite")
    branch = original.branch(4, tmp_path / "branch.sqlite")
    assert branch.turn == 4 and not branch.turn_ran()
    assert branch.model.steps == branch.first_step(4) - 1
    assert branch.waiting_for() == original.person_seats()  # turn 4's forms open again
    order = branch.standing.get("riyadh", "offer@iran_saudi_talks")
    assert order is not None and order.turn == 3 and order.value == {"iran_saudi_ties": 36.0}
    prefix = [a for a in original.answers() if a.step < branch.first_step(4)]
    assert branch.answers() == prefix
    original.close()
    branch.close()


def test_a_seats_form_shows_no_number_of_the_other_side(tmp_path):
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=FakeClock())
    from sim.classroom.view import slot_text

    washington = session.model.world.actors["washington"]
    theirs = session.model.world.scales.denormalise("us_troops", washington.positions["us_troops"])
    for slot in session.slots("baghdad"):
        head, lines = slot_text(session, slot)
        text = " ".join([head, *lines])
        if slot.track is not None:  # the deal or offers ahead would give their orders away
            assert f"{theirs:,.0f}" not in text and "deal is worth" not in text
            assert re.search(r"\d", head.replace("2020", "")) is None or "asked" in head
    offer = next(s for s in session.slots("baghdad") if s.kind == "offer")
    mine = session.model.world.actors["baghdad"].positions["us_troops"]
    assert offer.form.suggested == {
        "us_troops": session.model.world.scales.denormalise("us_troops", mine)
    }  # the form starts from the seat's own position, not the other side's or the model's
    session.close()


def test_orders_are_refused_while_paused_and_for_unknown_slots_or_bad_values(tmp_path):
    session = Session.create(DIALOGUE, tmp_path / "s.sqlite", clock=FakeClock())
    with pytest.raises(InputError, match="no 'strike' on this seat's form"):
        session.send_orders("kataib_hezbollah", {"strike": "yes"})
    with pytest.raises(
        InputError,
        match=r"^orders: kataib_hezbollah\.attack: 5000 is out of range \(a number of attacks",
    ):
        session.send_orders("kataib_hezbollah", {"attack": 5000})
    session.seat("badr", "model")
    with pytest.raises(InputError, match="no person plays 'badr'"):
        session.send_orders("badr", {})
    session.pause()
    with pytest.raises(InputError, match="paused"):
        session.send_orders("tehran", {})
    assert session.sent == {}
    session.close()
    with sqlite3.connect(tmp_path / "s.sqlite") as db:
        kinds = [k for (k,) in db.execute("SELECT kind FROM log")]
    assert "orders" not in kinds  # nothing refused was stored


def test_a_damaged_orders_row_is_named_on_resume(tmp_path):
    path = tmp_path / "s.sqlite"
    session = Session.create(DIALOGUE, path, clock=FakeClock())
    session.send_orders("kataib_hezbollah", {"attack": 2})
    session.close()
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE log SET payload = replace(payload, '\"attack\":2', '\"attack\":-4') "
            "WHERE kind = 'orders'"
        )
    with pytest.raises(InputError, match=r"\(orders\)\.orders\.attack: .*from 0"):
        Session.resume(path)
