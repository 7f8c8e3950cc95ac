"""Run identity and seeds, keyed by what a run is rather than where it sits in the design.

A point's key is a hash of its parameter values (with a counter for repeated points), and a run's
seed comes from ``SeedSequence(master, spawn_key=(point_key, replication))`` (or from the
replication alone with ``common_seeds``). Adding points,
values or replications therefore never changes the seed of a run that already existed, and
``--resume`` of an extended sweep reruns nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import numpy as np

from sim.sweep.spec import Scalar

KEY_HEX = 12  # 48 bits: collisions are negligible for any sweep that fits on a disk


def value_key(values: dict[str, Scalar], occurrence: int = 0) -> str:
    """The hex key of one set of parameter values (order of the parameters does not matter)."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"))
    if occurrence:
        text += f"#{occurrence}"
    return hashlib.sha256(text.encode()).hexdigest()[:KEY_HEX]


def point_keys(points: Iterable[dict[str, Scalar]]) -> list[str]:
    """Keys of design points in order; the n-th repeat of the same values gets its own key."""
    seen: dict[str, int] = {}
    keys = []
    for values in points:
        plain = value_key(values)
        keys.append(value_key(values, seen.get(plain, 0)))
        seen[plain] = seen.get(plain, 0) + 1
    return keys


def run_id(point_key: str, replication: int) -> str:
    return f"{point_key}-{replication:05d}"


COMMON_STREAM = 1 << 48  # above every 48-bit point key, so the two kinds never meet


def run_seed(master: int, point_key: str, replication: int, common: bool = False) -> int:
    """A 63-bit seed for one run (fits the engine's --seed range).

    With ``common`` (common random numbers) replication r has the same seed at every point, so
    differences between points come from the parameters rather than from the dice.
    """
    key = COMMON_STREAM if common else int(point_key, 16)
    sequence = np.random.SeedSequence(master, spawn_key=(key, replication))
    return int(sequence.generate_state(1, np.uint64)[0] >> np.uint64(1))
