"""How well each seat did against its own goals: the seat's ideal point and salience on each
issue are read from the scenario (what its briefing told it to want, never from the documented
outcome), and an outcome scores 100 when every issue sits at the seat's wish and 0 when every
issue is as far from it as its scale allows, each issue weighted by how much it matters to the
seat. The class's score is then placed among the model's own runs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Goal:
    """One issue a seat cares about: its wish (issue units), weight and the issue's scale."""

    issue: str
    wish: float
    salience: float
    low: float
    high: float


def goals_of(scenario: Scenario, seat: str) -> list[Goal]:
    """The seat's goals as its actor's positions in the scenario, issues in scenario order."""
    positions = scenario.actors[seat].positions
    return [
        Goal(
            i,
            float(positions[i].position),
            float(positions[i].salience),
            float(s.min),
            float(s.max),
        )
        for i, s in scenario.issues.items()
        if i in positions and float(positions[i].salience) > 0
    ]


def attainment(goals: list[Goal], outcome: dict[str, float]) -> float:
    """0-100: one minus the salience-weighted mean distance from the wishes, each distance a
    share of its issue's scale."""
    weight = sum(g.salience for g in goals)
    if weight == 0:
        return float("nan")
    miss = sum(g.salience * abs(outcome[g.issue] - g.wish) / (g.high - g.low) for g in goals)
    return 100.0 * (1.0 - miss / weight)


def attainments(goals: list[Goal], runs: np.ndarray, issues: list[str]) -> np.ndarray:
    """The score of each run's outcome: ``runs`` is runs x issues, columns named by ``issues``."""
    return np.array([attainment(goals, dict(zip(issues, row, strict=True))) for row in runs])
