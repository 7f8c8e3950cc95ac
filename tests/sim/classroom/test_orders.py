"""Standing orders, by hand: reading a person's order on each kind of form, applying it to a
month's question within that question's own bounds, and which order stands."""

from __future__ import annotations

import pytest

from agents.decisions import Campaign, Count, Decision, Offer, Percentage, PerIssue, YesNo
from sim.classroom.orders import (
    Order,
    StandingOrders,
    apply_order,
    order_key,
    read_order,
    slot_form,
    split_key,
    to_json,
)


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
        (YesNo(), "maybe", "yes, no or advisers"),
        (Count(0, 10, "attacks", "0 to 10 attacks"), 2.5, "0 to 10 attacks"),
        (Count(0, 10, "attacks", "0 to 10 attacks"), 11, "0 to 10 attacks"),
        (Percentage(0.0, 1.0, False, "0 to 100"), "nan", "finite"),
        (PerIssue({"troops": (0.0, 5200.0)}, {}), {"troops": 9000}, "between 0 and 5200"),
        (PerIssue({"troops": (0.0, 5200.0)}, {}), {"ties": 3}, "give a value for troops"),
        (Count(0, 10, "attacks", "0 to 10"), True, "give a number"),
    ],
)
def test_a_bad_order_says_what_to_give(form, value, problem):
    with pytest.raises(ValueError, match=problem):
        read_order(form, value)


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
