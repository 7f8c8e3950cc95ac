"""Run a scenario to the end and hand back plain results."""

from __future__ import annotations

from typing import Any

from agents.decisions import Policy
from agents.policies import describe
from sim.model import CrossroadsModel
from sim.results import RunResult, collect_outcomes
from sim.scenario.schema import Scenario
from sim.scenario_ids import scenario_id
from sim.world.snapshot import snapshot


def with_steps(scenario: Scenario, steps: int | None) -> Scenario:
    """The scenario cut (or stretched) to ``steps`` months, like ``run --steps``."""
    if steps is None:
        return scenario
    return scenario.model_copy(
        update={"calendar": scenario.calendar.model_copy(update={"steps": steps})}
    )


def run_outcomes(
    scenario: Scenario, *, seed: int | None = None
) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
    """Series columns, rows and outcomes of a run, and nothing else: no event log, resolved
    scenario or final state, which a sweep's row does not hold (the same numbers as
    :func:`run_scenario`, a sixth less work)."""
    model = CrossroadsModel(scenario, seed=seed, keep_events=False)
    model.run_model()
    columns, rows = model.recorder.columns, model.recorder.rows
    return columns, rows, collect_outcomes(model.world, columns, rows)


def run_scenario(
    scenario: Scenario,
    *,
    seed: int | None = None,
    steps: int | None = None,
    policies: dict[str, Policy] | None = None,
    name: str | None = None,
) -> RunResult:
    """Build the model, run every step, and collect series, outcomes and the event log.

    ``name`` is the id recorded with the results; by default the id of the file the scenario
    was loaded from (``scenario`` for one built in memory)."""
    if name is None:
        name = scenario_id(scenario.source) if scenario.source is not None else "scenario"
    scenario = with_steps(scenario, steps)
    model = CrossroadsModel(scenario, seed=seed, policies=policies)
    model.run_model()
    columns, rows = model.recorder.columns, model.recorder.rows
    resolved: dict[str, Any] = scenario.model_dump(mode="json", exclude_none=True)
    resolved["seed"] = model.seed
    players = {a: describe(actor.policy) for a, actor in model.world.actors.items()}
    for actor_id in policies or {}:  # the file's policy did not take these decisions
        resolved["actors"][actor_id].pop("policy", None)
    outcomes = collect_outcomes(model.world, columns, rows)
    outcomes["players"] = players
    return RunResult(
        scenario_id=name,
        seed=model.seed,
        resolved=resolved,
        columns=columns,
        rows=rows,
        outcomes=outcomes,
        events=model.world.log.records,
        state=snapshot(model.world),
    )
