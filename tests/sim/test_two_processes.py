"""Jobs shared with a forked child: each runs once, a child's failure is run again here, and
the work stays in this process where a fork is unsafe."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.plots.two_processes import MAX_JOBS, can_fork, run_jobs


def writes_pid(path: Path, seconds: float = 0.0) -> Callable[[], None]:
    def job() -> None:
        time.sleep(seconds)
        with path.open("a") as handle:
            handle.write(f"{os.getpid()}\n")

    return job


def pids(folder: Path, jobs: int) -> list[list[str]]:
    return [(folder / f"{k}.txt").read_text().split() for k in range(jobs)]


def test_fork_is_considered_only_for_two_to_max_jobs() -> None:
    assert not can_fork(0) and not can_fork(1) and not can_fork(MAX_JOBS + 1)


def test_every_job_runs_once_and_both_processes_take_some(tmp_path: Path) -> None:
    if not can_fork(6):
        pytest.skip("one core, not Linux, or other threads running: no fork here")
    run_jobs([writes_pid(tmp_path / f"{k}.txt", 0.1) for k in range(6)])
    ran = pids(tmp_path, 6)
    assert all(len(once) == 1 for once in ran)
    assert len({p for (p,) in ran}) == 2 and str(os.getpid()) in {p for (p,) in ran}


def test_jobs_the_child_failed_are_run_again_in_this_process(tmp_path: Path) -> None:
    if not can_fork(4):
        pytest.skip("one core, not Linux, or other threads running: no fork here")
    parent = os.getpid()

    def fails_in_child(k: int) -> Callable[[], None]:
        def job() -> None:
            time.sleep(0.1)
            if os.getpid() != parent:
                raise RuntimeError("child")
            writes_pid(tmp_path / f"{k}.txt")()

        return job

    run_jobs([fails_in_child(k) for k in range(4)])
    assert pids(tmp_path, 4) == [[str(parent)]] * 4


def test_an_error_is_raised_in_this_process() -> None:
    def broken() -> None:
        raise ValueError("bad figure")

    with pytest.raises(ValueError, match="bad figure"):
        run_jobs([broken, broken, broken])


def test_with_another_thread_running_nothing_is_forked(tmp_path: Path) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork(4)
        run_jobs([writes_pid(tmp_path / f"{k}.txt") for k in range(4)])
    finally:
        stop.set()
        other.join()
    assert pids(tmp_path, 4) == [[str(os.getpid())]] * 4
