#!/usr/bin/env python3
"""Crossroads command line: ``python run.py`` runs the default scenario; ``--help`` for more."""

import gc
import sys

from sim.cli import main

if __name__ == "__main__":
    status = main()
    # Exit without the collector walking every object once more while the interpreter shuts
    # down (about a quarter of a second after the figures); everything is written and closed.
    gc.freeze()
    sys.exit(status)
