"""The one rule per form that reads a person's answer (agents.decisions.form), by hand: each
input below, its value or its one-line error."""

from __future__ import annotations

import pytest

from agents.decisions import (
    AnswerError,
    Count,
    Percentage,
    PerIssue,
    YesNo,
    check_answer,
    read_answer,
)
from agents.decisions.form import read_number

ATTACKS = Count(0, 1000, "attacks", "a number of attacks from 0 to 1000")
SIGNAL = Percentage(-1.0, 1.0, True, "a signal from -1 (restrain) to 1 (encourage)")
OFFER = PerIssue({"troops": (0.0, 5200.0), "ties": (0.0, 100.0)}, {})


@pytest.mark.parametrize(
    ("given", "number"),
    [
        ("1200", 1200.0),
        ("1,200", 1200.0),  # thousands separators, as people write a troop count
        ("-12,000.5", -12000.5),
        ("  7 ", 7.0),
        ("2.5", 2.5),
        (3, 3.0),
        (0.25, 0.25),
    ],
)
def test_a_number_is_read_as_a_person_writes_it(given, number):
    assert read_number(given) == number


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("", "give a number"),
        ("   ", "give a number"),
        (None, "give a number"),
        (True, "give a number"),  # yes is no number
        ([1], "give a number"),
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
        ("-Infinity", "'-Infinity' is not a number"),
        (float("nan"), "nan is not a number"),
        ("1,2", "'1,2' is not a number"),  # a comma only between groups of three digits
        ("12,00", "'12,00' is not a number"),
        ("many", "'many' is not a number"),
    ],
)
def test_what_is_not_a_number(given, says):
    with pytest.raises(AnswerError) as caught:
        read_number(given)
    assert str(caught.value) == says


@pytest.mark.parametrize(
    ("form", "given", "value"),
    [
        (YesNo(), " Yes ", True),
        (YesNo(), "n", False),
        (YesNo(), False, False),
        (ATTACKS, "  7 ", 7),
        (ATTACKS, "1,000", 1000),
        (ATTACKS, "3.0", 3),  # a whole number however written
        (ATTACKS, 0, 0),
        (SIGNAL, "25", 0.25),  # per cent as typed, a signal in the model
        (SIGNAL, "-40%", -0.4),
        (SIGNAL, " 100 % ", 1.0),
        (OFFER, "40", {"troops": 40.0, "ties": 40.0}),  # one number for every issue
        (OFFER, "troops=1,200, ties=40", {"troops": 1200.0, "ties": 40.0}),
        (OFFER, "ties = 40,troops=5,200", {"troops": 5200.0, "ties": 40.0}),
        (OFFER, {"troops": "2,500", "ties": 12}, {"troops": 2500.0, "ties": 12.0}),
    ],
)
def test_a_typed_answer_is_read_in_the_models_units(form, given, value):
    assert read_answer(form, given) == value


@pytest.mark.parametrize(
    ("form", "given", "says"),
    [
        (YesNo(), "maybe", "answer yes or no"),
        (YesNo(), "", "answer yes or no"),
        (YesNo(), None, "answer yes or no"),
        (ATTACKS, "1200", "1200 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACKS, "1,200", "1200 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACKS, "-1", "-1 is out of range (a number of attacks from 0 to 1000)"),
        (ATTACKS, "2.5", "2.5 is not a whole number of attacks"),
        (ATTACKS, 2.5, "2.5 is not a whole number of attacks"),
        (ATTACKS, "nan", "'nan' is not a number"),
        (ATTACKS, "inf", "'inf' is not a number"),
        (ATTACKS, "", "give a number"),
        (SIGNAL, "150", "150 is out of range (-100 to 100 per cent)"),
        (SIGNAL, "0.5%%", "'0.5%' is not a number"),
        (SIGNAL, "nan", "'nan' is not a number"),
        (OFFER, "troops=9000, ties=1", "troops: 9000 is out of range (0 to 5200)"),
        (OFFER, "troops=-1", "troops: -1 is out of range (0 to 5200)"),
        (OFFER, "troops=5", "give a value for ties"),
        (OFFER, "troop=5, ties=4", "unknown issue 'troop'"),
        (OFFER, "troops=5, ties=abc", "ties: 'abc' is not a number"),
        (OFFER, "troops=5, ties", "troops: '5, ties' is not a number"),  # ties has no =
        (OFFER, "=5", "give issue=value for each issue, not '=5'"),
        (OFFER, {"troops": 1, "ties": "inf"}, "ties: 'inf' is not a number"),
    ],
)
def test_a_bad_typed_answer_says_what_to_give_in_one_line(form, given, says):
    with pytest.raises(AnswerError) as caught:
        read_answer(form, given)
    assert str(caught.value) == says


def test_the_models_units_differ_from_the_typed_ones_only_for_a_share():
    """check_answer takes a share as the model keeps it (0.25, not 25 per cent); every other
    form is read alike."""
    assert check_answer(SIGNAL, "0.25") == 0.25
    with pytest.raises(AnswerError, match=r"^25 is out of range \(a signal from -1"):
        check_answer(SIGNAL, 25)
    for form, given in ((YesNo(), "yes"), (ATTACKS, "1,000"), (OFFER, {"troops": 1, "ties": 2})):
        assert check_answer(form, given) == read_answer(form, given)
    with pytest.raises(AnswerError, match=r"^2\.5 is not a whole number of attacks$"):
        check_answer(ATTACKS, "2.5")
