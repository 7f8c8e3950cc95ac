"""Ratification at home: which parliamentary blocs would vote for a deal."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.government import GovernmentAgent
    from sim.world import World


def _bloc_stances(world: World, bloc) -> tuple[dict[str, float], dict[str, float]]:
    if bloc.follows is not None:
        leader = world.actors[bloc.follows]
        return leader.positions, leader.saliences
    positions = {i: world.scales.normalise(i, float(s.position)) for i, s in bloc.positions.items()}
    return positions, {i: float(s.salience) for i, s in bloc.positions.items()}


def gaps(world: World, bloc, deal: dict[str, float], issues: list[str]) -> tuple[float, float]:
    """Salience-weighted distances of the bloc's stances to the deal and to the status quo."""
    positions, saliences = _bloc_stances(world, bloc)
    cares = [i for i in issues if i in positions]
    deal_gap = sum(saliences[i] * abs(deal[i] - positions[i]) for i in cares)
    quo_gap = sum(saliences[i] * abs(world.status_quo[i] - positions[i]) for i in cares)
    return deal_gap, quo_gap


def approval(
    world: World,
    government: GovernmentAgent,
    deal: dict[str, float],
    issues: list[str],
    votes: dict[str, bool] | None = None,
) -> float:
    """Share of seats held by blocs that like the deal at least as well as the status quo.

    Bloc b approves when sum_j s_bj |x_j - p_bj| <= sum_j s_bj |q_j - p_bj| over the deal's issues,
    unless ``votes`` gives its vote (the ``vote`` decision of the actor it follows).
    """
    parliament = government.domestic.parliament if government.domestic else None
    if parliament is None:
        return 1.0
    total = sum(government.seats.values())
    if total <= 0:
        return 0.0
    yes = 0.0
    for bloc_id, bloc in parliament.blocs.items():
        if votes is not None and bloc_id in votes:
            approves = votes[bloc_id]
        else:
            deal_gap, quo_gap = gaps(world, bloc, deal, issues)
            approves = deal_gap <= quo_gap + 1e-12
        if approves:
            yes += government.seats[bloc_id]
    return yes / total


def approval_needed(world: World, government: GovernmentAgent) -> float:
    """quorum + faction_veto * faction pressure: armed factions raise the bar at home."""
    parliament = government.domestic.parliament if government.domestic else None
    if parliament is None:
        return 0.0
    needed = parliament.quorum + parliament.faction_veto * world.faction_pressure()
    return min(1.0, needed)
