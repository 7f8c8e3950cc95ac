"""What runs in a worker: hold the base scenario once, then copy, override, validate, run.

The same two functions serve every backend: the process pool calls :func:`initialise` once per
worker, Dask passes the (scattered) context along with each task and :func:`run_task` installs it
the first time a worker sees it.

A design point's scenario is validated once per worker and kept for the point's other runs
(replications, common seeds): scenarios are read, never written, by the model, so a run of a
kept scenario is the run of a fresh one. At most :data:`KEPT_POINTS` are kept, so memory stays
flat however many points a sweep has.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.scenario.origins import Origins
from sim.sweep.spec import Scalar

if TYPE_CHECKING:
    from sim.results import RunResult
    from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Context:
    """The merged base scenario (fixed overrides applied) and what to keep from each run."""

    token: str
    raw: dict[str, Any]
    origins: Origins
    name: str
    series: tuple[str, ...] = ()
    steps: int | None = None  # like run --steps: a shorter run of the same scenario
    measure: Callable[[RunResult], dict[str, Any]] | None = None  # replaces flat outcomes
    sampled: tuple[str, ...] = ()  # uncertain parameters drawn per run (none: seed only)


@dataclass(frozen=True)
class Task:
    run_id: str
    point: str
    replication: int
    seed: int
    values: dict[str, Scalar]
    sample_seed: int | None = None  # seeds the draw of the uncertain parameters


@dataclass
class Record:
    """One finished run: a row of runs.csv, plus its series rows if asked for."""

    task: Task
    status: str
    error: str = ""
    outcomes: dict[str, Any] = field(default_factory=dict)
    series: list[list[Any]] | None = None
    sampled: dict[str, float] = field(default_factory=dict)


_CONTEXT: Context | None = None
KEPT_POINTS = 16
_SCENARIOS: OrderedDict[tuple[tuple[str, Scalar], ...], Scenario] = OrderedDict()


def initialise(context: Context) -> None:
    """Keep the base scenario in this process for every task that follows."""
    global _CONTEXT
    _CONTEXT = context
    _SCENARIOS.clear()


def ready() -> None:
    """A task that does nothing: submitting it brings the workers up."""


def _one_line(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if not isinstance(error, _input_error()):
        text = f"{type(error).__name__}: {text}"
    return " ".join(text.split())[:500]


def _input_error() -> type:
    from sim.errors import InputError

    return InputError


def _series(context: Context, columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    keep = [columns.index(c) for c in ("step", "date", *context.series) if c in columns]
    return [[row[i] for i in keep] for row in rows]


def run_task(task: Task, context: Context | None = None) -> Record:
    """Run one task; any exception becomes a failed record so the sweep goes on."""
    if context is not None and (_CONTEXT is None or _CONTEXT.token != context.token):
        initialise(context)
    if _CONTEXT is None:
        raise RuntimeError("worker not initialised with a sweep context")
    try:
        return _run(_CONTEXT, task)
    except Exception as error:  # a failed run is data, not a crash
        return Record(task, "failed", _one_line(error))


def _scenario(ctx: Context, values: dict[str, Scalar]) -> Scenario:
    """The validated scenario of a design point (the run's length applied), kept for the
    point's next runs; a point that fails validation raises every time it is asked for."""
    # Mesa, pydantic and the scenario schema: only when a scenario is built and run
    from sim import runner
    from sim.scenario.load import validate_scenario
    from sim.scenario.overrides import apply_override

    key = tuple(sorted(values.items()))
    kept = _SCENARIOS.get(key)
    if kept is not None:
        _SCENARIOS.move_to_end(key)
        return kept
    raw, origins = copy.deepcopy(ctx.raw), Origins(ctx.origins)
    for path, value in values.items():
        apply_override(raw, origins, path.split("."), value)
    scenario = runner.with_steps(validate_scenario(raw, origins), ctx.steps)
    _SCENARIOS[key] = scenario
    if len(_SCENARIOS) > KEPT_POINTS:
        _SCENARIOS.popitem(last=False)
    return scenario


def _run(ctx: Context, task: Task) -> Record:
    # Mesa: only when a run is made
    from sim import runner
    from sim.results import flat_outcomes

    scenario = _scenario(ctx, task.values)
    sampled: dict[str, float] = {}
    if task.sample_seed is not None and ctx.sampled:
        # pydantic and the scenario schema: only when a scenario is built
        from sim.scenario.uncertainty import draw_values, sampling_rng, with_values

        drawn = draw_values(scenario, sampling_rng(task.sample_seed))
        sampled = {path: drawn[path] for path in ctx.sampled if path in drawn}
        scenario = with_values(scenario, sampled)
    if ctx.measure is not None:  # a measure may read the events or the resolved scenario
        result = runner.run_scenario(scenario, seed=task.seed, name=ctx.name)
        columns, rows, outcomes = result.columns, result.rows, ctx.measure(result)
    else:
        columns, rows, found = runner.run_outcomes(scenario, seed=task.seed)
        outcomes = flat_outcomes(found)
    series = _series(ctx, columns, rows) if ctx.series else None
    return Record(task, "ok", outcomes=outcomes, series=series, sampled=sampled)
