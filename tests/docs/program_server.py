"""The docs tests' program server: a Python process that imports the program once and forks a
child per ``python run.py ARGS`` command of a page, so each command does not start an interpreter
and import Mesa, pandas and matplotlib again.

It is a process of its own (``python -m tests.docs.program_server``, started from the
repository), not the test process: nothing of pytest (its threads, capture, warning filters,
signal handlers) reaches the child. A child takes the command's folder, environment and
arguments, points stdout and stderr at one file as a pipe would take them, sets them up as a new
interpreter does, and runs ``run.py`` itself as ``__main__``: its exit (``sys.exit``, then the
interpreter's own shutdown) is the child's. Requests are JSON lines on stdin; each is answered by
two lines, the child's pid, then its exit status (negative: the signal that ended it)."""

from __future__ import annotations

import gc
import importlib
import json
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRELOAD = ("sim.cli", "sim.summary", "pandas", "matplotlib.pyplot")


def child(request: dict[str, object]) -> None:
    """In the forked child: become ``python run.py ARGS`` run from the page's folder."""
    os.chdir(str(request["work"]))
    env = request["env"]
    assert isinstance(env, dict)
    os.environ.clear()
    os.environ.update(env)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    output = os.open(str(request["output"]), os.O_WRONLY)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    # as a new interpreter sets them up on a pipe: stdout buffered, stderr line by line
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = sys.__stderr__ = open(  # noqa: SIM115
        2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False
    )
    args = request["args"]
    assert isinstance(args, list)
    sys.argv = ["run.py", *map(str, args)]
    gc.unfreeze()
    runpy.run_path(str(ROOT / "run.py"), run_name="__main__")  # ends with sys.exit


def serve() -> None:
    if sys.path[0] != str(ROOT):
        sys.path.insert(0, str(ROOT))
    for name in PRELOAD:
        importlib.import_module(name)
    import sim

    if Path(sim.__file__).resolve().parent != ROOT / "sim":  # the program under test, no other
        raise ImportError(f"sim imported from {sim.__file__}, not {ROOT}")
    gc.freeze()  # what was imported stays shared with the children, not copied by the collector
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            child(request)
            raise SystemExit(0)  # run.py returned without exiting: as Python does at its end
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)


if __name__ == "__main__":
    serve()
