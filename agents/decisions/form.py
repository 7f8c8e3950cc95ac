"""How an answer is given (yes/no, a count, a percentage, amounts per issue) and the one rule
that reads a person's answer for each form.

Every way in reads through here: a question answered at the terminal or on the web page, and a
standing order for a whole turn (:mod:`sim.classroom.orders`), so the same input gives the same
value or the same one-line :class:`AnswerError` whichever way it came. Two entries, because a
person and the model count shares differently:

- :func:`read_answer` takes the answer as a person types it: a share or signal in per cent
  ("25", "25%"), an offer as ``issue=value, ...`` text, one number for every issue, or a number
  per issue;
- :func:`check_answer` takes a value already in the model's units (a share from 0 to 1), as the
  session's API and its stored rows hold it.

The rules a person may expect: spaces around a value are dropped, "1,200" is 1200 (commas only
between groups of three digits), "nan" and "inf" are not numbers, a count is a whole number
(2.5 is refused, 3.0 is 3), and a number outside the form's bounds is refused, never clipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

Amounts = dict[str, float]
"""A number per issue, in the issue's own units (troops, index points)."""

AnswerValue = bool | int | float | Amounts
"""What an answer can be: yes/no, a count, a share or signal, or an amount per issue."""


@dataclass(frozen=True)
class YesNo:
    """Answered yes or no."""


@dataclass(frozen=True)
class Count:
    """Answered with a whole number in [low, high]."""

    low: int
    high: int
    noun: str  # what is counted, plural ('attacks')
    problem: str  # what to give, said when an answer is out of range


@dataclass(frozen=True)
class Percentage:
    """A share or signal in [low, high] in the model, answered in per cent on screen."""

    low: float
    high: float
    signed: bool  # shown with its sign (+/-)
    problem: str


@dataclass(frozen=True)
class PerIssue:
    """An amount per issue in the issue's units, each within its scale's bounds."""

    bounds: dict[str, tuple[float, float]]
    suggested: Amounts  # the numbers a form starts from


Form = YesNo | Count | Percentage | PerIssue
"""How an answer is given; front ends offer one input per form, whatever the kind."""

YES = ("y", "yes", "true", "1")
NO = ("n", "no", "false", "0")

_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
"""A number written with thousands separators: 1,200 or 12,000.5 (not 1,2)."""

_NEXT_ISSUE = re.compile(r"\s*,\s*(?=[A-Za-z_]\w*\s*=)")
"""The comma before the next ``issue=`` of an offer typed as text (a comma in 1,200 is not)."""


class AnswerError(ValueError):
    """An answer its form refuses; the message is one line saying what to give (the caller
    adds where: the seat and the decision, or the slot of a standing order)."""


def read_number(value: object) -> float:
    """A finite number as a person gives it: a number, or its text with spaces around it and
    commas between groups of three digits."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise AnswerError("give a number")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise AnswerError("give a number")
        try:
            number = float(text.replace(",", "") if _GROUPED.fullmatch(text) else text)
        except ValueError:
            raise AnswerError(f"'{text[:40]}' is not a number") from None
        if not math.isfinite(number):
            raise AnswerError(f"'{text[:40]}' is not a number")
        return number
    if not math.isfinite(value):
        raise AnswerError(f"{value} is not a number")
    return float(value)


def check_answer(form: Form, value: object) -> AnswerValue:
    """An answer in the model's units (a share from 0 to 1), checked against its form; an
    offer is a number per issue or one number for every issue."""
    if isinstance(form, Percentage):
        share = read_number(value)
        if not form.low <= share <= form.high:
            raise AnswerError(f"{share:g} is out of range ({form.problem})")
        return share
    return _read(form, value)


def read_answer(form: Form, value: object) -> AnswerValue:
    """An answer as a person types it, in the model's units: a share or signal is given in
    per cent ("25" or "25%"), an offer may be ``issue=value, issue=value`` text."""
    if isinstance(form, Percentage):
        text = value.strip().removesuffix("%") if isinstance(value, str) else value
        percent = read_number(text)
        low, high = 100.0 * form.low, 100.0 * form.high
        if not low <= percent <= high:
            raise AnswerError(f"{percent:g} is out of range ({low:g} to {high:g} per cent)")
        return percent / 100.0
    if isinstance(form, PerIssue) and isinstance(value, str) and "=" in value:
        value = _issue_text(value)
    return _read(form, value)


def _read(form: YesNo | Count | PerIssue, value: object) -> AnswerValue:
    """The rule both entries share for the forms a person and the model count alike."""
    if isinstance(form, Count):
        count = read_number(value)
        if count != int(count):
            raise AnswerError(f"{count:g} is not a whole number of {form.noun}")
        if not form.low <= count <= form.high:
            raise AnswerError(f"{count:g} is out of range ({form.problem})")
        return int(count)
    if isinstance(form, PerIssue):
        return _amounts(form, value)
    if isinstance(value, bool):
        return value
    text = value.strip().lower() if isinstance(value, str) else ""
    if text in YES:
        return True
    if text in NO:
        return False
    raise AnswerError("answer yes or no")


def _amounts(form: PerIssue, value: object) -> Amounts:
    """A number per issue of the form, each within its scale; one number is every issue's."""
    given = value if isinstance(value, Mapping) else dict.fromkeys(form.bounds, value)
    unknown = sorted(str(issue) for issue in given if issue not in form.bounds)
    if unknown:
        raise AnswerError(f"unknown issue '{unknown[0][:40]}'")
    offer: Amounts = {}
    for issue, (low, high) in form.bounds.items():
        if issue not in given:
            raise AnswerError(f"give a value for {issue}")
        try:
            amount = read_number(given[issue])
        except AnswerError as error:
            raise AnswerError(f"{issue}: {error}") from None
        if not low <= amount <= high:
            raise AnswerError(f"{issue}: {amount:g} is out of range ({low:g} to {high:g})")
        offer[issue] = amount  # in the issue's units (the round converts)
    return offer


def _issue_text(text: str) -> dict[str, str]:
    """``troops=1,200, ties=40`` as {issue: text}; a part without ``=`` is refused."""
    given: dict[str, str] = {}
    for part in _NEXT_ISSUE.split(text.strip()):
        issue, equals, amount = part.partition("=")
        if not equals or not issue.strip():
            raise AnswerError(f"give issue=value for each issue, not '{part.strip()[:40]}'")
        given[issue.strip()] = amount
    return given
