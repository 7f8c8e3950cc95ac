"""``run.py --help`` lists every command without importing it; the listed help lines are the
commands' own."""

from __future__ import annotations

import argparse
import importlib

import pytest

from sim.cli_parser import build_parser
from sim.command_list import COMMANDS


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_line_matches_the_command_module(name: str) -> None:
    module_name, help_line = COMMANDS[name]
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers(dest="command")
    importlib.import_module(f"sim.commands.{module_name}").register(subparsers)
    listed = {action.dest: action.help for action in subparsers._choices_actions}
    assert listed == {name: help_line}


def test_only_the_named_command_gets_its_options() -> None:
    args = build_parser("bargain").parse_args(["bargain", "x.csv", "--models", "smp"])
    assert args.models == "smp" and callable(args.handler)
    with pytest.raises(SystemExit):
        build_parser(None).parse_args(["bargain", "x.csv", "--models", "smp"])
