"""The commands of ``run.py``, by name: what both the parser and the fast top-level help list.

Plain data and no imports, so ``run.py --help`` can print the list without argparse.
"""

from __future__ import annotations

PROG = "run.py"
DESCRIPTION = (
    "Crossroads: scenario and negotiation simulation of Iraq between Washington, Tehran and "
    "Riyadh. With no command, runs the default scenario and draws its figures."
)

# command -> (module under sim.commands, one-line help shown by ``run.py --help``); the help
# lines repeat the modules' own (a test checks) so that ``--help`` imports none of them
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "run a scenario (the default command)"),
    "validate": (
        "validate",
        "check scenario, sweep, calibration and exercise files without running them",
    ),
    "list": ("list_scenarios", "list the shipped scenarios"),
    "sweep": ("sweep", "run a parameter sweep or ensemble"),
    "ensemble": ("ensemble", "run a scenario many times and draw fan charts"),
    "analyze": ("analyze", "summarise a sweep folder: table and figures"),
    "calibrate": ("calibrate", "fit scenario parameters to documented targets"),
    "bargain": ("bargain", "run spatial bargaining models on KTAB CSV files"),
    "brief": ("brief", "write the role briefings of a classroom exercise"),
    "play": ("play", "play a classroom exercise in the terminal (hot seat)"),
    "debrief": ("debrief", "write the debrief of classroom sessions (HTML with figures)"),
    "classroom": (
        "classroom",
        "serve classroom exercises in the browser (facilitator and seat pages)",
    ),
}
