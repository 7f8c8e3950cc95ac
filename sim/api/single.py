"""One run from Python: ``sim.run("baseline_2020", seed=7, set={...})``."""

from __future__ import annotations

from agents import Policy
from sim.api.result import Run
from sim.api.scenarios import Overrides, ScenarioLike, check_policies, check_run, load


def run(
    scenario: ScenarioLike,
    seed: int | None = None,
    *,
    set: Overrides | None = None,
    steps: int | None = None,
    policies: dict[str, Policy] | None = None,
) -> Run:
    """Run a scenario to its end (or ``steps``) as ``run.py run`` does, without writing files.

    ``seed`` defaults to the scenario's; ``set`` overrides values as ``--set`` does. The series
    and outcomes are the ones ``run.py run SCENARIO --seed SEED`` writes."""
    from sim.runner import run_scenario

    check_run(seed, steps)
    loaded = load(scenario, set)
    check_policies(policies, loaded)
    return Run(run_scenario(loaded, seed=seed, steps=steps, policies=policies))
