"""A library's error about one of its arguments, and the same error worded for an option."""

from __future__ import annotations

from sim.errors import ArgumentError, InputError


def test_an_argument_error_names_the_argument_and_its_value() -> None:
    error = ArgumentError("cannot write it", argument="out", value="results/x")
    assert isinstance(error, InputError)
    assert str(error) == "out=results/x: cannot write it"


def test_the_command_line_names_its_option_instead() -> None:
    error = ArgumentError("cannot reach it", argument="scheduler", value="host:1")
    assert str(error.for_option("--scheduler")) == "--scheduler host:1: cannot reach it"
