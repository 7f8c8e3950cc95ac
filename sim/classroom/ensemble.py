"""Model runs a debrief compares the class with: an ensemble of the exercise's scenario with the
model in every seat, and reruns of the class's own run with one choice flipped (same dice).

Both run in a process pool; each task returns plain arrays so nothing of Mesa crosses processes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from agents.decisions import Choice, Decision
from agents.policies import HeuristicPolicy
from sim.classroom.answers import Answer, AnswerBook, SeatPolicy
from sim.evaluators.pool import process_context, start_worker
from sim.scenario.schema import Scenario

HEURISTIC = HeuristicPolicy()


def ensemble_seeds(seed: int, runs: int) -> list[int]:
    """Replication seeds spawned from the class's seed (numpy SeedSequence)."""
    children = np.random.SeedSequence(seed).spawn(runs)
    return [int(child.generate_state(1, np.uint64)[0] >> 1) for child in children]


@dataclass(frozen=True)
class Series:
    """A run's time series only: what the debrief reads (no outcomes, log or state)."""

    columns: list[str]
    rows: list[list]

    def series(self, column: str) -> list:
        index = self.columns.index(column)
        return [row[index] for row in self.rows]


def run_series(scenario: Scenario, seed: int, policies: dict | None = None) -> Series:
    """Run the model and keep its recorded rows (lighter than ``run_scenario``)."""
    from sim.model import CrossroadsModel

    model = CrossroadsModel(scenario, seed=seed, policies=policies)
    model.run_model()
    return Series(model.recorder.columns, model.recorder.rows)


class Counter(Protocol):
    """Told of each run as it ends, and closed at the end: the command's progress bar (the
    sweep's ``Progress``, which the classroom does not import: the command passes it)."""

    def update(self, status: str) -> None: ...

    def close(self) -> None: ...


#: given the number of runs, the counter to tell of each
Tracker = Callable[[int], Counter]


def trajectories(
    scenario: Scenario,
    seeds: Sequence[int],
    columns: Sequence[str],
    counter: Counter | None = None,
) -> np.ndarray:
    """runs x steps+1 x columns: the model's own runs of the scenario (``attacks`` summed up)."""
    runs = []
    for seed in seeds:
        runs.append(series_of(run_series(scenario, seed), columns))
        if counter is not None:
            counter.update("ok")
    return np.array(runs)


def series_of(result, columns: Sequence[str]) -> np.ndarray:
    """The chosen columns of a run as a steps+1 x columns array (attacks cumulated)."""
    data = []
    for column in columns:
        values = np.array(result.series(column), dtype=float)
        data.append(np.cumsum(values) if column == "attacks" else values)
    return np.stack(data, axis=1)


def _fill(decision: Decision, n: int) -> Choice:
    return HEURISTIC.decide(decision)


def rerun(
    scenario: Scenario, seed: int, seats: dict[str, frozenset[str]], answers: list[Answer]
) -> np.ndarray:
    """The class's run again with these answers (the model answers anything else), same seed;
    the final status quo per issue, in the issue's units."""
    book = AnswerBook(answers)
    policies = {actor: SeatPolicy(actor, kinds, book, _fill) for actor, kinds in seats.items()}
    result = run_series(scenario, seed, policies)
    finals = result.rows[-1]
    return np.array(
        [float(finals[result.columns.index(f"status_quo:{i}")]) for i in scenario.issues]
    )


def _trajectory_task(args) -> np.ndarray:
    scenario, seeds, columns = args
    return trajectories(scenario, seeds, columns)


def _rerun_task(args) -> list[np.ndarray]:
    scenario, seed, seats, variants = args
    return [rerun(scenario, seed, seats, answers) for answers in variants]


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers that start at once (a fork when no thread runs here, else a preloaded server):
    a spawned worker spends seconds importing the model before its first run. Each freezes
    what it started with (``start_worker``), so its collector leaves the shared pages alone."""
    context = process_context(["sim.model", "sim.classroom.answers"], fork_if_alone=True)
    return ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker)


def _chunks(items: list, parts: int) -> list[list]:
    parts = max(1, min(parts, len(items)))
    return [items[i::parts] for i in range(parts)]


#: runs per pool task: small enough that the progress moves, large enough that sending the
#: scenario to a worker is paid rarely
TASK_RUNS = 5


def run_ensemble(
    scenario: Scenario,
    seeds: list[int],
    columns: list[str],
    workers: int,
    progress: Tracker | None = None,
) -> np.ndarray:
    """The ensemble in ``workers`` processes, in seed order; ``progress`` is told of each run
    (of each task's runs, in a pool: tasks of about :data:`TASK_RUNS` runs, so it moves)."""
    counter = progress(len(seeds)) if progress is not None else None
    try:
        if workers <= 1:
            return trajectories(scenario, seeds, columns, counter)
        parts_wanted = max(workers * 2, -(-len(seeds) // TASK_RUNS))
        chunks = _chunks(list(range(len(seeds))), parts_wanted)
        tasks = [(scenario, [seeds[i] for i in chunk], columns) for chunk in chunks]
        out: np.ndarray | None = None
        with _pool(workers) as pool:
            futures = {
                pool.submit(_trajectory_task, task): chunk
                for task, chunk in zip(tasks, chunks, strict=True)
            }
            for future in as_completed(futures):
                part = future.result()
                if out is None:
                    out = np.empty((len(seeds), *part.shape[1:]))
                out[futures[future]] = part
                if counter is not None:
                    for _ in futures[future]:
                        counter.update("ok")
        assert out is not None  # at least one chunk: _chunks gives one even for no seeds
        return out
    finally:
        if counter is not None:
            counter.close()


def run_reruns(
    scenario: Scenario,
    seed: int,
    seats: dict[str, frozenset[str]],
    variants: list[list[Answer]],
    workers: int,
) -> list[np.ndarray]:
    """Each variant of the class's answers rerun with the same dice, in order."""
    if not variants:
        return []
    if workers <= 1:
        return _rerun_task((scenario, seed, seats, variants))
    chunks = _chunks(list(range(len(variants))), workers * 2)
    tasks = [(scenario, seed, seats, [variants[i] for i in chunk]) for chunk in chunks]
    with _pool(workers) as pool:
        parts = list(pool.map(_rerun_task, tasks))
    out: list = [None] * len(variants)
    for chunk, part in zip(chunks, parts, strict=True):
        for index, value in zip(chunk, part, strict=True):
            out[index] = value
    return out
