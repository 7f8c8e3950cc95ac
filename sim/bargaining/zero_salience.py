"""Actors with salience 0 on every dimension: no stake in the issue, so not a party to it.

KTAB refuses such files. Its SMP gives an actor influence through salience (the contest weight
cᵢSᵢ, the salience-weighted distances behind every vote), so an actor that cares about nothing
casts no vote and never challenges; but the SMP values a state by the utility of every actor's
position, so such an actor's position is still a prize: it yields to any challenger (Sⱼ = 0) and
is pulled back and forth between the sides, and a position only it holds is still an option in
the final vote. ``drop`` (the default of ``run.py bargain``) runs the issue without them;
``keep`` runs them as they are. See docs/bargaining.md, section 5.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from sim.bargaining.ktab_csv import KTABScenario
from sim.errors import InputError

Treatment = Literal["drop", "keep"]
TREATMENTS: tuple[Treatment, ...] = ("drop", "keep")


def indifferent_actors(saliences: np.ndarray) -> list[int]:
    """Indices of the actors whose salience is 0 on every dimension."""
    return np.flatnonzero(~np.any(np.asarray(saliences) > 0, axis=1)).tolist()


def apply_treatment(
    scenario: KTABScenario, treatment: Treatment, source: str
) -> tuple[KTABScenario, list[str]]:
    """The scenario to run and the names of its actors without salience.

    ``drop`` removes them; fewer than two actors left is an ``InputError`` (nothing to bargain).
    """
    zero = indifferent_actors(scenario.saliences)
    names = [scenario.actors[a] for a in zero]
    if treatment == "keep" or not zero:
        return scenario, names
    keep = np.setdiff1d(np.arange(len(scenario.actors)), zero)
    if keep.size < 2:
        raise InputError(
            f"only {keep.size} actor(s) have a salience above 0, and bargaining needs two"
            " (--zero-salience keep runs every actor)",
            file=source,
        )
    return (
        replace(
            scenario,
            actors=[scenario.actors[a] for a in keep],
            actor_descriptions=[scenario.actor_descriptions[a] for a in keep],
            capabilities=scenario.capabilities[keep],
            positions=scenario.positions[keep],
            saliences=scenario.saliences[keep],
        ),
        names,
    )


def warning_line(source: str, names: list[str], treatment: Treatment) -> str:
    """One line for stderr naming the file and its actors without salience."""
    what = (
        "dropped (--zero-salience keep runs them)"
        if treatment == "drop"
        else "kept (--zero-salience drop leaves them out)"
    )
    return f"warning: {source}: salience 0 on every dimension, {what}: {', '.join(names)}"
