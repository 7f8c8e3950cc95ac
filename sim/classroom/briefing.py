"""Role briefings from the scenario and the fact catalogue: one public briefing, one private
briefing per seat. Each is a list of blocks rendered to Markdown and to a printable HTML page;
every fact is cited by its ID and the date of its source documents, and only if it was true when
the exercise starts (its ``as_of``): later facts are history the class has not lived yet, held
for the debrief."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sim.calendar import Month
from sim.classroom.facts import catalogue
from sim.classroom.spec import Exercise, abilities
from sim.classroom.start import starting_point
from sim.classroom.view import salience_words, trust_words
from sim.scenario.schema import Scenario

DECISIONS = {
    "defect": "whether you walk away from an agreement that has turned against you",
    "seek": "whether you seek talks that are not open yet",
    "propose": "whether you call a round of talks this month",
    "abandon": "whether you give up talks that keep failing",
    "host": "whether Baghdad hosts the next round",
    "join": "whether you attend a round of talks",
    "offer": "the position you state at the table, in the issue's units",
    "accept": "whether you accept the deal on the table",
    "attack": "how many attacks your fighters mount this month",
    "spoil": "whether you attack talks you dislike",
    "strike": "whether you strike the faction that attacks you",
    "arrest": "whether you arrest a cell of the faction that attacked",
    "protest": "whether you call your supporters into the streets",
    "concede": "how far you bend your line toward the armed factions under their pressure",
    "pause": "whether you hold a truce",
    "campaign": "whether you suspend, go on with or escalate your campaign of attacks",
    "sponsor": "whether you push the factions close to you on or hold them back",
    "order": "whether you order a change alone, without an agreement",
    "vote": "how your MPs vote when a deal comes to parliament",
}

Block = tuple  # ("h1" | "h2" | "p", text) or ("ul", [items]) or ("table", header, rows)


@dataclass(frozen=True)
class Briefing:
    name: str
    title: str
    blocks: list[Block]

    def markdown(self) -> str:
        out = []
        for block in self.blocks:
            kind = block[0]
            if kind == "h1":
                out.append(f"# {block[1]}\n")
            elif kind == "h2":
                out.append(f"## {block[1]}\n")
            elif kind == "p":
                out.append(f"{block[1]}\n")
            elif kind == "ul":
                out.append("".join(f"- {item}\n" for item in block[1]))
            elif kind == "table":
                header, rows = block[1], block[2]
                lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                lines += ["| " + " | ".join(r) + " |" for r in rows]
                out.append("\n".join(lines) + "\n")
        return "\n".join(out)

    def html(self) -> str:
        body = []
        for block in self.blocks:
            kind = block[0]
            if kind in ("h1", "h2", "p"):
                body.append(f"<{kind}>{html.escape(block[1])}</{kind}>")
            elif kind == "ul":
                items = "".join(f"<li>{html.escape(i)}</li>" for i in block[1])
                body.append(f"<ul>{items}</ul>")
            elif kind == "table":
                head = "".join(f"<th>{html.escape(h)}</th>" for h in block[1])
                rows = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                    for r in block[2]
                )
                body.append(f"<table><tr>{head}</tr>{rows}</table>")
        return PAGE.format(title=html.escape(self.title), body="\n".join(body))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 11pt/1.45 Georgia, serif; max-width: 46em; margin: 2em auto; color: #111; }}
h1 {{ font-size: 18pt; border-bottom: 2px solid #333; }}
h2 {{ font-size: 13pt; margin-top: 1.4em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #999; padding: 3px 6px; text-align: left; }}
@media print {{ body {{ margin: 0; max-width: none; }} h2 {{ break-after: avoid; }}
  table, ul {{ break-inside: avoid; }} }}
</style></head><body>
{body}
</body></html>
"""


def cite(ids, start: Month) -> str:
    """The facts among ``ids`` known at ``start``, dated; later ones are held for the debrief."""
    book = catalogue()
    return ", ".join(book.dated(i) for i in ids if book.known(i, start))


def _source(ids: list[str], start: Month) -> str:
    """A number's source in a table: the facts known at ``start``, or why none is shown."""
    if not ids:
        return "judgement"
    return cite(ids, start) or "documented later (shown in the debrief)"


def known_facts(ids, start: Month) -> list[str]:
    """The facts among ``ids`` known at ``start``, in their given order."""
    book = catalogue()
    return [f for f in ids if book.known(f, start)]


def _later(text: str, start: Month) -> bool:
    """The text cites a fact that became true after ``start``: it tells the future."""
    return any(not catalogue().known(f, start) for f in FACT_IN_TEXT.findall(text))


KIND_WORDS = {
    "government": "a government",
    "state": "a state",
    "faction": "an armed faction",
    "movement": "a political movement",
}


def description(actor, start: Month) -> str:
    """The actor's description, dated; one that cites later facts (it says what the actor will
    do) gives way to its kind."""
    text = actor.description or ""
    if not text:
        return KIND_WORDS.get(actor.kind, actor.kind)
    if _later(text, start):
        return f"{KIND_WORDS.get(actor.kind, actor.kind)}; more in the debrief"
    return dated_text(text)


def _sources(quantity) -> list[str]:
    source = getattr(quantity, "source", None)
    return list(source) if isinstance(source, tuple) else []


def _units(scenario: Scenario, issue: str, value: float) -> str:
    return f"{value:,.0f} {scenario.issues[issue].units.split(' (')[0]}"


FACT_IN_TEXT = re.compile(r"\bF\d{2,3}\b")


def dated_text(text: str) -> str:
    """Fact IDs written in a sentence, given their dates: (F19) -> (F19, late 2022)."""
    book = catalogue()
    return FACT_IN_TEXT.sub(
        lambda m: (
            book.dated(m.group(0)).replace(" (", ", ").rstrip(")")
            if m.group(0) in book.facts
            else m.group(0)
        ),
        text,
    )


def _protocol_words(track, scenario: Scenario) -> str:
    protocol = track.protocol
    if protocol.name == "alternating_offers":
        first = scenario.actors[protocol.first or track.parties[0]].name
        return (
            f"alternating offers: {first} offers first, then the sides take turns; the other side "
            f"accepts or refuses; after {protocol.deadline} offers without a deal the talks lapse; "
            f"each round of delay costs both sides {100 * (1 - float(protocol.discount)):.0f}% "
            "of what a deal would bring them"
        )
    if protocol.name == "spatial":
        return "the parties' stated positions are bargained into a proposal by the model"
    return "the proposal is the weighted middle of the positions stated at the table"


def _when(track, start: Month) -> str:
    """When rounds happen, without giving away the record: dated rounds after the start are the
    documented calendar (the future), so only their number is told; the debrief has the dates."""
    if track.opens == "sought":
        return "not open yet: a party may seek talks (through the host or mediator, if any)"
    broker = " (and the host)" if track.host else " (and the mediator)" if track.mediator else ""
    called = f"; the parties{broker} may also call rounds when talks are worth it"
    if track.convening is None:
        called = ""
    if track.rounds:
        known = [str(m) for m in track.rounds if m.minus(start) <= 0]
        later = len(track.rounds) - len(known)
        parts = [f"rounds in {', '.join(known)}"] if known else []
        if later:
            parts.append(f"{later} more round(s) of the historical calendar scheduled, dates held")
        return "; ".join(parts) + called
    if track.every is None:
        return "no round scheduled" + called
    span = f" from {track.start}" if track.start else ""
    end = f" to {track.end}" if track.end else ""
    return f"a round every {track.every} months{span}{end}" + called


def public_briefing(exercise: Exercise, scenario: Scenario) -> Briefing:
    book = catalogue()
    start = scenario.calendar.start
    begins = starting_point(scenario)  # a started state's levels, not the files' May 2020
    blocks: list[Block] = [("h1", exercise.meta.title), ("p", exercise.meta.summary)]
    blocks += [("h2", "The situation"), ("p", dated_text(exercise.situation))]
    rows = []
    for issue_id, issue in scenario.issues.items():
        rows.append(
            [
                issue.label,
                f"{float(issue.min):,.0f} to {float(issue.max):,.0f} {issue.units}",
                _units(scenario, issue_id, begins.levels[issue_id]),
                begins.source or _source(_sources(issue.status_quo), start),
            ]
        )
    blocks += [("h2", "The issues"), ("table", ["issue", "scale", "now", "source"], rows)]
    clock = exercise.clock
    months = scenario.calendar.steps * scenario.calendar.step_months
    calendar = [
        f"The exercise starts in {scenario.calendar.start} and covers {months} months, "
        f"{clock.months_per_turn} month(s) per turn; each turn's answers are due within "
        f"{clock.deadline_minutes:g} minutes (a late seat is answered by the model, and the log "
        "says so)."
    ]
    for track in scenario.tracks.values():
        host = f", hosted by {scenario.actors[track.host].name}" if track.host else ""
        parties = " and ".join(scenario.actors[p].name for p in track.parties)
        calendar.append(
            f"{track.label}: {parties}{host}; {_when(track, start)}; "
            f"{_protocol_words(track, scenario)}."
        )
    held = 0
    for inject in scenario.events.injects.values():
        if not isinstance(inject.source, list):
            calendar.append(f"{inject.date}: {inject.label} (judgement).")
        elif len(known_facts(inject.source, start)) < len(inject.source):
            held += 1  # an event of the record after the start: the class meets it in play
        else:
            calendar.append(f"{inject.date}: {inject.label} ({cite(inject.source, start)}).")
    if held:
        calendar.append(
            f"{held} later event(s) of the historical record are scheduled in the model but not "
            "told here: they happen in play, and the debrief shows them."
        )
    blocks += [("h2", "The calendar"), ("ul", calendar)]
    people = []
    for actor_id, actor in scenario.actors.items():
        seat = exercise.seats.get(actor_id)
        who = "a student" if seat and seat.played_by == "person" else "the model"
        people.append(f"{actor.name}, played by {who}: {description(actor, start)}")
    blocks += [("h2", "Who is involved"), ("ul", people)]
    sources = known_facts(exercise.sources, start)
    if sources:
        facts = [f"{book.dated(f)}: {book.text(f)}" for f in sources]
        blocks += [("h2", "Facts"), ("ul", facts)]
    return Briefing("public", exercise.meta.title, blocks)


def private_briefing(exercise: Exercise, scenario: Scenario, seat_id: str) -> Briefing:
    """One seat's confidential instructions: goals, red lines, capabilities, trust, what it may
    do, and what the others might do (their moves, not their positions, under fog of war)."""
    book = catalogue()
    seat = exercise.seats[seat_id]
    actor = scenario.actors[seat_id]
    title = f"{exercise.meta.title}: confidential briefing for {actor.name}"
    start = scenario.calendar.start
    begins = starting_point(scenario)
    blocks: list[Block] = [("h1", title)]
    if actor.description and not _later(actor.description, start):  # else the seat's brief
        blocks += [("p", dated_text(actor.description))]
    if seat.brief:
        blocks += [("p", dated_text(seat.brief))]
    goals = []
    for issue_id, stance in actor.positions.items():
        issue = scenario.issues[issue_id]
        source = cite(_sources(stance.position), start)
        goals.append(
            f"{issue.label}: you want {_units(scenario, issue_id, float(stance.position))} "
            f"(now {_units(scenario, issue_id, begins.levels[issue_id])}); it matters to you: "
            f"{salience_words(float(stance.salience))}" + (f" [{source}]" if source else "")
        )
    blocks += [("h2", "Your goals"), ("ul", goals or ["no stated goals on these issues"])]
    lines = [dated_text(line) for line in seat.red_lines]
    for track in scenario.tracks.values():
        reservation = getattr(track.protocol, "reservation", {}).get(seat_id, {})
        for issue_id, value in reservation.items():
            lines.append(
                f"In the {track.label}, no deal worse for you than "
                f"{_units(scenario, issue_id, float(value))}."
            )
        if seat_id in track.parties:
            lines.append(
                f"In the {track.label}, a deal is worth taking only if it beats no deal "
                "for you; the numbers are shown with each decision."
            )
    blocks += [("h2", "Your red lines"), ("ul", lines or ["none stated"])]
    capability = [weight(scenario, seat_id)]
    if actor.domestic is not None:
        capability.append(f"Stability at home: {100 * float(actor.domestic.stability):.0f}%.")
        if actor.domestic.parliament is not None:
            blocs = actor.domestic.parliament.blocs.values()
            capability.append(
                "Parliament: " + ", ".join(f"{b.name} {float(b.seats):.0f} seats" for b in blocs)
            )
    blocks += [("h2", "What you have"), ("ul", capability)]
    trust = [
        f"{scenario.actors[o].name if o in scenario.actors else o}: "
        f"{trust_words(float(t))} ({100 * float(t):.0f}%)"
        for o, t in sorted(begins.trust[seat_id].items(), key=lambda item: -float(item[1]))
    ]
    blocks += [("h2", "Whom you trust"), ("ul", trust or ["no one in particular"])]
    kinds = seat.decisions or abilities(scenario, seat_id)
    may = [f"{k}: {DECISIONS[k]}" for k in kinds]
    others_by_model = [k for k in abilities(scenario, seat_id) if k not in kinds]
    if others_by_model:
        may.append("the model takes your other decisions: " + ", ".join(others_by_model))
    blocks += [("h2", "What you decide each turn"), ("ul", may)]
    others = []
    for other_id, other in scenario.actors.items():
        if other_id == seat_id:
            continue
        moves = ", ".join(abilities(scenario, other_id)) or "no moves of its own"
        line = f"{other.name}: may decide {moves}"
        if exercise.visibility.others_positions == "public":
            wants = ", ".join(
                f"{scenario.issues[i].label} {_units(scenario, i, float(s.position))}"
                for i, s in other.positions.items()
            )
            line += f"; wants {wants}"
        others.append(line)
    blocks += [("h2", "What the others might do"), ("ul", others)]
    facts = known_facts(seat.facts, start)
    if facts:
        blocks += [
            ("h2", "Facts for you"),
            ("ul", [f"{book.dated(f)}: {book.text(f)}" for f in facts]),
        ]
    return Briefing(seat_id, title, blocks)


def weight(scenario: Scenario, seat_id: str) -> str:
    """Where the seat stands among the actors, by name: a rank alone ('1 of 9') says nothing
    to a student who does not know who the others are."""
    ranked = sorted(scenario.actors, key=lambda a: -float(scenario.actors[a].capability))
    rank = ranked.index(seat_id)
    scale = f"capability {float(scenario.actors[seat_id].capability):.2f} on a 0-1 scale"
    if rank == 0:
        return f"Weight: the strongest of the {len(ranked)} actors ({scale})."
    stronger = ", ".join(scenario.actors[a].name for a in ranked[:rank])
    return f"Weight: {rank} of the {len(ranked)} actors are stronger: {stronger} ({scale})."


def briefings(exercise: Exercise, scenario: Scenario) -> list[Briefing]:
    """The public briefing and one private briefing per seat."""
    seats = [s for s, seat in exercise.seats.items() if seat.played_by == "person"]
    return [
        public_briefing(exercise, scenario),
        *[private_briefing(exercise, scenario, s) for s in seats],
    ]
