"""The model as Mesa users expect it: built from a scenario id, with a DataCollector.

The engine's model (:class:`sim.model.CrossroadsModel`) carries no DataCollector, so ``run.py``
and sweeps pay nothing for one. This subclass adds it: model reporters are the recorder's
columns (the series ``run.py`` writes, in issue units), agent reporters each actor's kind,
capability and positions in issue units. It collects at the start and after every step, as
Mesa's examples do, which is what ``mesa.batch_run`` reads.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import mesa

from agents import ActorAgent, Policy
from sim import model as engine
from sim.api.scenarios import Overrides, ScenarioLike, check_policies, check_run, load
from sim.output import series_value

NOT_REPORTED = ("step", "date")  # Mesa's own Step column and the index say these


def _column(index: int, model: CrossroadsModel) -> Any:
    """The value as series.csv (and ``sim.run``'s series) holds it."""
    return series_value(model.recorder.rows[-1][index])


def _position(issue: str, agent: ActorAgent) -> float | None:
    return agent.positions_in_units.get(issue)


def model_reporters(columns: list[str]) -> dict[str, Callable[..., Any]]:
    """One reporter per series column, reading the row the recorder has just written."""
    return {
        name: partial(_column, index)
        for index, name in enumerate(columns)
        if name not in NOT_REPORTED
    }


def agent_reporters(issues: list[str]) -> dict[str, Any]:
    """Who each agent is and where it stands, in issue units (None off its issues)."""
    reporters: dict[str, Any] = {
        "actor": "actor_id",
        "kind": "kind",
        "capability": "effective_capability",
    }
    reporters.update({f"position:{issue}": partial(_position, issue) for issue in issues})
    return reporters


class CrossroadsModel(engine.CrossroadsModel):
    """One run of a scenario as a ``mesa.Model``: ``step()``, ``agents``, ``datacollector``.

    ``scenario`` is an id (``baseline_2020``, as ``run.py list`` prints), a file or a loaded
    :class:`~sim.scenario.schema.Scenario`; ``set`` overrides values as ``--set`` does;
    ``steps`` shortens the run. Same scenario and seed, same series as ``run.py``.
    """

    def __init__(
        self,
        scenario: ScenarioLike = "baseline_2020",
        seed: int | None = None,
        *,
        set: Overrides | None = None,
        steps: int | None = None,
        policies: dict[str, Policy] | None = None,
    ) -> None:
        check_run(seed, steps)
        loaded = load(scenario, set)
        check_policies(policies, loaded)
        if steps is not None:
            calendar = loaded.calendar.model_copy(update={"steps": steps})
            loaded = loaded.model_copy(update={"calendar": calendar})
        super().__init__(loaded, seed=seed, policies=policies)
        self.scenario_id = _scenario_id(loaded)
        self.datacollector = mesa.DataCollector(
            model_reporters=model_reporters(self.recorder.columns),
            agent_reporters=agent_reporters(list(self.world.scales)),
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        super().step()
        self.datacollector.collect(self)


def _scenario_id(loaded: Any) -> str:
    from sim.scenario_ids import scenario_id

    return scenario_id(loaded.source) if loaded.source is not None else "scenario"
