"""The web server's background ensemble: written by a child process while the class plays, with
the bytes the debrief would write at the end, and not started again once it is on disk."""

from __future__ import annotations

import asyncio

from sim.classroom.ensemble_cache import debrief_columns, ensemble
from sim.classroom.session import Session
from sim.web.ensembles import Ensembles
from tests.conftest import SCENARIOS


def test_the_background_ensemble_has_the_bytes_of_the_one_at_the_end(tmp_path) -> None:
    session = Session.create(SCENARIOS / "exercises" / "iran_saudi_talks.yaml", tmp_path / "s")
    background = Ensembles(tmp_path / "background")

    async def play() -> int:
        background.start(session, runs=3)
        started = len(background.tasks)
        await asyncio.wait(set(background.tasks.values()))
        return started

    assert asyncio.run(play()) == 1
    columns = debrief_columns(session.base)
    ensemble(session.base, session.seed, 3, columns, 1, tmp_path / "end")
    (early,), (late,) = (tmp_path / "background").glob("*.npy"), (tmp_path / "end").iterdir()
    assert early.name == late.name and early.read_bytes() == late.read_bytes()

    again = Ensembles(tmp_path / "background")  # a restarted server

    async def restart() -> int:
        again.start(session, runs=3)
        again.start(session, runs=2)  # fewer runs: served by the same file
        return len(again.tasks)

    assert asyncio.run(restart()) == 0
    session.close()
