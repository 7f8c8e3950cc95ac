"""The random numbers of one step, drawn at once in a fixed layout.

Everything a step may need is drawn whether it is used or not, so the stream a step consumes
depends only on the numbers of actors, tracks and rules: a run is reproducible from its seed, and
replacing one actor's policy leaves every other actor's draws unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ACTOR_COLUMNS = ("attack", "pause", "strike", "struck", "arrest", "protest", "order", "formation")
"""One uniform per actor for each of these. ``struck`` is drawn but not read (how a strike
lands is the faction's campaign decision now); it stays so that every other draw keeps its place."""

_COLUMN = {name: column for column, name in enumerate(ACTOR_COLUMNS)}


@dataclass(frozen=True)
class StepDraws:
    actor: np.ndarray  # (actors, len(ACTOR_COLUMNS))
    spoil: np.ndarray  # (actors, tracks): actor's spoil decision on each track
    rounds: np.ndarray  # (tracks,): how each track's round turns out
    rules: np.ndarray  # (rules,)
    track_seeds: np.ndarray  # (tracks,): a fresh generator per track protocol
    convene: np.ndarray  # (actors, tracks): actor's decision to propose or seek a round

    @classmethod
    def draw(cls, rng: np.random.Generator, actors: int, tracks: int, rules: int) -> StepDraws:
        return cls(
            actor=rng.random((actors, len(ACTOR_COLUMNS))),
            spoil=rng.random((actors, max(tracks, 1))),
            rounds=rng.random(max(tracks, 1)),
            rules=rng.random(max(rules, 1)),
            track_seeds=rng.integers(0, 2**63 - 1, size=max(tracks, 1)),
            convene=rng.random((actors, max(tracks, 1))),
        )

    def of(self, row: int, column: str) -> float:
        return float(self.actor[row, _COLUMN[column]])
