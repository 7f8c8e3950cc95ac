"""What a seat sees, in readable units: the public situation, its own private state, and the
decision it must take with the numbers the model computed for it. Others' positions stay hidden
under fog of war (their offers at the table are public). Plain text, no terminal I/O."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from agents.decisions import QUESTIONS, Decision, PerIssue
from agents.decisions.question import Advice

if TYPE_CHECKING:
    from agents.actor import StateField
    from sim.classroom.orders import Slot
    from sim.classroom.session import Session
    from sim.scenario.schema import Track
    from sim.world import World


def units(world: World, issue: str, normalised: float) -> str:
    spec = world.scenario.issues[issue]
    value = world.scales.denormalise(issue, normalised)
    return f"{value:,.0f} {spec.units.split(' (')[0]}"


def in_units(world: World, issue: str, value: float) -> str:
    spec = world.scenario.issues[issue]
    return f"{value:,.0f} {spec.units.split(' (')[0]}"


def typed(value: float, units: str) -> str:
    """An answer in an issue's units as a person typed it (an offer of 37.5 reads 37.5, not
    38): up to two decimals, none for a whole number."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {units.split(' (')[0]}"


def offer_text(world: World, values: dict[str, float]) -> str:
    """An offer (issue units) in words: '2,000 troops, 35 index'."""
    issues = world.scenario.issues
    return ", ".join(typed(float(v), issues[i].units) for i, v in values.items())


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
    lines = [month_line(session)]
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
            deal = "; ".join(agreed(world, track.spec, i, v) for i, v in agreement["deal"].items())
            lines.append(f"    agreed {agreement['date']}: {deal}")
    for offer in public_offers(session)[-3:]:
        lines.append(f"  offer {offer}")
    for item in session.released:
        lines.append(f"  facilitator inject (month {item.step}): {item.inject.label}")
    return lines


def agreed(world: World, spec: Track, issue: str, value: float) -> str:
    """An agreed value with the track's limits in words: a deal agreed at 20 after an offer of
    55 reads as a cut unless the page says a round agrees only a step, reached month by month."""
    unit = world.scenario.issues[issue].units.split(" (")[0]
    text = in_units(world, issue, value)
    notes = []
    if issue in spec.step_limit:
        notes.append(f"a round agrees at most {spec.step_limit[issue]:g} {unit} of change")
    if issue in spec.max_change_per_step:
        months = world.scenario.calendar.step_months
        per = "a month" if months == 1 else f"every {months} months"
        notes.append(f"it comes at most {spec.max_change_per_step[issue]:g} {unit} {per}")
    return f"{text} ({'; '.join(notes)})" if notes else text


def month_line(session: Session) -> str:
    """The month being played: the pending decision's, else the next month to run, else (the
    turn done) the last month played. The world's clock holds the last month run, one behind
    while a month is being decided."""
    turn = f"(turn {session.turn} of {session.turns})"
    if session.pending is not None:
        return f"Month {session.pending.decision.date} {turn}"
    world = session.model.world
    if session.finished or session.model.steps >= session.last_step(session.turn):
        return f"Month {world.clock.date} done {turn}"
    calendar = world.scenario.calendar
    month = calendar.start.plus(session.model.steps * calendar.step_months)
    return f"Month {month} {turn}"


def public_offers(session: Session) -> list[str]:
    """Offers stated at the table: public to every seat, in the issue's units as typed."""
    world = session.model.world
    shown = []
    for record in world.log.records:
        if record["type"] == "decision" and record["decision"] == "offer":
            values = offer_text(world, record["choice"])
            actor = world.actors[record["actor"]].name
            track = world.tracks[record["track"]].spec.label
            shown.append(f"{record['date']} {actor} in the {track}: {values}")
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


@dataclass(frozen=True)
class WorldWording:
    """The scenario's labels and units, for a question's words (see ``agents.decisions``)."""

    world: World
    track: str = ""

    def issue_label(self, issue: str) -> str:
        return self.world.scenario.issues[issue].label

    def issue_units(self, issue: str) -> str:
        return self.world.scenario.issues[issue].units

    def amount(self, issue: str, value: float) -> str:
        return in_units(self.world, issue, value)

    def actor_name(self, actor: str) -> str:
        actors = self.world.actors
        return actors[actor].name if actor in actors else actor

    def bloc_name(self, government: str, bloc: str) -> str:
        domestic = self.world.scenario.actors[government].domestic
        parliament = domestic.parliament if domestic is not None else None
        if parliament is None or bloc not in parliament.blocs:
            return bloc
        return parliament.blocs[bloc].name


def describe_decision(world: World, decision: Decision, advice: bool = False) -> list[str]:
    """The question, the numbers behind it (no 0-1 values), and how to answer; the model's own
    answer and hidden numbers (:class:`Advice` lines) only with ``advice`` (the facilitator's
    choice: a student who sees the model's answer tends to copy it)."""
    track = world.tracks[decision.track].spec.label if decision.track else ""
    lines = decision.question.describe(WorldWording(world, track))
    return [line for line in lines if advice or not isinstance(line, Advice)]


def seat_view(session: Session, seat: str) -> dict:
    """Everything one seat may see: public, its own private state, its own pending decision."""
    pending = session.pending
    mine = pending is not None and pending.decision.actor == seat
    return {
        "seat": seat,
        "public": public_report(session),
        "private": private_report(session, seat),
        "decision": describe_decision(session.model.world, pending.decision, session.advice)
        if pending is not None and mine
        else None,
        "waiting_for": None if pending is None else pending.decision.actor,
    }


def slot_text(session: Session, slot: Slot) -> tuple[str, list[str]]:
    """A line of a seat's turn form in words. A question about the seat's own state comes with
    the numbers the model will put this turn (advice only where the facilitator allows); a
    question about a track comes without numbers (they would give away what the other seats
    are deciding at the same time); a standing order the turn is not expected to need says
    what it stands for."""
    world = session.model.world
    track = world.tracks[slot.track].spec.label if slot.track in world.tracks else ""
    times = len(slot.expected)
    standing = QUESTIONS[slot.kind].STANDING
    if slot.track is not None and standing:
        head = standing.format(track=track)
        if not times:
            head += " (not expected this turn)"
        elif times > 1:
            head += f" (asked {times} times this turn: your order answers each)"
        lines = []
        if isinstance(slot.form, PerIssue):  # the scales, and the seat's own position
            for issue, (low, high) in slot.form.bounds.items():
                spec = world.scenario.issues[issue]
                lines.append(
                    f"  {spec.label}, {low:,.0f} to {high:,.0f} {spec.units}; your position "
                    f"now: {in_units(world, issue, slot.form.suggested[issue])}"
                )
        return head, lines
    if slot.sample is not None:
        lines = describe_decision(world, slot.sample, session.advice)
        head = lines[0]
        if times > 1:
            head += f" (asked {times} times this turn: your order answers each)"
        return head, [line for line in lines[1:] if not line.strip().startswith("answer")]
    what = slot.kind + (f" in the {track}" if track else "")
    return f"Standing order: {what} (not expected this turn)", []
