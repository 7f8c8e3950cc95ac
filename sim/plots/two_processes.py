"""Independent jobs (the figures of a run) shared between this process and one forked child.

Drawing is most of a default run's time and matplotlib holds the GIL while it draws, so threads
would not help; a forked child already has the data and matplotlib loaded, so it starts drawing
at once. Jobs are dealt out as they finish (each process takes the next index from a pipe, one
byte at a time, which a pipe reads atomically), so a slow figure does not leave one process idle.
Each job writes its own file, so the bytes out are those of a serial run.

The work stays in one process where a fork is unsafe or useless: not on Linux, with other
threads running (a thread pool, a server: a fork copies none of them, and a lock one holds
would never be released), with one core, with fewer than two jobs, or when no process can be
forked. If the child fails, the jobs it did not finish are run again here, so its error is
raised in this process; if this process fails or is interrupted, the child is stopped and
waited for, so none is left behind.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import NoReturn

from sim.cores import usable_cores

Job = Callable[[], object]
MAX_JOBS = 255  # one byte per job index


def can_fork(jobs: int) -> bool:
    """Whether sharing ``jobs`` jobs with a forked child is safe and can gain anything."""
    return (
        sys.platform == "linux"
        and 2 <= jobs <= MAX_JOBS
        and threading.active_count() == 1
        and usable_cores() >= 2
    )


def run_jobs(jobs: Sequence[Job]) -> None:
    """Run every job once, in two processes when that is safe (see the module)."""
    if not can_fork(len(jobs)):
        _run_here(jobs)
        return
    queue_read, queue_write = os.pipe()
    done_read, done_write = os.pipe()
    os.write(queue_write, bytes(range(len(jobs))))
    os.close(queue_write)  # an empty queue now reads as end of file
    for stream in (sys.stdout, sys.stderr):  # or the child would print what is buffered again
        if stream is not None:
            stream.flush()
    # Python's advice for fork without exec: with the objects of now frozen, neither process's
    # collector writes to them, so the memory pages they share are not copied
    gc.freeze()
    try:
        child = os.fork()
    except OSError:  # no process to spare (a process limit, no memory): all of them here
        gc.unfreeze()
        for fd in (queue_read, done_read, done_write):
            os.close(fd)
        _run_here(jobs)
        return
    if child == 0:
        _serve(jobs, queue_read, done_read, done_write)
    os.close(done_write)
    finished: set[int] = set()
    try:
        while index := os.read(queue_read, 1):
            jobs[index[0]]()
            finished.add(index[0])
    except BaseException:
        os.kill(child, signal.SIGTERM)  # the run fails or is interrupted: the child stops too
        raise
    finally:
        os.close(queue_read)
        _reap(child)
        gc.unfreeze()
        finished |= set(_read_all(done_read))
        os.close(done_read)
    _run_here([job for index, job in enumerate(jobs) if index not in finished])


def _run_here(jobs: Sequence[Job]) -> None:
    """Jobs in this process: all of them, or those the child did not finish (so its error, if
    it had one, is raised here)."""
    for job in jobs:
        job()


def _serve(jobs: Sequence[Job], queue_read: int, done_read: int, done_write: int) -> NoReturn:
    """The child: take jobs from the queue until it is empty, report each one done, and leave
    without running the parent's exit handlers or flushing its buffers a second time."""
    os.close(done_read)
    status = 0
    try:
        while index := os.read(queue_read, 1):
            jobs[index[0]]()
            os.write(done_write, index)
    except BaseException:  # the parent runs the job again and raises
        status = 1
    finally:
        os._exit(status)


def _reap(child: int) -> None:
    """Wait for the child. A Ctrl-C while waiting stops the child too, and is raised once the
    child is gone, so no process is left behind."""
    interrupted: KeyboardInterrupt | None = None
    while True:
        try:
            os.waitpid(child, 0)
            break
        except KeyboardInterrupt as error:
            interrupted = error
            os.kill(child, signal.SIGTERM)
        except ChildProcessError:
            break
    if interrupted is not None:
        raise interrupted


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)
