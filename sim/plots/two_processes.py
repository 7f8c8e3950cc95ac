"""Independent jobs (the figures of a run) shared between this process and one forked child.

Drawing is most of a default run's time and matplotlib holds the GIL while it draws, so threads
would not help; a forked child already has the data and matplotlib loaded, so it starts drawing
at once. Jobs are dealt out as they finish (each process takes the next index from a pipe, one
byte at a time, which a pipe reads atomically), so a slow figure does not leave one process idle.
Each job writes its own file, so the bytes out are those of a serial run.

The work stays in one process where a fork is unsafe or useless: not on Linux, with other
threads running (a web server, a thread pool: a fork copies none of them, and a lock one holds
would never be released), with one core, or with fewer than two jobs. If the child fails, the
jobs it did not finish are run again here, so its error is raised in this process.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Sequence

Job = Callable[[], object]
MAX_JOBS = 255  # one byte per job index


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
        for job in jobs:
            job()
        return
    queue_read, queue_write = os.pipe()
    done_read, done_write = os.pipe()
    os.write(queue_write, bytes(range(len(jobs))))
    os.close(queue_write)  # an empty queue now reads as end of file
    for stream in (sys.stdout, sys.stderr):  # or the child would print what is buffered again
        stream.flush()
    # Python's advice for fork without exec: with the objects of now frozen, neither process's
    # collector writes to them, so the memory pages they share are not copied
    gc.freeze()
    child = os.fork()
    if child == 0:
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
    os.close(done_write)
    finished: set[int] = set()
    try:
        while index := os.read(queue_read, 1):
            jobs[index[0]]()
            finished.add(index[0])
    finally:
        os.close(queue_read)
        os.waitpid(child, 0)
        gc.unfreeze()
        finished |= set(_read_all(done_read))
        os.close(done_read)
    for index, job in enumerate(jobs):
        if index not in finished:  # the child stopped before this one: run it (and its error) here
            job()


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 4096):
        chunks.append(chunk)
    return b"".join(chunks)
