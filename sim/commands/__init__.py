"""Subcommands of ``run.py``: each module offers ``register(subparsers)`` and a handler."""

from __future__ import annotations

import argparse


def add_overrides(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--set KEY=VALUE`` option, shared so every command reads overrides the same way."""
    parser.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE", help=help_text
    )
