"""SpatialProtocol: a deterministic SMP proposal is solved once per table and process; a
stochastic one always."""

from __future__ import annotations

import numpy as np
import pytest

import sim.bargaining
from sim.bargaining import SMPOptions
from sim.negotiation import protocol
from sim.negotiation.protocol import SpatialProtocol
from sim.negotiation.table import Table


def _table(first: float) -> Table:
    return Table(
        ["a", "b", "c"],
        ["x"],
        np.array([1.0, 2.0, 1.0]),
        np.array([[first], [0.9], [0.5]]),
        np.array([[1.0], [1.0], [0.5]]),
    )


@pytest.fixture
def solves(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the solver's calls; starts from an empty memo."""
    monkeypatch.setattr(protocol, "_SOLVED", {})
    calls: list[int] = []
    solve = sim.bargaining.solve

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sim.bargaining, "solve", counted)
    return calls


def test_same_table_is_solved_once(solves: list[int]) -> None:
    spatial = SpatialProtocol()
    first = spatial.propose(_table(0.1), np.random.default_rng(1))
    again = spatial.propose(_table(0.1), np.random.default_rng(2))
    other = spatial.propose(_table(0.2), np.random.default_rng(1))
    assert len(solves) == 2  # the repeated table was not solved again
    assert again.deal == first.deal and again.detail == first.detail
    assert again.deal is not first.deal  # each round gets its own deal to keep
    assert other.deal != first.deal


def test_stochastic_runs_are_not_kept(solves: list[int]) -> None:
    spatial = SpatialProtocol(options=SMPOptions(state_transition="Stochastic"))
    spatial.propose(_table(0.1), np.random.default_rng(1))
    spatial.propose(_table(0.1), np.random.default_rng(1))
    assert len(solves) == 2


def test_the_oldest_goes_first(solves: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "_SOLVED_KEPT", 2)
    spatial = SpatialProtocol()
    for first in (0.1, 0.2, 0.3, 0.2, 0.1):  # 0.1 left when 0.3 came
        spatial.propose(_table(first), np.random.default_rng(1))
    assert len(solves) == 4
