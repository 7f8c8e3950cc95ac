"""Violence and responses: pauses, patrons, campaigns, attacks, spoiling, strikes, orders,
arrests, protests.

The equations of each actor's behaviour live with the actor (``agents/``); this phase decides
who acts when, asks each actor's policy, and applies the consequences to the world.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from agents.decisions import (
    Arrest,
    Attack,
    Campaign,
    Order,
    Pause,
    Protest,
    Spoil,
    Sponsor,
    Strike,
)
from agents.faction import GO_ON, LEVELS, campaign_gain
from sim.world.operations import attack, cost_trust, integration, order, strike

if TYPE_CHECKING:
    from agents import ActorAgent, FactionAgent, GovernmentAgent, StateAgent
    from sim.phases.draws import StepDraws
    from sim.world import World


def run(world: World, draws: StepDraws) -> None:
    dyn = world.dynamics
    world.tension *= 1.0 - float(dyn.tension_cooling)
    factions = world.factions
    outlooks = outlooks_of(world, factions)
    for faction in factions:
        faction.update(outlooks[faction.actor_id].gap, dyn)
        faction.demobilise(world.clock.step)
    _pauses(world, factions, draws, outlooks)
    signals = _patrons(world)
    sponsors = {}
    for faction in factions:
        patron = faction.behaviour.patron
        sponsor = 0.0
        if patron in signals:
            sponsor = float(world.actors[patron].behaviour.proxy_control) * signals[patron]
        sponsors[faction.actor_id] = sponsor
    _campaigns(world, factions, sponsors, outlooks)
    dispersion = None if dyn.attack_dispersion is None else float(dyn.attack_dispersion)
    for faction in factions:
        sponsor = sponsors[faction.actor_id]
        rate = faction.attack_rate(world.tension, sponsor, dyn)
        draw = draws.of(world.index(faction.actor_id), "attack")
        choice = world.ask(faction, Attack(rate=rate, dispersion=dispersion, draw=draw))
        count = max(0, int(choice.number()))
        if count:
            attack(world, faction, count)
    _spoilers(world, factions, draws)
    attackers = world.memory.this_step_by()
    for state in world.states:
        _retaliate(world, state, draws)
    for state in world.states:
        _orders(world, state, draws)
    _arrests(world, attackers, draws)
    _protests(world, draws)


class Outlook(NamedTuple):
    """An actor's gap (:meth:`agents.actor.ActorAgent.gap`) and the share of it the commitments
    in force will close (0 if none)."""

    gap: float
    progress: float


def outlook(world: World, actor: ActorAgent, heading: dict[str, float]) -> Outlook:
    """The actor's :class:`Outlook`; ``heading`` is the status quo as the commitments in force
    will leave it."""
    now = actor.gap(world.status_quo)
    if now <= 0:
        return Outlook(now, 0.0)
    later = actor.gap(heading)
    return Outlook(now, max(0.0, (now - later) / now))


def outlooks_of(world: World, factions: list[FactionAgent]) -> dict[str, Outlook]:
    """Every faction's outlook this month: grievance, pauses and campaigns weigh the same
    numbers, and nothing between them moves the status quo or the commitments."""
    heading = {**world.status_quo, **world.ledger.targets()}
    return {f.actor_id: outlook(world, f, heading) for f in factions}


def _pauses(
    world: World, factions: list[FactionAgent], draws: StepDraws, outlooks: dict[str, Outlook]
) -> None:
    for faction in factions:
        if faction.behaviour.pause_propensity <= 0 and not faction.paused:
            continue
        progress = outlooks[faction.actor_id].progress
        question = Pause(
            paused=faction.paused,
            progress=progress,
            probability=faction.pause_probability(progress),
            draw=draws.of(world.index(faction.actor_id), "pause"),
        )
        choice = world.ask(faction, question)
        if bool(choice.value) != faction.paused:
            faction.paused = bool(choice.value)
            world.log.event("pause" if faction.paused else "pause_end", actor=faction.actor_id)


def _campaigns(
    world: World,
    factions: list[FactionAgent],
    sponsors: dict[str, float],
    outlooks: dict[str, Outlook],
) -> None:
    """Each faction that attacks at all decides its campaign on what attacks buy it (its
    grievance on the gap commitments will not close, the target's observed concession, its
    patron's signal) against their effort and the strikes they would draw from its target."""
    dyn = world.dynamics
    states = world.states
    for faction in factions:
        if faction.behaviour.attack_propensity <= 0:
            continue
        sponsor = sponsors[faction.actor_id]
        rates = [faction.attack_rate(world.tension, sponsor, dyn, c) for c in LEVELS]
        target = faction.choose_target(states)
        risks, concession = (0.0, 0.0, 0.0), 0.0
        if target is not None:  # the strike chance at the attacks the target would count
            recent = sum(world.memory.on(target.actor_id).values())
            low, mid, high = (target.strike_probability(recent + r) for r in rates)
            risks = (low, mid, high)
            concession = min(1.0, float(target.behaviour.attack_concession) * rates[GO_ON])
        gap, progress = outlooks[faction.actor_id]
        gain = campaign_gain(faction.grievance, progress, concession, sponsor, faction.mobilisation)
        values = faction.campaign_values(gain, risks, gap, dyn)
        question = Campaign(
            current=int(faction.campaign),
            suspend=values[0],
            go_on=values[1],
            escalate=values[2],
            gain=gain,
            risk=risks[1],
            struck=faction.struck_lately,
        )
        choice = world.ask(faction, question)
        level = min(2, max(0, int(choice.number())))
        if level != faction.campaign or faction.struck_lately:  # a change, or a strike's answer
            world.log.event(
                "campaign",
                actor=faction.actor_id,
                level=Campaign.LEVELS[level],
                previous=Campaign.LEVELS[int(faction.campaign)],
                struck=faction.struck_lately,
            )
        faction.campaign, faction.struck_lately = level, False


def _patrons(world: World) -> dict[str, float]:
    """Each patron state's signal to its client factions: +1 encourage ... -1 restrain."""
    patrons = {f.behaviour.patron for f in world.factions if f.behaviour.patron}
    signals = {}
    for patron_id in sorted(patrons):
        patron = world.actors[patron_id]
        if float(patron.behaviour.proxy_control) <= 0:
            continue
        engaged = any(_recent_round(world, t, patron_id) for t in world.tracks.values())
        gap = patron.gap(world.status_quo)
        clients = [f for f in world.factions if f.behaviour.patron == patron_id]
        hurt = sum(f.deterrence for f in clients) / len(clients)
        anger = sum(f.grievance for f in clients) / len(clients)
        suggested = patron.sponsor_signal(gap, world.tension, engaged, hurt, anger)
        why = (
            f"gap {gap:.2f}, tension {world.tension:.2f}, {'in' if engaged else 'no'} talks, "
            f"clients hurt {hurt:.2f} and aggrieved {anger:.2f}"
        )
        choice = world.ask(patron, Sponsor(suggested=suggested, why=why))
        signals[patron_id] = min(1.0, max(-1.0, choice.number()))
    return signals


def _recent_round(world: World, track, actor_id: str) -> bool:
    """Whether ``actor_id`` sat at a round of ``track`` within the attack-memory window."""
    window = int(world.dynamics.memory_months)
    return actor_id in track.spec.parties and any(
        world.clock.step - step < window for step in track.held_steps
    )


def _spoilers(world: World, factions: list[FactionAgent], draws: StepDraws) -> None:
    for column, state in enumerate(world.tracks.values()):
        if not state.held_this_step or state.last_deal is None:
            continue
        for faction in factions:
            if faction.behaviour.spoiler_propensity <= 0:
                continue
            issues = [i for i in state.spec.issues if i in faction.positions]
            dislike = (
                faction.utility(world.status_quo, issues)
                - faction.utility({**world.status_quo, **state.last_deal}, issues)
                if issues
                else 0.0
            )
            question = Spoil(
                probability=faction.spoil_probability(dislike),
                draw=float(draws.spoil[world.index(faction.actor_id), column]),
            )
            choice = world.ask(faction, question, state.track_id)
            if choice.value:
                dyn = world.dynamics
                world.counts.add("spoils")
                state.spoiled += 1
                world.raise_tension(float(dyn.attack_tension))
                state.suspended_until = max(
                    state.suspended_until, world.clock.step + int(dyn.spoil_months)
                )
                cost_trust(world, state.spec.parties, float(dyn.spoil_trust_loss))
                world.log.event("spoil", actor=faction.actor_id, track=state.track_id)


def _retaliate(world: World, state: StateAgent, draws: StepDraws) -> None:
    recent = world.memory.on(state.actor_id)
    total = sum(recent.values())
    p = state.strike_probability(total)
    if p <= 0:
        return
    target = world.actors[max(sorted(recent), key=recent.__getitem__)]
    question = Strike(
        probability=p,
        draw=draws.of(world.index(state.actor_id), "strike"),
        target=target.actor_id,
        recent_attacks=total,
    )
    choice = world.ask(state, question)
    if choice.value:
        strike(world, state, target)


def _orders(world: World, state: StateAgent, draws: StepDraws) -> None:
    """A state may order an issue toward its ideal alone (a president's drawdown), but not
    across a change already under way (its own order, or an agreement of a track it sits in)
    nor ahead of its own talks on the issue due within ``order_patience`` months."""
    for issue in state.behaviour.order_issues:
        if _carrying_out(world, state, issue) or _talks_due(world, state, issue):
            continue
        p = state.order_probability(issue, world.status_quo[issue])
        if p <= 0:
            continue
        level = state.order_level(issue, world.status_quo[issue])
        question = Order(
            issue=issue,
            position=world.scales.denormalise(issue, level),
            status_quo=world.scales.denormalise(issue, world.status_quo[issue]),
            probability=p,
            draw=draws.of(world.index(state.actor_id), "order"),
        )
        choice = world.ask(state, question)
        if choice.value:
            order(world, state, issue, level)


def _talks_due(world: World, state: StateAgent, issue: str) -> bool:
    """Whether a track the state sits in meets on ``issue`` within its patience (this step too)."""
    patience = int(state.behaviour.order_patience)
    if patience == 0:
        return False
    step = world.clock.step
    horizon = step + world.clock.steps_for(patience) - 1
    for track in world.tracks.values():
        if issue not in track.spec.issues or state.actor_id not in track.spec.parties:
            continue
        if any(track.is_due(due) for due in range(step, horizon + 1)):
            return True
    return False


def _carrying_out(world: World, state: StateAgent, issue: str) -> bool:
    """Whether ``issue`` is moving under the state's own order or its own track's agreement."""
    active = world.ledger.active.get(issue)
    if active is None:
        return False
    if active.kind == "order":
        return active.by == state.actor_id
    track = world.tracks.get(active.by)
    return track is not None and state.actor_id in track.spec.parties


def _arrests(world: World, attackers, draws: StepDraws) -> None:
    government: GovernmentAgent | None = world.government
    if government is None or not attackers:
        return
    target = world.actors[max(sorted(attackers), key=attackers.__getitem__)]
    question = Arrest(
        probability=government.arrest_probability(),
        draw=draws.of(world.index(government.actor_id), "arrest"),
        target=target.actor_id,
    )
    choice = world.ask(government, question)
    if not choice.value:
        return
    dyn = world.dynamics
    target.arrested(dyn)
    world.counts.add("arrests")
    for (attacker, victim), n in world.memory.now.items():
        if attacker == target.actor_id and victim in world.actors:
            world.actors[victim].shift_trust(government.actor_id, float(dyn.attack_trust_loss) * n)
    integration(world, float(dyn.arrest_integration))
    world.log.event("arrest", actor=government.actor_id, target=target.actor_id)


def _protests(world: World, draws: StepDraws) -> None:
    government = world.government
    for movement in world.movements:
        if movement.behaviour.protest_propensity <= 0:
            continue
        question = Protest(
            probability=movement.protest_probability(world.status_quo),
            draw=draws.of(world.index(movement.actor_id), "protest"),
        )
        choice = world.ask(movement, question)
        if choice.value:
            world.counts.add("protests")
            if government is not None:
                government.shift_stability(-float(world.dynamics.protest_stability_loss))
            world.log.event("protest", actor=movement.actor_id)
