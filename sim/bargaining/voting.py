"""Voting rules: how strongly an actor of a given weight backs one option over another."""

from __future__ import annotations

import numpy as np

from sim.bargaining.options import VotingRule

_BINARY_SCALE = 1e-8  # utility gap at which a binary vote saturates
_PROP_BIN_MIX = 0.2  # share of the binary response in PropBin
_PROP_CBC_MIX = 0.5  # share of the cubic response in PropCbc


def vote(rule: VotingRule, weight: np.ndarray | float, du: np.ndarray | float) -> np.ndarray:
    """Vote of an actor of ``weight`` for A over B when it values A more by ``du``.

    Positive means support for A, negative for B. Works elementwise on arrays.
    """
    du = np.asarray(du, dtype=float)
    if rule is VotingRule.PROP:
        return weight * du
    if rule is VotingRule.BINARY:
        return weight * _binary(du)
    if rule is VotingRule.PROP_BIN:
        return weight * ((1 - _PROP_BIN_MIX) * du + _PROP_BIN_MIX * _binary(du))
    if rule is VotingRule.CUBIC:
        return weight * (du * du * du)
    if rule is VotingRule.PROP_CBC:
        return weight * ((1 - _PROP_CBC_MIX) * du + _PROP_CBC_MIX * (du * du * du))
    if rule is VotingRule.ASYM_PROSP:
        # losses count fully, gains two thirds: prospect-theory asymmetry
        return np.where(du < 0, weight * du, np.where(du > 0, (2.0 * weight * du) / 3.0, 0.0))
    raise ValueError(f"unknown voting rule {rule!r}")


def _binary(du: np.ndarray) -> np.ndarray:
    """A steep but continuous step, so tiny round-off differences do not flip a vote."""
    return np.clip(du / _BINARY_SCALE, -1.0, 1.0)
