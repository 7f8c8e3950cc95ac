#!/usr/bin/env python3
"""Crossroads command line: ``python run.py`` runs the default scenario; ``--help`` for more."""

import gc
import sys

from sim.cli import main

if __name__ == "__main__":
    status = main()
    # Exit without the collector walking every object once more while the interpreter shuts
    # down (about a quarter of a second after the figures). Everything is written and closed
    # by now; an object left in a reference cycle is not finalised, so whatever must happen at
    # exit (files, pools, clients) is closed by the commands themselves or by atexit hooks.
    gc.freeze()
    sys.exit(status)
