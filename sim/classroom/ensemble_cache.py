"""The debrief's ensemble on disk: it depends only on the exercise's scenario, the seed and the
columns drawn (never on the class's choices), so it can be computed while the class plays and
read back after a restart instead of rerun.

A file holds the runs in seed order; the seeds are spawned children of the class's seed, so the
first ``n`` runs of a larger ensemble are the ensemble of ``n`` runs and a file with at least as
many runs as asked serves any smaller ensemble. Files are written whole (``os.replace``), so a
reader never sees half a file, and the same inputs give the same bytes wherever they are run.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from sim.classroom.ensemble import Tracker, ensemble_seeds, run_ensemble
from sim.scenario.schema import Scenario

SUFFIX = ".npy"


def ensemble_key(scenario: Scenario, seed: int, columns: list[str]) -> str:
    """A name for what the runs depend on: the resolved scenario, the seed, the columns."""
    what = json.dumps(
        {"scenario": scenario.model_dump(mode="json"), "seed": seed, "columns": columns},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(what.encode()).hexdigest()[:24]


def _files(folder: Path, key: str) -> list[tuple[int, Path]]:
    """(runs, path) of the cached ensembles of ``key``, largest first."""
    found = []
    for path in folder.glob(f"{key}-*{SUFFIX}"):
        runs = path.name[len(key) + 1 : -len(SUFFIX)]
        if runs.isdigit():
            found.append((int(runs), path))
    return sorted(found, reverse=True)


def cached(
    folder: Path | None, scenario: Scenario, seed: int, runs: int, columns: list[str]
) -> np.ndarray | None:
    """The first ``runs`` runs from a file in ``folder``, or None if none holds enough."""
    if folder is None or not folder.is_dir():
        return None
    for size, path in _files(folder, ensemble_key(scenario, seed, columns)):
        if size < runs:
            break
        try:
            data = np.load(path, allow_pickle=False)
        except (OSError, ValueError):  # a damaged file is computed again
            continue
        if data.ndim == 3 and data.shape[0] == size:
            return data[:runs]
    return None


def save(folder: Path, scenario: Scenario, seed: int, columns: list[str], data: np.ndarray) -> Path:
    """Write ``data`` (runs x rows x columns) whole under its key."""
    folder.mkdir(parents=True, exist_ok=True)
    key = ensemble_key(scenario, seed, columns)
    path = folder / f"{key}-{data.shape[0]}{SUFFIX}"
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(data, dtype=np.float64), allow_pickle=False)
    descriptor, scratch = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(buffer.getvalue())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(scratch, path)
    return path


def ensemble(
    scenario: Scenario,
    seed: int,
    runs: int,
    columns: list[str],
    workers: int,
    folder: Path | None = None,
    progress: Tracker | None = None,
) -> np.ndarray:
    """The ensemble of ``runs`` runs: read from ``folder`` when there, else run (and kept there
    when a folder is given), telling ``progress`` of each run."""
    found = cached(folder, scenario, seed, runs, columns)
    if found is not None:
        return found
    data = run_ensemble(scenario, ensemble_seeds(seed, runs), columns, workers, progress)
    if folder is not None:
        save(folder, scenario, seed, columns, data)
    return data


def debrief_columns(scenario: Scenario) -> list[str]:
    """The series the debrief reads: every issue (it charts the outcome issues and scores each
    seat's goals on all), the tension and the attacks so far."""
    return [f"status_quo:{i}" for i in scenario.issues] + ["tension", "attacks"]


def ready(folder: Path, scenario: Scenario, seed: int, runs: int, columns: list[str]) -> bool:
    """A file of at least ``runs`` runs is there (by its name; reading it checks it whole)."""
    if not folder.is_dir():
        return False
    found = _files(folder, ensemble_key(scenario, seed, columns))
    return bool(found) and found[0][0] >= runs
