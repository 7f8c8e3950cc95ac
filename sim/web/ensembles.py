"""Each session's debrief ensemble, computed in a background process from the session's start.

The ensemble depends on the exercise and the seed only, not on what the class chooses, so it
need not wait for the end of the class: a low-priority child process runs it while the class
plays and leaves it on disk beside the session stores, where the debrief (and a restarted
server) finds it. The event loop only starts the child and, at the debrief, awaits it. The child
runs what the debrief would run itself, in the same order, so the file has the same bytes; a
child left running by a killed server finishes its file (written whole) and exits.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sim.classroom.ensemble_cache import debrief_columns, ensemble, ensemble_key, ready
from sim.classroom.session import Session

NICE = 10  # the class's pages come first: the child takes the cores the server leaves
CODE = "import sys; from sim.web.ensembles import main; sys.exit(main(sys.argv[1:]))"


def main(argv: list[str]) -> int:
    """``EXERCISE SEED RUNS FOLDER``: write the exercise's debrief ensemble into FOLDER."""
    from sim.classroom.spec import load_exercise

    path, seed, runs, folder = Path(argv[0]), int(argv[1]), int(argv[2]), Path(argv[3])
    if hasattr(os, "nice"):
        os.nice(NICE)
    _, scenario = load_exercise(path)
    scenario = scenario.model_copy(update={"seed": seed})  # as the session's (Session.create)
    columns = debrief_columns(scenario)
    ensemble(scenario, seed, runs, columns, 1, folder)
    return 0


class Ensembles:
    """The background runs of the sessions' ensembles, one child per (scenario, seed)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tasks: dict[str, asyncio.Task] = {}
        self.children: dict[str, asyncio.subprocess.Process] = {}

    def start(self, session: Session, runs: int | None = None) -> None:
        """Start the session's ensemble unless it is on disk or under way (from the loop)."""
        runs = runs or session.exercise.debrief.ensemble
        columns = debrief_columns(session.base)
        key = ensemble_key(session.base, session.seed, columns)
        if key in self.tasks or ready(self.folder, session.base, session.seed, runs, columns):
            return
        args = [str(session.exercise_path), str(session.seed), str(runs), str(self.folder)]
        self.tasks[key] = asyncio.get_running_loop().create_task(self._run(key, args))

    async def _run(self, key: str, args: list[str]) -> None:
        child = await asyncio.create_subprocess_exec(
            sys.executable, "-c", CODE, *args,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self.children[key] = child
        _, errors = await child.communicate()
        del self.children[key]
        if child.returncode != 0:  # the debrief computes it then
            lines = errors.decode(errors="replace").strip().splitlines()
            print(f"ensemble {key}: {lines[-1:]}", file=sys.stderr)
            self.tasks.pop(key, None)

    async def wait(self, session: Session, runs: int) -> None:
        """Until the session's background ensemble is written, when a debrief of ``runs`` runs
        will read it; at once when none runs or another size is asked (a smaller ensemble is
        quicker to run than to wait for, a larger one is not in the file)."""
        if runs != session.exercise.debrief.ensemble:
            return
        columns = debrief_columns(session.base)
        task = self.tasks.get(ensemble_key(session.base, session.seed, columns))
        if task is not None:
            await asyncio.wait({task})  # never raises: a failure is logged by the task

    def close(self) -> None:
        """Stop the children still running (a restart starts them again)."""
        for child in self.children.values():
            if child.returncode is None:
                child.terminate()
