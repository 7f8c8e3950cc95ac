"""A sweep worker's shortcuts give the runs of the plain path: a design point validated once and
kept, a run without event log, resolved scenario or final state, workers forked when alone,
rows flushed one by one and fsynced at most once a second; a worker freezes what it was forked
with."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from sim import runner
from sim.evaluators import pool
from sim.evaluators.process import ProcessEvaluator
from sim.eventlog import SilentLog
from sim.scenario.load import load_scenario, load_scenario_data
from sim.sweep import store, worker
from sim.sweep.worker import Context, Record, Task

ROOT = Path(__file__).resolve().parents[3]
BASELINE = ROOT / "scenarios" / "baseline_2020.yaml"
RESOLVE = "actors.washington.behaviour.strike_resolve"


@pytest.fixture
def context() -> Context:
    raw, origins = load_scenario_data(BASELINE)
    context = Context("test", raw, origins, "baseline_2020", steps=6)
    worker.initialise(context)
    return context


def task(run: int, resolve: float, seed: int) -> Task:
    return Task(f"r{run}", "p", 0, seed, {RESOLVE: resolve})


def test_a_kept_point_runs_as_a_freshly_validated_scenario(context: Context) -> None:
    first = worker.run_task(task(1, 0.3, 5))
    again = worker.run_task(task(2, 0.3, 5))  # the kept scenario, after a run of it
    fresh = load_scenario(BASELINE, [f"{RESOLVE}=0.3"])
    expected = runner.run_scenario(fresh, seed=5, steps=6).flat_outcomes()
    assert first.status == again.status == "ok"
    assert first.outcomes == again.outcomes == expected
    assert len(worker._SCENARIOS) == 1


def test_kept_points_are_bounded(context: Context) -> None:
    for run in range(worker.KEPT_POINTS + 3):
        worker._scenario(context, {RESOLVE: run / 100})
    assert len(worker._SCENARIOS) == worker.KEPT_POINTS
    assert ((RESOLVE, 0.0),) not in worker._SCENARIOS  # the oldest went first
    assert ((RESOLVE, (worker.KEPT_POINTS + 2) / 100),) in worker._SCENARIOS


def test_a_point_that_fails_validation_fails_each_of_its_runs(context: Context) -> None:
    records = [worker.run_task(task(run, 1.7, run)) for run in (1, 2)]
    assert [r.status for r in records] == ["failed", "failed"]
    assert records[0].error == records[1].error and "1.7" in records[0].error
    assert not worker._SCENARIOS


def test_run_outcomes_are_those_of_a_full_run() -> None:
    scenario = runner.with_steps(load_scenario(BASELINE), 8)
    full = runner.run_scenario(scenario, seed=3)
    columns, rows, outcomes = runner.run_outcomes(scenario, seed=3)
    assert (columns, rows) == (full.columns, full.rows)
    assert {k: v for k, v in outcomes.items() if k != "players"} == {
        k: v for k, v in full.outcomes.items() if k != "players"
    }
    assert full.events  # the full run logs what the lean one does not keep


def test_the_silent_log_keeps_nothing() -> None:
    log = SilentLog(lambda: (0, "2020-01"))
    log.event("attack", actor="x")
    assert log.records == []


def test_workers_are_forked_only_when_no_other_thread_runs(monkeypatch) -> None:
    threads = [1]
    monkeypatch.setattr(pool.threading, "active_count", lambda: threads[0])
    monkeypatch.setattr(pool.sys, "platform", "linux")
    assert pool.process_context([], fork_if_alone=True).get_start_method() == "fork"
    threads[0] = 2  # another thread (a server, a progress monitor): no fork
    assert pool.process_context([], fork_if_alone=True).get_start_method() != "fork"
    threads[0] = 1
    assert pool.process_context([]).get_start_method() != "fork"  # only when asked


INHERITED: list[int] = []  # made before any pool: a forked worker starts with it


def _collector_tracks_inherited(task: int) -> bool:
    return any(thing is INHERITED for thing in gc.get_objects())


def test_a_forked_worker_leaves_what_it_inherited_to_no_collection() -> None:
    # a collection in the worker would write to the inherited objects' shared pages, and the
    # crowd of them would put off its full collections (issue 20)
    if pool.process_context([], fork_if_alone=True).get_start_method() != "fork":
        pytest.skip("workers are forked only on Linux while no other thread runs")
    assert _collector_tracks_inherited(0)  # here it is tracked
    with ProcessEvaluator(_collector_tracks_inherited, 1, [], fork_if_alone=True) as evaluator:
        assert list(evaluator.evaluate([0])) == [False]
    assert _collector_tracks_inherited(0)  # and here it still is: only the worker froze


def test_rows_are_flushed_each_and_fsynced_at_most_once_a_second(tmp_path: Path, monkeypatch):
    synced: list[int] = []
    monkeypatch.setattr(store.os, "fsync", lambda fd: synced.append(fd))
    clock = iter([100.0, 100.2, 100.5, 101.3, 101.4])
    monkeypatch.setattr(store.time, "monotonic", lambda: next(clock))
    folder = store.SweepFolder(tmp_path, [*store.FIXED_COLUMNS, "x"])
    folder.create({"parameters": []})
    header_syncs = len(synced)
    for run in range(4):  # at 100.0 (synced), 100.2, 100.5, 101.3 (synced: 1.3 s later)
        record = Record(Task(f"r{run}", "p", 0, run, {}), "ok", outcomes={"x": run})
        folder.append(record, [], ["x"])
        lines = (tmp_path / "runs.csv").read_text().splitlines()
        assert len(lines) == run + 2  # the row is in the file at once
    assert len(synced) - header_syncs == 2
    folder.close()
    assert len(synced) - header_syncs == 3  # and once more at the end
