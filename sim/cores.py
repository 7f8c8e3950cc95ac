"""How many cores this process may use: the CPU affinity where the OS reports it (a container
or ``taskset`` may allow fewer than the machine has), else the machine's count."""

from __future__ import annotations

import os


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
