"""Domestic politics: stability, forming a government after elections, bending to the factions."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.government import GovernmentAgent
    from sim.phases.draws import StepDraws
    from sim.scenario.schema import Domestic
    from sim.world import World


def run(world: World, draws: StepDraws) -> None:
    gov = world.government
    if gov is None or gov.domestic is None:
        return
    gov.update_stability(world.clock.month.month, world.tension)
    if gov.caretaker and world.clock.step > gov.caretaker_since:
        _formation(world, gov, gov.domestic, draws)
    _home_concession(world, gov, gov.domestic)


def _formation(world: World, gov: GovernmentAgent, domestic: Domestic, draws: StepDraws) -> None:
    """From the month after an election, each month a government forms with
    ``formation_chance`` (so the wait is geometric with mean 1 / formation_chance months)."""
    draw = draws.of(world.index(gov.actor_id), "formation")
    if draw < float(domestic.formation_chance):
        gov.caretaker = False
        world.log.event("government_formed", actor=gov.actor_id)


def _home_concession(world: World, gov: GovernmentAgent, domestic: Domestic) -> None:
    """The government bends its stated positions toward the factions' ideals by a share that
    follows this month's faction pressure (sigma = home_concession * pressure), reversibly."""
    factions = world.factions
    pressure = world.faction_pressure()
    if not factions:
        return
    ideals: dict[str, float] = {}
    for issue in gov.positions:
        holders = [f for f in factions if issue in f.positions]
        weight = sum(f.capability for f in holders)
        if weight > 0:
            ideals[issue] = sum(f.capability * f.positions[issue] for f in holders) / weight
    units = world.scales.denormalise
    choice = world.ask(
        gov,
        "concede",
        pressure=pressure,
        suggested=float(domestic.home_concession) * pressure,
        own={i: units(i, gov.positions[i] - gov.home_offset.get(i, 0.0)) for i in ideals},
        factions_line={i: units(i, v) for i, v in ideals.items()},
    )
    share = min(1.0, max(0.0, float(choice.value)))
    gov.bend_to_home(share, ideals)
