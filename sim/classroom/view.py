"""What a seat sees, in readable units: the public situation, its own private state, and the
decision it must take with the numbers the model computed for it. Others' positions stay hidden
under fog of war (their offers at the table are public). Plain text, no terminal I/O."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.decisions import Decision

if TYPE_CHECKING:
    from agents.actor import StateField
    from sim.classroom.session import Session
    from sim.world import World


def units(world: World, issue: str, normalised: float) -> str:
    spec = world.scenario.issues[issue]
    value = world.scales.denormalise(issue, normalised)
    return f"{value:,.0f} {spec.units.split(' (')[0]}"


def in_units(world: World, issue: str, value: float) -> str:
    spec = world.scenario.issues[issue]
    return f"{value:,.0f} {spec.units.split(' (')[0]}"


def pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def salience_words(salience: float) -> str:
    if salience >= 0.8:
        return "vital"
    if salience >= 0.6:
        return "high"
    if salience >= 0.4:
        return "moderate"
    return "low"


def trust_words(trust: float) -> str:
    if trust >= 0.7:
        return "trust"
    if trust >= 0.45:
        return "cautious"
    if trust >= 0.2:
        return "wary"
    return "hostile"


def public_report(session: Session) -> list[str]:
    """The situation every seat sees: month, issues, tension, the government, violence, talks."""
    world = session.model.world
    lines = [f"Month {world.clock.date} (turn {session.turn} of {session.turns})"]
    for issue, spec in world.scenario.issues.items():
        lines.append(f"  {spec.label}: {units(world, issue, world.status_quo[issue])}")
    lines.append(f"  tension: {pct(world.tension)}")
    gov = world.government
    if gov is not None and gov.domestic is not None:
        state = "caretaker" if gov.caretaker else "in office"
        lines.append(f"  {gov.name}: stability {pct(gov.stability)}, {state}")
    totals = world.counts.total
    lines.append(
        f"  so far: {totals['attacks']} attacks, {totals['strikes']} strikes, "
        f"{totals['arrests']} arrests, {totals['spoils']} talks spoiled"
    )
    for _track_id, track in world.tracks.items():
        held = ", ".join(f"{r} {n}" for r, n in sorted(track.results.items()) if n) or "none"
        lines.append(f"  {track.spec.label}: rounds {held}")
        for agreement in track.agreements[-2:]:
            deal = ", ".join(in_units(world, i, v) for i, v in agreement["deal"].items())
            lines.append(f"    agreed {agreement['date']}: {deal}")
    for offer in public_offers(session)[-3:]:
        lines.append(f"  offer {offer}")
    for item in session.released:
        lines.append(f"  facilitator inject (month {item.step}): {item.inject.label}")
    return lines


def public_offers(session: Session) -> list[str]:
    """Offers stated at the table: public to every seat."""
    world = session.model.world
    shown = []
    for record in world.log.records:
        if record["type"] == "decision" and record["decision"] == "offer":
            values = ", ".join(units(world, i, v) for i, v in record["choice"].items())
            shown.append(f"{record['date']} {record['actor']} on {record['track']}: {values}")
    return shown


def _shown(field: StateField, value: float) -> str:
    """A field of the actor's state as its player reads it (see ``StateField.shown``)."""
    if field.words is not None:
        return field.words[0] if value else field.words[1]
    return f"{field.name} {pct(value)}"


def private_report(session: Session, seat: str) -> list[str]:
    """The seat's own state: its positions and how much it cares, trust, its home front."""
    world = session.model.world
    actor = world.actors[seat]
    lines = [f"{actor.name} (your seat, played by {session.holder_label(seat)})"]
    for issue, position in actor.positions.items():
        care = salience_words(actor.saliences[issue])
        lines.append(
            f"  you want {units(world, issue, position)} on "
            f"{world.scenario.issues[issue].label} ({care})"
        )
    others = sorted(actor.trust, key=lambda o: -actor.trust[o])
    lines.append(
        "  trust: "
        + ", ".join(
            f"{world.actors[o].name if o in world.actors else o} {trust_words(actor.trust[o])}"
            for o in others
        )
    )
    shown = [_shown(field, getattr(actor, field.name)) for field in actor.STATE if field.shown]
    if shown:
        lines.append("  " + ", ".join(shown))
    if session.exercise.visibility.others_positions == "public":
        for other_id, other in world.actors.items():
            if other_id == seat:
                continue
            wants = ", ".join(units(world, i, p) for i, p in other.positions.items())
            lines.append(f"  {other.name} wants {wants}")
    return lines


def describe_decision(world: World, decision: Decision) -> list[str]:
    """The question, the numbers behind it (no 0-1 values), and how to answer."""
    ctx, kind = decision.context, decision.kind
    track = world.tracks[decision.track].spec.label if decision.track else ""
    if kind == "host":
        return [
            f"Host this round of the {track}?",
            f"  your stability {pct(ctx['stability'])}; hosting needs {pct(ctx['threshold'])}",
            "  answer yes or no",
        ]
    if kind == "join":
        return [
            f"Attend this round of the {track}?",
            f"  your confidence in the others (with the host's good offices): "
            f"{pct(ctx['trust'])}; you usually attend at {pct(ctx['threshold'])}",
            "  answer yes or no",
        ]
    if kind == "offer":
        lines = [f"Your offer in the {track}:"]
        for issue, (low, high) in ctx["scales"].items():
            lines.append(
                f"  {world.scenario.issues[issue].label}, {low:,.0f} to {high:,.0f} "
                f"{world.scenario.issues[issue].units}"
            )
            lines.append(f"    your position now: {in_units(world, issue, ctx['position'][issue])}")
            if ctx.get("last_proposal"):
                lines.append(
                    "    last proposal on the table: "
                    f"{in_units(world, issue, ctx['last_proposal'][issue])}"
                )
            if "suggested" in ctx:
                lines.append(
                    "    the offer the other side should accept at once: "
                    f"{in_units(world, issue, ctx['suggested'][issue])}"
                )
        if "rounds_left" in ctx:
            lines.append(f"  offers left before the talks lapse: {ctx['rounds_left']}")
        lines.append("  answer a number in the issue's units")
        return lines
    if kind == "accept":
        deal = ", ".join(in_units(world, i, v) for i, v in ctx.get("deal", {}).items())
        lines = [
            f"Accept the deal in the {track}: {deal}?",
            f"  the deal is worth {100 * ctx['value_deal']:.0f} points to you, "
            f"no deal {100 * ctx['value_no_deal']:.0f} (100 = everything you want)",
        ]
        if "value_wait" in ctx:
            lines.append(
                f"  refusing and proposing next round is worth "
                f"{100 * ctx['value_wait']:.0f}; offers left: {ctx['rounds_left']}"
            )
        if "approval" in ctx:
            lines.append(
                f"  parliament: {pct(ctx['approval'])} of seats would vote for it; "
                f"it needs {pct(ctx['approval_needed'])}"
            )
        return [*lines, "  answer yes or no"]
    if kind == "attack":
        return [
            "How many attacks this month?",
            f"  at your current grievance the expected number is {ctx['rate']:.1f}",
            "  answer a whole number (0 for none)",
        ]
    if kind == "concede":
        lines = [
            "How far do you bend your line toward the armed factions this month?",
            f"  faction pressure {pct(ctx['pressure'])}; the model bends {pct(ctx['suggested'])}",
        ]
        for issue, own in ctx.get("own", {}).items():
            lines.append(
                f"  {world.scenario.issues[issue].label}: your line "
                f"{in_units(world, issue, own)}, the factions' "
                f"{in_units(world, issue, ctx['factions_line'][issue])}"
            )
        return [*lines, "  answer a percentage from 0 (hold your line) to 100 (adopt theirs)"]
    if kind == "sponsor":
        return [
            "Your signal to the factions close to you this month?",
            f"  the model would send {100 * ctx['suggested']:+.0f}%",
            "  answer a percentage from -100 (hold them back) to 100 (push them on)",
        ]
    if kind == "pause":
        now = "on truce" if ctx["paused"] else "active"
        return [
            f"You are {now}. Be on truce after this month?",
            f"  the model switches with probability {pct(ctx['probability'])}",
            "  answer yes (truce) or no (active)",
        ]
    if kind == "vote":
        deal = ", ".join(in_units(world, i, v) for i, v in ctx["deal"].items())
        closer = "closer to" if ctx["deal_gap"] <= ctx["quo_gap"] else "farther from"
        return [
            f"How do your {ctx['seats']:.0f} MPs ({ctx['bloc']}) vote on the deal: {deal}?",
            f"  the deal is {closer} what you want than things are now",
            "  answer yes or no",
        ]
    verbs = {
        "spoil": f"Attack the {track} talks this month?",
        "strike": f"Strike {ctx.get('target')}? ({ctx.get('recent_attacks', 0)} attacks "
        "on you in the last months)",
        "arrest": f"Arrest a cell of {ctx.get('target')}?",
        "protest": "Call your supporters into the streets?",
        "order": f"Order {ctx.get('issue')} to {ctx.get('position', 0):,.0f} on your own "
        f"(now {ctx.get('status_quo', 0):,.0f})?",
    }
    return [
        verbs.get(kind, kind),
        f"  the model would do it with probability {pct(ctx.get('probability', 0.0))}",
        "  answer yes or no",
    ]


def seat_view(session: Session, seat: str) -> dict:
    """Everything one seat may see: public, its own private state, its own pending decision."""
    pending = session.pending
    mine = pending is not None and pending.decision.actor == seat
    return {
        "seat": seat,
        "public": public_report(session),
        "private": private_report(session, seat),
        "decision": describe_decision(session.model.world, pending.decision) if mine else None,
        "waiting_for": None if pending is None else pending.decision.actor,
    }
