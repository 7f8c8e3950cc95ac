"""A round held on a deal two parties already agreed between themselves (a ``table`` effect:
a proposal made and accepted in a classroom).

The protocol's own proposal is replaced by the tabled deal; the rest is any round's. The part
the round can agree is the deal within the track's ``step_limit``; the parties that must accept
and did not table it are asked; each ratifying government's parliament votes. Accepted by all
and ratified, the deal is agreed (the whole of it: settled) without the chance draw of a table
round, since the parties have already found it; otherwise it is rejected. An agreement is
carried out along the track's schedule like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.negotiation.rounds import acceptance, ratification, step_toward
from sim.world.operations import close_round

if TYPE_CHECKING:
    from sim.negotiation.track import RoundResult, Tabled, TrackState
    from sim.world import World


def tabled_round(world: World, state: TrackState, tabled: Tabled) -> RoundResult:
    """Hold the round on ``tabled``'s deal (the parties attend); return its result."""
    target = tabled.deal
    deal = step_toward(world, state, target)
    state.last_proposal, state.last_deal = target, deal
    accepted, rejected = acceptance(world, state, deal, tabled.parties)
    ratified = ratification(world, state, deal) if not rejected else {}
    result: RoundResult = "rejected"
    if not rejected and all(ratified.values()):
        whole = all(abs(deal[i] - target[i]) < 1e-12 for i in target)
        result = "settled" if whole else "agreed"
    close_round(
        world,
        state,
        result,
        target,
        deal,
        tabled_by=list(tabled.parties),
        cause=tabled.cause,
        accepted=accepted,
        rejected=rejected,
        ratified=ratified,
    )
    return result
