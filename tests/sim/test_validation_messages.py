"""One pydantic error, one line: the cases every input file shares."""

from __future__ import annotations

from sim.validation_messages import one_line


def error(kind: str, msg: str = "", loc: tuple = ("a", "b"), **more: object) -> dict:
    return {"type": kind, "msg": msg, "loc": loc, **more}


def test_unknown_and_missing_keys_are_named() -> None:
    assert one_line(error("extra_forbidden", input=1)) == "unknown key 'b'"
    assert one_line(error("missing", loc=("seed",))) == "missing required key 'seed'"


def test_pydantic_wording_is_rewritten_where_it_would_not_say_what_is_right() -> None:
    assert one_line(error("int_type", input="3")) == (
        "expected a whole number (no quotes, no decimals), got '3'"
    )
    assert one_line(error("too_long", input=[1, 2, 3], ctx={"max_length": 2})) == (
        "has 3 entries, more than the limit of 2"
    )


def test_a_plain_value_given_is_shown_unless_the_check_names_it_already() -> None:
    wrong = error("value_error", "Value error, must be positive", input=-2)
    assert one_line(wrong) == "must be positive (got -2)"
    assert one_line(wrong, bare_kinds=("value_error",)) == "must be positive"
    assert one_line(error("dict_type", "not a mapping", input={"x": 1})) == "not a mapping"
