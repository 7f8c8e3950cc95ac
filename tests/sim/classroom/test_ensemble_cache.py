"""The debrief's ensemble on disk: the same bytes whether a background process computed it while
the class played or the debrief computed it at the end; a larger file serves a smaller ensemble;
a damaged or short file is computed again."""

from __future__ import annotations

import numpy as np

from sim.classroom.ensemble import ensemble_seeds, run_ensemble
from sim.classroom.ensemble_cache import cached, debrief_columns, ensemble
from sim.classroom.spec import load_exercise
from sim.paths import SCENARIOS


def _short():
    _, scenario = load_exercise(SCENARIOS / "exercises" / "us_withdrawal_dialogue.yaml")
    calendar = scenario.calendar.model_copy(update={"steps": 3})
    short = scenario.model_copy(update={"calendar": calendar})
    return short, debrief_columns(short)


def test_one_or_two_workers_give_the_same_bytes(tmp_path) -> None:
    scenario, columns = _short()
    ensemble(scenario, 7, 4, columns, 1, tmp_path / "one")
    ensemble(scenario, 7, 4, columns, 2, tmp_path / "two")
    (one,), (two,) = (tmp_path / "one").iterdir(), (tmp_path / "two").iterdir()
    assert one.name == two.name and one.read_bytes() == two.read_bytes()


def test_a_larger_file_serves_the_first_runs_and_a_smaller_one_does_not(tmp_path) -> None:
    scenario, columns = _short()
    four = ensemble(scenario, 7, 4, columns, 1, tmp_path)
    two = cached(tmp_path, scenario, 7, 2, columns)
    assert two is not None and two.shape == (2, *four.shape[1:])
    assert np.array_equal(two, run_ensemble(scenario, ensemble_seeds(7, 2), columns, 1))
    assert cached(tmp_path, scenario, 7, 5, columns) is None  # 4 runs cannot serve 5
    assert cached(tmp_path, scenario, 8, 2, columns) is None  # another seed is other runs


def test_a_damaged_file_is_computed_again(tmp_path) -> None:
    scenario, columns = _short()
    good = ensemble(scenario, 7, 3, columns, 1, tmp_path)
    (written,) = tmp_path.iterdir()
    written.write_bytes(b"not an array")
    assert cached(tmp_path, scenario, 7, 3, columns) is None
    assert np.array_equal(ensemble(scenario, 7, 3, columns, 1, tmp_path), good)
    assert np.array_equal(np.load(written), good)  # and written again whole


class _Counter:
    def __init__(self, total: int) -> None:
        self.total, self.told, self.closed = total, [], 0

    def update(self, status: str) -> None:
        self.told.append(status)

    def close(self) -> None:
        self.closed += 1


def test_progress_is_told_of_every_run_in_process_and_in_a_pool() -> None:
    """The debrief's ensemble once ran without a word; the runs are the same with a counter."""
    scenario, columns = _short()
    seeds = ensemble_seeds(7, 12)
    plain = run_ensemble(scenario, seeds, columns, 1)
    for workers in (1, 2):
        made: list[_Counter] = []

        def tracker(total: int, made: list[_Counter] = made) -> _Counter:
            made.append(_Counter(total))
            return made[-1]

        counted = run_ensemble(scenario, seeds, columns, workers, tracker)
        assert np.array_equal(counted, plain)
        (counter,) = made
        assert (counter.total, counter.told, counter.closed) == (12, ["ok"] * 12, 1)
