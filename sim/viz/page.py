"""The interactive view: a scenario as SolaraViz shows a Mesa model.

Each number of the scenario written with a ``range`` or ``dist`` gets a slider over where its
draws fall (a ``dist`` without bounds: its central 99%), starting at the scenario's value; the
seed and the scenario are fixed parameters. Reset builds the model again with the sliders'
values; step and play run it. The charts are those of a run's figures: per issue the status quo
and every actor's position in the issue's units, then tension and the month's violence.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from mesa.visualization import Slider, SolaraViz, make_plot_component
from pydantic import BaseModel

from sim.api.mesa_model import CrossroadsModel
from sim.api.scenarios import load
from sim.scenario.schema import Scenario
from sim.scenario.uncertainty import uncertain_parameters, with_values
from sim.world.counts import COUNTS

SLIDER_STEPS = 100  # positions of a slider between its ends
TAILS = 0.005  # a dist with no bounds: its slider spans the quantiles TAILS to 1 - TAILS


@lru_cache(maxsize=8)
def _scenario(scenario: str) -> Scenario:
    """Loaded once per page: every reset only sets numbers on it (scenarios are read-only)."""
    return load(scenario)


class ViewModel(CrossroadsModel):
    """The model SolaraViz rebuilds on reset: a scenario id, a seed, and the sliders' values
    by dotted path (``actors.baghdad.capability=0.6``), set as a draw of the ensemble sets
    them (provenance and range kept)."""

    def __init__(
        self,
        scenario: str = "baseline_2020",
        seed: int | None = None,
        steps: int | None = None,
        **kwargs: float,  # Mesa's ModelCreator accepts extra names only under this name
    ) -> None:
        base = _scenario(scenario)
        unknown = sorted(set(kwargs) - set(uncertain_parameters(base)))
        if unknown:
            raise ValueError(f"{unknown[0]} is not an uncertain parameter of {scenario}")
        super().__init__(with_values(base, kwargs), seed, steps=steps)


def _ends(uncertainty: Any) -> tuple[float, float]:
    low, high = uncertainty.support()
    if low == float("-inf") or high == float("inf"):
        return uncertainty.value_at(TAILS), uncertainty.value_at(1 - TAILS)
    return low, high


def sliders(scenario: Scenario) -> dict[str, Slider]:
    """A slider per uncertain parameter, over its range, at the scenario's value."""
    found: dict[str, Slider] = {}
    values = _values(scenario)
    for path, uncertainty in uncertain_parameters(scenario).items():
        low, high = _ends(uncertainty)
        value = min(max(values[path], low), high)
        found[path] = Slider(label(path), value, low, high, (high - low) / SLIDER_STEPS)
    return found


def label(path: str) -> str:
    """A slider's label: the dotted path without the sections every actor has, so it fits
    the sidebar (``actors.badr.behaviour.attack_propensity`` -> ``badr attack_propensity``)."""
    parts = [part for part in path.split(".") if part not in ("actors", "behaviour")]
    return " ".join(parts)


def _values(scenario: Scenario) -> dict[str, float]:
    """The written value of each uncertain parameter (what the scenario runs with)."""
    return {path: written(scenario, path) for path in uncertain_parameters(scenario)}


def written(scenario: Scenario, path: str) -> float:
    """The number at a dotted path of the scenario, as the file (or a draw) set it."""
    node: Any = scenario
    for key in path.split("."):
        if isinstance(node, BaseModel):
            node = getattr(node, key)
        elif isinstance(node, dict):
            node = node[key]
        else:
            node = node[int(key)]
    return float(node)


def _issue_chart(scenario: Scenario, issue: str) -> Callable[[Any], None]:
    spec = scenario.issues[issue]
    names = {f"position:{a}:{issue}": actor.name for a, actor in scenario.actors.items()}
    names[f"status_quo:{issue}"] = "status quo"

    def finish(ax: Any) -> None:
        for line in ax.get_lines():
            line.set_label(names.get(line.get_label(), line.get_label()))
            if line.get_label() == "status quo":
                line.set_color("black")
                line.set_linewidth(2.5)
        ax.set_ylim(float(spec.min), float(spec.max))
        ax.set_title(f"{spec.label} ({spec.units})")
        ax.set_ylabel(spec.units)
        ax.legend(loc="best", fontsize="small")

    return finish


def _titled(title: str) -> Callable[[Any], None]:
    def finish(ax: Any) -> None:
        ax.set_title(title)

    return finish


def charts(scenario: Scenario) -> list[Any]:
    """SolaraViz components: an issue chart each, then tension, then the month's violence."""
    found = []
    for issue in scenario.issues:
        actors = [a for a, actor in scenario.actors.items() if issue in actor.positions]
        measures = [f"status_quo:{issue}"] + [f"position:{a}:{issue}" for a in actors]
        found.append(make_plot_component(measures, post_process=_issue_chart(scenario, issue)))
    found.append(make_plot_component("tension", post_process=_titled("Tension (0-1)")))
    found.append(
        make_plot_component(list(COUNTS), post_process=_titled("Violence and arrests per month"))
    )
    return found


def page(scenario: str = "baseline_2020", seed: int | None = None, model: Any = None) -> Any:
    """The SolaraViz page of a scenario (a cell's output in a notebook, ``page`` for
    ``solara run``). ``model`` may be a ``solara.reactive`` holding a :class:`ViewModel`
    of the same scenario, to read the model the page steps and rebuilds."""
    loaded = _scenario(scenario)
    chosen = int(loaded.seed) if seed is None else seed
    params: dict[str, Any] = {"scenario": scenario, "seed": chosen, **sliders(loaded)}
    if model is None:
        model = ViewModel(scenario, chosen)
    return SolaraViz(
        model,
        components=charts(loaded),
        model_params=params,
        name=f"Crossroads: {scenario}",
        play_interval=300,
    )
