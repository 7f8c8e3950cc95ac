"""sim.web.forms: what a page may send, checked before the session sees it."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi", reason='the web extra is not installed: pip install -e ".[web]"')

from agents.decisions import (
    Attack,
    Concede,
    Count,
    Decision,
    Join,
    Offer,
    Pause,
    Percentage,
    PerIssue,
    Question,
    Sponsor,
    YesNo,
)
from sim.classroom.orders import Slot
from sim.errors import InputError
from sim.web import forms

QUESTIONS: dict[str, Question] = {
    "join": Join(trust=0.5, threshold=0.4),
    "pause": Pause(paused=False, progress=0.0, probability=0.1, draw=0.5),
    "attack": Attack(rate=1.0, dispersion=None, draw=0.5),
    "concede": Concede(pressure=0.5, suggested=0.1, own={}, factions_line={}),
    "sponsor": Sponsor(suggested=0.2, why="test"),
}


def decision(kind: str, scales: dict[str, tuple[float, float]] | None = None) -> Decision:
    if kind == "offer":
        position = {issue: low for issue, (low, _high) in (scales or {}).items()}
        offer = Offer(position=position, last_proposal=None, concession=0.2, scales=scales or {})
        return Decision(offer, "tehran", 4, "2021-04", "talks")
    return Decision(QUESTIONS[kind], "tehran", 4, "2021-04", None)


def test_parse_takes_known_types_within_the_size_limit():
    assert forms.parse('{"type": "answer", "key": "1"}', forms.SEAT_MESSAGES)["key"] == "1"
    too_long = json.dumps({"type": "answer", "reason": "x" * forms.MAX_MESSAGE})
    for raw, says in (
        (too_long, "message too long"),
        ("{not json", "not a JSON message"),
        ('["answer"]', "unknown message type"),
        ('{"type": "next"}', "unknown message type"),  # a seat cannot open a turn
    ):
        with pytest.raises(InputError, match=says):
            forms.parse(raw, forms.SEAT_MESSAGES)
    assert forms.parse('{"type": "next"}', forms.FACILITATOR_MESSAGES)["type"] == "next"


def test_a_decision_key_names_step_kind_track_and_occurrence():
    assert forms.decision_key(decision("offer", scales={}), 2) == "4:offer:talks:2"
    assert forms.decision_key(decision("sponsor"), 0) == "4:sponsor:-:0"


def test_numbers_must_be_finite_and_in_range():
    assert forms.number("2.5", "x", 0, 3) == 2.5
    assert forms.number(3, "x", 0, 3) == 3.0
    for value, says in (
        ("3.01", "out of range"),
        ("nan", "out of range"),
        ("-inf", "out of range"),
        ("ten", "not a number"),
        (True, "give a number"),
        ([1], "give a number"),
    ):
        with pytest.raises(InputError, match=says):
            forms.number(value, "x", 0, 3)


def test_answers_become_the_values_the_session_takes():
    assert forms.answer_value(decision("join"), {"choice": "yes"}) is True
    assert forms.answer_value(decision("pause"), {"choice": "no"}) is False
    assert forms.answer_value(decision("attack"), {"count": "3"}) == 3
    assert forms.answer_value(decision("concede"), {"percent": "25"}) == 0.25
    assert forms.answer_value(decision("sponsor"), {"percent": "-40"}) == -0.4
    offer = decision("offer", scales={"iran_saudi_ties": (0, 100), "us_troops": (0, 5200)})
    values = {"iran_saudi_ties": "42", "us_troops": "2600"}
    assert forms.answer_value(offer, values) == {"iran_saudi_ties": 42.0, "us_troops": 2600.0}


def test_bad_answers_are_refused_with_what_is_wrong():
    """The web reads an answer by the one rule of agents.decisions.form; the line names the
    seat and the decision, as the terminal's does."""
    offer = decision("offer", scales={"iran_saudi_ties": (0, 100)})
    for made, values, says in (
        (decision("join"), {"choice": "maybe"}, "tehran.join: answer yes or no"),
        (
            decision("attack"),
            {"count": "1.5"},
            "tehran.attack: 1.5 is not a whole number of attacks",
        ),
        (decision("attack"), {"count": "1,200"}, "tehran.attack: 1200 is out of range (a number"),
        (decision("concede"), {"percent": "101"}, "tehran.concede: 101 is out of range (0 to 100 "),
        (decision("sponsor"), {"percent": "-100.5"}, "tehran.sponsor: -100.5 is out of range"),
        (offer, {"iran_saudi_ties": "101"}, "tehran.offer: iran_saudi_ties: 101 is out of range"),
        (offer, {"iran_saudi_ties": "50", "oil_price": "3"}, "tehran.offer: unknown issue 'oil_"),
        (offer, {}, "tehran.offer: give a value for iran_saudi_ties"),
        (offer, "50", "page: the answer has no fields"),
    ):
        with pytest.raises(InputError) as caught:
            forms.answer_value(made, values)
        assert str(caught.value).startswith(says if says.startswith("page") else "answer: " + says)


def test_text_fields_have_a_length_limit():
    assert forms.text_field({"reason": "because"}, "reason", 10) == "because"
    assert forms.text_field({}, "reason", 10) == ""
    with pytest.raises(InputError, match="too long"):
        forms.text_field({"reason": "x" * 11}, "reason", 10)
    with pytest.raises(InputError, match="must be text"):
        forms.text_field({"reason": 7}, "reason", 10)


def _slot(key: str, form) -> Slot:
    kind, _, track = key.partition("@")
    return Slot(key, kind, track or None, form, (), None)


def test_a_turn_forms_fields_become_orders():
    slots = [
        _slot("accept@talks", YesNo()),
        _slot("attack", Count(0, 1000, "attacks", "0 to 1000")),
        _slot("sponsor", Percentage(-1.0, 1.0, True, "-100 to 100")),
        _slot("offer@talks", PerIssue({"ties": (0.0, 100.0)}, {"ties": 20.0})),
        _slot("pause", YesNo()),
    ]
    fields = {
        "o:accept@talks": "yes",
        "mode:attack": "order",
        "o:attack": "3",
        "mode:sponsor": "order",
        "o:sponsor": "-25",
        "mode:offer@talks": "order",
        "o:offer@talks:ties": "42.5",
        "o:pause": "advisers",
    }
    assert forms.order_values("tehran", slots, fields) == {
        "accept@talks": True,
        "attack": 3,
        "sponsor": -0.25,  # per cent on the page, a signal in the model
        "offer@talks": {"ties": 42.5},
        "pause": "advisers",
    }
    fields["mode:attack"] = "advisers"  # the number typed before stays unsent
    assert forms.order_values("tehran", slots, fields)["attack"] == "advisers"


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("o:accept@talks", "maybe", "accept@talks: answer yes or no"),
        ("o:attack", "2.5", "attack: 2.5 is not a whole number of attacks"),
        ("o:attack", "5000", "attack: 5000 is out of range (0 to 1000)"),
        ("o:sponsor", "-250", "sponsor: -250 is out of range (-100 to 100 per cent)"),
        ("o:offer@talks:ties", "abc", "offer@talks: ties: 'abc' is not a number"),
    ],
)
def test_a_bad_turn_form_field_is_refused(field, value, problem):
    slots = [
        _slot("accept@talks", YesNo()),
        _slot("attack", Count(0, 1000, "attacks", "0 to 1000")),
        _slot("sponsor", Percentage(-1.0, 1.0, True, "-100 to 100")),
        _slot("offer@talks", PerIssue({"ties": (0.0, 100.0)}, {"ties": 20.0})),
    ]
    fields = {
        "o:accept@talks": "no",
        "o:attack": "1",
        "o:sponsor": "10",
        "o:offer@talks:ties": "50",
        field: value,
    }
    with pytest.raises(InputError) as caught:
        forms.order_values("tehran", slots, fields)
    assert str(caught.value) == f"orders: tehran.{problem} (or advisers)"
