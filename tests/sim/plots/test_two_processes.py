"""Jobs shared with a forked child: each runs once, a child's failure is run again here, and
the work stays in this process where a fork is unsafe."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.plots.two_processes import MAX_JOBS, can_fork, run_jobs

ROOT = Path(__file__).resolve().parents[3]


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


# The fork tests run in a fresh interpreter: earlier tests in this process may leave threads
# (a thread pool, a server), and then run_jobs rightly keeps the work in one process.
FORKING = """
import os, sys, time
from pathlib import Path
from sim.plots.two_processes import can_fork, run_jobs

folder, mode = Path(sys.argv[1]), sys.argv[2]
parent = os.getpid()

def job(k):
    def run():
        if mode == "parent-fails" and os.getpid() == parent:
            time.sleep(0.2)  # the child has taken a job by now
            raise RuntimeError("parent")
        time.sleep(1.0 if mode == "parent-fails" else 0.1)
        if mode == "child-fails" and os.getpid() != parent:
            raise RuntimeError("child")
        with (folder / f"{k}.txt").open("a") as handle:
            handle.write(f"{os.getpid()}\\n")
    return run

print(can_fork(6), parent, flush=True)
start = time.perf_counter()
try:
    run_jobs([job(k) for k in range(6)])
except RuntimeError as error:
    print(error, round(time.perf_counter() - start, 1), end=" ")
    try:
        os.waitpid(-1, os.WNOHANG)
        print("child-left")
    except ChildProcessError:
        print("no-child")
"""


def run_forking(folder: Path, mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", FORKING, str(folder), mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    can, parent, *rest = done.stdout.split()
    if can != "True":
        pytest.skip("one core or not Linux: run_jobs does not fork here")
    return " ".join([parent, *rest])


def test_every_job_runs_once_and_both_processes_take_some(tmp_path: Path) -> None:
    parent = run_forking(tmp_path, "plain")
    ran = pids(tmp_path, 6)
    assert all(len(once) == 1 for once in ran)
    assert len({p for (p,) in ran}) == 2 and parent in {p for (p,) in ran}


def test_jobs_the_child_failed_are_run_again_in_this_process(tmp_path: Path) -> None:
    parent = run_forking(tmp_path, "child-fails")
    assert pids(tmp_path, 6) == [[parent]] * 6


def test_when_this_process_fails_the_child_is_stopped_and_reaped(tmp_path: Path) -> None:
    # the child's jobs take 1 s each: stopped at once, it finishes none of the six
    _, error, seconds, child = run_forking(tmp_path, "parent-fails").split()
    assert (error, child) == ("parent", "no-child")
    assert float(seconds) < 0.8
    assert list(tmp_path.iterdir()) == []


def test_if_no_process_can_be_forked_all_jobs_run_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr("sim.plots.two_processes.can_fork", lambda jobs: True)
    monkeypatch.setattr(os, "fork", no_fork)
    open_before = len(os.listdir("/proc/self/fd"))
    run_jobs([writes_pid(tmp_path / f"{k}.txt") for k in range(4)])
    assert pids(tmp_path, 4) == [[str(os.getpid())]] * 4
    assert len(os.listdir("/proc/self/fd")) == open_before and gc.get_freeze_count() == 0


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
