"""Alternating offers with a deadline, reservation values and a cost of delay (pure maths).

Two parties take turns: the proposer names a deal, the responder accepts it or refuses and
proposes next round. Talks end without a deal after ``rounds_left`` offers. Each party values a
deal by its utility; walking away is worth its reservation value ``r``; waiting one round shrinks
the surplus over the reservation value by the party's discount ``delta`` (the cost of delay):
a deal worth ``v`` next round is worth ``r + delta * (v - r)`` now.

The subgame-perfect offer is found by backward induction over candidate deals (Rubinstein 1982;
Stahl 1972 for a finite horizon): with one offer left, the proposer takes the deal best for
itself among those the responder values at least at its reservation; with more left, among
those the responder values at least at what it would get by refusing and proposing next round.
Candidates are points on the segment between the two parties' ideals, where every efficient
compromise of two actors with distance-based utilities lies on one issue (and an approximation
on several). Plain numpy: no Mesa, no world.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRID = 201
"""Candidate deals on the segment between the ideals (0.5 % steps)."""


@dataclass(frozen=True)
class Bargainer:
    """One side: ideal point and saliences per issue (normalised), risk, reservation, discount."""

    ideal: np.ndarray
    saliences: np.ndarray
    risk: float
    reservation: float
    discount: float

    def utility(self, deals: np.ndarray) -> np.ndarray:
        """u(x) = sum_j s_j (1 - |x_j - p_j| ** 2 ** risk) / sum_j s_j, for each row x of deals."""
        weights = self.saliences
        total = weights.sum()
        if total <= 0:
            return np.ones(len(deals))
        loss = np.abs(deals - self.ideal) ** (2.0**self.risk)
        return ((1.0 - loss) * weights).sum(axis=1) / total

    def wait(self, value: float) -> float:
        """What a deal worth ``value`` one round from now is worth today."""
        return self.reservation + self.discount * (value - self.reservation)


@dataclass(frozen=True)
class Advice:
    """The equilibrium play of one round."""

    offer: np.ndarray  # the proposer's subgame-perfect offer (normalised, per issue)
    acceptable: bool  # does the responder accept it in equilibrium?
    proposer_value: float
    responder_value: float
    responder_threshold: float  # the least value the responder accepts now


def candidates(a: Bargainer, b: Bargainer, grid: int = GRID) -> np.ndarray:
    """Deals on the segment from a's ideal to b's ideal, ``grid`` points, a's end first."""
    shares = np.linspace(0.0, 1.0, grid)[:, None]
    return a.ideal + shares * (b.ideal - a.ideal)


def advise(proposer: Bargainer, responder: Bargainer, rounds_left: int, grid: int = GRID) -> Advice:
    """The subgame-perfect offer with ``rounds_left`` offers to go (this one included).

    Backward induction from the last offer: the responder's threshold now is its reservation
    with one offer left, else the discounted value of the deal it would itself propose next.
    """
    if rounds_left < 1:
        raise ValueError("rounds_left must be at least 1")
    deals = candidates(proposer, responder, grid)
    utilities = {id(proposer): proposer.utility(deals), id(responder): responder.utility(deals)}
    sides = (proposer, responder)
    advice = None
    for left in range(1, rounds_left + 1):  # left offers to go; proposer of that round
        maker, taker = (sides[0], sides[1]) if (rounds_left - left) % 2 == 0 else sides[::-1]
        threshold = taker.reservation
        maker_outside = maker.reservation
        if advice is not None:  # refusing leads to the taker proposing next round
            threshold = max(threshold, taker.wait(advice.proposer_value))
            maker_outside = max(maker_outside, maker.wait(advice.responder_value))
        u_maker, u_taker = utilities[id(maker)], utilities[id(taker)]
        feasible = u_taker >= threshold - 1e-12
        if feasible.any() and u_maker[feasible].max() >= maker_outside - 1e-12:
            best = int(np.flatnonzero(feasible)[np.argmax(u_maker[feasible])])
            advice = Advice(
                deals[best], True, float(u_maker[best]), float(u_taker[best]), threshold
            )
        else:  # no deal worth making: the maker states its ideal, and it is refused
            best = int(np.argmax(u_maker))
            continuation = (maker_outside, threshold)
            advice = Advice(deals[best], False, continuation[0], continuation[1], threshold)
    assert advice is not None
    return advice
