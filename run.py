#!/usr/bin/env python3
"""Crossroads command line: ``python run.py`` runs the default scenario; ``--help`` for more."""

import sys

from sim.cli import main

if __name__ == "__main__":
    sys.exit(main())
