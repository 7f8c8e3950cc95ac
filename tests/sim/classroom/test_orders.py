"""Standing orders, by hand: reading a person's order on each kind of form, applying it to a
month's question within that question's own bounds, and which order stands."""

from __future__ import annotations

import re

import pytest

from agents.decisions import (
    AnswerError,
    Attack,
    Campaign,
    Count,
    Decision,
    Join,
    Offer,
    Percentage,
    PerIssue,
    Sponsor,
    YesNo,
    read_answer,
)
from sim.classroom.orders import (
    Order,
    StandingOrders,
    apply_order,
    order_error,
    order_key,
    read_order,
    read_typed_order,
    slot_form,
    split_key,
    to_json,
)
from sim.classroom.session import answer_error


def test_an_order_is_read_in_the_form_its_kind_takes():
    assert read_order(YesNo(), "advisers") is None
    assert read_order(YesNo(), " Yes ") is True and read_order(YesNo(), "no") is False
    assert read_order(Count(0, 10, "attacks", "0 to 10"), "3") == 3
    assert read_order(Percentage(-1.0, 1.0, True, "-100 to 100"), -0.25) == -0.25
    offer = PerIssue({"troops": (0.0, 5200.0), "ties": (0.0, 100.0)}, {})
    assert read_order(offer, {"troops": "2,500", "ties": 40}) == {"troops": 2500.0, "ties": 40.0}
    assert read_order(PerIssue({"ties": (0.0, 100.0)}, {}), 35) == {"ties": 35.0}


@pytest.mark.parametrize(
    ("form", "value", "problem"),
    [
        (YesNo(), "maybe", "answer yes or no"),
        (Count(0, 10, "attacks", "0 to 10 attacks"), 2.5, "2.5 is not a whole number of attacks"),
        (Count(0, 10, "attacks", "0 to 10 attacks"), 11, "11 is out of range (0 to 10 attacks)"),
        (Percentage(0.0, 1.0, False, "0 to 1"), "nan", "'nan' is not a number"),
        (Percentage(0.0, 1.0, False, "0 to 1"), 25, "25 is out of range (0 to 1)"),  # a share
        (PerIssue({"troops": (0.0, 5200.0)}, {}), {"troops": 9000}, "troops: 9000 is out of "),
        (PerIssue({"troops": (0.0, 5200.0)}, {}), {"ties": 3}, "unknown issue 'ties'"),
        (Count(0, 10, "attacks", "0 to 10"), True, "give a number"),
    ],
)
def test_a_bad_order_says_what_to_give(form, value, problem):
    with pytest.raises(ValueError, match=f"^{re.escape(problem)}"):
        read_order(form, value)


ATTACK = Attack(rate=2.0, dispersion=None, draw=0.5)  # a count, 0 to 1000
JOIN = Join(trust=0.5, threshold=0.4)  # yes or no
SPONSOR = Sponsor(suggested=-0.25, why="gap 0.40")  # a signal, -100 to 100 per cent
OFFER = Offer(
    position={"troops": 100.0, "ties": 40.0},
    last_proposal=None,
    concession=0.2,
    scales={"troops": (0.0, 5200.0), "ties": (0.0, 100.0)},
)
SLOT_BOUNDS = {"troops": (0.0, 5200.0), "ties": (0.0, 100.0)}


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        (ATTACK, "1200", "1200 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACK, "1,000", 1000),
        (ATTACK, "1,200", "1200 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACK, "2.5", "2.5 is not a whole number of attacks"),
        (ATTACK, "-1", "-1 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACK, "nan", "'nan' is not a number"),
        (ATTACK, "inf", "'inf' is not a number"),
        (ATTACK, "", "give a number"),
        (ATTACK, "  7 ", 7),
        (ATTACK, "advisers", "'advisers' is not a number"),  # an order's word only
        (JOIN, "yes", True),
        (JOIN, " N ", False),
        (JOIN, "maybe", "answer yes or no"),
        (JOIN, "advisers", "answer yes or no"),
        (SPONSOR, "-25%", -0.25),
        (SPONSOR, "150", "150 is out of range (-100 to 100 per cent)"),
        (OFFER, "troops=1,200, ties=40", {"troops": 1200.0, "ties": 40.0}),
        (OFFER, "troops=5201, ties=40", "troops: 5201 is out of range (0 to 5200)"),
        (OFFER, "troops=100, ties=-0.5", "ties: -0.5 is out of range (0 to 100)"),
        (OFFER, "troops=100", "give a value for ties"),
    ],
)
def test_a_question_and_an_order_read_the_same_input_alike(question, typed, value):
    """The sequential answer (the question's form) and the standing order (the slot's form)
    give the same value or the same one line; only where it is said differs (the seat and the
    decision, or the seat and the slot). ``advisers`` is an order's own word."""
    decision = Decision(question, "tehran", 4, "2021-04", "talks" if question is OFFER else None)
    slot = slot_form(question.kind, SLOT_BOUNDS if question is OFFER else None)
    key = order_key(question.kind, decision.track)
    if typed == "advisers":  # the order's own word: the model decides; no answer to a question
        with pytest.raises(AnswerError, match=f"^{re.escape(value)}$"):
            read_answer(decision.question.form(), typed)
        assert read_typed_order(slot, typed) is None
    elif isinstance(value, str):
        with pytest.raises(AnswerError) as answered:
            read_answer(decision.question.form(), typed)
        with pytest.raises(AnswerError) as ordered:
            read_typed_order(slot, typed)
        assert str(answered.value) == str(ordered.value) == value
        said = f"answer: tehran.{question.kind}: {value}"
        assert str(answer_error(decision, answered.value)) == said
        refused = f"orders: tehran.{key}: {value} (or advisers)"
        assert str(order_error("tehran", key, ordered.value)) == refused
    else:
        assert read_answer(decision.question.form(), typed) == value
        assert read_typed_order(slot, typed) == value
        # what the front end hands on is checked again, and stays the same
        assert decision.question.parse(value) == read_order(slot, to_json(value)) == value


def _decision(question) -> Decision:
    return Decision(question, "kataib_hezbollah", 4, "2020-08")


def test_an_order_is_applied_within_the_months_question_bounds():
    campaign = _decision(
        Campaign(current=1, suspend=0.0, go_on=0.1, escalate=0.2, gain=0.1, risk=0.2, struck=False)
    )
    assert apply_order(campaign, 5) == 2  # a campaign has three levels, 0 to 2
    assert apply_order(campaign, 0) == 0
    offer = _decision(
        Offer(
            position={"troops": 1000.0},
            last_proposal=None,
            concession=0.1,
            scales={"troops": (0.0, 5200.0)},
        )
    )
    assert apply_order(offer, {"troops": 6000.0}) == {"troops": 5200.0}
    assert apply_order(offer, {"troops": 2500.0}) == {"troops": 2500.0}


def test_a_later_order_replaces_an_earlier_one_of_the_same_slot():
    book = StandingOrders()
    book.give("baghdad", "offer@dialogue", Order({"troops": 3000.0}, "person", 1))
    book.give("baghdad", "offer@dialogue", Order({"troops": 2500.0}, "person: Ana", 2))
    book.give("baghdad", "arrest", Order(None, "person", 2))
    assert book.get("baghdad", "offer@dialogue") == Order({"troops": 2500.0}, "person: Ana", 2)
    assert book.get("baghdad", "arrest").value is None  # left to the advisers
    assert book.get("tehran", "sponsor") is None
    assert set(book.of("baghdad")) == {"offer@dialogue", "arrest"}


def test_slots_and_stored_values():
    assert (
        order_key("offer", "dialogue") == "offer@dialogue" and order_key("attack", None) == "attack"
    )
    assert split_key("offer@dialogue") == ("offer", "dialogue") and split_key("attack") == (
        "attack",
        None,
    )
    assert to_json(None) == "advisers" and to_json((1, 2)) == [1, 2]
    form = slot_form("offer", {"troops": (0.0, 5200.0)}, {"troops": 2000.0})
    assert form == PerIssue({"troops": (0.0, 5200.0)}, {"troops": 2000.0})
    middle = slot_form("offer", {"troops": (0.0, 5200.0)})
    assert middle.suggested == {"troops": 2600.0}  # no position given: the scale's middle
    assert isinstance(slot_form("accept", None), YesNo)
