"""Subcommands of ``run.py``: each module offers ``register(subparsers)`` and a handler."""
